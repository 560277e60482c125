#include "service/app/messages.hpp"

#include <utility>
#include <vector>

#include "invoices/french_format.hpp"
#include "invoices/sign_in_sheet_layout.hpp"
#include "pricing/money.hpp"
#include "service/domain/iso8601.hpp"
#include "service/domain/time_zone.hpp"
#include "service/mail/address.hpp"

namespace formations::app {
namespace {

using domain::MessageFacts;
using domain::MessageKind;
using domain::SessionFacts;

std::string money(std::int64_t cents) {
    return pricing::format_french(pricing::Money::from_cents(cents));
}

std::string long_date(boost::gregorian::date day) {
    return invoices::format_long_date_fr(day);
}

std::string dates_of(const SessionFacts& session) {
    return invoices::format_period_fr(session.starts_on, session.ends_on);
}

std::string hours_of(const SessionFacts& session) {
    return invoices::format_time_span_fr(session.morning) + " et " +
           invoices::format_time_span_fr(session.afternoon) +
           (session.starts_on == session.ends_on ? "" : ", chaque jour");
}

// "Créer sa CAE, 11 et 12 mars 2027"
std::string session_title(const SessionFacts& session) {
    return session.course_title + ", " + dates_of(session);
}

std::string tier_label(const std::string& tier) {
    if (tier == "self_funded") {
        return "autofinancement";
    }
    if (tier == "member") {
        return "structure sociétaire ou candidate";
    }
    return "structure non membre";
}

std::string payment_method_label(const std::string& method) {
    if (method == "transfer") {
        return "virement";
    }
    if (method == "cheque") {
        return "chèque";
    }
    if (method == "card") {
        return "carte bancaire";
    }
    return "organisme financeur";
}

std::string status_label(const std::string& status) {
    if (status == "confirmed") {
        return "place confirmée";
    }
    if (status == "offered") {
        return "place proposée, à accepter";
    }
    if (status == "waitlisted") {
        return "liste d'attente";
    }
    return "annulée";
}

// An offer's deadline as the person reads it, in the business time zone:
// "4 juin 2019 à 12h00".
std::string deadline_of(const std::optional<std::string>& expires_at) {
    auto instant = expires_at ? parse_instant(*expires_at) : std::nullopt;
    if (!instant) {
        return "la date indiquée sur votre page personnelle";
    }
    auto local = local_time(*instant);
    char time[8];
    std::snprintf(time, sizeof time, "%dh%02d", local.hour, local.minute);
    return invoices::format_long_date_fr(local.date) + " à " + time;
}

// The message written twice at once: plain text and HTML, every piece of data escaped in the
// HTML. Paragraphs are plain text; links and facts have their own forms.
class Writer {
  public:
    void paragraph(const std::string& text) {
        text_ += text + "\n\n";
        html_ += "<p>" + html_escape(text) + "</p>\n";
    }

    void facts(const std::vector<std::pair<std::string, std::string>>& rows) {
        html_ +=
            "<table role=\"presentation\" style=\"border-collapse:collapse;margin:0 0 1em\">\n";
        for (const auto& [label, value] : rows) {
            text_ += label + " : " + value + "\n";
            html_ +=
                "<tr><th scope=\"row\" style=\"text-align:left;vertical-align:top;padding:2px 12px "
                "2px 0;font-weight:600\">" +
                html_escape(label) + "</th><td style=\"padding:2px 0\">" + html_escape(value) +
                "</td></tr>\n";
        }
        html_ += "</table>\n";
        text_ += "\n";
    }

    void link(const std::string& label, const std::string& url) {
        text_ += label + " :\n" + url + "\n\n";
        html_ += "<p><a href=\"" + html_escape(url) +
                 "\" style=\"color:#0b5394;font-weight:600\">" + html_escape(label) + "</a></p>\n";
    }

    void items(const std::vector<std::pair<std::string, std::string>>& labelled_links) {
        html_ += "<ul>\n";
        for (const auto& [label, url] : labelled_links) {
            text_ += "- " + label + " :\n  " + url + "\n";
            html_ += "<li>" + html_escape(label) + " : <a href=\"" + html_escape(url) + "\">" +
                     html_escape(url) + "</a></li>\n";
        }
        html_ += "</ul>\n";
        text_ += "\n";
    }

    void closing(const std::string& signature, const std::string& footer) {
        text_ += signature + "\n\n-- \n" + footer + "\n";
        std::string lines;
        for (std::size_t start = 0; start <= signature.size();) {
            auto end = signature.find('\n', start);
            if (end == std::string::npos) {
                end = signature.size();
            }
            lines +=
                (start > 0 ? "<br>\n" : "") + html_escape(signature.substr(start, end - start));
            start = end + 1;
        }
        html_ += "<p>" + lines + "</p>\n<hr style=\"border:0;border-top:1px solid #ccc\">\n" +
                 "<p style=\"font-size:90%;color:#555\">" + html_escape(footer) + "</p>\n";
    }

    std::string text() const { return text_; }
    std::string html(const std::string& subject) const {
        return "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
               html_escape(subject) +
               "</title>\n</head>\n<body style=\"font-family:Arial,Helvetica,sans-serif;"
               "color:#1a1a1a;line-height:1.5;max-width:40em\">\n" +
               html_ + "</body>\n</html>\n";
    }

  private:
    std::string text_;
    std::string html_;
};

// Formation, dates, hours, place.
void session_block(Writer& out, const SessionFacts& session) {
    out.facts({{"Formation", session.course_title},
               {"Dates", dates_of(session)},
               {"Horaires", hours_of(session)},
               {"Lieu", session.place}});
}

const domain::DocumentFacts* find_document(const MessageFacts& facts, const std::string& kind) {
    for (const auto& document : facts.documents) {
        if (document.kind == kind) {
            return &document;
        }
    }
    return nullptr;
}

// One sentence per invoice: "Votre facture FA-2027-00012 (300,00 €, net de taxe) est jointe à ce
// message, à régler au plus tard le …"; a funding body's share is named, not attached.
void invoice_sentences(Writer& out, const MessageFacts& facts) {
    for (const auto& invoice : facts.documents) {
        if (invoice.kind != "invoice") {
            continue;
        }
        if (!invoice.attached) {
            out.paragraph("La prise en charge de " + money(invoice.total_cents) + " par " +
                          invoice.buyer_name + " lui est facturée directement (facture " +
                          invoice.number + ") : vous n'avez rien à lui transmettre.");
            continue;
        }
        std::string text = "Votre facture " + invoice.number + " (" + money(invoice.total_cents) +
                           ", net de taxe) est jointe à ce message";
        if (invoice.payer == "employer") {
            text += " ; elle est adressée à " + invoice.buyer_name + ", à régler au plus tard le " +
                    long_date(invoice.due_on) + ".";
        } else {
            // A self-funded trainee's invoice states its échéancier (L6353-6); due_on is its last.
            text += ", à régler selon l'échéancier qu'elle indique, au plus tard le " +
                    long_date(invoice.due_on) + ".";
        }
        out.paragraph(text);
    }
}

// One sentence per credit note, naming the invoice it corrects.
void credit_note_sentences(Writer& out, const MessageFacts& facts) {
    for (const auto& credit : facts.documents) {
        if (credit.kind != "credit_note") {
            continue;
        }
        std::string text = "L'avoir " + credit.number + " (" + money(credit.total_cents) +
                           ") sur la facture " + credit.corrects_number;
        out.paragraph(credit.attached
                          ? text + " est joint à ce message."
                          : text + " est adressé directement à " + credit.buyer_name + ".");
    }
}

void withdrawal_sentence(Writer& out, const MessageFacts& facts) {
    if (facts.funding == "self") {
        out.paragraph(
            std::string("Votre contrat de formation est à lire et à signer en ligne depuis votre "
                        "page personnelle ; le programme de la formation et le règlement "
                        "intérieur sont joints à ce message. ") +
            (find_document(facts, "invoice")
                 ? ""
                 : "Votre facture vous sera adressée à la signature du contrat, avec son "
                   "échéancier. ") +
            "Vous disposez d'un délai de rétractation de 10 jours à compter de sa signature "
            "(article L6353-5 du Code du travail) ; aucune somme ne peut vous être demandée "
            "avant la fin de ce délai (article L6353-6).");
    }
}

void calendar_sentence(Writer& out) {
    out.paragraph(
        "Le fichier joint « formation.ics » ajoute les journées de formation à votre agenda.");
}

std::string questionnaire_link(const MailSettings& settings, const std::string& kind,
                               const std::string& token) {
    return settings.public_url + "/questionnaire.html?type=" + kind + "#" + token;
}

// A move or a session edit superseded the contract or the convention in force: a new one is
// made `terms` ("pour ces dates") and signed again; the contract or the convention replaced is
// `old_contract` ("Le contrat précédent") or `old_convention` ("la précédente").
void agreement_anew_sentence(Writer& out, const MessageFacts& facts, const std::string& terms,
                             const std::string& old_contract, const std::string& old_convention) {
    out.paragraph(facts.funding == "self"
                      ? "Votre contrat de formation est établi de nouveau " + terms +
                            " : lisez-le et signez-le depuis votre espace personnel. " +
                            old_contract +
                            " est remplacé, et le délai de rétractation de 10 jours court à "
                            "partir de la signature du nouveau."
                      : "La convention de formation est établie de nouveau " + terms +
                            " et doit être signée à nouveau pour votre employeur (la personne "
                            "désignée pour la signer reçoit un nouveau lien) ; " +
                            old_convention + " est remplacée.");
}

// The positioning and needs questionnaire (Qualiopi indicators 4, 8), open from the registration
// to the first day, with the accommodation need the disability referent reads (indicator 26).
void needs_sentence(Writer& out, const MailSettings& settings, const MessageFacts& facts) {
    if (facts.token.empty()) {
        return;
    }
    out.paragraph(
        "Avant la formation, merci de répondre au questionnaire de positionnement : il nous aide "
        "à adapter la formation à vos attentes et à votre niveau. Vous pouvez y signaler un "
        "besoin d'aménagement lié à un handicap, que seul·e notre référent·e handicap lira.");
    out.link("Questionnaire de positionnement", questionnaire_link(settings, "needs", facts.token));
}

std::string survey_label(const std::string& kind) {
    if (kind == "self_assessment") {
        return "Auto-évaluation des acquis au regard des objectifs";
    }
    if (kind == "satisfaction") {
        return "Questionnaire de satisfaction";
    }
    return "Questionnaire de l'employeur";
}

struct Draft {
    std::string subject;
    CalendarAction calendar = CalendarAction::none;
};

Draft write_body(Writer& out, const MailSettings& settings, MessageKind kind,
                 const MessageFacts& facts) {
    const std::string staff = "L'équipe de formation";
    static const SessionFacts no_session{};
    const auto& session = facts.session ? *facts.session : no_session;
    const bool seat = facts.status == "confirmed";
    switch (kind) {
        case MessageKind::registration_confirmed:
            out.paragraph(facts.by_staff
                              ? staff + " vous a inscrit·e à la formation « " +
                                    session.course_title + " » : votre place est confirmée."
                              : "Votre inscription à la formation « " + session.course_title +
                                    " » est confirmée : une place vous est réservée.");
            session_block(out, session);
            invoice_sentences(out, facts);
            withdrawal_sentence(out, facts);
            calendar_sentence(out);
            needs_sentence(out, settings, facts);
            return {"Inscription confirmée – " + session_title(session), CalendarAction::publish};
        case MessageKind::registration_waitlisted:
            out.paragraph((facts.by_staff ? staff + " vous a inscrit·e" : "Vous êtes inscrit·e") +
                          " sur la liste d'attente de la formation « " + session.course_title +
                          " », la session étant complète. Votre position : " +
                          std::to_string(facts.waitlist_position.value_or(1)) + ".");
            session_block(out, session);
            out.paragraph(
                "Si une place se libère, elle vous est proposée dans l'ordre de la liste : vous "
                "recevez alors un message et disposez d'un délai pour l'accepter ou la décliner. "
                "Rien n'est dû tant que vous n'avez pas accepté une place.");
            needs_sentence(out, settings, facts);
            return {"Liste d'attente – " + session_title(session), CalendarAction::none};
        case MessageKind::promoted:
            out.paragraph(facts.by_staff
                              ? staff +
                                    " a confirmé la place qui s'est libérée pour vous à la "
                                    "formation « " +
                                    session.course_title + " » : votre inscription est confirmée."
                              : "Vous avez accepté la place qui s'est libérée à la formation « " +
                                    session.course_title + " » : votre inscription est confirmée.");
            session_block(out, session);
            invoice_sentences(out, facts);
            withdrawal_sentence(out, facts);
            calendar_sentence(out);
            needs_sentence(out, settings, facts);
            return {"Une place vous est attribuée – " + session_title(session),
                    CalendarAction::publish};
        case MessageKind::registration_cancelled:
            out.paragraph((facts.by_staff ? staff + " a annulé votre inscription"
                                          : "Votre inscription est annulée") +
                          " à la session de la formation « " + session.course_title +
                          " » qui commence le " + long_date(session.starts_on) + ".");
            credit_note_sentences(out, facts);
            out.paragraph("Pour vous inscrire à une autre session : " + settings.public_url + "/");
            return {"Inscription annulée – " + session_title(session),
                    seat ? CalendarAction::cancel : CalendarAction::none};
        case MessageKind::contract_withdrawn:
            out.paragraph(
                "Nous avons bien reçu votre rétractation : votre contrat de formation "
                "pour la session de la formation « " +
                session.course_title + " » qui commence le " + long_date(session.starts_on) +
                " est résilié et votre inscription annulée, sans aucun frais "
                "(article L6353-5 du Code du travail).");
            credit_note_sentences(out, facts);
            out.paragraph("Pour vous inscrire à une autre session : " + settings.public_url + "/");
            return {"Rétractation enregistrée – " + session_title(session),
                    seat ? CalendarAction::cancel : CalendarAction::none};
        case MessageKind::contract_signed:
            out.paragraph(
                "Nous avons bien reçu la signature de votre contrat de formation pour "
                "la session de la formation « " +
                session.course_title + " » qui commence le " + long_date(session.starts_on) + ".");
            invoice_sentences(out, facts);
            out.paragraph(
                "Vous disposez d'un délai de rétractation de 10 jours à compter de votre "
                "signature : un clic sur votre page personnelle suffit, sans frais (article "
                "L6353-5 du Code du travail). Aucune somme ne peut vous être demandée avant la fin "
                "de ce délai ; au plus 30 % du prix sont alors exigibles, le solde au fil de la "
                "formation (article L6353-6).");
            out.link("Votre page personnelle", personal_link(settings, facts.token));
            return {"Contrat signé, votre facture – " + session_title(session),
                    CalendarAction::none};
        case MessageKind::seat_released:
            out.paragraph("Votre contrat de formation pour la session de la formation « " +
                          session.course_title + " » qui commence le " +
                          long_date(session.starts_on) +
                          " n'a pas été signé dans le délai prévu : la place qui vous était "
                          "réservée est libérée et votre inscription annulée, sans frais.");
            credit_note_sentences(out, facts);
            out.paragraph("Pour vous inscrire de nouveau, s'il reste des places : " +
                          settings.public_url + "/");
            return {"Place libérée – " + session_title(session),
                    seat ? CalendarAction::cancel : CalendarAction::none};
        case MessageKind::seat_offered: {
            const auto deadline = deadline_of(facts.offer_expires_at);
            out.paragraph("Bonne nouvelle : une place s'est libérée à la formation « " +
                          session.course_title +
                          " » et vous êtes en tête de la liste d'attente. Elle vous est réservée "
                          "jusqu'au " +
                          deadline + ".");
            session_block(out, session);
            out.paragraph(
                std::string("Acceptez-la ou déclinez-la depuis votre page personnelle. Rien n'est "
                            "dû avant votre acceptation : ") +
                (facts.funding == "self"
                     ? "vous recevrez alors votre contrat de formation à signer et votre facture."
                     : "la facture est émise à votre acceptation.") +
                " Sans réponse le " + deadline +
                ", la place est proposée à la personne suivante et votre inscription est close.");
            out.link("Accepter ou décliner la place", personal_link(settings, facts.token));
            return {"Une place vous est proposée – " + session_title(session),
                    CalendarAction::none};
        }
        case MessageKind::offer_expired:
            out.paragraph(
                "Le délai pour accepter la place qui vous était proposée à la formation "
                "« " +
                session.course_title + " » qui commence le " + long_date(session.starts_on) +
                " est dépassé (" + deadline_of(facts.offer_expires_at) +
                ") : elle est proposée à la personne suivante et votre inscription est "
                "close. Rien ne vous est facturé.");
            out.paragraph("Pour vous inscrire à une autre session : " + settings.public_url + "/");
            return {"Offre de place expirée – " + session_title(session), CalendarAction::none};
        case MessageKind::offer_declined:
            out.paragraph(
                (facts.by_staff ? staff + " a enregistré que vous déclinez" : "Vous avez décliné") +
                " la place proposée à la formation « " + session.course_title +
                " » qui commence le " + long_date(session.starts_on) +
                " : elle est proposée à la personne suivante et votre inscription est "
                "annulée. Rien ne vous est facturé.");
            out.paragraph("Pour vous inscrire à une autre session : " + settings.public_url + "/");
            return {"Place déclinée – " + session_title(session), CalendarAction::none};
        case MessageKind::registration_moved: {
            std::string from = facts.previous_session
                                   ? " de la session du " +
                                         long_date(facts.previous_session->starts_on) + " (" +
                                         facts.previous_session->place + ")"
                                   : "";
            out.paragraph(staff + " a déplacé votre inscription" + from +
                          " vers une autre session de la formation « " + session.course_title +
                          " » :");
            session_block(out, session);
            if (seat) {
                out.paragraph("Votre place y est confirmée.");
                // The agreement printed the old dates: it is superseded (app/contracts.cpp).
                agreement_anew_sentence(out, facts, "pour ces dates",
                                        "Le contrat de l'ancienne session",
                                        "celle de l'ancienne session");
            } else {
                out.paragraph(
                    "Cette session est complète : vous êtes sur sa liste d'attente, en "
                    "position " +
                    std::to_string(facts.waitlist_position.value_or(1)) + ".");
            }
            credit_note_sentences(out, facts);
            invoice_sentences(out, facts);
            if (seat) {
                calendar_sentence(out);
            }
            return {"Inscription déplacée – " + session_title(session),
                    seat ? CalendarAction::publish : CalendarAction::none};
        }
        case MessageKind::tier_corrected:
            out.paragraph(staff + " a corrigé le tarif de votre inscription à la formation « " +
                          session.course_title + " » : tarif " + tier_label(facts.tier) + ", " +
                          money(facts.price_cents) + " net de taxe.");
            credit_note_sentences(out, facts);
            invoice_sentences(out, facts);
            return {"Tarif corrigé – " + session_title(session), CalendarAction::none};
        case MessageKind::session_changed: {
            out.paragraph(staff + " a modifié la session de la formation « " +
                          session.course_title + " » à laquelle vous êtes inscrit·e.");
            if (facts.previous_session) {
                const auto& before = *facts.previous_session;
                auto summary = [](const SessionFacts& state) {
                    return dates_of(state) + ", " + hours_of(state) + ", " + state.place;
                };
                out.facts({{"Avant", summary(before)}, {"Désormais", summary(session)}});
            }
            session_block(out, session);
            if (seat && facts.agreement_superseded) {
                // What the agreement printed changed: it is superseded (app/session_admin.cpp).
                out.paragraph("Votre place est maintenue.");
                agreement_anew_sentence(out, facts, "avec ces dates, horaires et lieu",
                                        "Le contrat précédent", "la précédente");
                if (facts.funding == "self") {
                    if (find_document(facts, "credit_note")) {
                        out.paragraph(
                            "Votre facture, dont l'échéancier suivait le contrat précédent, est "
                            "annulée par un avoir ; la nouvelle vous sera adressée à la signature "
                            "du nouveau contrat, avec son échéancier.");
                        credit_note_sentences(out, facts);
                    }
                    out.paragraph(
                        "Si ces changements ne vous conviennent pas, vous pouvez annuler votre "
                        "inscription sans frais depuis votre page personnelle tant que vous "
                        "n'avez pas signé le nouveau contrat, ou répondre à ce message ; une fois "
                        "signé, vous pourrez vous rétracter sans frais dans les 10 jours qui "
                        "suivent votre signature.");
                } else {
                    out.paragraph(
                        "Si ces changements ne vous conviennent pas, l'inscription peut être "
                        "annulée sans frais tant que la nouvelle convention n'est pas signée : "
                        "répondez à ce message ou annulez-la depuis votre page personnelle.");
                }
                calendar_sentence(out);
            } else if (seat) {
                // No agreement was made yet: the one made from now on carries the new terms, and
                // refusing them costs nothing until it is signed (storage::supersede_agreement).
                out.paragraph(
                    "Votre place est maintenue. Si ces changements ne vous conviennent pas, "
                    "vous pouvez annuler votre inscription sans frais depuis votre page "
                    "personnelle tant que " +
                    std::string(facts.funding == "self"
                                    ? "vous n'avez pas signé votre contrat de formation"
                                    : "la convention de formation n'est pas signée") +
                    ", ou répondre à ce message.");
                calendar_sentence(out);
            } else if (facts.status == "offered") {
                out.paragraph(
                    "La place qui vous est proposée vous reste réservée jusqu'à l'échéance "
                    "indiquée sur votre page personnelle : acceptez-la ou déclinez-la depuis "
                    "cette page.");
            } else {
                out.paragraph("Vous restez sur la liste d'attente, en position " +
                              std::to_string(facts.waitlist_position.value_or(1)) + ".");
            }
            return {"Session modifiée – " + session_title(session),
                    seat ? CalendarAction::publish : CalendarAction::none};
        }
        case MessageKind::session_cancelled:
            out.paragraph(
                "Nous sommes au regret de vous informer que la session de la formation "
                "« " +
                session.course_title + " » prévue " + dates_of(session) + " (" + session.place +
                ") est annulée. Votre inscription est donc annulée.");
            credit_note_sentences(out, facts);
            out.paragraph("Pour vous inscrire à une autre session : " + settings.public_url + "/");
            return {"Session annulée – " + session_title(session),
                    seat ? CalendarAction::cancel : CalendarAction::none};
        case MessageKind::payment_received: {
            static const domain::PaymentFacts no_payment{};
            const auto& payment = facts.payment ? *facts.payment : no_payment;
            std::string who = payment.payer == "employer" ? "de " + payment.buyer_name + " " : "";
            out.paragraph(
                "Nous avons bien reçu le paiement " + who + "de " + money(payment.amount_cents) +
                " (" + payment_method_label(payment.method) + ", le " + long_date(payment.paid_on) +
                ") pour la facture " + payment.invoice_number + ".");
            out.paragraph(
                payment.remaining_cents > 0
                    ? "Reste à régler sur cette facture : " + money(payment.remaining_cents) + "."
                    : "Cette facture est entièrement réglée. Merci !");
            return {"Paiement reçu – facture " + payment.invoice_number, CalendarAction::none};
        }
        case MessageKind::refund_recorded: {
            static const domain::PaymentFacts no_refund{};
            const auto& refund = facts.payment ? *facts.payment : no_refund;
            std::string to = refund.payer == "employer" ? "à " + refund.buyer_name + " " : "";
            out.paragraph("Nous avons remboursé " + to + money(refund.amount_cents) + " (" +
                          payment_method_label(refund.method) + ", le " +
                          long_date(refund.paid_on) + ") au titre de la facture " +
                          refund.invoice_number + ", après son avoir.");
            out.paragraph(refund.remaining_cents > 0
                              ? "Reste à rembourser sur cette facture : " +
                                    money(refund.remaining_cents) + "."
                              : "Le remboursement de cette facture est complet.");
            return {"Remboursement – facture " + refund.invoice_number, CalendarAction::none};
        }
        case MessageKind::certificate_available:
            out.paragraph("La formation « " + session.course_title + " » du " +
                          long_date(session.starts_on) +
                          " est terminée. Votre certificat de réalisation, qui indique les heures "
                          "de formation suivies, et votre attestation de fin de formation "
                          "(objectifs, durée, résultats de l'évaluation des acquis) sont "
                          "disponibles sur votre page personnelle.");
            return {"Votre certificat de réalisation – " + session_title(session),
                    CalendarAction::none};
        case MessageKind::convocation_reminder:
            out.paragraph("Nous vous attendons à la formation « " + session.course_title +
                          " », qui commence le " + long_date(session.starts_on) + " à " +
                          invoices::format_clock_time_fr(session.morning.start) +
                          ". Voici votre convocation (également jointe en PDF) :");
            session_block(out, session);
            out.paragraph(
                "En cas d'empêchement, prévenez-nous en répondant à ce message, ou "
                "annulez votre inscription depuis votre page personnelle. Pour toute "
                "question d'accès ou d'aménagement, répondez simplement à ce message.");
            calendar_sentence(out);
            return {"Convocation – " + session_title(session), CalendarAction::publish};
        case MessageKind::payment_reminder: {
            static const domain::ReminderFacts first{};
            const auto& reminder = facts.reminder ? *facts.reminder : first;
            const auto* invoice = find_document(facts, "invoice");
            std::string number = invoice ? invoice->number : "";
            std::string text = "Sauf erreur de notre part, la facture " + number;
            if (invoice && reminder.instalment_due_on) {
                // An échéancier: the instalments past their date, not the whole invoice.
                text += " du " + long_date(invoice->issued_on) + " (" +
                        money(invoice->total_cents) + ") n'est pas réglée de son échéance du " +
                        long_date(*reminder.instalment_due_on) + " : " +
                        money(reminder.overdue_cents) + " sont exigibles à ce jour, sur " +
                        money(reminder.amount_due_cents) + " restant à payer selon l'échéancier.";
            } else {
                if (invoice) {
                    text += " du " + long_date(invoice->issued_on) + " (" +
                            money(invoice->total_cents) + "), échue le " +
                            long_date(invoice->due_on) + ",";
                }
                text += " n'est pas entièrement réglée : il reste " +
                        money(reminder.amount_due_cents) + " à payer.";
            }
            out.paragraph(text);
            if (invoice && invoice->payer == "employer") {
                out.paragraph("Cette facture, relative à votre formation « " +
                              session.course_title + " », est adressée à " + invoice->buyer_name +
                              " : merci de transmettre ce rappel au service qui règle les "
                              "factures de votre employeur.");
            }
            out.paragraph(
                "La facture est jointe à ce message. Si le paiement a été fait entre-"
                "temps, ne tenez pas compte de ce rappel.");
            std::string order = reminder.number <= 1 ? "Rappel"
                                : reminder.number == 2
                                    ? "Deuxième rappel"
                                    : "Rappel n° " + std::to_string(reminder.number);
            return {order + " : facture " + number + " à régler", CalendarAction::none};
        }
        case MessageKind::lost_link: {
            out.paragraph(
                "Vous avez demandé à retrouver vos inscriptions. Voici le lien personnel de "
                "chacune : il permet de la consulter, de télécharger ses documents et de "
                "l'annuler.");
            std::vector<std::pair<std::string, std::string>> links;
            for (const auto& link : facts.registrations) {
                links.emplace_back(session_title(link.session) + " (" + link.session.place +
                                       ") – " + status_label(link.status),
                                   personal_link(settings, link.token));
            }
            out.items(links);
            out.paragraph(
                "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : "
                "vos inscriptions restent inchangées.");
            return {"Vos liens d'inscription", CalendarAction::none};
        }
        case MessageKind::evaluation_invitation: {
            out.paragraph("La formation « " + session.course_title + " » (" + dates_of(session) +
                          ") est terminée. Merci de prendre quelques minutes pour nous dire ce "
                          "que vous en avez retiré : vos réponses nous servent à l'améliorer.");
            std::vector<std::pair<std::string, std::string>> links;
            for (const auto& survey : facts.surveys) {
                links.emplace_back(
                    survey_label(survey.kind) + " (jusqu'au " + long_date(survey.closes_on) + ")",
                    questionnaire_link(settings, survey.kind, survey.token));
            }
            out.items(links);
            return {"Votre avis sur la formation – " + session_title(session),
                    CalendarAction::none};
        }
        case MessageKind::employer_survey_invitation: {
            const std::string employer = facts.employer_name.value_or("votre employeur");
            out.paragraph("Quelques semaines après la formation « " + session.course_title +
                          " » (" + dates_of(session) + "), nous souhaitons recueillir l'avis de " +
                          employer +
                          ", qui l'a financée, sur ce qu'elle vous a apporté dans votre travail.");
            out.paragraph(
                "Merci de transmettre le lien ci-dessous à la personne qui a suivi votre "
                "inscription chez " +
                employer + " : le questionnaire prend cinq minutes, sans compte à créer.");
            std::vector<std::pair<std::string, std::string>> links;
            for (const auto& survey : facts.surveys) {
                links.emplace_back(
                    "Questionnaire de l'employeur (jusqu'au " + long_date(survey.closes_on) + ")",
                    settings.public_url + "/avis-employeur.html#" + survey.token);
            }
            out.items(links);
            return {"L'avis de votre employeur – " + session_title(session), CalendarAction::none};
        }
        case MessageKind::complaint_received: {
            static const domain::ComplaintFacts no_complaint{};
            const auto& complaint = facts.complaint ? *facts.complaint : no_complaint;
            out.paragraph("Nous avons bien reçu, le " + long_date(complaint.received_on) +
                          ", votre réclamation « " + complaint.subject +
                          " ». Elle est enregistrée et sera traitée ; la réponse apportée vous "
                          "sera communiquée.");
            out.link("Suivre votre réclamation et lire notre réponse",
                     settings.public_url + "/suivi-reclamation.html#" + complaint.token);
            return {"Réclamation reçue – " + complaint.subject, CalendarAction::none};
        }
        case MessageKind::accommodation_requested:
            out.paragraph(
                "Un besoin d'aménagement lié à un handicap vient d'être exprimé pour "
                "la session de la formation « " +
                session.course_title + " » du " + dates_of(session) + " (" + session.place + ").");
            out.paragraph(
                "Pour la confidentialité de ces informations, ce message n'en dit pas plus : "
                "lisez la demande et indiquez ce qui est mis en place sur votre page de "
                "référent·e handicap, après vous être connecté·e.");
            out.link("Les demandes d'aménagement", settings.public_url + "/referent.html");
            return {"Besoin d'aménagement – " + session_title(session), CalendarAction::none};
        case MessageKind::convention_to_sign: {
            static const domain::ConventionFacts no_convention{};
            const auto& convention = facts.convention ? *facts.convention : no_convention;
            out.paragraph(convention.employer_name + " a inscrit " + convention.trainee_name +
                          " à la formation « " + session.course_title + " » (" + dates_of(session) +
                          ", " + session.place + "). La convention de formation n° " +
                          convention.reference +
                          " (articles L6353-1 et D6353-1 du Code du travail) vous est proposée "
                          "à la signature, en tant que signataire désigné·e par l'employeur.");
            out.paragraph(
                "Le lien ci-dessous affiche la convention : lisez-la, puis signez-la en ligne en "
                "confirmant la phrase indiquée. Vous pouvez aussi l'imprimer, la signer et nous "
                "la retourner ; nous l'enregistrerons. Le programme de la formation et le "
                "règlement intérieur auxquels elle renvoie sont joints à ce message.");
            if (convention.token.empty()) {
                // Sent already: the token is not kept (storage/outbox_repository.cpp).
                out.paragraph("(Le lien personnel de signature n'est pas conservé après l'envoi.)");
            } else {
                out.link("Lire et signer la convention n° " + convention.reference,
                         settings.public_url + "/convention.html#" + convention.token);
            }
            return {"Convention de formation à signer – " + session_title(session),
                    CalendarAction::none};
        }
    }
    return {"Votre inscription", CalendarAction::none};
}

}  // namespace

std::string html_escape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string message_id(const MailSettings& settings, const domain::OutboxMessage& message) {
    return "<" + std::to_string(message.id) + "." + message.message_key + "@" +
           std::string(mail::domain_of(settings.from.address)) + ">";
}

std::string personal_link(const MailSettings& settings, const std::string& token) {
    return settings.public_url + "/mon-inscription.html#" + token;
}

RenderedMessage render_message(const MailSettings& settings, domain::MessageKind kind,
                               const domain::MessageFacts& facts) {
    Writer out;
    std::string name = facts.first_name;
    if (!facts.last_name.empty()) {
        name += (name.empty() ? "" : " ") + facts.last_name;
    }
    out.paragraph(name.empty() ? "Bonjour," : "Bonjour " + name + ",");
    auto draft = write_body(out, settings, kind, facts);
    if (!facts.token.empty() && kind != MessageKind::lost_link) {
        out.link("Votre inscription, vos documents et l'annulation en ligne",
                 personal_link(settings, facts.token));
    }
    std::string footer =
        "Ce message vous est envoyé par " + settings.from.name +
        (kind == MessageKind::complaint_received        ? " au sujet de votre réclamation."
         : kind == MessageKind::accommodation_requested ? " à son ou sa référent·e handicap."
         : kind == MessageKind::convention_to_sign
             ? " au sujet d'une convention de formation à signer pour votre structure."
             : " au sujet de votre inscription à une formation.");
    if (!facts.token.empty() || !facts.registrations.empty() || !facts.surveys.empty() ||
        facts.complaint || facts.convention) {
        footer += " Les liens qu'il contient sont personnels : ne les transmettez pas.";
    }
    out.closing(settings.signature, footer);
    return {draft.subject, out.text(), out.html(draft.subject), draft.calendar};
}

}  // namespace formations::app

// The pure parts of e-mail: addresses SMTP can carry, header fields nothing can break out of,
// the .ics, the French wording of each message, the retry delays and when reminders are due.

#include <doctest/doctest.h>
#include <libical/ical.h>

#include <boost/date_time/gregorian/gregorian.hpp>

#include "service/app/mail_delivery.hpp"
#include "service/app/messages.hpp"
#include "service/app/reminders.hpp"
#include "service/domain/iso8601.hpp"
#include "service/domain/time_zone.hpp"
#include "service/mail/address.hpp"
#include "service/mail/calendar.hpp"
#include "service/mail/headers.hpp"

using namespace formations;
using boost::gregorian::date;
using domain::MessageKind;

namespace {

std::string address(std::string_view email) {
    auto result = mail::smtp_address(email);
    return result ? result.value() : result.error().code;
}

Instant at(const char* text) {
    return parse_instant(text).value();
}

domain::MessageFacts sample_facts() {
    domain::MessageFacts facts;
    facts.first_name = "Zoé";
    facts.last_name = "<script>alert(1)</script>";
    facts.registration_id = 7;
    facts.token = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE";
    facts.status = "confirmed";
    facts.funding = "self";
    facts.tier = "self_funded";
    facts.price_cents = 30000;
    domain::SessionFacts session;
    session.id = 3;
    session.reference = "CAE-2027-03";
    session.course_title = "Créer sa CAE";
    session.starts_on = date(2027, 3, 11);
    session.ends_on = date(2027, 3, 12);
    session.place = "Maison des coopératives & co, Lyon";
    facts.session = session;
    facts.documents.push_back({12, "FA-2027-00012", "invoice", 30000, date(2027, 1, 4),
                               date(2027, 3, 12), "trainee", "Zoé Lefèvre", "", true});
    return facts;
}

}  // namespace

TEST_CASE("addresses in their SMTP form: the domain in IDNA, nothing else changes") {
    CHECK(address("zoe@example.org") == "zoe@example.org");
    CHECK(address("zoe@société.fr") == "zoe@xn--socit-esab.fr");
    CHECK(address("zoe@exämple.fr") == "zoe@xn--exmple-cua.fr");
    CHECK(address("o'hara+cae@example.org") == "o'hara+cae@example.org");
    CHECK(address("zoé@example.org") == "invalid_email");
    CHECK(address("zoe@example.org\r\nRCPT TO:<x@y.z>") == "invalid_email");
    CHECK(address("zoe@localhost") == "invalid_email");
    CHECK(address("zoe@exa mple.fr") == "invalid_email");
    CHECK(address(".zoe@example.org") == "invalid_email");
    CHECK(address("\"zoe\"@example.org") == "invalid_email");
    CHECK(mail::smtp_address("zoé@example.org").error().message.find("accentuées") !=
          std::string::npos);
    CHECK(mail::domain_of("zoe@example.org") == "example.org");
}

TEST_CASE("header fields: plain ASCII as it is, the rest as RFC 2047 encoded-words") {
    CHECK(mail::header_field("Subject", "Paiement recu") == "Subject: Paiement recu");
    CHECK(mail::header_field("Subject", "Inscription confirmée") ==
          "Subject: =?UTF-8?B?SW5zY3JpcHRpb24gY29uZmlybcOpZQ==?=");
    // Something that looks like an encoded-word is encoded itself.
    CHECK(mail::header_field("Subject", "=?UTF-8?B?eA==?=") ==
          "Subject: =?UTF-8?B?PT9VVEYtOD9CP2VBPT0/PQ==?=");
    CHECK(mail::address_field("To", "Zoe Lefevre", "zoe@example.org") ==
          "To: Zoe Lefevre <zoe@example.org>");
    CHECK(mail::address_field("To", "Lefevre, Zoe", "zoe@example.org") ==
          "To: \"Lefevre, Zoe\" <zoe@example.org>");
    CHECK(mail::address_field("To", "Zoé", "zoe@example.org") ==
          "To: =?UTF-8?B?Wm/DqQ==?= <zoe@example.org>");
    CHECK(mail::address_field("To", "", "zoe@example.org") == "To: zoe@example.org");
}

TEST_CASE("no line break a person typed survives into a header field") {
    for (const char* attack : {"Eve\r\nBcc: intrus@example.org", "Eve\nBcc: x@y.z", "Eve\rBcc: x",
                               "Eve\u2028Bcc: x", "Eve\x85\x0b\x0c Bcc"}) {
        auto subject = mail::header_field("Subject", attack);
        auto to = mail::address_field("To", attack, "eve@example.org");
        for (const auto& field : {subject, to}) {
            // Only folds (CRLF followed by a space) may break a field.
            for (auto at = field.find('\n'); at != std::string::npos;
                 at = field.find('\n', at + 1)) {
                REQUIRE(at > 0);
                CHECK(field[at - 1] == '\r');
                REQUIRE(at + 1 < field.size());
                CHECK(field[at + 1] == ' ');
            }
            CHECK(std::count(field.begin(), field.end(), '\r') ==
                  std::count(field.begin(), field.end(), '\n'));
        }
    }
    CHECK(mail::header_text("  Eve \r\n\t Bcc:\u2028x  ") == "Eve Bcc: x");
}

TEST_CASE("long fields fold under 78 characters, encoded-words cut after spaces") {
    std::string name = "Marie-Éloïse Anne-Sophie Françoise Bénédicte Hélène Geneviève";
    auto field = mail::address_field("To", name, "marie@example.org");
    std::size_t start = 0;
    int lines = 0;
    for (auto end = field.find("\r\n"); start < field.size(); end = field.find("\r\n", start)) {
        if (end == std::string::npos) {
            end = field.size();
        }
        CHECK(end - start <= 78);
        ++lines;
        start = end + 2;
    }
    CHECK(lines == 2);
    // The first encoded-word ends with its space: "Marie-Éloïse Anne-Sophie Françoise " is 38
    // bytes and "Bénédicte" would pass 39.
    CHECK(field ==
          "To: =?UTF-8?B?TWFyaWUtw4lsb8Ovc2UgQW5uZS1Tb3BoaWUgRnJhbsOnb2lzZSA=?=\r\n"
          " =?UTF-8?B?QsOpbsOpZGljdGUgSMOpbMOobmUgR2VuZXZpw6h2ZQ==?= <marie@example.org>");
    auto plain = mail::header_field(
        "Subject",
        "Paiement recu pour la facture numero quarante-deux de la session de mars a Lyon");
    CHECK(plain ==
          "Subject: Paiement recu pour la facture numero quarante-deux de la session de\r\n"
          " mars a Lyon");
}

TEST_CASE("dates of messages are RFC 5322, in UTC") {
    CHECK(mail::rfc5322_date(at("2027-03-11T08:00:00Z")) == "Thu, 11 Mar 2027 08:00:00 +0000");
    CHECK(mail::rfc5322_date(at("2026-12-31T23:30:00+01:00")) == "Thu, 31 Dec 2026 22:30:00 +0000");
}

TEST_CASE("the .ics: one event per day, escaped, read back by libical") {
    mail::Calendar calendar;
    calendar.organizer_name = "Coopérer pour Entreprendre";
    calendar.organizer_email = "formation@example.org";
    calendar.stamp = at("2027-01-04T10:00:00Z");
    calendar.sequence = 4;
    calendar.events.push_back({"r-7-day-1@example.org", at("2027-03-11T08:00:00Z"),
                               at("2027-03-11T16:00:00Z"), "Formation « Créer sa CAE »",
                               "Salle 2, Lyon; accès B", "Ligne 1\nLigne 2", ""});
    auto text = mail::calendar_file(calendar);
    CHECK(text.find("LOCATION:Salle 2\\, Lyon\\; accès B\r\n") != std::string::npos);
    icalcomponent* root = icalparser_parse_string(text.c_str());
    REQUIRE(root != nullptr);
    CHECK(icalcomponent_get_method(root) == ICAL_METHOD_PUBLISH);
    CHECK(icalrestriction_check(root) == 1);
    auto* event = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT);
    REQUIRE(event != nullptr);
    CHECK(std::string(icalcomponent_get_description(event)) == "Ligne 1\nLigne 2");
    CHECK(icalcomponent_get_sequence(event) == 4);
    icalcomponent_free(root);

    calendar.method = mail::CalendarMethod::cancel;
    auto cancel = mail::calendar_file(calendar);
    CHECK(cancel.find("METHOD:CANCEL\r\n") != std::string::npos);
    CHECK(cancel.find("STATUS:CANCELLED\r\n") != std::string::npos);
}

TEST_CASE("the confirmation in French: the facts, the link, the signature, HTML escaped") {
    app::MailSettings settings;
    settings.public_url = "https://formations.example.org";
    settings.signature = "L'équipe formation\nCoopérer pour Entreprendre";
    auto message =
        app::render_message(settings, MessageKind::registration_confirmed, sample_facts());
    CHECK(message.subject == "Inscription confirmée – Créer sa CAE, 11 et 12 mars 2027");
    CHECK(message.calendar == app::CalendarAction::publish);
    CHECK(message.text.rfind("Bonjour Zoé <script>alert(1)</script>,\n\n", 0) == 0);
    CHECK(message.text.find("Dates : 11 et 12 mars 2027\n") != std::string::npos);
    CHECK(message.text.find("Horaires : 9h00–12h30 et 13h30–17h00, chaque jour\n") !=
          std::string::npos);
    CHECK(message.text.find("Votre facture FA-2027-00012 (300,00 €, net de taxe) est jointe à ce "
                            "message, à régler selon l'échéancier qu'elle indique, au plus tard "
                            "le 12 mars 2027.") != std::string::npos);
    CHECK(message.text.find("https://formations.example.org/mon-inscription.html#AbCdEf") !=
          std::string::npos);
    CHECK(message.text.find("L'équipe formation\nCoopérer pour Entreprendre\n") !=
          std::string::npos);
    CHECK(message.html.find("<script>") == std::string::npos);
    CHECK(message.html.find("Zoé &lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(message.html.find("Maison des coopératives &amp; co, Lyon") != std::string::npos);
    CHECK(message.html.find("L&#39;équipe formation<br>\nCoopérer pour Entreprendre") !=
          std::string::npos);
}

TEST_CASE("a waiting-list offer states its deadline in Paris time and what acceptance brings") {
    app::MailSettings settings;
    auto facts = sample_facts();
    facts.status = "offered";
    facts.documents.clear();
    facts.offer_expires_at = "2027-03-03T09:00:00Z";
    auto message = app::render_message(settings, MessageKind::seat_offered, facts);
    CHECK(message.subject == "Une place vous est proposée – Créer sa CAE, 11 et 12 mars 2027");
    CHECK(message.text.find("Elle vous est réservée jusqu'au 3 mars 2027 à 10h00.") !=
          std::string::npos);
    CHECK(message.text.find("Rien n'est dû avant votre acceptation") != std::string::npos);
    CHECK(message.text.find("Sans réponse le 3 mars 2027 à 10h00, la place est proposée à la "
                            "personne suivante") != std::string::npos);
    auto expired = app::render_message(settings, MessageKind::offer_expired, facts);
    CHECK(expired.subject == "Offre de place expirée – Créer sa CAE, 11 et 12 mars 2027");
    CHECK(expired.text.find("est dépassé (3 mars 2027 à 10h00)") != std::string::npos);
    CHECK(app::render_message(settings, MessageKind::offer_declined, facts).subject ==
          "Place déclinée – Créer sa CAE, 11 et 12 mars 2027");
}

TEST_CASE("every kind has its subject; staff changes say so; reminders count") {
    app::MailSettings settings;
    auto facts = sample_facts();
    auto subject = [&](MessageKind kind) {
        return app::render_message(settings, kind, facts).subject;
    };
    CHECK(subject(MessageKind::registration_waitlisted) ==
          "Liste d'attente – Créer sa CAE, 11 et 12 mars 2027");
    CHECK(subject(MessageKind::promoted) ==
          "Une place vous est attribuée – Créer sa CAE, 11 et 12 mars 2027");
    CHECK(subject(MessageKind::convocation_reminder) ==
          "Convocation – Créer sa CAE, 11 et 12 mars 2027");
    CHECK(subject(MessageKind::certificate_available) ==
          "Votre certificat de réalisation – Créer sa CAE, 11 et 12 mars 2027");
    CHECK(subject(MessageKind::lost_link) == "Vos liens d'inscription");
    facts.reminder = domain::ReminderFacts{2, 30000, 20};
    CHECK(subject(MessageKind::payment_reminder) ==
          "Deuxième rappel : facture FA-2027-00012 à "
          "régler");
    // An échéancier: the reminder names the first unpaid instalment and what fell due.
    facts.reminder->instalment_due_on = date(2027, 2, 10);
    facts.reminder->overdue_cents = 9000;
    CHECK(app::render_message(settings, MessageKind::payment_reminder, facts)
              .text.find("n'est pas réglée de son échéance du 10 février 2027 : 90,00 € sont "
                         "exigibles à ce jour, sur 300,00 € restant à payer selon "
                         "l'échéancier.") != std::string::npos);
    CHECK(subject(MessageKind::contract_signed) ==
          "Contrat signé, votre facture – Créer sa CAE, 11 et 12 mars 2027");
    facts.by_staff = true;
    auto confirmation = app::render_message(settings, MessageKind::registration_confirmed, facts);
    CHECK(confirmation.text.find("L'équipe de formation vous a inscrit·e") != std::string::npos);
    facts.status = "waitlisted";
    facts.waitlist_position = 3;
    auto changed = app::render_message(settings, MessageKind::session_changed, facts);
    CHECK(changed.calendar == app::CalendarAction::none);
    CHECK(changed.text.find("liste d'attente, en position 3") != std::string::npos);
    // A cancelled place in line removes nothing from a calendar; a cancelled seat does.
    CHECK(app::render_message(settings, MessageKind::session_cancelled, facts).calendar ==
          app::CalendarAction::none);
    facts.status = "confirmed";
    CHECK(app::render_message(settings, MessageKind::registration_cancelled, facts).calendar ==
          app::CalendarAction::cancel);
}

TEST_CASE("retries wait twice as long each time, up to a limit") {
    app::MailSettings settings;
    settings.first_retry = std::chrono::seconds(60);
    settings.max_retry = std::chrono::hours(2);
    CHECK(app::retry_delay(settings, 1) == std::chrono::seconds(60));
    CHECK(app::retry_delay(settings, 2) == std::chrono::seconds(120));
    CHECK(app::retry_delay(settings, 5) == std::chrono::seconds(960));
    CHECK(app::retry_delay(settings, 8) == std::chrono::seconds(7200));
    CHECK(app::retry_delay(settings, 40) == std::chrono::seconds(7200));
}

TEST_CASE("the convocation is due from N days before the first day, for seats taken before") {
    // Session on Thursday 11 March 2027, reminder 7 days before: from Thursday 4 March, 00:00
    // in Paris (3 March, 23:00 UTC).
    auto starts = date(2027, 3, 11);
    auto early = at("2027-01-10T10:00:00Z");
    CHECK_FALSE(app::convocation_due(starts, early, date(2027, 3, 3), 7));
    CHECK(app::convocation_due(starts, early, date(2027, 3, 4), 7));
    CHECK(app::convocation_due(starts, early, date(2027, 3, 10), 7));
    CHECK_FALSE(app::convocation_due(starts, early, date(2027, 3, 11), 7));
    CHECK(app::convocation_due(starts, at("2027-03-03T22:59:59Z"), date(2027, 3, 5), 7));
    CHECK_FALSE(app::convocation_due(starts, at("2027-03-03T23:00:00Z"), date(2027, 3, 5), 7));
    CHECK_FALSE(app::convocation_due(starts, early, date(2027, 3, 5), 0));
}

TEST_CASE("a funding body's share is named, not attached; credit notes name their invoice") {
    app::MailSettings settings;
    auto facts = sample_facts();
    facts.funding = "employer";
    facts.employer_name = "Coopérative Alpha";
    facts.documents = {{20, "FA-2027-00020", "invoice", 50000, date(2027, 1, 4), date(2027, 2, 3),
                        "funding_body", "OPCO Atlas", "", false},
                       {21, "FA-2027-00021", "invoice", 20000, date(2027, 1, 4), date(2027, 2, 3),
                        "employer", "Coopérative Alpha", "", true}};
    auto confirmed = app::render_message(settings, MessageKind::registration_confirmed, facts);
    CHECK(confirmed.text.find("La prise en charge de 500,00 € par OPCO Atlas lui est facturée "
                              "directement (facture FA-2027-00020)") != std::string::npos);
    CHECK(confirmed.text.find("Votre facture FA-2027-00021 (200,00 €, net de taxe) est jointe à ce "
                              "message ; elle est adressée à Coopérative Alpha") !=
          std::string::npos);
    CHECK(confirmed.text.find("FA-2027-00020 (500,00 €") == std::string::npos);

    facts.documents = {{30, "AV-2027-00003", "credit_note", -50000, date(2027, 2, 1),
                        date(2027, 2, 1), "funding_body", "OPCO Atlas", "FA-2027-00020", false},
                       {31, "AV-2027-00004", "credit_note", -20000, date(2027, 2, 1),
                        date(2027, 2, 1), "employer", "Coopérative Alpha", "FA-2027-00021", true}};
    auto cancelled = app::render_message(settings, MessageKind::registration_cancelled, facts);
    CHECK(cancelled.text.find("L'avoir AV-2027-00003 (-500,00 €) sur la facture FA-2027-00020 est "
                              "adressé directement à OPCO Atlas.") != std::string::npos);
    CHECK(cancelled.text.find("L'avoir AV-2027-00004 (-200,00 €) sur la facture FA-2027-00021 est "
                              "joint à ce message.") != std::string::npos);
}

TEST_CASE("a refund tells how much, how, and what remains to refund") {
    app::MailSettings settings;
    auto facts = sample_facts();
    facts.payment = domain::PaymentFacts{
        "FA-2027-00012", "trainee", "Zoé Lefèvre", 21000, date(2027, 2, 10), "transfer", 0};
    auto refund = app::render_message(settings, MessageKind::refund_recorded, facts);
    CHECK(refund.subject == "Remboursement – facture FA-2027-00012");
    CHECK(refund.text.find("Nous avons remboursé 210,00 € (virement, le 10 février 2027) au titre "
                           "de la facture FA-2027-00012") != std::string::npos);
    CHECK(refund.text.find("Le remboursement de cette facture est complet.") != std::string::npos);
    CHECK(refund.calendar == app::CalendarAction::none);
}

TEST_CASE("a session change says the hours before and after") {
    app::MailSettings settings;
    auto facts = sample_facts();
    facts.previous_session = facts.session;
    facts.session->morning = {{8, 30}, {12, 0}};
    facts.session->afternoon = {{13, 0}, {16, 30}};
    auto changed = app::render_message(settings, MessageKind::session_changed, facts);
    CHECK(changed.text.find("Avant : 11 et 12 mars 2027, 9h00–12h30 et 13h30–17h00, chaque jour, "
                            "Maison des coopératives & co, Lyon") != std::string::npos);
    CHECK(changed.text.find("Désormais : 11 et 12 mars 2027, 8h30–12h00 et 13h00–16h30, chaque "
                            "jour") != std::string::npos);
    CHECK(changed.calendar == app::CalendarAction::publish);
}

TEST_CASE("a session change that superseded the agreement asks to sign it again") {
    app::MailSettings settings;
    auto facts = sample_facts();
    facts.previous_session = facts.session;
    facts.session->starts_on = date(2027, 5, 20);
    facts.session->ends_on = date(2027, 5, 21);
    const std::string kept = "Votre place est maintenue. Si ces changements ne vous conviennent";
    const std::string anew = "établi de nouveau";
    auto told = app::render_message(settings, MessageKind::session_changed, facts);
    CHECK(told.text.find(kept) != std::string::npos);
    CHECK(told.text.find(anew) == std::string::npos);
    // No contract was made yet: the one made now carries the new dates, and refusing them costs
    // nothing until it is signed.
    CHECK(told.text.find("vous pouvez annuler votre inscription sans frais depuis votre page "
                         "personnelle tant que vous n'avez pas signé votre contrat de "
                         "formation") != std::string::npos);

    facts.agreement_superseded = true;
    auto contract = app::render_message(settings, MessageKind::session_changed, facts);
    CHECK(contract.text.find("Votre contrat de formation est établi de nouveau avec ces dates, "
                             "horaires et lieu : lisez-le et signez-le depuis votre espace "
                             "personnel. Le contrat précédent est remplacé, et le délai de "
                             "rétractation de 10 jours court à partir de la signature du "
                             "nouveau.") != std::string::npos);
    CHECK(contract.text.find("vous pourrez vous rétracter sans frais") != std::string::npos);
    // Refusing the organiser's change costs nothing until the new contract is signed.
    CHECK(contract.text.find("vous pouvez annuler votre inscription sans frais depuis votre page "
                             "personnelle tant que vous n'avez pas signé le nouveau contrat") !=
          std::string::npos);
    CHECK(contract.text.find("avoir") == std::string::npos);  // no invoice was credited
    CHECK(contract.calendar == app::CalendarAction::publish);
    facts.documents = {{30, "AV-2027-00003", "credit_note", -30000, date(2027, 3, 20),
                        date(2027, 3, 20), "trainee", "Zoé Lefèvre", "FA-2027-00012", true}};
    auto credited = app::render_message(settings, MessageKind::session_changed, facts);
    CHECK(credited.text.find("la nouvelle vous sera adressée à la signature du nouveau contrat, "
                             "avec son échéancier.") != std::string::npos);
    CHECK(credited.text.find("L'avoir AV-2027-00003 (-300,00 €) sur la facture FA-2027-00012 est "
                             "joint à ce message.") != std::string::npos);
    facts.documents.clear();

    facts.funding = "employer";
    facts.employer_name = "Coopérative Alpha";
    auto convention = app::render_message(settings, MessageKind::session_changed, facts);
    CHECK(convention.text.find("La convention de formation est établie de nouveau avec ces dates, "
                               "horaires et lieu et doit être signée à nouveau pour votre "
                               "employeur (la personne désignée pour la signer reçoit un nouveau "
                               "lien) ; la précédente est remplacée.") != std::string::npos);
    CHECK(convention.text.find("rétracter") == std::string::npos);
    CHECK(convention.text.find("l'inscription peut être annulée sans frais tant que la nouvelle "
                               "convention n'est pas signée") != std::string::npos);
}

TEST_CASE(
    "the Qualiopi messages: questionnaire links, surveys, complaints, the referent's notice") {
    app::MailSettings settings;
    settings.public_url = "https://formations.example.org";
    auto facts = sample_facts();
    auto confirmation = app::render_message(settings, MessageKind::registration_confirmed, facts);
    CHECK(confirmation.text.find(
              "https://formations.example.org/questionnaire.html?type=needs#AbCdEf") !=
          std::string::npos);

    facts.surveys = {{"self_assessment", "AbCdEf", boost::gregorian::date(2027, 4, 26)},
                     {"satisfaction", "AbCdEf", boost::gregorian::date(2027, 4, 26)}};
    auto invitation = app::render_message(settings, MessageKind::evaluation_invitation, facts);
    CHECK(invitation.subject == "Votre avis sur la formation – Créer sa CAE, 11 et 12 mars 2027");
    CHECK(invitation.text.find("- Questionnaire de satisfaction (jusqu'au 26 avril 2027) :\n  "
                               "https://formations.example.org/"
                               "questionnaire.html?type=satisfaction#AbCdEf\n") !=
          std::string::npos);

    domain::MessageFacts complaint;
    complaint.first_name = "Sylvie <b>";
    complaint.complaint =
        domain::ComplaintFacts{"TokEn", "Salle <froide>", boost::gregorian::date(2027, 3, 1)};
    auto acknowledged = app::render_message(settings, MessageKind::complaint_received, complaint);
    CHECK(acknowledged.subject == "Réclamation reçue – Salle <froide>");
    CHECK(acknowledged.text.rfind("Bonjour Sylvie <b>,\n\n", 0) == 0);
    CHECK(acknowledged.text.find("https://formations.example.org/suivi-reclamation.html#TokEn") !=
          std::string::npos);
    CHECK(acknowledged.html.find("Salle &lt;froide&gt;") != std::string::npos);

    domain::MessageFacts notice;
    notice.session = facts.session;
    auto referent = app::render_message(settings, MessageKind::accommodation_requested, notice);
    CHECK(referent.text.rfind("Bonjour,\n\n", 0) == 0);
    CHECK(referent.text.find("https://formations.example.org/referent.html") != std::string::npos);
    CHECK(referent.text.find("référent·e handicap") != std::string::npos);
}

TEST_CASE("the convention to sign: to the signatory, their link, no trainee's personal link") {
    app::MailSettings settings;
    settings.public_url = "https://formations.example.org";
    domain::MessageFacts facts;
    facts.first_name = "Hélène Mercier";
    facts.session = sample_facts().session;
    facts.convention =
        domain::ConventionFacts{"SiGnLiNk", "CV-000042", "Coopérative <Fictive>", "Zoé Lefèvre"};
    auto message = app::render_message(settings, MessageKind::convention_to_sign, facts);
    CHECK(message.subject == "Convention de formation à signer – Créer sa CAE, 11 et 12 mars 2027");
    CHECK(message.text.rfind("Bonjour Hélène Mercier,\n\n", 0) == 0);
    CHECK(message.text.find("Coopérative <Fictive> a inscrit Zoé Lefèvre") != std::string::npos);
    CHECK(message.text.find("n° CV-000042") != std::string::npos);
    CHECK(message.text.find("https://formations.example.org/convention.html#SiGnLiNk") !=
          std::string::npos);
    CHECK(message.text.find("mon-inscription.html") == std::string::npos);
    CHECK(message.text.find("ne les transmettez pas") != std::string::npos);
    CHECK(message.html.find("Coopérative &lt;Fictive&gt;") != std::string::npos);
}

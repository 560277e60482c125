#include "invoices/document_builder.hpp"

#include <stdexcept>

#include "invoices/french_format.hpp"

namespace formations::invoices {
namespace {

using pricing::format_french;

void apply_seller_mentions(const BillingSettings& settings, Document& document) {
    document.seller = settings.seller;
    document.vat_exemption = settings.vat_exemption;
    document.operation_category = settings.operation_category;
}

std::string transfer_details(const Seller& seller) {
    return "Règlement par virement à " + seller.bank_name + " – IBAN " + seller.iban + " – BIC " +
           seller.bic + ", en rappelant le numéro de facture.";
}

// "session des 27 et 28 juin 2019", "session du 30 juin au 1er juillet 2019".
std::string session_period(boost::gregorian::date starts_on, boost::gregorian::date ends_on) {
    auto period = format_period_fr(starts_on, ends_on);
    bool has_article = period.starts_with("du ") || period.starts_with("le ");
    return (has_article ? "session " : "session des ") + period;
}

std::string tier_label(pricing::Tier tier) {
    switch (tier) {
        case pricing::Tier::self_funded:
            return "stagiaire à ses propres frais";
        case pricing::Tier::member:
            return "salarié d'une structure sociétaire ou candidate";
        case pricing::Tier::non_member:
            return "salarié d'une structure non sociétaire";
    }
    return std::string(pricing::to_string(tier));
}

// "Échéancier : 90,00 € exigibles le 12 juin 2019, 105,00 € le 27 juin 2019."
std::string schedule_terms(const std::vector<pricing::Instalment>& instalments) {
    std::string text = "Échéancier :";
    for (std::size_t i = 0; i < instalments.size(); ++i) {
        text += (i == 0 ? " " : ", ") + format_french(instalments[i].amount) +
                (i == 0 ? " exigibles le " : " le ") + format_long_date_fr(instalments[i].due_on);
    }
    return text + ".";
}

void check_schedule(const RegistrationFacts& facts, boost::gregorian::date due_on) {
    if (facts.instalments.empty()) {
        return;
    }
    auto sum = pricing::Money::zero();
    for (const auto& instalment : facts.instalments) {
        sum += instalment.amount;
    }
    if (sum != facts.price || facts.instalments.back().due_on != due_on) {
        throw std::invalid_argument(
            "build_invoice: the instalments must add up to the price and end on the due date");
    }
}

}  // namespace

Document build_invoice(const BillingSettings& settings, const RegistrationFacts& facts,
                       const std::string& number, boost::gregorian::date issued_on,
                       boost::gregorian::date due_on) {
    check_schedule(facts, due_on);
    Document document;
    document.kind = DocumentKind::invoice;
    document.number = number;
    document.instalments = facts.instalments;
    document.issued_on = issued_on;
    document.due_on = due_on;
    document.service_starts_on = facts.starts_on;
    document.service_ends_on = facts.ends_on;
    document.buyer = facts.buyer;
    document.reference = facts.reference;
    document.purchase_order = facts.purchase_order;
    document.subrogation = facts.subrogation;
    document.lines.push_back({"Formation « " + facts.course_title + " » (" +
                                  format_hours_fr(facts.duration_minutes) + ") – " +
                                  session_period(facts.starts_on, facts.ends_on) + ", " +
                                  facts.place + " – stagiaire : " + facts.trainee_name +
                                  (facts.line_note ? " – " + *facts.line_note : ""),
                              1, facts.price, facts.price});
    document.total = facts.price;
    apply_seller_mentions(settings, document);
    document.payment_terms =
        (facts.instalments.empty() ? "À régler au plus tard le " + format_date_fr(due_on) + "."
                                   : schedule_terms(facts.instalments)) +
        " " + transfer_details(settings.seller);
    document.early_payment_discount = settings.early_payment_discount;
    if (facts.buyer.business) {
        // Code de commerce L441-9 and L441-10: between businesses only.
        document.late_payment_penalty = settings.late_payment_penalty;
        document.recovery_indemnity = settings.recovery_indemnity;
    } else {
        // Code du travail L6353-5 and L6353-6: 10 days to withdraw, nothing due before.
        document.payment_terms +=
            " Conformément aux articles L6353-5 et L6353-6 du Code du travail, vous disposez "
            "d'un délai de rétractation de 10 jours à compter de la signature du contrat ; "
            "aucune somme ne peut être exigée avant l'expiration de ce délai.";
    }
    return document;
}

CreditReason tier_correction(pricing::Tier from, pricing::Money from_price, pricing::Tier to,
                             pricing::Money to_price) {
    return {"Rectification du tarif", "Rectification du tarif : " + tier_label(from) + " (" +
                                          format_french(from_price) + ") remplacé par " +
                                          tier_label(to) + " (" + format_french(to_price) + ")."};
}

CreditReason session_change(boost::gregorian::date from_starts_on,
                            boost::gregorian::date from_ends_on,
                            boost::gregorian::date to_starts_on,
                            boost::gregorian::date to_ends_on) {
    return {"Changement de session",
            "Changement de session : " + session_period(from_starts_on, from_ends_on) +
                " remplacée par " + session_period(to_starts_on, to_ends_on) + "."};
}

CreditReason session_edited(boost::gregorian::date from_starts_on,
                            boost::gregorian::date from_ends_on,
                            boost::gregorian::date to_starts_on,
                            boost::gregorian::date to_ends_on) {
    const bool same_days = from_starts_on == to_starts_on && from_ends_on == to_ends_on;
    return {"Modification de la session",
            (same_days ? std::string("Session modifiée (horaires ou lieu)")
                       : "Session modifiée : " + session_period(from_starts_on, from_ends_on) +
                             " remplacée par " + session_period(to_starts_on, to_ends_on)) +
                " ; un nouveau contrat de formation est à signer."};
}

CreditReason cancelled_after_session_edit(bool convention) {
    return {"Annulation",
            std::string("Annulation sans frais : la session a été modifiée par l'organisme de "
                        "formation et ") +
                (convention ? "la nouvelle convention de formation n'a pas été signée."
                            : "le nouveau contrat de formation n'a pas été signé.")};
}

CreditReason session_cancelled() {
    return {"Annulation",
            "Annulation de la session par l'organisme de formation : aucun frais n'est retenu."};
}

Document build_credit_note(const BillingSettings& settings, const Document& invoice,
                           const std::string& number, boost::gregorian::date issued_on,
                           pricing::Money kept, const CreditReason& reason) {
    Document credit;
    credit.kind = DocumentKind::credit_note;
    credit.number = number;
    credit.issued_on = issued_on;
    credit.due_on = issued_on;
    credit.service_starts_on = invoice.service_starts_on;
    credit.service_ends_on = invoice.service_ends_on;
    credit.buyer = invoice.buyer;
    credit.reference = invoice.reference;
    credit.purchase_order = invoice.purchase_order;
    credit.subrogation = invoice.subrogation;
    credit.corrects_number = invoice.number;
    credit.corrects_issued_on = invoice.issued_on;
    credit.correction_reason = reason.statement;
    for (const auto& line : invoice.lines) {
        credit.lines.push_back({reason.line_label + " : " + line.description, line.quantity,
                                -line.unit_price, -line.total});
    }
    if (kept != pricing::Money::zero()) {
        credit.lines.push_back({"Frais d'annulation retenus", 1, kept, kept});
    }
    credit.total = -invoice.total + kept;
    // No payment clause: nothing is to be paid on a credit note.
    apply_seller_mentions(settings, credit);
    return credit;
}

}  // namespace formations::invoices

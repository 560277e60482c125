#pragma once
// Builds the snapshot of an invoice from plain facts about a registration, and the credit note
// that corrects an invoice. Pure: no clock, no database; the caller gives numbers and dates.
// Example:
//   auto invoice = build_invoice(settings, facts, "FA-2019-00001", issued_on, due_on);
//   auto credit = build_credit_note(settings, invoice, "AV-2019-00001", today, Money::zero());
//
// Mentions (domain.md, "Invoices" and "Product decisions"): every invoice states the operation
// category; the business-to-business clauses (late-payment penalties at three times the legal
// rate, the 40 € recovery indemnity) only appear when the buyer is a business (an employer or a
// funding body), never on a consumer's invoice; a credit note carries no payment clause at all,
// only what it corrects and, when the caller gives one, why.

#include <optional>
#include <string>
#include <vector>

#include <boost/date_time/gregorian/gregorian_types.hpp>

#include "invoices/billing_settings.hpp"
#include "invoices/invoice_document.hpp"
#include "pricing/money.hpp"
#include "pricing/tier.hpp"

namespace formations::invoices {

struct RegistrationFacts {
    std::string reference;  // e.g. "Inscription n° 42"
    std::string course_title;
    int duration_minutes = 0;
    boost::gregorian::date starts_on;
    boost::gregorian::date ends_on;
    std::string place;
    std::string trainee_name;
    Buyer buyer;  // the trainee (self-funded), the employer, or the funding body
    pricing::Money price;
    std::optional<std::string> purchase_order{};  // the buyer's order number, when given
    // Set when the buyer is a funding body paying for the employer (an OPCO, by subrogation).
    std::optional<Subrogation> subrogation{};
    // Ends the line when the price is shared: "part prise en charge par …".
    std::optional<std::string> line_note{};
    // A self-funded trainee's échéancier (pricing::self_funded_schedule from the signature):
    // printed in the payment terms and frozen in the snapshot. Empty: all due on due_on.
    std::vector<pricing::Instalment> instalments{};
};

// With instalments, due_on must be the last one's and their amounts must add up to the price
// (std::invalid_argument otherwise); the payment terms then read
// "Échéancier : 90,00 € exigibles le 12 juin 2019, 105,00 € le 27 juin 2019, 105,00 € le
// 28 juin 2019."
Document build_invoice(const BillingSettings& settings, const RegistrationFacts& facts,
                       const std::string& number, boost::gregorian::date issued_on,
                       boost::gregorian::date due_on);

// Why a credit note is issued: the word before each credited line, and a sentence printed as
// its reason. The default is a plain cancellation.
struct CreditReason {
    std::string line_label = "Annulation";   // "Annulation : Formation « Créer sa CAE » …"
    std::optional<std::string> statement{};  // "Motif : …"
};

// A tier correction: "Rectification du tarif : salarié d'une structure non sociétaire
// (700,00 €) remplacé par salarié d'une structure sociétaire ou candidate (500,00 €)."
CreditReason tier_correction(pricing::Tier from, pricing::Money from_price, pricing::Tier to,
                             pricing::Money to_price);
// A move to another session: "Changement de session : session des 27 et 28 juin 2019
// remplacée par session des 24 et 25 octobre 2019."
CreditReason session_change(boost::gregorian::date from_starts_on,
                            boost::gregorian::date from_ends_on,
                            boost::gregorian::date to_starts_on, boost::gregorian::date to_ends_on);

// Staff changed the session's dates, hours or place, so the self-funded trainee's contract, whose
// échéancier the invoice carried, is made anew: "Session modifiée : session des 15 et 16 avril
// 2027 remplacée par session des 20 et 21 mai 2027 ; un nouveau contrat de formation est à
// signer." (same dates: "Session modifiée (horaires ou lieu) ; …").
CreditReason session_edited(boost::gregorian::date from_starts_on,
                            boost::gregorian::date from_ends_on,
                            boost::gregorian::date to_starts_on, boost::gregorian::date to_ends_on);

// A cancellation after staff changed the session's dates, hours or place and before the person
// signed the contract or convention made anew: "Annulation sans frais : la session a été modifiée
// par l'organisme de formation et la nouvelle convention de formation n'a pas été signée."
CreditReason cancelled_after_session_edit(bool convention);
// Staff cancelled the whole session: "Annulation de la session par l'organisme de formation :
// aucun frais n'est retenu."
CreditReason session_cancelled();

// Negates `invoice` minus `kept` (a cancellation fee, zero for a full credit). The credit note
// names the invoice it corrects and why.
Document build_credit_note(const BillingSettings& settings, const Document& invoice,
                           const std::string& number, boost::gregorian::date issued_on,
                           pricing::Money kept, const CreditReason& reason = {});

}  // namespace formations::invoices

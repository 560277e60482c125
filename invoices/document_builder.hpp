#pragma once
// Builds the snapshot of an invoice from plain facts about a registration, and the credit note
// that cancels an invoice. Pure: no clock, no database; the caller gives numbers and dates.
// Example:
//   auto invoice = build_invoice(settings, facts, "FA-2019-00001", issued_on, due_on);
//   auto credit = build_credit_note(settings, invoice, "AV-2019-00001", today, Money::zero());

#include <optional>
#include <string>

#include <boost/date_time/gregorian/gregorian_types.hpp>

#include "invoices/billing_settings.hpp"
#include "invoices/invoice_document.hpp"
#include "pricing/money.hpp"

namespace formations::invoices {

struct RegistrationFacts {
    std::string reference;  // e.g. "Inscription n° 42"
    std::string course_title;
    int duration_minutes = 0;
    boost::gregorian::date starts_on;
    boost::gregorian::date ends_on;
    std::string place;
    std::string trainee_name;
    Buyer buyer;  // the trainee (self-funded) or the employer
    pricing::Money price;
};

Document build_invoice(const BillingSettings& settings, const RegistrationFacts& facts,
                       const std::string& number, boost::gregorian::date issued_on,
                       boost::gregorian::date due_on);

// Negates `invoice` minus `kept` (a cancellation fee, zero for a full credit). The credit note
// has the same mentions and names the invoice it corrects.
Document build_credit_note(const BillingSettings& settings, const Document& invoice,
                           const std::string& number, boost::gregorian::date issued_on,
                           pricing::Money kept);

}  // namespace formations::invoices

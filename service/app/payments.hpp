#pragma once
// Accountants' corrections of an invoice's money, never by deleting anything: a refund of what
// was paid beyond what a credit note left due (refund_due), the reversal of a wrong payment or
// refund by a new entry dated in the open period, and the invoice's history of payments,
// refunds and reversals. Payments themselves are recorded by billing.hpp's record_payment.
// Every entry is dated on or after what it follows (the invoice, the entry it reverses), never
// after today, and never in a closed period (closing.hpp).
//
// A refund is told to the trainee (refund_recorded, as a payment is: detail/outbox.hpp's
// notify_money_movement). A reversal is not: it corrects the accountants' own entry (a payment
// put on the wrong invoice, a cheque that bounced); the person hears of what it changes through
// what follows — the payment reminders of an invoice due again, the payment recorded right.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "service/app/billing.hpp"
#include "service/app/use_case.hpp"
#include "service/domain/payment.hpp"

namespace formations::app {

struct RefundInput {
    std::int64_t amount_cents = 0;  // positive: what is paid back
    boost::gregorian::date refunded_on;
    std::string method;  // transfer / cheque / card
    std::optional<std::string> reference;
};

struct ReversalInput {
    boost::gregorian::date reversed_on;
    std::string
        reason;  // why the entry was wrong: "chèque rejeté", "saisi sur la mauvaise facture"
};

struct PaymentHistory {
    InvoiceView invoice;
    std::vector<domain::PaymentEntry> entries;  // by date, then in the order recorded
};

Result<PaymentHistory> payment_history(storage::Database& db, const std::string& number);

// At most the invoice's refund_due.
Result<PaymentHistory> record_refund(storage::Database& db, const Clock& clock,
                                     const std::string& number, const RefundInput& refund,
                                     const std::string& actor);

// Cancels payment or refund `payment_id` of invoice `number` with an entry of the opposite
// amount. A payment cannot be reversed while refunds would then exceed what was received:
// reverse the refund first.
Result<PaymentHistory> reverse_payment(storage::Database& db, const Clock& clock,
                                       const std::string& number, std::int64_t payment_id,
                                       const ReversalInput& reversal, const std::string& actor);

}  // namespace formations::app

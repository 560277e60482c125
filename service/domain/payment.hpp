#pragma once
// The money movements of an invoice as use cases read them — a payment received, a refund paid
// back, or the reversal of one of them — and the closings of accounting periods.

#include <cstdint>
#include <optional>
#include <string>

#include <boost/date_time/gregorian/greg_date.hpp>

namespace formations::domain {

struct PaymentEntry {
    std::int64_t id = 0;
    std::int64_t invoice_id = 0;
    std::string kind;               // payment / refund / reversal
    std::int64_t amount_cents = 0;  // signed: + received, − paid back (a reversal: the opposite)
    boost::gregorian::date on;
    std::string method;  // transfer / cheque / card / funding_body
    std::optional<std::string> reference;
    std::optional<std::string> reason;           // why a reversal was made
    std::optional<std::int64_t> reverses_id;     // a reversal: the entry it cancels
    std::optional<std::int64_t> reversed_by_id;  // the reversal that cancelled this entry
    std::string recorded_by;
    std::string recorded_at;  // ISO 8601, UTC
};

// Everything dated on or before `closed_through` is final.
struct Closure {
    std::int64_t id = 0;
    boost::gregorian::date closed_through;
    std::string closed_by;
    std::string closed_at;  // ISO 8601, UTC
};

}  // namespace formations::domain

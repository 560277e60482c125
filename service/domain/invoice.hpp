#pragma once
// An invoice or credit note as use cases read it, with what was credited and paid against it.
// The snapshot of everything printed stays with the storage and the PDF.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "pricing/payment_schedule.hpp"

namespace formations::domain {

struct Invoice {
    std::int64_t id = 0;
    std::string kind;  // invoice / credit_note
    std::string number;
    std::int64_t registration_id = 0;
    std::optional<std::int64_t> corrects_invoice_id;
    std::optional<std::string> corrects_number;
    boost::gregorian::date issued_on;
    boost::gregorian::date due_on;
    std::string payer;  // trainee / employer
    std::string buyer_name;
    std::int64_t total_cents = 0;
    std::int64_t credited_cents = 0;  // sum of its credit notes (negative), invoices only
    std::int64_t paid_cents = 0;      // payments received, net of their reversals
    std::int64_t refunded_cents = 0;  // refunds paid back, net of their reversals
    // The échéancier of a self-funded trainee's invoice, as printed on it (the last one on
    // due_on); empty when the whole total is due on due_on.
    std::vector<pricing::Instalment> instalments{};
};

}  // namespace formations::domain

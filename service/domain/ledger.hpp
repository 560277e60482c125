#pragma once
// What accountants read: invoices and credit notes with where they stand, the filter and page of
// the list, a period of the exports and the yearly training report figures.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "service/domain/invoice.hpp"

namespace formations::domain {

// Both days included.
struct Period {
    boost::gregorian::date from;
    boost::gregorian::date to;
};

// An invoice or credit note as accountants list it.
struct LedgerDocument {
    Invoice invoice;
    std::optional<std::string> buyer_siret;
    std::int64_t trainee_id = 0;
    std::int64_t session_id = 0;
    std::string session_reference;
    boost::gregorian::date session_starts_on;
    std::string status;  // unpaid / partially_paid / paid / credited; issued for a credit note
};

struct LedgerFilter {
    std::optional<boost::gregorian::date> from;  // issue date, included
    std::optional<boost::gregorian::date> to;    // issue date, included
    std::optional<std::string> kind;             // invoice / credit_note
    std::optional<std::string> status;
    int limit = 50;
    int offset = 0;
};

struct LedgerPage {
    std::vector<LedgerDocument> items;  // by issue date, then in the order they were issued
    std::int64_t total = 0;             // matching documents, all pages
};

struct TraineeFigures {
    std::int64_t trainees = 0;  // registrations with at least one half-day present
    std::int64_t minutes = 0;   // half-days present × the course's half-day length
};

struct TrainingFigures {
    std::int64_t employer_revenue_cents = 0;    // invoices − credit notes, payer employer
    std::int64_t individual_revenue_cents = 0;  // payer trainee (at their own expense)
    TraineeFigures employees;                   // funding employer
    TraineeFigures individuals;                 // funding self
    std::int64_t sessions_delivered = 0;        // sessions with attendance recorded
    std::int64_t delivered_minutes = 0;         // half-days with someone present × length
    std::int64_t sessions_scheduled = 0;        // not cancelled
    std::int64_t scheduled_minutes = 0;         // their course durations
};

}  // namespace formations::domain

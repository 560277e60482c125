#pragma once
// What accountants read: invoices and credit notes with where they stand (filtered and paged, or
// overdue), the postings of a period for the FEC, and the yearly training report figures. Every
// function runs inside the caller's transaction. The exports read through a server-side cursor
// (DECLARE … CURSOR, FETCH 1000 at a time): SOCI's PostgreSQL backend would otherwise hold the
// whole result in memory (libpq keeps every row of a result), whatever the number of invoices.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <soci/soci.h>
#include <boost/date_time/gregorian/gregorian.hpp>

#include "service/storage/invoice_repository.hpp"

namespace formations::storage {

// Both days included.
struct Period {
    boost::gregorian::date from;
    boost::gregorian::date to;
};

// An invoice or credit note as accountants list it (the snapshot is not read).
struct LedgerDocument {
    InvoiceRow invoice;  // snapshot left null
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

LedgerPage list_documents(soci::session& sql, const LedgerFilter& filter);

// Invoices due before `today` with something left to pay, by due date.
std::vector<LedgerDocument> overdue_invoices(soci::session& sql, boost::gregorian::date today);

// Every document issued in the period, by issue date then number order, through a cursor.
void for_each_document(soci::session& sql, const Period& period,
                       const std::function<void(const LedgerDocument&)>& each);

// Ids and numbers of the documents issued in the period, in issue order.
std::vector<std::pair<std::int64_t, std::string>> documents_issued_in(soci::session& sql,
                                                                      const Period& period);

// One posting of the FEC: an invoice or credit note (sales journal) or a payment (bank journal).
struct PostingEvent {
    bool payment = false;
    bool credit_note = false;
    boost::gregorian::date on;
    std::string number;  // the document; for a payment, the invoice it pays
    std::int64_t amount_cents = 0;
    std::optional<std::string> corrects_number;
    std::string method;
    std::optional<std::string> reference;
    std::string payer;
    std::string buyer_name;
    std::optional<std::string> buyer_siret;
    std::int64_t trainee_id = 0;
    // Set when the invoice's 411 lines (invoice, credit note, payments up to the period's end)
    // balance: its rank among the invoices settled in the export, and the day it was settled.
    std::optional<std::int64_t> lettering_index;
    std::optional<boost::gregorian::date> lettered_on;
};

// The postings of the period in chronological order (sales before bank on the same day, then in
// the order they were recorded), through a cursor.
void for_each_posting(soci::session& sql, const Period& period,
                      const std::function<void(const PostingEvent&)>& each);

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

// Revenue by issue date in the period; trainees, hours and sessions for sessions starting in it.
TrainingFigures training_figures(soci::session& sql, const Period& period);

}  // namespace formations::storage

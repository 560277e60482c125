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

#include <boost/date_time/gregorian/greg_date.hpp>

#include "service/domain/ledger.hpp"
#include "service/storage/database.hpp"

namespace formations::storage {

domain::LedgerPage list_documents(soci::session& sql, const domain::LedgerFilter& filter);

// Invoices due before `today` with something left to pay, by due date.
std::vector<domain::LedgerDocument> overdue_invoices(soci::session& sql,
                                                     boost::gregorian::date today);

// Every document issued in the period, by issue date then number order, through a cursor;
// what was credited, paid and refunded, and the status, as of the period's last day.
void for_each_document(soci::session& sql, const domain::Period& period,
                       const std::function<void(const domain::LedgerDocument&)>& each);

// Ids and numbers of the documents issued in the period, in issue order.
std::vector<std::pair<std::int64_t, std::string>> documents_issued_in(soci::session& sql,
                                                                      const domain::Period& period);

// One posting of the FEC: an invoice or credit note (sales journal) or a payment, refund or
// reversal (bank journal).
struct PostingEvent {
    bool payment = false;  // a bank entry
    bool credit_note = false;
    std::string kind;  // invoice / credit_note / payment / refund / reversal
    boost::gregorian::date on;
    std::string number;             // the document; for a bank entry, the invoice it concerns
    std::int64_t amount_cents = 0;  // bank entries: signed, positive when money comes in
    std::optional<std::string> corrects_number;
    std::string method;
    std::optional<std::string> reference;
    std::optional<std::string> reason;
    std::string payer;
    std::string buyer_name;    // as on the document
    std::string account_name;  // one per customer sub-account: its first invoice's buyer name
    std::optional<std::string> buyer_siret;
    std::int64_t trainee_id = 0;
    // Set when every 411 line of the invoice (invoice, credit notes, payments, refunds,
    // reversals up to the period's end) is in this file and they balance: the invoice's id,
    // which names its lettering code in every file, and the day it was settled.
    std::optional<std::int64_t> lettering_index;
    std::optional<boost::gregorian::date> lettered_on;
};

// The postings of the period in chronological order (sales before bank on the same day, then in
// the order they were recorded), through a cursor.
void for_each_posting(soci::session& sql, const domain::Period& period,
                      const std::function<void(const PostingEvent&)>& each);

// The yearly report's figures for the sessions starting in the period (domain/ledger.hpp).
domain::TrainingFigures training_figures(soci::session& sql, const domain::Period& period);

}  // namespace formations::storage

#pragma once
// Invoices and credit notes (immutable rows with the snapshot of everything printed), their
// numbers, their stored PDFs and their payments. Every function runs inside the caller's
// transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "invoices/invoice_document.hpp"
#include "service/domain/clock.hpp"
#include "service/domain/invoice.hpp"
#include "service/storage/database.hpp"

namespace formations::storage {

struct NewInvoice {
    std::string series;
    int year = 0;
    int sequence = 0;
    std::int64_t registration_id = 0;
    std::optional<std::int64_t> corrects_invoice_id;
    std::string payer;            // trainee / employer / funding_body
    invoices::Document document;  // the snapshot: number, dates, buyer, lines, total…
};

// The date and number of a new document of `series`, taken in one statement as late as the
// transaction allows: the series' row (created on first use) is locked until the transaction
// ends, the document is dated `today` or the series' latest date if that is later (another
// process's clock may be a moment ahead, and a document that waited for the lock across
// midnight takes the later date), and the next number of that date's year is taken. Numbers
// therefore follow dates. The number is used by this transaction or given back by its rollback:
// never a gap.
struct TakenNumber {
    boost::gregorian::date issued_on;
    int year = 0;
    int sequence = 0;
};
TakenNumber take_number(soci::session& sql, const std::string& series,
                        boost::gregorian::date today);

std::int64_t insert_invoice(soci::session& sql, const NewInvoice& invoice, Instant at);

std::vector<domain::Invoice> invoices_of_registration(soci::session& sql,
                                                      std::int64_t registration_id);

enum class InvoiceLock { none, for_update };
std::optional<domain::Invoice> find_invoice_by_number(soci::session& sql, const std::string& number,
                                                      InvoiceLock lock = InvoiceLock::none);

// The invoices of a registration that no credit note has cancelled yet (two when a funding
// body pays part of the price), oldest first.
std::vector<domain::Invoice> open_invoices_of_registration(soci::session& sql,
                                                           std::int64_t registration_id);

// The snapshot stored with the document.
invoices::Document invoice_document(soci::session& sql, std::int64_t invoice_id);

std::optional<std::string> stored_pdf(soci::session& sql, std::int64_t invoice_id);
// Keeps the first rendering: a concurrent second one is dropped (the bytes never change).
void store_pdf(soci::session& sql, std::int64_t invoice_id, const std::string& pdf, Instant at);

// A payment, a refund or a reversal (domain/payment.hpp): signed amount, its date.
struct NewPayment {
    std::int64_t invoice_id = 0;
    std::int64_t amount_cents = 0;
    boost::gregorian::date paid_on;
    std::string method;
    std::optional<std::string> reference;
    std::string recorded_by;
    std::string kind = "payment";
    std::optional<std::int64_t> reverses_payment_id{};
    std::optional<std::string> reason{};
};

std::int64_t insert_payment(soci::session& sql, const NewPayment& payment, Instant at);

std::int64_t cancellation_fee_cents(soci::session& sql, std::int64_t course_id);

}  // namespace formations::storage

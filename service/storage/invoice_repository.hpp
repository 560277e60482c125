#pragma once
// Invoices and credit notes (immutable rows with their snapshot), their numbers, their stored
// PDFs and their payments. Every function runs inside the caller's transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>
#include <boost/date_time/gregorian/gregorian.hpp>
#include <nlohmann/json.hpp>

namespace formations::storage {

struct InvoiceRow {
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
    std::int64_t paid_cents = 0;      // sum of its payments, invoices only
    nlohmann::json snapshot;
};

struct NewInvoice {
    std::string kind;
    std::string series;
    int year = 0;
    int sequence = 0;
    std::string number;
    std::int64_t registration_id = 0;
    std::optional<std::int64_t> corrects_invoice_id;
    boost::gregorian::date issued_on;
    boost::gregorian::date due_on;
    std::string payer;
    std::string buyer_name;
    std::optional<std::string> buyer_siret;
    std::int64_t total_cents = 0;
    nlohmann::json snapshot;
};

// Reads the columns of an InvoiceRow, all but the snapshot (left null), from a row that names
// them as InvoiceRow does, dates as ISO text: id, kind, number, registration_id,
// corrects_invoice_id, corrects_number, issued_on, due_on, payer, buyer_name, total_cents,
// credited_cents and paid_cents.
InvoiceRow invoice_columns(const soci::row& row);

// Takes the next number of a series for a year. Locks the counter row until the transaction
// ends: the number is used by this transaction or given back by its rollback — never a gap.
int take_next_sequence(soci::session& sql, const std::string& series, int year);

std::int64_t insert_invoice(soci::session& sql, const NewInvoice& invoice);

std::vector<InvoiceRow> invoices_of_registration(soci::session& sql, std::int64_t registration_id);

enum class InvoiceLock { none, for_update };
std::optional<InvoiceRow> find_invoice_by_number(soci::session& sql, const std::string& number,
                                                 InvoiceLock lock = InvoiceLock::none);

// The invoice of a registration that no credit note has cancelled yet, if any.
std::optional<InvoiceRow> open_invoice_of_registration(soci::session& sql,
                                                       std::int64_t registration_id);

std::optional<std::string> stored_pdf(soci::session& sql, std::int64_t invoice_id);
// Keeps the first rendering: a concurrent second one is dropped (the bytes never change).
void store_pdf(soci::session& sql, std::int64_t invoice_id, const std::string& pdf);

struct NewPayment {
    std::int64_t invoice_id = 0;
    std::int64_t amount_cents = 0;
    boost::gregorian::date paid_on;
    std::string method;
    std::optional<std::string> reference;
    std::string recorded_by;
};

std::int64_t insert_payment(soci::session& sql, const NewPayment& payment);

std::int64_t cancellation_fee_cents(soci::session& sql, std::int64_t course_id);

}  // namespace formations::storage

#pragma once
// Accountants' use cases: the invoice list and the overdue view, the exports of a period (invoice
// CSV, FEC, PDF archive) and the yearly training report figures (Bilan pédagogique et
// financier). The HTTP routes and the `formations export` command run the same functions; the
// text exports write to a sink piece by piece (a few KiB at a time), never the whole file:
//   auto done = write_fec(db, settings, period, [&](std::string_view text) { out << text; });
// The text formats (CSV, FEC, the report's CSV) are the product itself and are written here;
// the JSON answers are the HTTP layer's.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "pricing/money.hpp"
#include "service/app/use_case.hpp"
#include "service/domain/invoice.hpp"
#include "service/domain/ledger.hpp"
#include "service/domain/message.hpp"

namespace formations::app {

using Sink = std::function<void(std::string_view)>;

// --- The period of an export (the HTTP query and the command line give the same errors) ---

// min_year to max_year (domain/iso8601.hpp), four digits.
Result<int> read_year(const std::string& text, const std::string& field = "year");
// `year`, or `from` and `to` (YYYY-MM-DD, both included, from <= to).
Result<domain::Period> read_period(const std::optional<std::string>& year,
                                   const std::optional<std::string>& from,
                                   const std::optional<std::string>& to);

// --- Lists ---

inline constexpr int default_ledger_page = 50;
inline constexpr int max_ledger_page = 500;

// The statuses of a document: unpaid / partially_paid / paid / credited, issued (credit notes).
bool is_document_status(const std::string& status);

Result<domain::LedgerPage> list_documents(storage::Database& db,
                                          const domain::LedgerFilter& filter);

struct OverdueBuyer {
    std::string customer_account;  // as in the FEC (CompAuxNum)
    std::string name;
    std::string payer;  // trainee / employer
    std::optional<std::string> siret;
    std::int64_t invoices = 0;
    pricing::Money amount_due;                    // what is left to pay on its late invoices
    pricing::Money amount_overdue;                // of which fell due (instalments past their date)
    boost::gregorian::date oldest_due_on;         // the first instalment not paid
    std::optional<domain::BuyerContact> contact;  // of its latest overdue invoice
};

struct OverdueReport {
    boost::gregorian::date as_of;
    // Invoices with an instalment past its date and not paid (domain::Overdue), by that date.
    std::vector<domain::LedgerDocument> invoices;
    std::vector<OverdueBuyer> buyers;  // most owed first
    pricing::Money total_due;
    pricing::Money total_overdue;
    // By invoice id: the payment reminders sent or queued (reminders.hpp), newest first.
    std::map<std::int64_t, std::vector<domain::OutboxMessage>> reminders;
};

// As of today.
Result<OverdueReport> overdue_report(storage::Database& db, const Clock& clock,
                                     const invoices::AccountingSettings& settings);

// An invoice's status as the CSV files say it: « Non réglée », « Partiellement réglée »,
// « Réglée », « Annulée par avoir »; « Émis » for a credit note.
std::string document_status_label(const std::string& status);

// What is still to be paid on an invoice (zero for a credit note).
pricing::Money amount_due(const domain::Invoice& invoice);

// The customer sub-account of a document's buyer, as CompAuxNum in the FEC.
std::string customer_account(const invoices::AccountingSettings& settings,
                             const domain::LedgerDocument& document);

// --- Exports ---

// The CSV columns, in order (documented in the README).
extern const std::vector<std::string> invoice_csv_columns;

// One row per invoice and credit note issued in the period (credit notes negative): UTF-8 with a
// byte-order mark, ';' separators, decimal commas, dates DD/MM/YYYY.
Result<Done> write_invoices_csv(storage::Database& db, const invoices::BillingSettings& settings,
                                const domain::Period& period, const Sink& sink);

// The character set of a FEC: ISO 8859-15 by default (LPF art. A47 A-1, III 1°: ASCII,
// ISO 8859-15 or EBCDIC; characters it lacks are written as invoices/latin9.hpp says), or UTF-8
// for the tools that prefer it.
enum class FecEncoding { latin9, utf8 };
// "latin9" (also "iso-8859-15") or "utf-8"; nullopt otherwise.
std::optional<FecEncoding> parse_fec_encoding(const std::string& text);
// The charset parameter of its Content-Type: "iso-8859-15" or "utf-8".
std::string_view charset_of(FecEncoding encoding);

// The FEC of the period: invoices and credit notes in the sales journal, payments, refunds and
// reversals in the bank journal, lettered; closing date = the period's last day.
//
// Lettering, so that every file is balanced within itself and a code means the same invoice in
// every file: an invoice's 411 lines (the invoice, its credit notes, payments, refunds and
// reversals) share a code when all of them are in the file — the invoice was issued in the
// period — and they balance at the period's end. The code is made from the invoice's id
// (fec::lettering_code), so the same group has the same code in a monthly file and in the
// yearly one. An invoice issued in one period and settled in a later one is lettered in
// neither file: its lines are split between them, and a code in one of them would not balance
// there; the accountant's software, which carries the open invoice forward, letters it.
Result<Done> write_fec(storage::Database& db, const invoices::BillingSettings& settings,
                       const domain::Period& period, const Sink& sink,
                       FecEncoding encoding = FecEncoding::latin9);
std::string fec_file_name(const invoices::BillingSettings& settings, const domain::Period& period);

// A ZIP of the PDFs of every invoice and credit note issued in the period, named
// "<number>.pdf", written to `path`. PDFs never rendered yet are rendered and stored first.
// The PDFs go through files of a temporary directory, so memory stays flat.
Result<Done> write_invoices_zip(storage::Database& db, const Clock& clock,
                                const domain::Period& period, const std::string& path);

// --- Yearly training report figures (Bilan pédagogique et financier, cerfa 10443) ---

struct ReportCode {
    std::string code;   // "d", "310"
    std::string label;  // « Autres formations professionnelles »
};

struct TrainingReport {
    int year = 0;
    domain::TrainingFigures figures;
    ReportCode objective;   // F-3: the general objective of the course (settings)
    ReportCode speciality;  // F-4: its NSF speciality (settings)
};

// The label of an F-3 objective, a to f as the cerfa lists them; empty for anything else.
std::string_view objective_label(std::string_view code);

// The labels of the trainee categories, as the cerfa names them.
inline constexpr const char* employees_label = "Salariés d'employeurs privés";
inline constexpr const char* individuals_label = "Particuliers à leurs propres frais";

Result<TrainingReport> training_report(storage::Database& db,
                                       const invoices::AccountingSettings& settings, int year);
// The figures as "Rubrique;Catégorie;Valeur" rows for a French spreadsheet.
std::string training_report_csv(const TrainingReport& report);

// 90 minutes -> "1,50"
std::string hours_text(std::int64_t minutes);

}  // namespace formations::app

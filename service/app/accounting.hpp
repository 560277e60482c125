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

// 2000 to 2999.
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
    pricing::Money amount_due;
    boost::gregorian::date oldest_due_on;
};

struct OverdueReport {
    boost::gregorian::date as_of;
    std::vector<domain::LedgerDocument> invoices;  // by due date
    std::vector<OverdueBuyer> buyers;              // most owed first
    pricing::Money total_due;
    // By invoice id: the payment reminders sent or queued (reminders.hpp), newest first.
    std::map<std::int64_t, std::vector<domain::OutboxMessage>> reminders;
};

// As of today.
Result<OverdueReport> overdue_report(storage::Database& db, const Clock& clock,
                                     const invoices::AccountingSettings& settings);

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

// The FEC of the period: invoices and credit notes in the sales journal, payments in the bank
// journal, lettered; closing date = the period's last day.
Result<Done> write_fec(storage::Database& db, const invoices::BillingSettings& settings,
                       const domain::Period& period, const Sink& sink);
std::string fec_file_name(const invoices::BillingSettings& settings, const domain::Period& period);

// A ZIP of the PDFs of every invoice and credit note issued in the period, named
// "<number>.pdf", written to `path`. PDFs never rendered yet are rendered and stored first.
// The PDFs go through files of a temporary directory, so memory stays flat.
Result<Done> write_invoices_zip(storage::Database& db, const Clock& clock,
                                const domain::Period& period, const std::string& path);

// --- Yearly training report figures (Bilan pédagogique et financier, cerfa 10443) ---

struct TrainingReport {
    int year = 0;
    domain::TrainingFigures figures;
};

// The labels of the trainee categories, as the cerfa names them.
inline constexpr const char* employees_label = "Salariés d'employeurs privés";
inline constexpr const char* individuals_label = "Particuliers à leurs propres frais";

Result<TrainingReport> training_report(storage::Database& db, int year);
// The figures as "Rubrique;Catégorie;Valeur" rows for a French spreadsheet.
std::string training_report_csv(const TrainingReport& report);

// 90 minutes -> "1,50"
std::string hours_text(std::int64_t minutes);

}  // namespace formations::app

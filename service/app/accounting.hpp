#pragma once
// Accountants' use cases: the invoice list and the overdue view, the exports of a period (invoice
// CSV, FEC, PDF archive) and the yearly training report figures (Bilan pédagogique et
// financier). The HTTP routes and the `formations export` command run the same functions; the
// text exports write to a sink piece by piece (a few KiB at a time), never the whole file:
//   auto done = write_fec(db, settings, period, [&](std::string_view text) { out << text; });

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/date_time/gregorian/gregorian.hpp>
#include <nlohmann/json.hpp>

#include "invoices/billing_settings.hpp"
#include "pricing/money.hpp"
#include "service/app/error.hpp"
#include "service/storage/accounting_repository.hpp"
#include "service/storage/database.hpp"

namespace formations::app {

using Sink = std::function<void(std::string_view)>;

// --- Reading the parameters (all 400 errors with a French message) ---

// "2019-06-27" exactly.
Result<boost::gregorian::date> read_day(const std::string& text, const std::string& field);
// 2000 to 2999.
Result<int> read_year(const std::string& text, const std::string& field = "year");
// `year`, or `from` and `to` (both included, from <= to).
Result<storage::Period> read_period(const std::optional<std::string>& year,
                                    const std::optional<std::string>& from,
                                    const std::optional<std::string>& to);

inline constexpr int default_ledger_page = 50;
inline constexpr int max_ledger_page = 500;

struct LedgerQuery {
    std::optional<std::string> from, to, status, kind, limit, offset;
};
Result<storage::LedgerFilter> read_ledger_filter(const LedgerQuery& query);

// --- Lists ---

Result<storage::LedgerPage> list_documents(storage::Database& db,
                                           const storage::LedgerFilter& filter);

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
    std::vector<storage::LedgerDocument> invoices;  // by due date
    std::vector<OverdueBuyer> buyers;               // most owed first
    pricing::Money total_due;
};

Result<OverdueReport> overdue_report(storage::Database& db,
                                     const invoices::AccountingSettings& settings,
                                     boost::gregorian::date today);

// What is still to be paid on an invoice (zero for a credit note).
pricing::Money amount_due(const storage::InvoiceRow& invoice);

// --- Exports ---

// The CSV columns, in order (documented in the README).
extern const std::vector<std::string> invoice_csv_columns;

// One row per invoice and credit note issued in the period (credit notes negative): UTF-8 with a
// byte-order mark, ';' separators, decimal commas, dates DD/MM/YYYY.
Result<Done> write_invoices_csv(storage::Database& db, const invoices::BillingSettings& settings,
                                const storage::Period& period, const Sink& sink);

// The FEC of the period: invoices and credit notes in the sales journal, payments in the bank
// journal, lettered; closing date = the period's last day.
Result<Done> write_fec(storage::Database& db, const invoices::BillingSettings& settings,
                       const storage::Period& period, const Sink& sink);
std::string fec_file_name(const invoices::BillingSettings& settings, const storage::Period& period);

// A ZIP of the PDFs of every invoice and credit note issued in the period, named
// "<number>.pdf", written to `path`. PDFs never rendered yet are rendered and stored first.
// The PDFs go through files of a temporary directory, so memory stays flat.
Result<Done> write_invoices_zip(storage::Database& db, const storage::Period& period,
                                const std::string& path);

// --- Yearly training report figures (Bilan pédagogique et financier, cerfa 10443) ---

struct TrainingReport {
    int year = 0;
    storage::TrainingFigures figures;
};

Result<TrainingReport> training_report(storage::Database& db, int year);
nlohmann::json training_report_json(const TrainingReport& report);
// Same figures as "Rubrique;Catégorie;Valeur" rows for a French spreadsheet.
std::string training_report_csv(const TrainingReport& report);

// 90 minutes -> "1,50"
std::string hours_text(std::int64_t minutes);

}  // namespace formations::app

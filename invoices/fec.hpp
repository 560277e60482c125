#pragma once
// The FEC (fichier des écritures comptables, LPF art. L47 A and A47 A-1): the 18 columns in their
// order, a header line, one tab between fields, dates AAAAMMJJ, amounts with a decimal comma.
// Pure: the export feeds documents and payments in chronological order and writes the lines.
//
// Postings (no VAT line: training is exempt):
//   invoice      VE  debit 411 (customer sub-account) / credit 706
//   credit note  VE  debit 706 / credit 411 (the reverse of the invoice it corrects)
//   payment      BQ  debit 512 / credit 411
//   refund       BQ  debit 411 / credit 512 (money paid back after a credit note)
//   reversal     BQ  the reverse of the payment or refund it cancels
// The 411 lines of an invoice, of its credit notes, payments, refunds and reversals share one
// lettering code once they balance; DateLet is the day the last of them made the balance zero.
// Example:
//   EntryBuilder entries(settings);
//   for (const auto& line : entries.entry(document)) out += format_line(line);

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/date_time/gregorian/gregorian_types.hpp>

#include "invoices/accounting_settings.hpp"
#include "pricing/money.hpp"

namespace formations::invoices::fec {

inline constexpr std::array<std::string_view, 18> columns = {
    "JournalCode", "JournalLib",  "EcritureNum", "EcritureDate", "CompteNum",     "CompteLib",
    "CompAuxNum",  "CompAuxLib",  "PieceRef",    "PieceDate",    "EcritureLib",   "Debit",
    "Credit",      "EcritureLet", "DateLet",     "ValidDate",    "Montantdevise", "Idevise"};
inline constexpr char separator = '\t';
inline constexpr std::string_view line_end = "\r\n";

struct Line {
    std::string journal_code;
    std::string journal_label;
    std::int64_t entry_number = 0;  // continuous within its journal, from 1
    boost::gregorian::date entry_date;
    std::string account;
    std::string account_label;
    std::string aux_account;  // customer sub-account on 411 lines, empty otherwise
    std::string aux_label;
    std::string piece_ref;
    boost::gregorian::date piece_date;
    std::string label;
    pricing::Money debit;
    pricing::Money credit;
    std::string lettering;
    std::optional<boost::gregorian::date> lettered_on;
    boost::gregorian::date valid_date;
    // Montantdevise and Idevise stay empty: every amount is in euros, the accounting currency.
};

// "JournalCode\tJournalLib\t…\tIdevise\r\n"
std::string header();
// One line with its line end. Text fields lose tabs, line breaks and '|' (the other separator
// the FEC allows): they would break the file for the tools that read it.
std::string format_line(const Line& line);

// 2019-06-27 -> "20190627"
std::string format_date(boost::gregorian::date date);
// Tabs, carriage returns, line feeds and '|' become spaces; surrounding spaces are trimmed.
std::string clean_text(std::string_view text);
// 1 -> "AA", 2 -> "AB", 26 -> "AZ", 27 -> "BA", 676 -> "ZZ", 677 -> "AAA": unique per index.
std::string lettering_code(std::int64_t index);
// "<SIREN>FEC<AAAAMMJJ>.txt": the SIREN is the first 9 digits of the SIRET.
std::string file_name(std::string_view seller_siret, boost::gregorian::date closing_date);

// The buyer's sub-account: businesses (employers, funding bodies) by SIRET, trainees paying
// themselves by trainee.
//   customer_account(settings, "employer", "99900000100001", 7) -> "C99900000100001"
//   customer_account(settings, "trainee", {}, 42)                -> "CP000042"
std::string customer_account(const AccountingSettings& settings, std::string_view payer,
                             const std::optional<std::string>& buyer_siret,
                             std::int64_t trainee_id);

struct Lettering {
    std::string code;
    boost::gregorian::date lettered_on;
};

// An invoice or a credit note (total negative) in the sales journal.
struct SalesDocument {
    bool credit_note = false;
    std::string number;
    boost::gregorian::date issued_on;
    pricing::Money total;  // negative for a credit note
    std::string customer_account;
    std::string customer_name;                   // as on the document, in EcritureLib
    std::optional<std::string> corrects_number;  // credit notes: the invoice they correct
    std::optional<Lettering> lettering;          // of the invoice the document belongs to
    // CompAuxLib: one name per sub-account in a file (empty: customer_name).
    std::string account_name{};
};

// A payment received, a refund paid back, or the reversal of one of them.
struct Payment {
    std::string invoice_number;
    boost::gregorian::date paid_on;
    pricing::Money amount;  // signed: positive when money comes in, negative when it goes out
    std::string method;     // transfer / cheque / card / funding_body
    std::optional<std::string> reference;
    std::string customer_account;
    std::string customer_name;            // as on the invoice, in EcritureLib
    std::optional<Lettering> lettering;   // of the invoice it pays
    std::string kind = "payment";         // payment / refund / reversal
    std::optional<std::string> reason{};  // why a reversal was made
    std::string account_name{};           // CompAuxLib (empty: customer_name)
};

// Numbers the entries of each journal (1, 2, 3…) in the order they are given, which must be
// chronological, and turns each into its balanced lines (411 line first).
class EntryBuilder {
  public:
    explicit EntryBuilder(AccountingSettings settings) : settings_(std::move(settings)) {}

    std::vector<Line> entry(const SalesDocument& document);
    std::vector<Line> entry(const Payment& payment);

    std::int64_t sales_entries() const { return sales_entries_; }
    std::int64_t bank_entries() const { return bank_entries_; }

  private:
    AccountingSettings settings_;
    std::int64_t sales_entries_ = 0;
    std::int64_t bank_entries_ = 0;
};

// "virement", "chèque", "carte", "organisme financeur"
std::string_view payment_method_label(std::string_view method);

}  // namespace formations::invoices::fec

#include "invoices/fec.hpp"

#include <cstdio>
#include <stdexcept>

namespace formations::invoices::fec {
namespace {

using boost::gregorian::date;
using pricing::Money;

void append_field(std::string& out, std::string_view value, bool first = false) {
    if (!first) {
        out += separator;
    }
    out += value;
}

std::string optional_date(const std::optional<date>& day) {
    return day ? format_date(*day) : std::string();
}

// What every line of an entry shares: its journal and number, its date (also the piece's and
// the validation date) and its piece.
Line entry_base(const std::string& journal_code, const std::string& journal_label,
                std::int64_t entry_number, date day, const std::string& piece_ref) {
    Line base;
    base.journal_code = journal_code;
    base.journal_label = journal_label;
    base.entry_number = entry_number;
    base.entry_date = day;
    base.piece_ref = piece_ref;
    base.piece_date = day;
    base.valid_date = day;
    return base;
}

// The customer (411) line of an entry, on the customer's sub-account, lettered with the invoice
// it belongs to when that invoice is settled. The caller sets the amount.
Line customer_line(Line base, const AccountingSettings& settings,
                   const std::string& customer_account, const std::string& account_name,
                   const std::optional<Lettering>& lettering) {
    base.account = settings.customer_account;
    base.account_label = settings.customer_account_label;
    base.aux_account = customer_account;
    base.aux_label = account_name;
    if (lettering) {
        base.lettering = lettering->code;
        base.lettered_on = lettering->lettered_on;
    }
    return base;
}

}  // namespace

std::string format_date(date day) {
    char text[32];
    std::snprintf(text, sizeof text, "%04d%02d%02d", static_cast<int>(day.year()),
                  static_cast<int>(day.month()), static_cast<int>(day.day()));
    return text;
}

std::string clean_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        out += (c == '\t' || c == '\r' || c == '\n' || c == '|') ? ' ' : c;
    }
    auto first = out.find_first_not_of(' ');
    if (first == std::string::npos) {
        return {};
    }
    auto last = out.find_last_not_of(' ');
    return out.substr(first, last - first + 1);
}

std::string lettering_code(std::int64_t index) {
    if (index < 1) {
        throw std::invalid_argument("lettering_code: index starts at 1");
    }
    // Two letters for the first 676 codes, then three, and so on: every index its own code.
    std::int64_t rest = index - 1;
    int width = 2;
    std::int64_t block = 26 * 26;
    while (rest >= block) {
        rest -= block;
        ++width;
        block *= 26;
    }
    std::string code(static_cast<std::size_t>(width), 'A');
    for (int i = width - 1; i >= 0; --i) {
        code[static_cast<std::size_t>(i)] = static_cast<char>('A' + rest % 26);
        rest /= 26;
    }
    return code;
}

std::string file_name(std::string_view seller_siret, date closing_date) {
    return std::string(seller_siret.substr(0, 9)) + "FEC" + format_date(closing_date) + ".txt";
}

std::string customer_account(const AccountingSettings& settings, std::string_view payer,
                             const std::optional<std::string>& buyer_siret,
                             std::int64_t trainee_id) {
    if (payer != "trainee" && buyer_siret && !buyer_siret->empty()) {
        return settings.employer_customer_prefix + *buyer_siret;
    }
    char digits[24];
    std::snprintf(digits, sizeof digits, "%06lld", static_cast<long long>(trainee_id));
    return settings.trainee_customer_prefix + digits;
}

std::string header() {
    std::string out;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        append_field(out, columns[i], i == 0);
    }
    out += line_end;
    return out;
}

std::string format_line(const Line& line) {
    std::string out;
    out.reserve(256);
    append_field(out, clean_text(line.journal_code), true);
    append_field(out, clean_text(line.journal_label));
    append_field(out, std::to_string(line.entry_number));
    append_field(out, format_date(line.entry_date));
    append_field(out, clean_text(line.account));
    append_field(out, clean_text(line.account_label));
    append_field(out, clean_text(line.aux_account));
    append_field(out, clean_text(line.aux_label));
    append_field(out, clean_text(line.piece_ref));
    append_field(out, format_date(line.piece_date));
    append_field(out, clean_text(line.label));
    append_field(out, pricing::format_decimal_comma(line.debit));
    append_field(out, pricing::format_decimal_comma(line.credit));
    append_field(out, clean_text(line.lettering));
    append_field(out, optional_date(line.lettered_on));
    append_field(out, format_date(line.valid_date));
    append_field(out, "");  // Montantdevise
    append_field(out, "");  // Idevise
    out += line_end;
    return out;
}

std::string_view payment_method_label(std::string_view method) {
    if (method == "transfer") {
        return "virement";
    }
    if (method == "cheque") {
        return "chèque";
    }
    if (method == "card") {
        return "carte";
    }
    if (method == "funding_body") {
        return "organisme financeur";
    }
    return method;
}

std::vector<Line> EntryBuilder::entry(const SalesDocument& document) {
    ++sales_entries_;
    Line base = entry_base(settings_.sales_journal_code, settings_.sales_journal_label,
                           sales_entries_, document.issued_on, document.number);
    if (document.credit_note) {
        base.label = "Avoir " + document.number +
                     (document.corrects_number ? " sur facture " + *document.corrects_number : "") +
                     " - " + document.customer_name;
    } else {
        base.label = "Facture " + document.number + " - " + document.customer_name;
    }
    // An invoice's total is positive, a credit note's negative: the sign picks the side.
    Money amount = document.total < Money::zero() ? -document.total : document.total;

    Line customer = customer_line(
        base, settings_, document.customer_account,
        document.account_name.empty() ? document.customer_name : document.account_name,
        document.lettering);
    Line revenue = base;
    revenue.account = settings_.revenue_account;
    revenue.account_label = settings_.revenue_account_label;
    if (document.credit_note) {
        customer.credit = amount;
        revenue.debit = amount;
    } else {
        customer.debit = amount;
        revenue.credit = amount;
    }
    return {customer, revenue};
}

std::vector<Line> EntryBuilder::entry(const Payment& payment) {
    ++bank_entries_;
    Line base = entry_base(settings_.bank_journal_code, settings_.bank_journal_label, bank_entries_,
                           payment.paid_on, payment.invoice_number);
    bool money_in = payment.amount > Money::zero();
    std::string what;
    if (payment.kind == "refund") {
        what = "Remboursement facture ";
    } else if (payment.kind == "reversal") {
        what = money_in ? "Annulation remboursement facture " : "Annulation règlement facture ";
    } else {
        what = "Règlement facture ";
    }
    base.label = what + payment.invoice_number + " (" +
                 std::string(payment_method_label(payment.method)) +
                 (payment.reference && !payment.reference->empty() ? " " + *payment.reference
                                                                   : std::string()) +
                 ")" + (payment.reason ? " " + *payment.reason : std::string()) + " - " +
                 payment.customer_name;

    // Money in: debit the bank, credit the customer; money out the other way round.
    Money amount = money_in ? payment.amount : -payment.amount;
    Line bank = base;
    bank.account = settings_.bank_account;
    bank.account_label = settings_.bank_account_label;
    Line customer =
        customer_line(base, settings_, payment.customer_account,
                      payment.account_name.empty() ? payment.customer_name : payment.account_name,
                      payment.lettering);
    if (money_in) {
        bank.debit = amount;
        customer.credit = amount;
    } else {
        customer.debit = amount;
        bank.credit = amount;
    }
    return {customer, bank};
}

}  // namespace formations::invoices::fec

// The FEC writer: column order and header, one tab between fields, dates AAAAMMJJ, decimal
// commas, balanced entries with the right accounts, continuous numbering per journal, lettering
// codes, customer sub-accounts, file name — with concrete numbers.
#include "invoices/fec.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "doctest_printers.hpp"
#include "service/app/accounting.hpp"

using namespace formations::invoices;
using boost::gregorian::date;
using formations::pricing::Money;

namespace {

std::vector<std::string> fields(const std::string& line) {
    REQUIRE(line.ends_with("\r\n"));
    std::vector<std::string> out;
    std::string current;
    for (char c : line.substr(0, line.size() - 2)) {
        if (c == '\t') {
            out.push_back(current);
            current.clear();
        } else {
            current += c;
        }
    }
    out.push_back(current);
    return out;
}

fec::SalesDocument invoice_of_300() {
    return {false,      "FA-2019-00001", date(2019, 6, 3), Money::euros(300),
            "CP000042", "Zoé Lefèvre",   std::nullopt,     fec::Lettering{"AA", date(2019, 7, 1)}};
}

}  // namespace

TEST_CASE("the header names the 18 columns in the order of article A47 A-1") {
    CHECK(fec::header() ==
          "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\t"
          "CompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\t"
          "EcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise\r\n");
    CHECK(fields(fec::header()).size() == 18);
}

TEST_CASE("an invoice is debit 411 (customer sub-account) / credit 706, lettered on its 411 line") {
    fec::EntryBuilder entries{AccountingSettings{}};
    auto lines = entries.entry(invoice_of_300());
    REQUIRE(lines.size() == 2);
    CHECK(fec::format_line(lines[0]) ==
          "VE\tVentes\t1\t20190603\t411000\tClients\tCP000042\tZoé Lefèvre\tFA-2019-00001\t"
          "20190603\tFacture FA-2019-00001 - Zoé Lefèvre\t300,00\t0,00\tAA\t20190701\t20190603\t"
          "\t\r\n");
    CHECK(fec::format_line(lines[1]) ==
          "VE\tVentes\t1\t20190603\t706000\tPrestations de services\t\t\tFA-2019-00001\t"
          "20190603\tFacture FA-2019-00001 - Zoé Lefèvre\t0,00\t300,00\t\t\t20190603\t\t\r\n");
    CHECK(fields(fec::format_line(lines[0])).size() == 18);
    CHECK(fields(fec::format_line(lines[1])).size() == 18);
}

TEST_CASE("a credit note reverses its invoice; a payment is debit 512 / credit 411") {
    fec::EntryBuilder entries{AccountingSettings{}};
    entries.entry(invoice_of_300());
    auto credit = entries.entry(fec::SalesDocument{
        true, "AV-2019-00001", date(2019, 6, 10), Money::from_cents(-25000), "CP000042",
        "Zoé Lefèvre", "FA-2019-00001", fec::Lettering{"AA", date(2019, 7, 1)}});
    REQUIRE(credit.size() == 2);
    CHECK(credit[0].entry_number == 2);
    CHECK(credit[0].account == "411000");
    CHECK(credit[0].credit == Money::euros(250));
    CHECK(credit[0].debit == Money::zero());
    CHECK(credit[0].lettering == "AA");
    CHECK(credit[1].account == "706000");
    CHECK(credit[1].debit == Money::euros(250));
    CHECK(credit[0].label == "Avoir AV-2019-00001 sur facture FA-2019-00001 - Zoé Lefèvre");

    auto payment = entries.entry(
        fec::Payment{"FA-2019-00001", date(2019, 7, 1), Money::from_cents(5000), "transfer",
                     "VIR 123", "CP000042", "Zoé Lefèvre", fec::Lettering{"AA", date(2019, 7, 1)}});
    REQUIRE(payment.size() == 2);
    CHECK(fec::format_line(payment[0]) ==
          "BQ\tBanque\t1\t20190701\t411000\tClients\tCP000042\tZoé Lefèvre\tFA-2019-00001\t"
          "20190701\tRèglement facture FA-2019-00001 (virement VIR 123) - Zoé Lefèvre\t0,00\t"
          "50,00\tAA\t20190701\t20190701\t\t\r\n");
    CHECK(fec::format_line(payment[1]) ==
          "BQ\tBanque\t1\t20190701\t512000\tBanque\t\t\tFA-2019-00001\t20190701\t"
          "Règlement facture FA-2019-00001 (virement VIR 123) - Zoé Lefèvre\t50,00\t0,00\t\t\t"
          "20190701\t\t\r\n");
    // Lettered lines balance: 300 − 250 − 50.
    CHECK(Money::euros(300) - credit[0].credit - payment[0].credit == Money::zero());
    CHECK(entries.sales_entries() == 2);
    CHECK(entries.bank_entries() == 1);
}

TEST_CASE("every entry balances and numbers are continuous per journal") {
    fec::EntryBuilder entries{AccountingSettings{}};
    std::vector<std::vector<fec::Line>> all;
    for (int i = 0; i < 5; ++i) {
        auto document = invoice_of_300();
        document.total = Money::from_cents(12345 * (i + 1));
        document.lettering.reset();
        all.push_back(entries.entry(document));
        all.push_back(entries.entry(fec::Payment{"FA", date(2019, 6, 4), Money::from_cents(99 + i),
                                                 "cheque", std::nullopt, "C1", "X", std::nullopt}));
    }
    std::int64_t expected_sales = 0, expected_bank = 0;
    for (const auto& entry : all) {
        Money debit, credit;
        for (const auto& line : entry) {
            debit += line.debit;
            credit += line.credit;
            CHECK(line.entry_number == entry[0].entry_number);
            CHECK(line.lettering.empty());
            CHECK_FALSE(line.lettered_on);
        }
        CHECK(debit == credit);
        CHECK(debit > Money::zero());
        if (entry[0].journal_code == "VE") {
            CHECK(entry[0].entry_number == ++expected_sales);
        } else {
            CHECK(entry[0].entry_number == ++expected_bank);
        }
    }
    CHECK(expected_sales == 5);
    CHECK(expected_bank == 5);
}

TEST_CASE("journals, accounts and labels come from the settings") {
    AccountingSettings settings;
    settings.sales_journal_code = "VT";
    settings.sales_journal_label = "Ventes formation";
    settings.customer_account = "41100000";
    settings.revenue_account = "70610000";
    settings.revenue_account_label = "Formations";
    fec::EntryBuilder entries{settings};
    auto lines = entries.entry(invoice_of_300());
    CHECK(lines[0].journal_code == "VT");
    CHECK(lines[0].journal_label == "Ventes formation");
    CHECK(lines[0].account == "41100000");
    CHECK(lines[1].account == "70610000");
    CHECK(lines[1].account_label == "Formations");
}

TEST_CASE("text never breaks the file: tabs, line breaks and pipes become spaces") {
    CHECK(fec::clean_text("  Société\tFictive\r\nŒuvre | Cie ") == "Société Fictive  Œuvre   Cie");
    fec::EntryBuilder entries{AccountingSettings{}};
    auto document = invoice_of_300();
    document.customer_name = "Nom\tavec\ntabulation";
    auto line = fec::format_line(entries.entry(document)[0]);
    CHECK(fields(line).size() == 18);
    CHECK(fields(line)[7] == "Nom avec tabulation");
}

TEST_CASE("dates are AAAAMMJJ, amounts have a comma and no thousands separator") {
    CHECK(fec::format_date(date(2019, 1, 5)) == "20190105");
    CHECK(fec::format_date(date(2019, 12, 31)) == "20191231");
    fec::Line line;
    line.entry_date = line.piece_date = line.valid_date = date(2019, 10, 24);
    line.debit = Money::from_cents(123456789);
    auto cells = fields(fec::format_line(line));
    CHECK(cells[11] == "1234567,89");
    CHECK(cells[12] == "0,00");
    CHECK(cells[14] == "");  // no DateLet without lettering
}

TEST_CASE("lettering codes are unique: AA…ZZ then AAA…") {
    CHECK(fec::lettering_code(1) == "AA");
    CHECK(fec::lettering_code(2) == "AB");
    CHECK(fec::lettering_code(26) == "AZ");
    CHECK(fec::lettering_code(27) == "BA");
    CHECK(fec::lettering_code(676) == "ZZ");
    CHECK(fec::lettering_code(677) == "AAA");
    CHECK(fec::lettering_code(677 + 17575) == "ZZZ");
    CHECK(fec::lettering_code(677 + 17576) == "AAAA");
    CHECK_THROWS(fec::lettering_code(0));
}

TEST_CASE("customer sub-accounts: employers by SIRET, trainees by trainee") {
    AccountingSettings settings;
    CHECK(fec::customer_account(settings, "employer", std::string("99900000100001"), 7) ==
          "C99900000100001");
    CHECK(fec::customer_account(settings, "trainee", std::nullopt, 42) == "CP000042");
    CHECK(fec::customer_account(settings, "trainee", std::nullopt, 1234567) == "CP1234567");
    // A funding body is a business customer like an employer: by its SIRET.
    CHECK(fec::customer_account(settings, "funding_body", std::string("99900000900004"), 7) ==
          "C99900000900004");
}

TEST_CASE("a refund is debit 411 / credit 512; a reversal reverses its entry, saying why") {
    fec::EntryBuilder entries{AccountingSettings{}};
    auto refund = entries.entry(fec::Payment{"FA-2019-00001", date(2019, 7, 8),
                                             Money::from_cents(-30000), "transfer", "VIR 9",
                                             "CP000042", "Zoé Lefèvre", std::nullopt, "refund"});
    REQUIRE(refund.size() == 2);
    CHECK(refund[0].account == "411000");
    CHECK(refund[0].debit == Money::euros(300));
    CHECK(refund[0].credit == Money::zero());
    CHECK(refund[1].account == "512000");
    CHECK(refund[1].credit == Money::euros(300));
    CHECK(refund[0].label == "Remboursement facture FA-2019-00001 (virement VIR 9) - Zoé Lefèvre");

    auto reversal =
        entries.entry(fec::Payment{"FA-2019-00002", date(2019, 7, 9), Money::from_cents(-5000),
                                   "cheque", "CHQ 1", "C99900000100001", "Coop Fictive",
                                   std::nullopt, "reversal", "Chèque rejeté", "Coopérative"});
    CHECK(reversal[0].entry_number == 2);
    CHECK(reversal[0].debit == Money::euros(50));
    CHECK(reversal[1].credit == Money::euros(50));
    CHECK(reversal[0].aux_label == "Coopérative");  // the account's one name
    CHECK(reversal[0].label ==
          "Annulation règlement facture FA-2019-00002 (chèque CHQ 1) Chèque rejeté - Coop Fictive");
    auto undone = entries.entry(fec::Payment{
        "FA-2019-00001", date(2019, 7, 10), Money::from_cents(30000), "transfer", std::nullopt,
        "CP000042", "Zoé Lefèvre", std::nullopt, "reversal", "Virement revenu"});
    CHECK(undone[0].credit == Money::euros(300));
    CHECK(undone[1].debit == Money::euros(300));
    CHECK(undone[0].label.starts_with("Annulation remboursement facture FA-2019-00001"));
}

TEST_CASE("the file is named <SIREN>FEC<closing date>.txt") {
    CHECK(fec::file_name("99900000400005", date(2019, 12, 31)) == "999000004FEC20191231.txt");
}

TEST_CASE("period parameters: a year, or both days of a range") {
    using formations::app::read_period;
    auto year = read_period(std::string("2019"), std::nullopt, std::nullopt);
    REQUIRE(year.ok());
    CHECK(year->from == date(2019, 1, 1));
    CHECK(year->to == date(2019, 12, 31));
    auto range = read_period(std::nullopt, std::string("2019-06-01"), std::string("2019-06-30"));
    REQUIRE(range.ok());
    CHECK(range->to == date(2019, 6, 30));
    CHECK(read_period(std::nullopt, std::nullopt, std::nullopt).error().code == "period_required");
    CHECK(read_period(std::nullopt, std::string("2019-06-30"), std::string("2019-06-01"))
              .error()
              .code == "invalid_period");
    CHECK(read_period(std::nullopt, std::string("2019-02-30"), std::string("2019-06-01"))
              .error()
              .code == "invalid_date");
    for (const char* text : {"19", "1999", "2101", "2999", "9999", "0219"}) {
        CHECK_MESSAGE(read_period(std::string(text), std::nullopt, std::nullopt).error().code ==
                          "invalid_year",
                      text);
    }
    CHECK(read_period(std::string("2100"), std::nullopt, std::nullopt).ok());
    CHECK(read_period(std::nullopt, std::string("1400-01-01"), std::string("2019-06-01"))
              .error()
              .code == "invalid_date");
    CHECK(formations::app::hours_text(90) == "1,50");
    CHECK(formations::app::hours_text(210) == "3,50");
    CHECK(formations::app::hours_text(20) == "0,33");
}

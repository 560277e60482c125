// Accountants' guarantees: the FEC of a realistic month (self-funded, member and non-member
// registrations, a cancellation with its credit note, partial and full payments) matches the
// invoices and payments to the cent, every entry balances, numbering is continuous per journal,
// entries are chronological and lettering is right; the CSV sums to invoices minus credit notes;
// periods include both their days; paging is exact; exports stream; only accountants and admins.

#include <cstdio>
#include <map>
#include <set>
#include <stdexcept>

#include <doctest/doctest.h>
#include <boost/date_time/gregorian/gregorian.hpp>

#include "invoices/numbering.hpp"
#include "service/storage/embedded_sql.hpp"
#include "tests/support/contract_signing.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/staff_client.hpp"
#include "tests/support/test_clock.hpp"
#include "tests/support/test_database.hpp"
#include "tests/support/zip_reader.hpp"

using namespace formations;
using boost::gregorian::date;
using nlohmann::json;
using testing::bearer;
using testing::http_request;
using testing::HttpResponse;
using testing::post_json;

namespace {

std::string iso(date day) {
    return boost::gregorian::to_iso_extended_string(day);
}

date today() {
    return testing::today();
}

std::string compact(date day) {
    char text[32];
    std::snprintf(text, sizeof text, "%04d%02d%02d", static_cast<int>(day.year()),
                  static_cast<int>(day.month()), static_cast<int>(day.day()));
    return text;
}

// "1234,50" / "-300,00" -> cents
long long cents_of(const std::string& amount) {
    auto comma = amount.find(',');
    REQUIRE(comma != std::string::npos);
    REQUIRE(amount.size() == comma + 3);
    bool negative = amount[0] == '-';
    long long units = std::stoll(amount.substr(negative ? 1 : 0, comma - (negative ? 1 : 0)));
    long long value = units * 100 + std::stoll(amount.substr(comma + 1));
    return negative ? -value : value;
}

std::vector<std::string> split(const std::string& line, char separator) {
    std::vector<std::string> out;
    std::string current;
    for (char c : line) {
        if (c == separator) {
            out.push_back(current);
            current.clear();
        } else {
            current += c;
        }
    }
    out.push_back(current);
    return out;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find("\r\n", start);
        REQUIRE(end != std::string::npos);  // every line ends with CRLF
        lines.push_back(text.substr(start, end - start));
        start = end + 2;
    }
    return lines;
}

// A GET of the exports (they stream: Transfer-Encoding: chunked when large).
HttpResponse fetch(int port, const std::string& path, const std::string& token) {
    return http_request(
        port, "GET", path, "",
        token.empty() ? std::map<std::string, std::string>{} : testing::bearer(token));
}

// Runs the binary and returns its standard output.
std::string run_output(const std::string& arguments, const std::string& database_url) {
    auto run = testing::run_formations(arguments, database_url);
    REQUIRE(run.status == 0);
    return run.output;
}

// The FEC read back, with the checks every FEC must pass: header, 18 fields, dates AAAAMMJJ,
// entries contiguous and balanced, numbers 1, 2, 3… per journal, dates never going back.
struct FecLine {
    std::string journal, number, date, account, aux, piece, label, lettering, lettered_on,
        valid_date;
    long long debit = 0, credit = 0;
};

std::vector<FecLine> read_fec(const std::string& text) {
    auto lines = lines_of(text);
    REQUIRE_FALSE(lines.empty());
    CHECK(lines[0] ==
          "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\t"
          "CompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\t"
          "EcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise");
    std::vector<FecLine> out;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        auto f = split(lines[i], '\t');
        REQUIRE(f.size() == 18);
        FecLine line{f[0],
                     f[2],
                     f[3],
                     f[4],
                     f[6],
                     f[8],
                     f[10],
                     f[13],
                     f[14],
                     f[15],
                     cents_of(f[11]),
                     cents_of(f[12])};
        CHECK(line.date.size() == 8);
        CHECK(line.valid_date == line.date);
        CHECK(f[9].size() == 8);
        CHECK(line.lettered_on.size() == (line.lettering.empty() ? 0 : 8));
        CHECK(f[16].empty());
        CHECK(f[17].empty());
        out.push_back(line);
    }
    std::map<std::string, long long> last_number;
    std::map<std::pair<std::string, std::string>, long long> balance;
    std::string last_date;
    std::pair<std::string, std::string> current;
    std::set<std::pair<std::string, std::string>> closed;
    for (const auto& line : out) {
        std::pair<std::string, std::string> key{line.journal, line.number};
        if (key != current) {
            CHECK_MESSAGE(!closed.contains(key), "entry lines are contiguous");
            if (!current.first.empty()) {
                closed.insert(current);
            }
            current = key;
            // The next number of its journal.
            CHECK(std::stoll(line.number) == ++last_number[line.journal]);
        }
        CHECK(line.date >= last_date);  // chronological
        last_date = line.date;
        balance[key] += line.debit - line.credit;
    }
    for (const auto& [key, difference] : balance) {
        CHECK_MESSAGE(difference == 0, (key.first + " " + key.second + " balances"));
    }
    return out;
}

long long sum(const std::vector<FecLine>& lines, const std::string& journal,
              const std::string& account, bool debit) {
    long long total = 0;
    for (const auto& line : lines) {
        if (line.journal == journal && line.account == account) {
            total += debit ? line.debit : line.credit;
        }
    }
    return total;
}

// Money columns of the CSV read back: number -> Montant HT in cents.
std::map<std::string, long long> read_csv(const std::string& text) {
    REQUIRE(text.starts_with("\xEF\xBB\xBF"));
    auto lines = lines_of(text.substr(3));
    REQUIRE_FALSE(lines.empty());
    CHECK(lines[0] ==
          "Numéro;Type;Date;Échéance;Facture corrigée;Payeur;Client;SIRET client;Compte client;"
          "Inscription;Session;Début de session;Montant HT;TVA;Montant TTC;"
          "Réglé (fin de période);Remboursé (fin de période);Reste dû (fin de période);"
          "À rembourser (fin de période);Statut (fin de période);Échéancier");
    std::map<std::string, long long> amounts;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        auto cells = split(lines[i], ';');
        REQUIRE(cells.size() == 21);
        amounts[cells[0]] = cents_of(cells[12]);
        CHECK(cents_of(cells[14]) == cents_of(cells[12]));
        CHECK(cells[13] == "0,00");
        // A self-funded trainee's invoice issued at the signature: its instalments.
        if (cells[5] == "Stagiaire" && cells[1] == "Facture" && !cells[20].empty()) {
            CHECK(cells[20].starts_with("90,00 le "));
        }
    }
    return amounts;
}

struct Books {
    testing::TestDatabase db{true, true};
    testing::ServerProcess server{db.url()};
    std::string accountant =
        testing::staff_token(db.url(), server.port(), "compta@exemple.fr", app::Role::accountant);

    HttpResponse get(const std::string& path, const std::string& token) {
        return http_request(server.port(), "GET", path, "", bearer(token));
    }
    json get_json(const std::string& path) {
        auto response = get(path, accountant);
        REQUIRE_MESSAGE(response.status == 200, response.body);
        return response.json();
    }
    long long count(const std::string& query) { return db.count(query); }
};

json register_self(int port, long long session, const std::string& email) {
    auto response =
        testing::register_and_sign(port, {{"session_id", session},
                                          {"funding", "self"},
                                          {"trainee",
                                           {{"first_name", "Zoé"},
                                            {"last_name", "Lefèvre"},
                                            {"email", email},
                                            {"address", "12 rue des Œillets\n44000 Nantes"}}}});
    REQUIRE(response.status == 201);
    return response.json();
}

json register_employed(int port, long long session, const std::string& email,
                       const std::string& siret, const std::string& name) {
    auto response =
        post_json(port, "/api/v1/registrations",
                  {{"session_id", session},
                   {"funding", "employer"},
                   {"trainee", {{"first_name", "Léo"}, {"last_name", "Garnier"}, {"email", email}}},
                   {"employer", {{"siret", siret}, {"name", name}, {"address", "1 rue, Paris"}}}});
    REQUIRE(response.status == 201);
    return response.json();
}

// Documents dated at will: inserted with SQL in a test series (TS) next to a real invoice whose
// snapshot, registration and buyer they borrow; the immutability triggers allow inserts.
void insert_document(testing::TestDatabase& db, const std::string& number, date issued, date due,
                     long long cents, const std::string& like_number) {
    std::string issued_text = iso(issued), due_text = iso(due), model = like_number, name = number;
    int year = static_cast<int>(issued.year());
    int sequence = std::stoi(number.substr(number.rfind('-') + 1));
    db.sql() << "INSERT INTO invoices (kind, series, year, sequence, number, registration_id,"
                " issued_on, due_on, payer, buyer_name, buyer_siret, total_cents, snapshot)"
                " SELECT 'invoice', 'TS', :year, :sequence, :number, registration_id,"
                " CAST(:issued AS date), CAST(:due AS date), payer, buyer_name, buyer_siret,"
                " :cents, snapshot FROM invoices WHERE number = :model",
        soci::use(year), soci::use(sequence), soci::use(name), soci::use(issued_text),
        soci::use(due_text), soci::use(cents), soci::use(model);
}

void insert_payment(testing::TestDatabase& db, const std::string& number, date paid,
                    long long cents) {
    std::string paid_text = iso(paid), invoice = number;
    db.sql() << "INSERT INTO payments (invoice_id, amount_cents, paid_on, method, reference,"
                " recorded_by) SELECT id, :cents, CAST(:paid AS date), 'cheque', 'CHQ',"
                " 'test' FROM invoices WHERE number = :number",
        soci::use(cents), soci::use(paid_text), soci::use(invoice);
}

std::string current_number(const std::string& prefix, int sequence) {
    return invoices::format_number(prefix, static_cast<int>(today().year()), sequence);
}

}  // namespace

TEST_CASE("a month of registrations, a cancellation and payments: FEC, CSV, list, BPF, PDFs") {
    Books books;
    REQUIRE(books.count("SELECT count(*) FROM invoices") == 0);
    auto session = books.db.add_session(10, 40);
    int port = books.server.port();
    auto self = register_self(port, session, "zoe@exemple.fr");  // FA 1: 300 €
    auto member = register_employed(port, session, "leo@exemple.fr", "99900000100001",
                                    "Coopérative Sociétaire Fictive");  // FA 2: 500 €
    auto outsider = register_employed(port, session, "ana@exemple.fr", "73282932000074",
                                      "Autre Entreprise SA");         // FA 3: 700 €
    auto cancelled = register_self(port, session, "eve@exemple.fr");  // FA 4: 300 €, then AV 1
    auto second_member = register_employed(port, session, "max@exemple.fr", "99900000100001",
                                           "Coopérative Sociétaire Fictive");  // FA 5: 500 €
    std::string cancel_path = "/api/v1/registrations/" + cancelled["token"].get<std::string>();
    REQUIRE(http_request(port, "POST", cancel_path + "/cancel").status == 200);

    auto pay = [&](int sequence, long long cents) {
        auto response =
            post_json(port, "/api/v1/invoices/" + current_number("FA", sequence) + "/payments",
                      {{"amount_cents", cents},
                       {"paid_on", iso(today())},
                       {"method", "transfer"},
                       {"reference", "VIR " + std::to_string(sequence)}},
                      bearer(books.accountant));
        REQUIRE_MESSAGE(response.status == 201, response.body);
        return response.json();
    };
    CHECK(pay(1, 10000)["status"] == "partially_paid");
    CHECK(pay(2, 20000)["status"] == "partially_paid");
    CHECK(pay(2, 30000)["status"] == "paid");
    CHECK(pay(3, 70000)["status"] == "paid");

    std::string year = std::to_string(today().year());
    long long invoiced = books.count("SELECT sum(total_cents) FROM invoices WHERE kind='invoice'");
    long long credited =
        books.count("SELECT -sum(total_cents) FROM invoices WHERE kind='credit_note'");
    long long paid = books.count("SELECT sum(amount_cents) FROM payments");
    REQUIRE(invoiced == 230000);
    REQUIRE(credited == 30000);
    REQUIRE(paid == 130000);

    SUBCASE("the FEC matches the invoices and payments, balanced and lettered") {
        auto response = fetch(port, "/api/v1/exports/fec?year=" + year, books.accountant);
        REQUIRE(response.status == 200);
        // ISO 8859-15 by default, one of the character sets of A47 A-1.
        CHECK(response.headers["content-type"] == "text/plain; charset=iso-8859-15");
        CHECK(response.headers["content-disposition"] ==
              "attachment; filename=\"999000004FEC" + year + "1231.txt\"");
        auto fec = read_fec(response.body);
        CHECK(fec.size() == 2 * (6 + 4));  // 5 invoices + 1 credit note, 4 payments
        CHECK(sum(fec, "VE", "411000", true) == invoiced);
        CHECK(sum(fec, "VE", "411000", false) == credited);
        CHECK(sum(fec, "VE", "706000", false) - sum(fec, "VE", "706000", true) ==
              invoiced - credited);
        CHECK(sum(fec, "BQ", "512000", true) == paid);
        CHECK(sum(fec, "BQ", "411000", false) == paid);
        CHECK(sum(fec, "BQ", "512000", false) == 0);

        // Customer sub-accounts: the two invoices of the member SIRET share theirs.
        std::map<std::string, long long> customer_balance;
        for (const auto& line : fec) {
            if (line.account == "411000") {
                CHECK_FALSE(line.aux.empty());
                customer_balance[line.aux] += line.debit - line.credit;
            } else {
                CHECK(line.aux.empty());
            }
        }
        CHECK(customer_balance["C99900000100001"] == 50000);  // FA 5 unpaid
        CHECK(customer_balance["C73282932000074"] == 0);
        CHECK(customer_balance.size() == 4);

        // Lettering: FA 2 with its two payments, FA 3 with its payment, FA 4 with its credit
        // note; FA 1 (partly paid) and FA 5 (unpaid) stay open.
        std::map<std::string, std::vector<FecLine>> lettered;
        for (const auto& line : fec) {
            if (!line.lettering.empty()) {
                CHECK(line.account == "411000");
                CHECK(line.lettered_on == compact(today()));
                lettered[line.lettering].push_back(line);
            }
        }
        // One code per settled invoice, each group balanced.
        std::set<std::multiset<std::string>> groups;
        for (const auto& [code, lines] : lettered) {
            long long balance = 0;
            std::multiset<std::string> found;
            for (const auto& line : lines) {
                balance += line.debit - line.credit;
                found.insert(line.journal + " " + line.piece);
            }
            CHECK_MESSAGE(balance == 0, code);
            groups.insert(found);
        }
        CHECK(groups == std::set<std::multiset<std::string>>{
                            {"VE " + current_number("FA", 2), "BQ " + current_number("FA", 2),
                             "BQ " + current_number("FA", 2)},
                            {"VE " + current_number("FA", 3), "BQ " + current_number("FA", 3)},
                            {"VE " + current_number("FA", 4), "VE " + current_number("AV", 1)}});

        // The command line writes the same file.
        CHECK(run_output("export fec --year " + year, books.db.url()) == response.body);
    }

    SUBCASE("the CSV sums to invoices minus credit notes") {
        auto response =
            fetch(port, "/api/v1/exports/invoices.csv?from=" + iso(today()) + "&to=" + iso(today()),
                  books.accountant);
        REQUIRE(response.status == 200);
        CHECK(response.headers["content-type"] == "text/csv; charset=utf-8");
        auto amounts = read_csv(response.body);
        CHECK(amounts.size() == 6);
        long long total = 0;
        for (const auto& [number, cents] : amounts) {
            total += cents;
        }
        CHECK(total == invoiced - credited);
        CHECK(amounts[current_number("AV", 1)] == -30000);
        // Self-funded invoices, issued at the signature: their échéancier ends the row.
        CHECK(response.body.find(";Partiellement réglée;90,00 le ") != std::string::npos);
        CHECK(response.body.find(";Annulée par avoir;90,00 le ") != std::string::npos);
        CHECK(run_output("export invoices-csv --from " + iso(today()) + " --to " + iso(today()),
                         books.db.url()) == response.body);
    }

    SUBCASE("the list shows each document with where it stands, its registration and session") {
        auto page = books.get_json("/api/v1/invoices?from=" + iso(today()) + "&to=" + iso(today()));
        CHECK(page["total"] == 6);
        REQUIRE(page["items"].size() == 6);
        auto first = page["items"][0];
        CHECK(first["number"] == current_number("FA", 1));
        CHECK(first["status"] == "partially_paid");
        CHECK(first["amount_paid_cents"] == 10000);
        CHECK(first["amount_due_cents"] == 20000);
        CHECK(first["buyer_name"] == "Zoé Lefèvre");
        CHECK(first["registration_id"] == self["id"]);
        CHECK(first["session"]["id"] == session);
        CHECK_FALSE(first["session"]["reference"].get<std::string>().empty());
        auto unpaid = books.get_json("/api/v1/invoices?status=unpaid");
        REQUIRE(unpaid["total"] == 1);
        CHECK(unpaid["items"][0]["number"] == current_number("FA", 5));
        CHECK(books.get_json("/api/v1/invoices?status=paid")["total"] == 2);
        CHECK(books.get_json("/api/v1/invoices?status=credited")["total"] == 1);
        auto notes = books.get_json("/api/v1/invoices?kind=credit_note");
        REQUIRE(notes["total"] == 1);
        CHECK(notes["items"][0]["total_cents"] == -30000);
        CHECK(notes["items"][0]["corrects"] == current_number("FA", 4));
        CHECK(books.get("/api/v1/invoices?status=lost", books.accountant).status == 400);
        CHECK(books.get("/api/v1/invoices?limit=0", books.accountant).status == 400);
        CHECK(books.get("/api/v1/invoices?from=2019-02-30", books.accountant).status == 400);
        // Nothing is overdue yet: every due date is ahead.
        CHECK(books.get_json("/api/v1/invoices/overdue")["total_due_cents"] == 0);
    }

    SUBCASE("the yearly report: revenue by payer, trainees and hours from attendance") {
        // Attendance: Zoé 4 half-days, Léo 3 of 4, Ana 4; the cancelled and Max none.
        auto session_start = date(
            boost::gregorian::from_simple_string(self["session"]["starts_on"].get<std::string>()));
        auto mark = [&](const json& registration, int day, const std::string& half, bool present) {
            long long id = registration["id"];
            std::string day_text = iso(session_start + boost::gregorian::days(day)),
                        half_text = half;
            int present_flag = present ? 1 : 0;
            books.db.sql() << "INSERT INTO attendance (registration_id, day, half, present,"
                              " recorded_by) VALUES (:id, CAST(:day AS date), :half,"
                              " CAST(:present AS integer) = 1, 'test')",
                soci::use(id), soci::use(day_text), soci::use(half_text), soci::use(present_flag);
        };
        std::string session_year = std::to_string(session_start.year());
        // Products are those of the training delivered: none while the session is not held.
        auto before = books.get_json("/api/v1/reports/bpf?year=" + session_year);
        CHECK(before["revenue_excl_tax_cents"]["total"] == 0);
        for (int day = 0; day < 2; ++day) {
            for (std::string half : {"am", "pm"}) {
                mark(self, day, half, true);
                mark(outsider, day, half, true);
                mark(member, day, half, !(day == 1 && half == "pm"));
            }
        }
        books.db.sql() << "UPDATE sessions SET trainer = 'Claire Fontaine' WHERE id = " +
                              std::to_string(session);
        // The outsider's 700 € were in fact paid by its OPCO: the transfer is reversed and the
        // OPCO's payment recorded; it counts under the funding bodies.
        auto fa3 = current_number("FA", 3);
        long long transfer =
            books.get_json("/api/v1/invoices/" + fa3 + "/payments")["entries"][0]["id"];
        REQUIRE(post_json(port,
                          "/api/v1/invoices/" + fa3 + "/payments/" + std::to_string(transfer) +
                              "/reversal",
                          {{"reversed_on", iso(today())}, {"reason", "Payé par l'OPCO"}},
                          bearer(books.accountant))
                    .status == 201);
        REQUIRE(
            post_json(
                port, "/api/v1/invoices/" + fa3 + "/payments",
                {{"amount_cents", 70000}, {"paid_on", iso(today())}, {"method", "funding_body"}},
                bearer(books.accountant))
                .status == 201);
        auto report = books.get_json("/api/v1/reports/bpf?year=" + session_year);
        CHECK(report["revenue_excl_tax_cents"]["employers"] == 100000);  // 500 + 500
        CHECK(report["revenue_excl_tax_cents"]["funding_bodies"] == 70000);
        CHECK(report["revenue_excl_tax_cents"]["individuals"] == 30000);  // 300 + 300 − 300
        CHECK(report["revenue_excl_tax_cents"]["total"] == invoiced - credited);
        // Of the session's year, whatever the year the invoices were issued in.
        if (session_year != year) {
            CHECK(books.get_json("/api/v1/reports/bpf?year=" +
                                 year)["revenue_excl_tax_cents"]["total"] == 0);
        }
        CHECK(report["trainers"]["count"] == 1);
        CHECK(report["trainers"]["by_trainer"][0]["name"] == "Claire Fontaine");
        CHECK(report["trainers"]["by_trainer"][0]["hours"] == 14.0);
        CHECK(report["objective"]["code"] == "d");
        CHECK(report["objective"]["label"] == "Autres formations professionnelles");
        CHECK(report["speciality"]["code"] == "310");
        CHECK(report["speciality"]["trainee_hours"] == 38.5);
        CHECK(report["trainees"]["individuals"]["trainees"] == 1);
        CHECK(report["trainees"]["individuals"]["trainee_minutes"] == 4 * 210);
        CHECK(report["trainees"]["individuals"]["trainee_hours"] == 14.0);
        CHECK(report["trainees"]["employees"]["trainees"] == 2);
        CHECK(report["trainees"]["employees"]["trainee_minutes"] == 7 * 210);
        CHECK(report["trainees"]["total"]["trainees"] == 3);
        CHECK(report["sessions"]["delivered"] == 1);
        CHECK(report["sessions"]["delivered_hours"] == 14.0);
        CHECK(report["sessions"]["scheduled"] >= 1);

        auto csv =
            books.get("/api/v1/reports/bpf?year=" + session_year + "&format=csv", books.accountant);
        REQUIRE(csv.status == 200);
        CHECK(csv.header("content-type") == "text/csv; charset=utf-8");
        CHECK(
            csv.body.starts_with("\xEF\xBB\xBF"
                                 "Rubrique;Catégorie;Valeur\r\n"));
        CHECK(csv.body.find("Heures-stagiaires;Salariés d'employeurs privés;24,50\r\n") !=
              std::string::npos);
        CHECK(csv.body.find("Heures-stagiaires;Particuliers à leurs propres frais;14,00\r\n") !=
              std::string::npos);
        CHECK(csv.body.find("Produits HT;Opérateurs de compétences et autres organismes "
                            "financeurs;700,00\r\n") != std::string::npos);
        CHECK(csv.body.find("Heures de formation dispensées par formateur;Claire Fontaine;"
                            "14,00\r\n") != std::string::npos);
        CHECK(csv.body.find("Stagiaires par objectif;F-3 d – Autres formations "
                            "professionnelles;3\r\n") != std::string::npos);
        CHECK(books.get("/api/v1/reports/bpf", books.accountant).status == 400);
        CHECK(books.get("/api/v1/reports/bpf?year=2019&format=xml", books.accountant).status ==
              400);
        auto cli = json::parse(run_output("export bpf --year " + session_year, books.db.url()));
        CHECK(cli == report);
    }

    SUBCASE("the PDF archive holds every document of the period, named by number") {
        auto response =
            fetch(port, "/api/v1/exports/invoices.zip?from=" + iso(today()) + "&to=" + iso(today()),
                  books.accountant);
        REQUIRE(response.status == 200);
        CHECK(response.headers["content-type"] == "application/zip");
        REQUIRE(response.body.starts_with("PK"));
        std::set<std::string> names;
        for (const auto& [name, content] : testing::zip_entries(response.body)) {
            names.insert(name);
            CHECK(content.starts_with("%PDF-"));
        }
        std::set<std::string> expected;
        for (int i = 1; i <= 5; ++i) {
            expected.insert(current_number("FA", i) + ".pdf");
        }
        expected.insert(current_number("AV", 1) + ".pdf");
        CHECK(names == expected);
        CHECK(books.count("SELECT count(*) FROM invoice_documents") == 6);  // rendered and kept
        auto empty = fetch(port, "/api/v1/exports/invoices.zip?from=2019-01-01&to=2019-01-31",
                           books.accountant);
        CHECK(empty.status == 200);
        CHECK(empty.body.starts_with("PK\x05\x06"));
    }
}

TEST_CASE("periods include their first and last day; paging is exact; lettering at closing") {
    Books books;
    auto session = books.db.add_session(10, 40);
    auto member = register_employed(books.server.port(), session, "leo@exemple.fr",
                                    "99900000100001", "Coopérative Sociétaire Fictive");
    auto model = member["invoices"][0]["number"].get<std::string>();
    // Powers of two: every sum tells which documents it holds.
    insert_document(books.db, "TS-2018-00001", date(2018, 12, 31), date(2019, 1, 30), 100, model);
    insert_document(books.db, "TS-2019-00001", date(2019, 1, 1), date(2019, 1, 31), 200, model);
    insert_document(books.db, "TS-2019-00002", date(2019, 6, 15), date(2019, 7, 15), 400, model);
    insert_document(books.db, "TS-2019-00003", date(2019, 12, 31), date(2020, 1, 30), 800, model);
    insert_document(books.db, "TS-2020-00001", date(2020, 1, 1), date(2020, 1, 31), 1600, model);
    insert_payment(books.db, "TS-2019-00001", date(2019, 3, 1), 200);    // paid in full
    insert_payment(books.db, "TS-2019-00002", date(2019, 7, 1), 100);    // partly
    insert_payment(books.db, "TS-2019-00003", date(2020, 1, 1), 800);    // paid the next year
    insert_payment(books.db, "TS-2018-00001", date(2019, 12, 31), 100);  // last day of 2019

    auto numbers = [](const json& page) {
        std::vector<std::string> out;
        for (const auto& item : page["items"]) {
            out.push_back(item["number"]);
        }
        return out;
    };
    auto year_2019 = books.get_json("/api/v1/invoices?from=2019-01-01&to=2019-12-31");
    CHECK(year_2019["total"] == 3);
    CHECK(numbers(year_2019) ==
          std::vector<std::string>{"TS-2019-00001", "TS-2019-00002", "TS-2019-00003"});
    auto one_day = books.get_json("/api/v1/invoices?from=2019-12-31&to=2019-12-31");
    CHECK(numbers(one_day) == std::vector<std::string>{"TS-2019-00003"});
    CHECK(books.get_json("/api/v1/invoices?from=2020-01-01&to=2020-01-01")["total"] == 1);
    CHECK(books.get_json("/api/v1/invoices?to=2018-12-31")["total"] == 1);

    // Paging: 2 + 1, the total on every page, nothing past the end.
    auto page_1 = books.get_json("/api/v1/invoices?from=2019-01-01&to=2019-12-31&limit=2");
    auto page_2 = books.get_json("/api/v1/invoices?from=2019-01-01&to=2019-12-31&limit=2&offset=2");
    auto page_3 = books.get_json("/api/v1/invoices?from=2019-01-01&to=2019-12-31&limit=2&offset=4");
    CHECK(numbers(page_1) == std::vector<std::string>{"TS-2019-00001", "TS-2019-00002"});
    CHECK(numbers(page_2) == std::vector<std::string>{"TS-2019-00003"});
    CHECK(page_3["items"].empty());
    CHECK(page_1["total"] == 3);
    CHECK(page_2["total"] == 3);
    CHECK(page_3["total"] == 3);
    auto all_pages = books.get_json("/api/v1/invoices?limit=1&offset=5");  // 6 documents in all
    CHECK(all_pages["total"] == 6);
    CHECK(numbers(all_pages) == std::vector<std::string>{model});

    // The CSV of a period: exactly its documents.
    auto csv =
        fetch(books.server.port(), "/api/v1/exports/invoices.csv?from=2019-01-01&to=2019-12-31",
              books.accountant);
    auto amounts = read_csv(csv.body);
    CHECK(amounts == std::map<std::string, long long>{
                         {"TS-2019-00001", 200}, {"TS-2019-00002", 400}, {"TS-2019-00003", 800}});
    // What was paid as of the period's last day: TS-2019-00003 was paid in 2020.
    auto row_of = [](const std::string& text, const std::string& number) {
        auto start = text.find(number + ";");
        REQUIRE(start != std::string::npos);
        return text.substr(start, text.find("\r\n", start) - start);
    };
    CHECK(row_of(csv.body, "TS-2019-00003")
              .ends_with(";8,00;0,00;8,00;0,00;0,00;8,00;0,00;Non réglée;"));
    CHECK(row_of(csv.body, "TS-2019-00002")
              .ends_with(";4,00;0,00;4,00;1,00;0,00;3,00;0,00;Partiellement réglée;"));
    // The CSV's query runs as is, as bench/exports.sh times it: the same documents, settled on
    // the period's last day.
    {
        std::string from = "2019-01-01", to = "2019-12-31";
        soci::rowset<soci::row> rows =
            (books.db.sql().prepare
                 << std::string(storage::embedded_sql_file("queries/ledger_documents.sql")),
             soci::use(from), soci::use(to), soci::use(to));
        std::vector<std::string> statuses;
        for (const auto& row : rows) {
            statuses.push_back(row.get<std::string>("number") + " " +
                               row.get<std::string>("status"));
        }
        CHECK(statuses == std::vector<std::string>{"TS-2019-00001 paid",
                                                   "TS-2019-00002 partially_paid",
                                                   "TS-2019-00003 unpaid"});
    }
    auto both_years =
        fetch(books.server.port(), "/api/v1/exports/invoices.csv?from=2019-01-01&to=2020-12-31",
              books.accountant);
    CHECK(row_of(both_years.body, "TS-2019-00003")
              .ends_with(";8,00;0,00;8,00;8,00;0,00;0,00;0,00;Réglée;"));

    // The FEC of 2019: its three invoices and the payments dated in 2019, in date order.
    auto fec_2019 = read_fec(
        fetch(books.server.port(), "/api/v1/exports/fec?year=2019", books.accountant).body);
    CHECK(sum(fec_2019, "VE", "411000", true) == 200 + 400 + 800);
    CHECK(sum(fec_2019, "BQ", "512000", true) == 200 + 100 + 100);
    std::vector<std::string> order;
    for (const auto& line : fec_2019) {
        if (line.account == "411000") {
            order.push_back(line.journal + " " + line.date + " " + line.piece + " " +
                            (line.lettering.empty() ? "" : "lettered"));
        }
    }
    // TS-2018-00001 (issued the year before) is settled on 2019-12-31: its own line is in the
    // 2018 file, so a code here would not balance: its payment stays unlettered, as does
    // TS-2019-00003, paid in 2020.
    CHECK(order == std::vector<std::string>{
                       "VE 20190101 TS-2019-00001 lettered", "BQ 20190301 TS-2019-00001 lettered",
                       "VE 20190615 TS-2019-00002 ", "BQ 20190701 TS-2019-00002 ",
                       "VE 20191231 TS-2019-00003 ", "BQ 20191231 TS-2018-00001 "});
    auto from_to = fetch(books.server.port(), "/api/v1/exports/fec?from=2019-01-01&to=2019-12-31",
                         books.accountant);
    CHECK(from_to.headers["content-disposition"] ==
          "attachment; filename=\"999000004FEC20191231.txt\"");
    auto half_year = fetch(books.server.port(), "/api/v1/exports/fec?from=2019-01-01&to=2019-06-30",
                           books.accountant);
    CHECK(half_year.headers["content-disposition"] ==
          "attachment; filename=\"999000004FEC20190630.txt\"");
    CHECK(read_fec(half_year.body).size() == 6);  // TS-2019-00001 and its payment, TS-2019-00002

    // In 2020 the payment of TS-2019-00003 settles it, but its invoice is in the 2019 file.
    auto fec_2020 = read_fec(
        fetch(books.server.port(), "/api/v1/exports/fec?year=2020", books.accountant).body);
    std::vector<std::string> order_2020;
    for (const auto& line : fec_2020) {
        if (line.account == "411000") {
            order_2020.push_back(line.journal + " " + line.piece + " " + line.lettering + " " +
                                 line.lettered_on);
        }
    }
    CHECK(order_2020 == std::vector<std::string>{"VE TS-2020-00001  ", "BQ TS-2019-00003  "});
    // A file from 2019 to 2020 has both: lettered with the day it was paid.
    auto two_years =
        read_fec(fetch(books.server.port(), "/api/v1/exports/fec?from=2019-01-01&to=2020-12-31",
                       books.accountant)
                     .body);
    std::set<std::string> settled_in_2020;
    for (const auto& line : two_years) {
        if (line.piece == "TS-2019-00003" && line.account == "411000") {
            settled_in_2020.insert(line.lettering + " " + line.lettered_on);
        }
    }
    REQUIRE(settled_in_2020.size() == 1);
    CHECK(settled_in_2020.begin()->ends_with(" 20200101"));
    CHECK(settled_in_2020.begin()->size() > 9);

    // Overdue today: what is left on every invoice whose due date has passed, by buyer.
    auto overdue = books.get_json("/api/v1/invoices/overdue");
    CHECK(overdue["as_of"] == iso(today()));
    std::vector<std::string> overdue_numbers;
    for (const auto& item : overdue["invoices"]) {
        overdue_numbers.push_back(item["number"]);
        CHECK(item["days_overdue"].get<int>() > 0);
    }
    CHECK(overdue_numbers == std::vector<std::string>{"TS-2019-00002", "TS-2020-00001"});
    CHECK(overdue["total_due_cents"] == 300 + 1600);
    REQUIRE(overdue["buyers"].size() == 1);
    CHECK(overdue["buyers"][0]["customer_account"] == "C99900000100001");
    CHECK(overdue["buyers"][0]["amount_due_cents"] == 1900);
    CHECK(overdue["buyers"][0]["invoices"] == 2);
    CHECK(overdue["buyers"][0]["oldest_due_on"] == "2019-07-15");
    // Whom to call: the address on the invoice, the trainee and how to reach them.
    const json contact = {{"address", "1 rue, Paris"},
                          {"trainee_name", "Léo Garnier"},
                          {"email", "leo@exemple.fr"},
                          {"phone", nullptr}};
    CHECK(overdue["buyers"][0]["contact"] == contact);
    CHECK(overdue["invoices"][0]["contact"] == contact);

    // Search: part of the number in any case, or of the buyer's name; a reversed period is a
    // clear 400.
    CHECK(numbers(books.get_json("/api/v1/invoices?q=ts-2019-0000")) ==
          std::vector<std::string>{"TS-2019-00001", "TS-2019-00002", "TS-2019-00003"});
    CHECK(numbers(books.get_json("/api/v1/invoices?q=ts-2020-00001")) ==
          std::vector<std::string>{"TS-2020-00001"});
    CHECK(books.get_json("/api/v1/invoices?q=SOCI%C3%A9taire%20fictive")["total"] == 6);
    CHECK(books.get_json("/api/v1/invoices?q=100%25")["total"] == 0);  // % is no wildcard
    auto reversed =
        http_request(books.server.port(), "GET", "/api/v1/invoices?from=2019-12-31&to=2019-01-01",
                     "", bearer(books.accountant));
    CHECK(reversed.status == 400);
    CHECK(reversed.json()["error"]["code"] == "invalid_period");
    CHECK(reversed.json()["error"]["field"] == "to");
}

TEST_CASE("a large export streams in chunks and still balances") {
    Books books;
    auto session = books.db.add_session(10, 40);
    auto member = register_employed(books.server.port(), session, "leo@exemple.fr",
                                    "99900000100001", "Coopérative Sociétaire Fictive");
    std::string model = member["invoices"][0]["number"];
    books.db.sql() << "INSERT INTO invoices (kind, series, year, sequence, number,"
                      " registration_id, issued_on, due_on, payer, buyer_name, buyer_siret,"
                      " total_cents, snapshot)"
                      " SELECT 'invoice', 'TS', 2019, g, 'TS-2019-' || lpad(g::text, 5, '0'),"
                      " m.registration_id, DATE '2019-01-01' + (g % 365), DATE '2019-12-31',"
                      " m.payer, m.buyer_name, m.buyer_siret, 1000 + g, m.snapshot"
                      " FROM invoices m, generate_series(1, 3000) g WHERE m.number = :model",
        soci::use(model);
    books.db.sql() << "INSERT INTO payments (invoice_id, amount_cents, paid_on, method,"
                      " recorded_by) SELECT id, total_cents, issued_on, 'transfer', 'test'"
                      " FROM invoices WHERE series = 'TS' AND sequence % 2 = 0";
    auto response = fetch(books.server.port(), "/api/v1/exports/fec?year=2019", books.accountant);
    REQUIRE(response.status == 200);
    CHECK(response.header("transfer-encoding") == "chunked");
    CHECK(response.chunks > 5);
    auto fec = read_fec(response.body);
    CHECK(fec.size() == 2 * (3000 + 1500));
    long long expected =
        books.count("SELECT sum(total_cents) FROM invoices WHERE series = 'TS' AND year = 2019");
    CHECK(sum(fec, "VE", "706000", false) == expected);
    std::set<std::string> codes;
    for (const auto& line : fec) {
        if (!line.lettering.empty() && line.journal == "VE") {
            CHECK(codes.insert(line.lettering).second);  // one code per settled invoice
        }
    }
    CHECK(codes.size() == 1500);
    CHECK(codes.contains("AAA"));  // past ZZ (676)
    CHECK(run_output("export fec --year 2019", books.db.url()) == response.body);

    auto csv =
        fetch(books.server.port(), "/api/v1/exports/invoices.csv?year=2019", books.accountant);
    CHECK(csv.header("transfer-encoding") == "chunked");
    CHECK(read_csv(csv.body).size() == 3000);
}

TEST_CASE("only accountants and admins see the books") {
    Books books;
    int port = books.server.port();
    auto staff = testing::staff_token(books.db.url(), port, "staff@exemple.fr", app::Role::staff);
    auto admin = testing::staff_token(books.db.url(), port, "admin@exemple.fr", app::Role::admin);
    for (std::string path :
         {"/api/v1/invoices", "/api/v1/invoices/overdue", "/api/v1/exports/invoices.csv?year=2019",
          "/api/v1/exports/fec?year=2019", "/api/v1/exports/invoices.zip?year=2019",
          "/api/v1/reports/bpf?year=2019", "/api/v1/reports/bpf?year=2019&format=csv"}) {
        CHECK_MESSAGE(fetch(port, path, "").status == 401, path);
        CHECK_MESSAGE(fetch(port, path, std::string(43, 'A')).status == 401, path);
        auto refused = fetch(port, path, staff);
        CHECK_MESSAGE(refused.status == 403, path);
        CHECK(json::parse(refused.body)["error"]["code"] == "forbidden");
        CHECK_MESSAGE(fetch(port, path, admin).status == 200, path);
        CHECK_MESSAGE(fetch(port, path, books.accountant).status == 200, path);
    }
    // Bad periods are refused before anything is sent.
    for (std::string path : {"/api/v1/exports/fec", "/api/v1/exports/fec?year=19",
                             "/api/v1/exports/fec?from=2019-01-01",
                             "/api/v1/exports/fec?from=2019-02-01&to=2019-01-01",
                             "/api/v1/exports/invoices.csv?year=2019&from=2019-01-01",
                             "/api/v1/exports/invoices.zip?from=2019-13-01&to=2019-12-31"}) {
        auto refused = fetch(port, path, books.accountant);
        CHECK_MESSAGE(refused.status == 400, path);
        CHECK(refused.headers["content-type"] == "application/json; charset=utf-8");
    }
}

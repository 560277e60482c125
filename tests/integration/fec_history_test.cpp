// Two years of documents as an accountant meets them — self-funded and employer invoices, an
// OPCO paying part of a price, a cancellation refunded, a rejected cheque reversed, a tier
// correction, a December invoice paid in January, a closing — exported as FEC files (each year,
// a month, a range across the new year, in ISO 8859-15 and in UTF-8), and every file checked by
// an independent program (tests/support/fec_check.py) against LPF art. A47 A-1: columns,
// separators, continuity, balance, one label per account, lettering balanced within the file.

#include <sys/wait.h>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <set>

#include <doctest/doctest.h>

#include "tests/support/contract_signing.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/staff_client.hpp"
#include "tests/support/test_database.hpp"

using namespace formations;
using nlohmann::json;
using testing::http_request;
using testing::HttpResponse;
using testing::post_json;

namespace {

// The service as it runs at one instant of the story, with an accountant and a staff member
// logged in.
struct Office {
    testing::TestDatabase db{true, true};
    std::unique_ptr<testing::ServerProcess> server;
    std::string accountant, staff;
    int logins = 0;

    void at(const std::string& instant) {
        server.reset();
        server = std::make_unique<testing::ServerProcess>(
            db.url(), std::map<std::string, std::string>{{"FORMATIONS_CLOCK", instant}});
        ++logins;
        accountant = testing::staff_token(db.url(), server->port(),
                                          "compta" + std::to_string(logins) + "@exemple.fr",
                                          app::Role::accountant);
        staff = testing::staff_token(db.url(), server->port(),
                                     "equipe" + std::to_string(logins) + "@exemple.fr",
                                     app::Role::staff);
    }

    HttpResponse call(const std::string& method, const std::string& path, const json& body,
                      const std::string& token) {
        auto headers = testing::bearer(token);
        headers["Content-Type"] = "application/json";
        return http_request(server->port(), method, path, body.dump(), headers);
    }
    json registered(const json& request) {
        auto made = testing::register_and_sign(server->port(), request);
        REQUIRE_MESSAGE(made.status == 201, made.body);
        return made.json();
    }
    json pay(const std::string& number, long long cents, const std::string& on,
             const std::string& method = "transfer") {
        auto paid = call("POST", "/api/v1/invoices/" + number + "/payments",
                         {{"amount_cents", cents},
                          {"paid_on", on},
                          {"method", method},
                          {"reference", "REF " + number}},
                         accountant);
        REQUIRE_MESSAGE(paid.status == 201, paid.body);
        return paid.json();
    }
    json history(const std::string& number) {
        return call("GET", "/api/v1/invoices/" + number + "/payments", nullptr, accountant).json();
    }
    // The export saved under its own name in a folder of the test's own; returns the path.
    std::string fec(const std::string& query, const std::string& folder) {
        auto response = http_request(server->port(), "GET", "/api/v1/exports/fec?" + query, "",
                                     testing::bearer(accountant));
        REQUIRE(response.status == 200);
        auto disposition = response.header("content-disposition");
        auto name = disposition.substr(disposition.find("filename=\"") + 10);
        name = name.substr(0, name.find('"'));
        auto path = folder + "/" + name;
        std::ofstream(path, std::ios::binary) << response.body;
        return path;
    }
};

json self_funded(long long session, const std::string& first, const std::string& last,
                 const std::string& email) {
    return {{"session_id", session},
            {"funding", "self"},
            {"trainee",
             {{"first_name", first},
              {"last_name", last},
              {"email", email},
              {"address", "3 rue du Port\n44000 Nantes"}}}};
}

json employed(long long session, const std::string& email, const std::string& siret,
              const std::string& name) {
    return {{"session_id", session},
            {"funding", "employer"},
            {"trainee", {{"first_name", "Léo"}, {"last_name", "Garnier"}, {"email", email}}},
            {"employer", {{"siret", siret}, {"name", name}, {"address", "1 rue, Paris"}}}};
}

struct Checked {
    int status = -1;
    std::string report;
};

// The independent checker, run with Debian's Python.
Checked fec_check(const std::string& path, const std::string& encoding) {
    std::string script = std::string(__FILE__);
    script = script.substr(0, script.rfind("/integration/")) + "/support/fec_check.py";
    std::string command =
        "/usr/bin/python3 '" + script + "' '" + path + "' --encoding " + encoding + " 2>&1";
    Checked checked;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    while (auto n = fread(buffer, 1, sizeof buffer, pipe)) {
        checked.report.append(buffer, n);
    }
    checked.status = WEXITSTATUS(pclose(pipe));
    return checked;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<std::vector<std::string>> records(const std::string& text) {
    std::vector<std::vector<std::string>> out;
    std::size_t start = text.find("\r\n") + 2;  // after the header
    while (start < text.size()) {
        auto end = text.find("\r\n", start);
        std::vector<std::string> fields;
        std::size_t at = start;
        for (;;) {
            auto tab = text.find('\t', at);
            if (tab == std::string::npos || tab > end) {
                fields.push_back(text.substr(at, end - at));
                break;
            }
            fields.push_back(text.substr(at, tab - at));
            at = tab + 1;
        }
        out.push_back(fields);
        start = end + 2;
    }
    return out;
}

// Lettering code -> the 411 lines it joins, as "journal piece date debit credit".
std::map<std::string, std::multiset<std::string>> lettering_of(const std::string& text) {
    std::map<std::string, std::multiset<std::string>> groups;
    for (const auto& f : records(text)) {
        if (!f[13].empty()) {
            groups[f[13]].insert(f[0] + " " + f[8] + " " + f[3] + " " + f[11] + " " + f[12]);
        }
    }
    return groups;
}

// The pieces lettered in a file, with their code.
std::map<std::string, std::string> lettered_pieces(const std::string& text) {
    std::map<std::string, std::string> pieces;
    for (const auto& f : records(text)) {
        if (f[4] == "411000") {
            pieces[f[0] + " " + f[8] + " " + f[3]] = f[13];
        }
    }
    return pieces;
}

}  // namespace

TEST_CASE("two years of documents give FEC files an independent A47 A-1 check accepts") {
    Office office;
    auto autumn = office.db.add_session_on("2026-11-16", 12);
    auto winter = office.db.add_session_on("2027-03-15", 12);
    const std::string member = "99900000100001", outsider = "73282932000074";

    // October 2026: five registrations.
    office.at("2026-10-05T10:00:00+02:00");
    auto zoe = office.registered(self_funded(autumn, "Zoé", "Lefèvre", "zoe@x.fr"));
    auto coop =
        office.registered(employed(autumn, "coop@x.fr", member, "Coopérative Sociétaire Fictive"));
    auto split_request = employed(autumn, "split@x.fr", outsider, "Autre Entreprise SA");
    split_request["funding_body"] = {{"name", "OPCO Fictif"},
                                     {"address", "10 avenue de la Formation\n75008 Paris"},
                                     {"siret", "99900000900004"},
                                     {"agreement_number", "ACC-2026-1"},
                                     {"amount_cents", 50000}};
    auto split = office.registered(split_request);
    auto lukasz = office.registered(self_funded(autumn, "Łukasz", "O’Brien – Œuvre", "lo@x.fr"));
    // The same establishment, its name typed another way: one sub-account, one label.
    auto same_siret =
        office.registered(employed(autumn, "same@x.fr", outsider, "AUTRE ENTREPRISE (Nantes)"));
    std::string fa_zoe = zoe["invoices"][0]["number"], fa_coop = coop["invoices"][0]["number"],
                fa_opco = split["invoices"][0]["number"], fa_rest = split["invoices"][1]["number"],
                fa_lukasz = lukasz["invoices"][0]["number"],
                fa_same = same_siret["invoices"][0]["number"];
    office.pay(fa_zoe, 30000, "2026-10-05", "card");

    // November: payments, a cancellation refunded, a rejected cheque reversed.
    office.at("2026-11-02T10:00:00+01:00");
    office.pay(fa_coop, 50000, "2026-11-02");
    office.pay(fa_opco, 50000, "2026-11-02", "funding_body");
    office.pay(fa_lukasz, 30000, "2026-10-20", "cheque");
    auto cancelled =
        http_request(office.server->port(), "POST",
                     "/api/v1/registrations/" + lukasz["token"].get<std::string>() + "/cancel");
    REQUIRE(cancelled.status == 200);
    auto refunded = office.call(
        "POST", "/api/v1/invoices/" + fa_lukasz + "/refunds",
        {{"amount_cents", 30000}, {"refunded_on", "2026-11-02"}, {"method", "transfer"}},
        office.accountant);
    REQUIRE_MESSAGE(refunded.status == 201, refunded.body);
    auto cheque = office.pay(fa_rest, 20000, "2026-10-28", "cheque");
    long long cheque_id = office.history(fa_rest)["entries"][0]["id"];
    auto reversed = office.call(
        "POST",
        "/api/v1/invoices/" + fa_rest + "/payments/" + std::to_string(cheque_id) + "/reversal",
        {{"reversed_on", "2026-11-02"}, {"reason", "Chèque rejeté"}}, office.accountant);
    REQUIRE_MESSAGE(reversed.status == 201, reversed.body);

    // December: a tier correction, and an invoice paid only in January.
    office.at("2026-12-20T10:00:00+01:00");
    auto corrected =
        office.call("POST", "/api/v1/registrations/" + same_siret["id"].dump() + "/tier",
                    {{"tier", "member"}}, office.staff);
    REQUIRE_MESSAGE(corrected.status == 200, corrected.body);
    std::string fa_corrected = corrected.json()["invoices"][2]["number"];
    auto late =
        office.registered(employed(winter, "late@x.fr", member, "Coopérative Sociétaire Fictive"));
    std::string fa_late = late["invoices"][0]["number"];
    office.pay(fa_corrected, 50000, "2026-12-20");

    // January 2027: December's invoice and the rejected cheque paid, 2026 closed.
    office.at("2027-01-15T10:00:00+01:00");
    office.pay(fa_late, 50000, "2027-01-15");
    office.pay(fa_rest, 20000, "2027-01-15");
    auto closed = office.call("POST", "/api/v1/accounting/closures",
                              {{"closed_through", "2026-12-31"}}, office.accountant);
    REQUIRE_MESSAGE(closed.status == 201, closed.body);
    CHECK(office
              .call("POST", "/api/v1/invoices/" + fa_same + "/payments",
                    {{"amount_cents", 100}, {"paid_on", "2026-12-31"}, {"method", "cheque"}},
                    office.accountant)
              .status == 409);

    // February 2027: a new year's registration, paid; the cooperative's 2026 invoice credited.
    office.at("2027-02-10T10:00:00+01:00");
    auto ines = office.registered(self_funded(winter, "Inès", "Moreau", "ines@x.fr"));
    office.pay(ines["invoices"][0]["number"], 30000, "2027-02-10");
    REQUIRE(office
                .call("POST", "/api/v1/registrations/" + coop["id"].dump() + "/cancel", nullptr,
                      office.staff)
                .status == 200);

    char folder_template[] = "/tmp/formations-fec-XXXXXX";
    REQUIRE(mkdtemp(folder_template) != nullptr);
    const std::string folder = folder_template;
    auto year_2026 = office.fec("year=2026", folder);
    auto year_2027 = office.fec("year=2027", folder);
    auto october = office.fec("from=2026-10-01&to=2026-10-31", folder);
    auto across = office.fec("from=2026-12-01&to=2027-01-31", folder);
    CHECK(year_2026.ends_with("/999000004FEC20261231.txt"));
    for (const auto& path : {year_2026, year_2027, october, across}) {
        auto checked = fec_check(path, "latin9");
        CHECK_MESSAGE(checked.status == 0, (path + "\n" + checked.report));
    }
    std::string utf8_folder = folder + "/utf8";
    REQUIRE(std::system(("mkdir -p '" + utf8_folder + "'").c_str()) == 0);
    auto utf8_2026 = office.fec("year=2026&encoding=utf-8", utf8_folder);
    auto checked = fec_check(utf8_2026, "utf-8");
    CHECK_MESSAGE(checked.status == 0, checked.report);

    auto text_2026 = read_file(year_2026), text_2027 = read_file(year_2027);
    // ISO 8859-15: accents and Œ as single bytes, what it lacks written plainly.
    CHECK(text_2026.find("Lef\xE8vre") != std::string::npos);
    CHECK(text_2026.find("Lukasz O'Brien - \xBCuvre") != std::string::npos);
    CHECK(read_file(utf8_2026).find("Łukasz O’Brien – Œuvre") != std::string::npos);

    // One label per sub-account: the name of its first invoice.
    for (const auto& f : records(text_2026)) {
        if (f[6] == "C" + outsider) {
            CHECK(f[7] == "Autre Entreprise SA");
        }
    }

    // The refund and the reversal are in the bank journal, money going out.
    std::set<std::string> bank_outgoing;
    for (const auto& f : records(text_2026)) {
        if (f[0] == "BQ" && f[4] == "512000" && f[12] != "0,00") {
            bank_outgoing.insert(f[8] + " " + f[12]);
        }
    }
    CHECK(bank_outgoing == std::set<std::string>{fa_lukasz + " 300,00", fa_rest + " 200,00"});

    // Lettering: settled within 2026, lettered in 2026; December's invoice paid in January and
    // the invoice whose cheque bounced are lettered in neither year.
    auto pieces_2026 = lettered_pieces(text_2026);
    CHECK_FALSE(pieces_2026["VE " + fa_zoe + " 20261005"].empty());
    CHECK_FALSE(pieces_2026["VE " + fa_lukasz + " 20261005"].empty());
    CHECK_FALSE(pieces_2026["VE " + fa_opco + " 20261005"].empty());
    CHECK_FALSE(pieces_2026["VE " + fa_corrected + " 20261220"].empty());
    CHECK(pieces_2026["VE " + fa_late + " 20261220"].empty());
    CHECK(pieces_2026["VE " + fa_rest + " 20261005"].empty());
    auto pieces_2027 = lettered_pieces(text_2027);
    CHECK(pieces_2027["BQ " + fa_late + " 20270115"].empty());
    CHECK(pieces_2027["BQ " + fa_rest + " 20270115"].empty());

    // A code names the same invoice in every file that holds it: a month's file letters the
    // lines it has (Łukasz's invoice and payment in October), the year's file the same lines
    // and those that came later (the credit note and the refund in November).
    auto includes = [](const std::multiset<std::string>& all,
                       const std::multiset<std::string>& part) {
        return std::includes(all.begin(), all.end(), part.begin(), part.end());
    };
    auto groups_2026 = lettering_of(text_2026);
    auto groups_october = lettering_of(read_file(october));
    auto groups_across = lettering_of(read_file(across));
    CHECK(groups_october.size() >= 2);
    for (const auto& [code, lines] : groups_october) {
        if (groups_2026.contains(code)) {
            CHECK_MESSAGE(includes(groups_2026[code], lines), code);
        }
    }
    // Paid by a cheque in October, so settled at the end of October; the cheque bounced in
    // November, so open at the end of the year.
    auto october_pieces = lettered_pieces(read_file(october));
    CHECK_FALSE(october_pieces["VE " + fa_rest + " 20261005"].empty());
    CHECK_FALSE(groups_2026.contains(october_pieces["VE " + fa_rest + " 20261005"]));
    CHECK(groups_october[pieces_2026["VE " + fa_lukasz + " 20261005"]].size() == 2);
    CHECK(groups_2026[pieces_2026["VE " + fa_lukasz + " 20261005"]].size() == 4);
    for (const auto& [code, lines] : groups_across) {
        if (groups_2026.contains(code)) {
            CHECK_MESSAGE(groups_2026[code] == lines, code);
        }
    }
    // The range across the new year letters December's invoice with its January payment.
    auto pieces_across = lettered_pieces(read_file(across));
    CHECK_FALSE(pieces_across["VE " + fa_late + " 20261220"].empty());
    CHECK(pieces_across["VE " + fa_late + " 20261220"] ==
          pieces_across["BQ " + fa_late + " 20270115"]);
    std::system(("rm -rf '" + folder + "'").c_str());

    // The yearly report counts the training delivered in the year, net of every credit note,
    // whenever issued: never negative, even when a 2026 invoice is credited in 2027.
    for (const auto& [registration, day] :
         {std::pair{zoe, std::string("2026-11-16")}, std::pair{ines, std::string("2027-03-15")}}) {
        office.db.sql() << "INSERT INTO attendance (registration_id, day, half, present,"
                           " recorded_by) VALUES (" +
                               registration["id"].dump() + ", '" + day + "', 'am', true, 'test')";
    }
    auto report = [&](const std::string& year) {
        auto response =
            http_request(office.server->port(), "GET", "/api/v1/reports/bpf?year=" + year, "",
                         testing::bearer(office.accountant));
        REQUIRE(response.status == 200);
        return response.json()["revenue_excl_tax_cents"];
    };
    auto of_2026 = report("2026");
    CHECK(of_2026["employers"] == 70000);       // the remainder 200 + the corrected 500
    CHECK(of_2026["funding_bodies"] == 50000);  // the OPCO's share
    CHECK(of_2026["individuals"] == 30000);     // Zoé; Łukasz's invoice credited
    auto of_2027 = report("2027");
    CHECK(of_2027["employers"] == 50000);  // December's invoice, for a 2027 session
    CHECK(of_2027["individuals"] == 30000);
    CHECK(of_2027["funding_bodies"] == 0);
}

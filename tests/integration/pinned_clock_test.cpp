// Time is an input: the real server, its clock pinned with FORMATIONS_CLOCK at the moments where
// dates go wrong — New Year in Paris while UTC is still in the old year, a registration deadline
// at 23:59, the night of the summer-time change, 29 February — gives the dates the people of the
// service expect, in Europe/Paris. Each test pins its own instants; the rest of the suite runs on
// the test clock (tests/support/test_clock.hpp).

#include <set>

#include <doctest/doctest.h>

#include "service/app/accounts.hpp"
#include "service/app/tokens.hpp"
#include "service/domain/iso8601.hpp"
#include "service/storage/database.hpp"
#include "tests/support/contract_signing.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/staff_client.hpp"
#include "tests/support/test_clock.hpp"
#include "tests/support/test_database.hpp"

using namespace formations;
using nlohmann::json;
using testing::http_request;
using testing::HttpResponse;
using testing::post_json;
using testing::ServerProcess;
using testing::TestDatabase;

namespace {

ServerProcess server_at(const TestDatabase& db, const std::string& instant) {
    return ServerProcess(db.url(), {{"FORMATIONS_CLOCK", instant}});
}

json self_funded(long long session, const std::string& email) {
    return {{"session_id", session},
            {"funding", "self"},
            {"trainee",
             {{"first_name", "Lucie"},
              {"last_name", "Minuit"},
              {"email", email},
              {"address", "31 rue du Réveillon, 75011 Paris"}}}};
}

// Paid by an employer outside the directory (700 €): invoiced with the seat.
json employer_funded(long long session, const std::string& email) {
    return {{"session_id", session},
            {"funding", "employer"},
            {"trainee", {{"first_name", "Léon"}, {"last_name", "Minuit"}, {"email", email}}},
            {"employer",
             {{"siret", "99900000300007"},
              {"name", "Entreprise Non Membre Fictive"},
              {"address", "3 place Inventée, 33000 Bordeaux"}}}};
}

json register_on(const ServerProcess& server, const json& body) {
    auto response = post_json(server.port(), "/api/v1/registrations", body);
    REQUIRE(response.status == 201);
    return response.json();
}

json session_seen_by(const ServerProcess& server, long long session) {
    return http_request(server.port(), "GET", "/api/v1/sessions/" + std::to_string(session)).json();
}

// Seconds between two instants written in ISO 8601.
long long seconds_between(const std::string& from, const std::string& to) {
    auto start = parse_instant(from), end = parse_instant(to);
    REQUIRE(start);
    REQUIRE(end);
    return std::chrono::duration_cast<std::chrono::seconds>(*end - *start).count();
}

HttpResponse login(const ServerProcess& server, const std::string& password) {
    return post_json(server.port(), "/api/v1/auth/login",
                     {{"email", "nuit@exemple.fr"}, {"password", password}});
}

}  // namespace

TEST_CASE("at 23:59 on 31 December the invoice is of 2026; at 00:00:30 in Paris, of 2027") {
    TestDatabase db;
    auto session = db.add_session_on("2027-01-12", 10);

    auto before = server_at(db, "2026-12-31T23:59:00+01:00");
    auto last_of_2026 = register_on(before, employer_funded(session, "avant@exemple.fr"));
    CHECK(last_of_2026["invoices"][0]["number"] == "FA-2026-00001");
    CHECK(last_of_2026["invoices"][0]["issued_on"] == "2026-12-31");
    CHECK(last_of_2026["created_at"].get<std::string>().starts_with("2026-12-31T22:59:"));
    before.stop();

    // 2026-12-31T23:00:30Z: the UTC date is still 31 December, the business date is not.
    auto after = server_at(db, "2027-01-01T00:00:30+01:00");
    auto first_of_2027 = register_on(after, employer_funded(session, "apres@exemple.fr"));
    CHECK(first_of_2027["invoices"][0]["number"] == "FA-2027-00001");
    CHECK(first_of_2027["invoices"][0]["issued_on"] == "2027-01-01");

    // Cancelled in the new year: the credit note starts the 2027 series and names the 2026
    // invoice it corrects.
    auto cancelled = http_request(
        after.port(), "POST",
        "/api/v1/registrations/" + last_of_2026["token"].get<std::string>() + "/cancel");
    REQUIRE(cancelled.status == 200);
    auto credit = cancelled.json()["invoices"][1];
    CHECK(credit["number"] == "AV-2027-00001");
    CHECK(credit["issued_on"] == "2027-01-01");
    CHECK(credit["corrects"] == "FA-2026-00001");
    CHECK(db.count("SELECT count(*) FROM invoice_counters WHERE series = 'FA' AND year = 2027"
                   " AND last_number = 1") == 1);
}

TEST_CASE("registered on 30 December, signed on 2 January at 00:05: the first invoice of 2027") {
    TestDatabase db;
    auto session = db.add_session_on("2027-01-25", 10);  // 25 and 26 January

    auto december = server_at(db, "2026-12-30T18:00:00+01:00");
    auto registered = register_on(december, self_funded(session, "signe@exemple.fr"));
    const std::string token = registered["token"];
    CHECK(registered["status"] == "confirmed");
    CHECK(registered["invoices"].empty());  // nothing is sold before the contract is signed
    CHECK(db.count("SELECT count(*) FROM invoices") == 0);
    december.stop();

    // 2027-01-01T23:05:00Z: still 1 January in UTC, 2 January in Paris.
    auto january = server_at(db, "2027-01-02T00:05:00+01:00");
    REQUIRE(testing::sign_contract(january.port(), token).status == 201);
    auto view = http_request(january.port(), "GET", "/api/v1/registrations/" + token).json();
    REQUIRE(view["invoices"].size() == 1);
    const auto invoice = view["invoices"][0];
    CHECK(invoice["number"] == "FA-2027-00001");
    CHECK(invoice["issued_on"] == "2027-01-02");
    // The withdrawal period runs to 12 January: 30 % on 13 January, the rest by course day.
    CHECK(invoice["due_on"] == "2027-01-26");
    CHECK(invoice["instalments"] ==
          json::parse(R"([{"due_on": "2027-01-13", "amount_cents": 9000, "paid_cents": 0},
                          {"due_on": "2027-01-25", "amount_cents": 10500, "paid_cents": 0},
                          {"due_on": "2027-01-26", "amount_cents": 10500, "paid_cents": 0}])"));
    CHECK(db.count("SELECT count(*) FROM invoice_counters WHERE series = 'FA' AND year = 2026") ==
          0);
    CHECK(db.count("SELECT count(*) FROM invoice_instalments i JOIN invoices v ON"
                   " v.id = i.invoice_id WHERE v.number = 'FA-2027-00001'") == 3);
}

TEST_CASE("a registration deadline lasts until 23:59:59 in Paris, not in UTC") {
    TestDatabase db;
    auto session = db.add_session_on("2027-06-16", 10);
    db.sql() << "UPDATE sessions SET registration_deadline = '2027-06-14' WHERE id = " +
                    std::to_string(session);

    auto last_minute = server_at(db, "2027-06-14T23:59:00+02:00");
    CHECK(session_seen_by(last_minute, session)["registration_open"] == true);
    register_on(last_minute, self_funded(session, "juste@exemple.fr"));
    last_minute.stop();

    // 2027-06-14T22:00:30Z: still the deadline day in UTC, the next day in Paris.
    auto too_late = server_at(db, "2027-06-15T00:00:30+02:00");
    CHECK(session_seen_by(too_late, session)["registration_open"] == false);
    auto refused = post_json(too_late.port(), "/api/v1/registrations",
                             self_funded(session, "tard@exemple.fr"));
    CHECK(refused.status == 400);
    CHECK(refused.json()["error"]["code"] == "registration_closed");
}

TEST_CASE("the night of the summer-time change: dates stay put, durations are real durations") {
    TestDatabase db;
    auto session = db.add_session_on("2027-03-30", 10);
    const std::string password = "mot de passe de la nuit";
    storage::Database database(db.url(), 1);
    REQUIRE(app::create_user(database, testing::test_clock(), "nuit@exemple.fr", app::Role::staff,
                             password)
                .ok());

    // 01:59 winter time; a minute later the clocks go from 02:00 to 03:00.
    auto night = server_at(db, "2027-03-28T01:59:00+01:00");
    auto made = register_on(night, employer_funded(session, "nuit-blanche@exemple.fr"));
    CHECK(made["invoices"][0]["issued_on"] == "2027-03-28");
    auto logged_in = login(night, password);
    REQUIRE(logged_in.status == 200);
    // Twelve hours of real time: 12:59 UTC, 14:59 summer time (13:59 on the wall clock at start).
    CHECK(seconds_between("2027-03-28T00:59:00Z", logged_in.json()["expires_at"]) >= 12 * 3600);
    CHECK(seconds_between("2027-03-28T00:59:00Z", logged_in.json()["expires_at"]) < 12 * 3600 + 60);
    night.stop();

    // Ten wrong passwords from this address at 01:55 winter time: the next try waits 15 minutes
    // (login_throttle.hpp). At 03:05 summer time the wall clock says 1 h 10 later but only 10
    // minutes have passed: still throttled. At 03:11, 16 minutes: not any more.
    for (int attempt = 0; attempt < 10; ++attempt) {
        db.sql() << "INSERT INTO login_failures (email, client, failed_at) VALUES"
                    " ('nuit@exemple.fr', '" +
                        app::client_key("127.0.0.1") + "', '2027-03-28T01:55:00+01:00')";
    }
    auto early = server_at(db, "2027-03-28T01:56:00+01:00");
    CHECK(login(early, password).status == 429);
    early.stop();
    auto ten_minutes_later = server_at(db, "2027-03-28T03:05:00+02:00");
    CHECK(login(ten_minutes_later, password).json()["error"]["code"] == "too_many_attempts");
    ten_minutes_later.stop();
    auto sixteen_minutes_later = server_at(db, "2027-03-28T03:11:00+02:00");
    CHECK(login(sixteen_minutes_later, password).status == 200);
}

TEST_CASE("on 29 February 2028 the due dates count from that day and a year ago is 28 February") {
    TestDatabase db(/*seed=*/true, /*demo=*/true);  // the demo directory prices the employer
    auto short_session = db.add_session_on("2028-03-02", 10);
    auto year_ago = db.add_session_on("2027-02-28", 10);
    auto a_day_earlier = db.add_session_on("2027-02-27", 10);
    auto leap_day = server_at(db, "2028-02-29T12:00:00+01:00");

    // Self-funded, signed the same day: nothing due before the 10-day withdrawal period ends
    // (29 February + 10 = 10 March), so 30 % on 11 March, the balance the day after (the course,
    // on 2 and 3 March, is over by then).
    auto self = register_on(leap_day, self_funded(short_session, "bissextile@exemple.fr"));
    auto signed_ = testing::sign_contract(leap_day.port(), self["token"]);
    REQUIRE(signed_.status == 201);
    self = http_request(leap_day.port(), "GET",
                        "/api/v1/registrations/" + self["token"].get<std::string>())
               .json();
    CHECK(self["invoices"][0]["issued_on"] == "2028-02-29");
    CHECK(self["invoices"][0]["instalments"][0]["due_on"] == "2028-03-11");
    CHECK(self["invoices"][0]["due_on"] == "2028-03-12");
    // An employer: 30 days after the invoice.
    auto employer = register_on(
        leap_day,
        {{"session_id", short_session},
         {"funding", "employer"},
         {"trainee",
          {{"first_name", "Léon"}, {"last_name", "Bissextil"}, {"email", "l@exemple.fr"}}},
         {"employer",
          {{"siret", "99900000300007"},
           {"name", "Entreprise Non Membre Fictive"},
           {"address", "3 place Inventée, 33000 Bordeaux"}}}});
    CHECK(employer["invoices"][0]["due_on"] == "2028-03-30");

    // Staff see the sessions of the last year by default: from 28 February 2027.
    auto staff =
        testing::staff_token(db.url(), leap_day.port(), "fevrier@exemple.fr", app::Role::staff);
    auto listed =
        http_request(leap_day.port(), "GET", "/api/v1/staff/sessions", "", testing::bearer(staff));
    REQUIRE(listed.status == 200);
    std::set<long long> ids;
    auto body = listed.json();
    for (const auto& item : body["sessions"]) {
        ids.insert(item["id"].get<long long>());
    }
    CHECK(ids.count(year_ago) == 1);
    CHECK(ids.count(a_day_earlier) == 0);
}

TEST_CASE("a seed run pinned on 1 December 2026 places the demonstration sessions") {
    TestDatabase db(/*seed=*/false);
    auto seeded = testing::run_formations("seed --demo", db.url(), "",
                                          {{"FORMATIONS_CLOCK", "2026-12-01T10:00:00+01:00"}});
    REQUIRE(seeded.status == 0);
    std::string first, last, deadline;
    db.sql() << "SELECT starts_on::text, ends_on::text, registration_deadline::text FROM sessions"
                " WHERE reference = 'DEMO-1'",
        soci::into(first), soci::into(last), soci::into(deadline);
    // 31 December is a Thursday but 1 January a holiday: Monday 4 and Tuesday 5 January.
    CHECK(first == "2027-01-04");
    CHECK(last == "2027-01-05");
    CHECK(deadline == "2026-12-31");
}

TEST_CASE("an unpinned test run never starts in the last half hour of a day in Paris") {
    testing::test_clock();  // reads FORMATIONS_TIMEZONE (Europe/Paris) once for the program
    auto at = [](const char* text) { return parse_instant(text).value(); };
    // Most of the day: the real instant.
    CHECK(testing::unpinned_start(at("2026-12-01T12:00:00+01:00")) ==
          at("2026-12-01T12:00:00+01:00"));
    CHECK(testing::unpinned_start(at("2026-12-01T23:29:59+01:00")) ==
          at("2026-12-01T23:29:59+01:00"));
    // 23:30 to midnight in Paris (not in UTC): 45 minutes earlier, the same day.
    CHECK(testing::unpinned_start(at("2026-12-01T23:58:00+01:00")) ==
          at("2026-12-01T23:13:00+01:00"));
    CHECK(testing::unpinned_start(at("2026-12-31T23:30:00+01:00")) ==
          at("2026-12-31T22:45:00+01:00"));
    CHECK(testing::unpinned_start(at("2027-07-14T23:45:00+02:00")) ==
          at("2027-07-14T23:00:00+02:00"));
    CHECK(testing::unpinned_start(at("2026-12-01T23:45:00Z")) == at("2026-12-01T23:45:00Z"));
}

TEST_CASE("FORMATIONS_CLOCK and FORMATIONS_TIMEZONE are checked, for every command") {
    TestDatabase db;
    for (const char* wrong : {"2026-12-31", "2026-12-31 23:30", "demain", "2026-12-31T23:30"}) {
        INFO(wrong);
        CHECK(testing::run_formations("seed", db.url(), "", {{"FORMATIONS_CLOCK", wrong}}).status ==
              1);
        CHECK(
            testing::run_formations("serve", db.url(), "", {{"FORMATIONS_CLOCK", wrong}}).status ==
            1);
    }
    CHECK(testing::run_formations("seed", db.url(), "", {{"FORMATIONS_TIMEZONE", "Mars/Olympus"}})
              .status == 1);
    CHECK(testing::run_formations("seed", db.url(), "", {{"FORMATIONS_TIMEZONE", "UTC"}}).status ==
          0);
}

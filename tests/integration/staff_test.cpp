// Staff running sessions: create and edit sessions (capacity changes keep the waiting-list and
// invoice guarantees), rosters, registering on someone's behalf, moving, correcting a tier,
// cancelling a whole session, and the audit trail — and who may do what.

#include <latch>
#include <thread>

#include <doctest/doctest.h>
#include <boost/date_time/gregorian/gregorian.hpp>

#include "tests/support/contract_signing.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/pdf_text.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/staff_client.hpp"
#include "tests/support/test_clock.hpp"
#include "tests/support/test_database.hpp"

using namespace formations;
using nlohmann::json;
using testing::bearer;
using testing::http_request;
using testing::HttpResponse;
using testing::post_json;

namespace {

struct Office {
    testing::TestDatabase db{true, true};
    testing::ServerProcess server{db.url()};
    std::string staff =
        testing::staff_token(db.url(), server.port(), "staff@exemple.fr", app::Role::staff);
    std::string admin =
        testing::staff_token(db.url(), server.port(), "admin@exemple.fr", app::Role::admin);
    std::string accountant =
        testing::staff_token(db.url(), server.port(), "compta@exemple.fr", app::Role::accountant);

    HttpResponse call(const std::string& method, const std::string& path,
                      const json& body = nullptr, const std::string& token = "") {
        auto headers = bearer(token.empty() ? staff : token);
        if (!body.is_null()) {
            headers["Content-Type"] = "application/json";
        }
        return http_request(server.port(), method, path, body.is_null() ? "" : body.dump(),
                            headers);
    }

    // Registered and, with a seat, signed (testing::register_and_sign): invoiced.
    json register_self(long long session, const std::string& email) {
        auto response = testing::register_and_sign(server.port(),
                                                   {{"session_id", session},
                                                    {"funding", "self"},
                                                    {"trainee",
                                                     {{"first_name", "Inès"},
                                                      {"last_name", "Moreau"},
                                                      {"email", email},
                                                      {"address", "4 quai Fictif, 69000 Lyon"}}}});
        REQUIRE(response.status == 201);
        return response.json();
    }

    long long count(const std::string& query) { return db.count(query); }
};

using testing::day;

json new_session(int capacity = 2, int offset = 20) {
    return {{"starts_on", day(offset)},
            {"ends_on", day(offset + 1)},
            {"place", "Maison des coopératives, Lyon"},
            {"capacity", capacity},
            {"trainer", "Claire Fontaine"}};
}

}  // namespace

TEST_CASE("staff create a session; raising the capacity offers the seat to the waiting list") {
    Office office;
    auto created = office.call("POST", "/api/v1/sessions", new_session(2));
    REQUIRE(created.status == 201);
    auto session = created.json();
    CHECK(session["trainer"] == "Claire Fontaine");
    CHECK(session["registration_open"] == true);
    long long id = session["id"];

    for (int i = 0; i < 4; ++i) {
        office.register_self(id, "personne" + std::to_string(i) + "@exemple.fr");
    }
    auto bigger = office.call("PATCH", "/api/v1/sessions/" + std::to_string(id), {{"capacity", 3}});
    REQUIRE(bigger.status == 200);
    CHECK(bigger.json()["seats_left"] == 0);
    CHECK(bigger.json()["waitlist_length"] == 1);
    // Offered, held, not invoiced before the person accepts.
    CHECK(office.count("SELECT count(*) FROM invoices WHERE kind = 'invoice'") == 2);
    CHECK(office.count("SELECT count(*) FROM registrations WHERE status = 'offered'") == 1);

    auto smaller =
        office.call("PATCH", "/api/v1/sessions/" + std::to_string(id), {{"capacity", 2}});
    CHECK(smaller.status == 409);
    CHECK(smaller.json()["error"]["code"] == "capacity_below_confirmed");

    auto roster = office.call("GET", "/api/v1/sessions/" + std::to_string(id) + "/roster");
    REQUIRE(roster.status == 200);
    auto rows = roster.json()["registrations"];
    REQUIRE(rows.size() == 4);
    CHECK(rows[0]["invoice"]["status"] == "unpaid");
    CHECK(rows[3]["status"] == "waitlisted");
    CHECK(rows[3]["waitlist_position"] == 1);
    CHECK(rows[3]["invoice"].is_null());

    auto csv = office.call("GET", "/api/v1/sessions/" + std::to_string(id) + "/roster.csv");
    REQUIRE(csv.status == 200);
    CHECK(csv.header("content-type").starts_with("text/csv"));
    CHECK(csv.body.starts_with("\xEF\xBB\xBFInscription;Statut;"));
    CHECK(csv.body.find("Moreau;Inès;personne0@exemple.fr") != std::string::npos);
    CHECK(csv.body.find(";300,00;") != std::string::npos);
    // In French, like the invoice CSV; the time of registration in Paris.
    CHECK(csv.body.find(";Confirmée;;Moreau;Inès;personne0@exemple.fr;;Autofinancement;;;"
                        "Autofinancement;300,00;FA-") != std::string::npos);
    CHECK(csv.body.find(";Non réglée;300,00;") != std::string::npos);
    CHECK(csv.body.find(";Liste d'attente;1;") != std::string::npos);
    CHECK(csv.body.find(";Place proposée;;") != std::string::npos);
    CHECK(csv.body.find("confirmed") == std::string::npos);
    CHECK(csv.body.find("self_funded") == std::string::npos);
    auto now_in_paris = testing::today();
    char stamp[40];
    std::snprintf(stamp, sizeof stamp, "%02d/%02d/%04d ", static_cast<int>(now_in_paris.day()),
                  static_cast<int>(now_in_paris.month()), static_cast<int>(now_in_paris.year()));
    CHECK(csv.body.find(stamp) != std::string::npos);
    CHECK(csv.body.find("Z\r\n") == std::string::npos);

    SUBCASE("invalid edits are refused with their field") {
        auto bad =
            office.call("PATCH", "/api/v1/sessions/" + std::to_string(id), {{"ends_on", day(1)}});
        CHECK(bad.status == 400);
        CHECK(bad.json()["error"]["field"] == "ends_on");
        CHECK(office.call("PATCH", "/api/v1/sessions/" + std::to_string(id), {{"colour", "red"}})
                  .status == 400);
        CHECK(office.call("POST", "/api/v1/sessions", json{{"place", "x"}}).status == 400);
    }

    SUBCASE("years outside 2000-2100 are refused with 400 wherever a date is read") {
        auto code_of = [](const HttpResponse& response) {
            return std::to_string(response.status) + " " +
                   response.json()["error"]["code"].get<std::string>() + " @ " +
                   response.json()["error"]["field"].get<std::string>();
        };
        for (const char* day_text : {"1400-01-01", "9999-12-31", "1999-12-31", "2101-01-01"}) {
            auto created_on = new_session(2);
            created_on["starts_on"] = day_text;
            CHECK_MESSAGE(code_of(office.call("POST", "/api/v1/sessions", created_on)) ==
                              "400 invalid_date @ starts_on",
                          day_text);
            CHECK(code_of(office.call("PATCH", "/api/v1/sessions/" + std::to_string(id),
                                      {{"registration_deadline", day_text}})) ==
                  "400 invalid_date @ registration_deadline");
            CHECK(code_of(office.call("GET", std::string("/api/v1/staff/sessions?from=") +
                                                 day_text)) == "400 invalid_date @ from");
        }
    }
}

TEST_CASE("capacity changes racing registrations never exceed the capacity") {
    Office office;
    long long id = office.call("POST", "/api/v1/sessions", new_session(5)).json()["id"];
    constexpr int people = 24;
    std::latch start(people + 1);
    std::vector<std::thread> threads;
    for (int i = 0; i < people; ++i) {
        threads.emplace_back([&, i] {
            start.arrive_and_wait();
            office.register_self(id, "course" + std::to_string(i) + "@exemple.fr");
        });
    }
    threads.emplace_back([&] {
        start.arrive_and_wait();
        CHECK(office.call("PATCH", "/api/v1/sessions/" + std::to_string(id), {{"capacity", 10}})
                  .status == 200);
    });
    for (auto& thread : threads) {
        thread.join();
    }
    auto where = " FROM registrations WHERE session_id = " + std::to_string(id);
    // The seats the raise added go to the people waiting as offers when they were already in
    // line (not invoiced before they accept), as confirmed seats when they came after it.
    const auto confirmed = office.count("SELECT count(*)" + where + " AND status = 'confirmed'");
    CHECK(confirmed >= 5);
    CHECK(office.count("SELECT count(*)" + where + " AND status IN ('confirmed', 'offered')") ==
          10);
    CHECK(office.count("SELECT count(*)" + where + " AND status = 'waitlisted'") == 14);
    CHECK(office.count("SELECT count(*) FROM invoices") == confirmed);
    CHECK(office.count("SELECT max(sequence) FROM invoices") == confirmed);
}

TEST_CASE("cancelling a session cancels every registration and credits every invoice") {
    Office office;
    long long id = office.call("POST", "/api/v1/sessions", new_session(3)).json()["id"];
    for (int i = 0; i < 5; ++i) {
        office.register_self(id, "annule" + std::to_string(i) + "@exemple.fr");
    }
    // What the page states before asking: 5 people, 3 invoices of 300 €.
    auto preview = office.call("GET", "/api/v1/sessions/" + std::to_string(id) + "/cancellation");
    REQUIRE(preview.status == 200);
    CHECK(preview.json() == json{{"confirmed", 3},
                                 {"offered", 0},
                                 {"waitlisted", 2},
                                 {"people", 5},
                                 {"invoices", 3},
                                 {"invoiced_cents", 90000}});
    CHECK(office
              .call("GET", "/api/v1/sessions/" + std::to_string(id) + "/cancellation", nullptr,
                    office.accountant)
              .status == 403);
    auto cancelled = office.call("POST", "/api/v1/sessions/" + std::to_string(id) + "/cancel");
    REQUIRE(cancelled.status == 200);
    CHECK(cancelled.json()["status"] == "cancelled");
    CHECK(office.call("GET", "/api/v1/sessions/" + std::to_string(id) + "/cancellation").status ==
          409);
    CHECK(office.count("SELECT count(*) FROM registrations WHERE status <> 'cancelled'") == 0);
    CHECK(office.count("SELECT count(*) FROM invoices WHERE kind = 'credit_note'") == 3);
    CHECK(office.count("SELECT seats_taken FROM sessions WHERE id = " + std::to_string(id)) == 0);
    CHECK(office.call("POST", "/api/v1/sessions/" + std::to_string(id) + "/cancel").status == 409);
    auto late = post_json(office.server.port(), "/api/v1/registrations",
                          {{"session_id", id},
                           {"funding", "self"},
                           {"trainee",
                            {{"first_name", "A"},
                             {"last_name", "B"},
                             {"email", "tard@exemple.fr"},
                             {"address", "x"}}}});
    CHECK(late.status == 400);
}

TEST_CASE("staff register on someone's behalf after the deadline, cancel after the start") {
    Office office;
    auto session = office.db.add_session(5, 0);  // starts today: closed to the public
    auto response = office.call(
        "POST", "/api/v1/sessions/" + std::to_string(session) + "/registrations",
        {{"funding", "employer"},
         {"trainee",
          {{"first_name", "Paul"}, {"last_name", "Simon"}, {"email", "paul@exemple.fr"}}},
         {"employer",
          {{"siret", "99900000200009"}, {"name", "CAE Candidate Fictive"}, {"address", "Lyon"}}}});
    REQUIRE(response.status == 201);
    CHECK(response.json()["tier"] == "member");
    long long id = response.json()["id"];

    auto viewed = office.call("GET", "/api/v1/registrations/" + std::to_string(id));
    CHECK(viewed.status == 200);
    CHECK(http_request(office.server.port(), "GET", "/api/v1/registrations/" + std::to_string(id))
              .status == 401);
    auto cancelled = office.call("POST", "/api/v1/registrations/" + std::to_string(id) + "/cancel");
    CHECK(cancelled.status == 200);
    CHECK(office.count("SELECT count(*) FROM audit_events WHERE actor = 'user:staff@exemple.fr'"
                       " AND action = 'registration.cancelled'") == 1);
}

TEST_CASE("moving a registration credits its invoice and invoices the new seat") {
    Office office;
    long long from = office.call("POST", "/api/v1/sessions", new_session(1, 20)).json()["id"];
    long long to = office.call("POST", "/api/v1/sessions", new_session(5, 50)).json()["id"];
    auto moving = office.register_self(from, "demenage@exemple.fr");
    auto waiting = office.register_self(from, "attend@exemple.fr");
    CHECK(waiting["status"] == "waitlisted");

    // A cancellation fee is for cancellations: a move credits the whole invoice.
    office.db.sql() << "UPDATE courses SET cancellation_fee_cents = 5000";
    auto moved = office.call("POST", "/api/v1/registrations/" + moving["id"].dump() + "/move",
                             {{"session_id", to}});
    REQUIRE(moved.status == 200);
    auto body = moved.json();
    CHECK(body["session"]["id"] == to);
    CHECK(body["status"] == "confirmed");
    // The old invoice and its credit note; the move supersedes the contract (it names the old
    // dates), so the new seat is invoiced when the new contract is signed.
    REQUIRE(body["invoices"].size() == 2);
    REQUIRE(testing::sign_contract(office.server.port(), moving["token"]).status == 201);
    auto documents =
        office.call("GET", "/api/v1/registrations/" + moving["id"].dump()).json()["invoices"];
    REQUIRE(documents.size() == 3);  // old invoice, its credit note, new invoice
    CHECK(documents[1]["kind"] == "credit_note");
    CHECK(documents[2]["kind"] == "invoice");
    CHECK(documents[2]["status"] == "unpaid");
    CHECK(documents[1]["total_cents"] == -documents[0]["total_cents"].get<long long>());
    // The credit note says what changed, not "Annulation".
    auto credit = office.call("GET", documents[1]["download_url"].get<std::string>());
    REQUIRE(credit.status == 200);
    auto text = testing::pdf_text(credit.body, "staff-test-move-credit-note");
    CHECK(text.find("Changement de session") != std::string::npos);
    CHECK(text.find("Annulation :") == std::string::npos);
    // The freed seat is offered to the first in line, not invoiced; staff confirm it for them
    // (a phone call), which invoices it.
    auto offered = office.call("GET", "/api/v1/registrations/" + waiting["id"].dump()).json();
    CHECK(offered["status"] == "offered");
    CHECK(offered["invoices"].empty());
    auto promoted =
        office.call("POST", "/api/v1/registrations/" + waiting["id"].dump() + "/offer/accept")
            .json();
    CHECK(promoted["status"] == "confirmed");
    CHECK(promoted["invoices"].empty());  // self-funded: invoiced when the contract is signed
    REQUIRE(testing::sign_contract(office.server.port(), waiting["token"]).status == 201);
    CHECK(office.call("GET", "/api/v1/registrations/" + waiting["id"].dump())
              .json()["invoices"]
              .size() == 1);
    CHECK(office
              .call("POST", "/api/v1/registrations/" + moving["id"].dump() + "/move",
                    {{"session_id", to}})
              .status == 409);

    // An unsigned seat was never sold: moving it issues no credit note and no invoice.
    auto unsigned_seat = post_json(office.server.port(), "/api/v1/registrations",
                                   {{"session_id", to},
                                    {"funding", "self"},
                                    {"trainee",
                                     {{"first_name", "Noé"},
                                      {"last_name", "Sansfacture"},
                                      {"email", "non-signe@exemple.fr"},
                                      {"address", "4 quai Fictif, 69000 Lyon"}}}})
                             .json();
    const auto documents_before = office.count("SELECT count(*) FROM invoices");
    auto moved_back =
        office.call("POST", "/api/v1/registrations/" + unsigned_seat["id"].dump() + "/move",
                    {{"session_id", from}});
    REQUIRE(moved_back.status == 200);
    CHECK(moved_back.json()["invoices"].empty());
    CHECK(office.count("SELECT count(*) FROM invoices") == documents_before);
}

TEST_CASE("correcting a tier credits the invoice and issues one at the right price") {
    Office office;
    long long session = office.call("POST", "/api/v1/sessions", new_session(5)).json()["id"];
    auto registered =
        post_json(office.server.port(), "/api/v1/registrations",
                  {{"session_id", session},
                   {"funding", "employer"},
                   {"trainee",
                    {{"first_name", "Léa"}, {"last_name", "Roux"}, {"email", "lea@exemple.fr"}}},
                   {"employer",
                    {{"siret", "73282932000074"},
                     {"name", "Entreprise pas encore dans l'annuaire"},
                     {"address", "Nantes"}}}})
            .json();
    CHECK(registered["price_cents"] == 70000);
    // A cancellation fee is for cancellations: a tier correction credits the whole invoice.
    office.db.sql() << "UPDATE courses SET cancellation_fee_cents = 5000";
    auto path = "/api/v1/registrations/" + registered["id"].dump() + "/tier";
    auto corrected = office.call("POST", path, {{"tier", "member"}});
    REQUIRE(corrected.status == 200);
    auto body = corrected.json();
    CHECK(body["tier"] == "member");
    CHECK(body["price_cents"] == 50000);
    REQUIRE(body["invoices"].size() == 3);
    CHECK(body["invoices"][1]["total_cents"] == -70000);
    CHECK(body["invoices"][2]["total_cents"] == 50000);
    // The credit note says what it corrects and why.
    auto credit = office.call("GET", body["invoices"][1]["download_url"].get<std::string>()).body;
    auto text = testing::pdf_text(credit, "staff-test-tier-credit-note");
    for (std::string expected :
         {"Rectification du tarif", "non sociétaire (700,00 €)", "candidate (500,00 €)"}) {
        CHECK_MESSAGE(text.find(expected) != std::string::npos, expected);
    }
    CHECK(text.find("Annulation :") == std::string::npos);
    CHECK(office.call("POST", path, {{"tier", "member"}}).status == 409);
    CHECK(office.call("POST", path, {{"tier", "self_funded"}}).status == 400);
}

TEST_CASE("admins read the audit trail; others may not") {
    Office office;
    office.call("POST", "/api/v1/sessions", new_session());
    auto audit = office.call("GET", "/api/v1/audit?entity=session", nullptr, office.admin);
    REQUIRE(audit.status == 200);
    auto events = audit.json()["events"];
    REQUIRE(events.size() >= 1);
    CHECK(events[0]["action"] == "session.created");
    CHECK(events[0]["actor"] == "user:staff@exemple.fr");
    CHECK(events[0]["after"]["capacity"] == 2);
    CHECK(office.call("GET", "/api/v1/audit").status == 403);
}

TEST_CASE("every staff endpoint refuses anonymous callers and accountants' writes") {
    Office office;
    long long session = office.db.add_session(5);
    auto s = std::to_string(session);
    struct Endpoint {
        std::string method, path;
        json body;
        bool accountant_may;
    };
    const std::vector<Endpoint> endpoints = {
        {"POST", "/api/v1/sessions", new_session(), false},
        {"PATCH", "/api/v1/sessions/" + s, {{"capacity", 6}}, false},
        {"POST", "/api/v1/sessions/" + s + "/cancel", nullptr, false},
        {"GET", "/api/v1/sessions/" + s + "/roster", nullptr, true},
        {"GET", "/api/v1/sessions/" + s + "/roster.csv", nullptr, true},
        {"POST", "/api/v1/sessions/" + s + "/registrations", {{"funding", "self"}}, false},
        {"POST", "/api/v1/registrations/1/move", {{"session_id", session}}, false},
        {"POST", "/api/v1/registrations/1/tier", {{"tier", "member"}}, false},
        {"POST", "/api/v1/registrations/1/cancel", nullptr, false},
        {"GET", "/api/v1/registrations/1", nullptr, true},
        {"GET", "/api/v1/audit", nullptr, false},
    };
    for (const auto& endpoint : endpoints) {
        INFO(endpoint.method << " " << endpoint.path);
        std::map<std::string, std::string> json_type{{"Content-Type", "application/json"}};
        auto body = endpoint.body.is_null() ? "" : endpoint.body.dump();
        CHECK(http_request(office.server.port(), endpoint.method, endpoint.path, body, json_type)
                  .status == 401);
        auto as_accountant =
            office.call(endpoint.method, endpoint.path, endpoint.body, office.accountant);
        if (endpoint.accountant_may) {
            CHECK(as_accountant.status != 401);
            CHECK(as_accountant.status != 403);
        } else {
            CHECK(as_accountant.status == 403);
        }
    }
}

TEST_CASE("a trainee cannot cancel once the session has started; staff can") {
    Office office;
    auto tomorrow = office.db.add_session(5, 1);
    auto starting = office.db.add_session(5, 0);  // starts today
    auto early = office.register_self(tomorrow, "veille@exemple.fr");
    auto late = office
                    .call("POST", "/api/v1/sessions/" + std::to_string(starting) + "/registrations",
                          {{"funding", "self"},
                           {"trainee",
                            {{"first_name", "Jour"},
                             {"last_name", "J"},
                             {"email", "jour-j@exemple.fr"},
                             {"address", "1 place du Jour, Lyon"}}}})
                    .json();
    auto by_token = [&](const json& registration) {
        return http_request(
            office.server.port(), "POST",
            "/api/v1/registrations/" + registration["token"].get<std::string>() + "/cancel");
    };
    // The day before the first day: still the trainee's to cancel.
    CHECK(by_token(early).status == 200);
    // On the first day: refused online, nothing changes.
    auto refused = by_token(late);
    CHECK(refused.status == 409);
    CHECK(refused.json()["error"]["code"] == "session_started");
    CHECK(office.count("SELECT count(*) FROM registrations WHERE status = 'cancelled'") == 1);
    // Staff may, and the invoice (issued when the trainee signed) is credited.
    REQUIRE(testing::sign_contract(office.server.port(), late["token"]).status == 201);
    auto cancelled = office.call("POST", "/api/v1/registrations/" + late["id"].dump() + "/cancel");
    REQUIRE(cancelled.status == 200);
    CHECK(cancelled.json()["status"] == "cancelled");
    CHECK(cancelled.json()["invoices"][1]["kind"] == "credit_note");
}

TEST_CASE("moves: to a full session's waiting list, never to a cancelled one or another course") {
    Office office;
    long long from = office.call("POST", "/api/v1/sessions", new_session(5, 20)).json()["id"];
    long long full = office.call("POST", "/api/v1/sessions", new_session(1, 30)).json()["id"];
    long long cancelled = office.call("POST", "/api/v1/sessions", new_session(5, 40)).json()["id"];
    REQUIRE(
        office.call("POST", "/api/v1/sessions/" + std::to_string(cancelled) + "/cancel").status ==
        200);
    office.register_self(full, "occupe@exemple.fr");
    // Another course of the catalogue, with its own session.
    long long other_course = 0;
    office.db.sql() << "INSERT INTO courses (code, title, duration_minutes, programme)"
                       " VALUES ('ANIM', 'Animer les collectifs en CAE', 420, 'Animer.')";
    office.db.sql() << "INSERT INTO tariffs (course_id, tier, amount_cents, valid_from)"
                       " SELECT id, 'self_funded', 20000, DATE '2019-01-01' FROM courses"
                       " WHERE code = 'ANIM'";
    office.db.sql() << "INSERT INTO sessions (reference, course_id, starts_on, ends_on, place,"
                       " capacity, registration_deadline) SELECT 'ANIM-1', id, DATE '" +
                           day(25) + "', DATE '" + day(25) + "', 'Lyon', 5, DATE '" + day(24) +
                           "' FROM courses WHERE code = 'ANIM' RETURNING id",
        soci::into(other_course);
    auto moving = office.register_self(from, "bouge@exemple.fr");
    auto move = [&](long long target) {
        return office.call("POST", "/api/v1/registrations/" + moving["id"].dump() + "/move",
                           {{"session_id", target}});
    };
    auto error = [](const HttpResponse& response) {
        return std::to_string(response.status) + " " +
               response.json()["error"]["code"].get<std::string>();
    };
    CHECK(error(move(cancelled)) == "409 session_cancelled");
    CHECK(error(move(other_course)) == "409 different_course");
    CHECK(error(move(from)) == "409 same_session");
    CHECK(error(move(999999)) == "400 session_not_found");
    CHECK(office.count("SELECT count(*) FROM invoices WHERE kind = 'credit_note'") == 0);

    auto waiting = move(full);
    REQUIRE(waiting.status == 200);
    CHECK(waiting.json()["status"] == "waitlisted");
    CHECK(waiting.json()["waitlist_position"] == 1);
    // Credited, and not invoiced again until it gets a seat.
    auto documents = waiting.json()["invoices"];
    REQUIRE(documents.size() == 2);
    CHECK(documents[1]["kind"] == "credit_note");
}

TEST_CASE("two sessions starting the same day get distinct references nobody had to invent") {
    Office office;
    auto first = office.call("POST", "/api/v1/sessions", new_session(2, 30));
    auto second = office.call("POST", "/api/v1/sessions", new_session(2, 30));
    auto third = office.call("POST", "/api/v1/sessions", new_session(2, 30));
    REQUIRE(first.status == 201);
    REQUIRE(second.status == 201);
    REQUIRE(third.status == 201);
    CHECK(first.json()["reference"] == "CAE-" + testing::day(30));
    CHECK(second.json()["reference"] == "CAE-" + testing::day(30) + "-2");
    CHECK(third.json()["reference"] == "CAE-" + testing::day(30) + "-3");
    // A reference chosen by staff is still refused when taken.
    auto body = new_session(2, 30);
    body["reference"] = "CAE-" + testing::day(30);
    CHECK(office.call("POST", "/api/v1/sessions", body).json()["error"]["code"] ==
          "reference_taken");
}

TEST_CASE("the days of a session that deserve a confirmation: past, weekend, public holiday") {
    Office office;
    auto ask = [&](const std::string& query) {
        return office.call("GET", "/api/v1/staff/date-warnings?" + query);
    };
    // 25 December 2099 is a Friday (Christmas), then a weekend; far enough ahead to be in the
    // future whatever the clock.
    auto christmas = ask("starts_on=2099-12-25&ends_on=2099-12-27");
    REQUIRE(christmas.status == 200);
    CHECK(christmas.json()["warnings"] == json{"Le vendredi 25 décembre 2099 est un jour férié.",
                                               "Le samedi 26 décembre 2099 tombe un week-end.",
                                               "Le dimanche 27 décembre 2099 tombe un week-end."});
    auto yesterday = ask("starts_on=" + testing::day(-1) + "&ends_on=" + testing::day(-1));
    REQUIRE(yesterday.status == 200);
    CHECK(yesterday.json()["warnings"][0].get<std::string>().ends_with(", est déjà passé."));
    CHECK(ask("ends_on=2099-12-27").status == 400);
    CHECK(ask("starts_on=2099-13-01").status == 400);
}

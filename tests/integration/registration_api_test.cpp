// The public HTTP contract of /api/v1, exercised against the real `formations serve` binary and a
// fresh PostgreSQL database: what a client sees when it lists sessions, registers (seat or
// waiting list, at the price of its tier), retries, looks at and cancels a registration, and
// how every refusal is answered.

#include <doctest/doctest.h>

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "service/app/schema.hpp"
#include "service/storage/database.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_clock.hpp"
#include "tests/support/test_database.hpp"

using formations::testing::http_request;
using formations::testing::HttpResponse;
using formations::testing::post_json;
using formations::testing::ServerProcess;
using formations::testing::TestDatabase;
using nlohmann::json;

namespace {

// One database and one server for the whole file: starting them is the slow part. Each test
// case makes its own sessions and e-mails, so they do not depend on each other's order.
struct Api {
    // With the demonstration data: its fictional organisations fill the member directory.
    TestDatabase db{/*seed=*/true, /*demo=*/true};  // first: the server stops before the drop
    ServerProcess server{db.url()};
};

Api& api() {
    static Api instance;
    return instance;
}

TestDatabase& db() {
    return api().db;
}

const std::string registrations_path = "/api/v1/registrations";

HttpResponse get(const std::string& path) {
    return http_request(api().server.port(), "GET", path);
}

HttpResponse post_registration(const json& body,
                               const std::map<std::string, std::string>& headers = {}) {
    return post_json(api().server.port(), registrations_path, body, headers);
}

HttpResponse cancel(const std::string& token) {
    return http_request(api().server.port(), "POST", registrations_path + "/" + token + "/cancel");
}

json registration_of(const std::string& token) {
    return get(registrations_path + "/" + token).json();
}

json session_of(long long id) {
    return get("/api/v1/sessions/" + std::to_string(id)).json();
}

// A new value per call: a test case runs again for each of its SUBCASEs, and the same person
// (or the same Idempotency-Key) may be used only once.
std::string unique(const std::string& prefix) {
    static int counter = 0;
    return prefix + "-" + std::to_string(++counter);
}

std::string unique_email(const std::string& name) {
    return unique(name) + "@exemple.fr";
}

json trainee(const std::string& email) {
    return {{"first_name", "Camille"}, {"last_name", "Durand"}, {"email", email}};
}

// A self-funded trainee is the buyer: the invoice needs their postal address.
json self_funded(long long session, const std::string& email) {
    auto person = trainee(email);
    person["address"] = "2 avenue Imaginaire\n69000 Lyon";
    return {{"session_id", session}, {"trainee", person}, {"funding", "self"}};
}

json employer_funded(long long session, const std::string& email, const std::string& siret) {
    return {{"session_id", session},
            {"trainee", trainee(email)},
            {"funding", "employer"},
            {"employer",
             {{"siret", siret},
              {"name", "Employeur de test"},
              {"address", "1 rue Fictive\n75000 Paris"}}}};
}

// Registers a new person on `session` and returns the answer (expected 201).
json register_someone(long long session, const std::string& name = "stagiaire") {
    auto response = post_registration(self_funded(session, unique_email(name)));
    REQUIRE(response.status == 201);
    return response.json();
}

// "status code @ field" of an error answer, e.g. "409 already_registered @ trainee.email"; the
// field part is empty when the error names no field. One string, so a failing CHECK shows all.
std::string error_of(const HttpResponse& response) {
    std::string field;
    std::string code;
    try {
        auto error = response.json().at("error");
        code = error.at("code").get<std::string>();
        field = error.at("field").is_null() ? "" : error.at("field").get<std::string>();
    } catch (const json::exception& e) {
        code = std::string("<not an error body: ") + e.what() + ">";
    }
    return std::to_string(response.status) + " " + code + " @ " + field;
}

// Empty when the answer is exactly {"error":{"code","message","field"}} in JSON, with a
// non-empty message for people and a field that is null or names something; else what is wrong.
std::string error_shape_problem(const HttpResponse& response) {
    if (response.header("content-type").rfind("application/json", 0) != 0) {
        return "content type " + response.header("content-type");
    }
    json body;
    try {
        body = response.json();
    } catch (const json::exception&) {
        return "not JSON: " + response.body.substr(0, 200);
    }
    if (!body.is_object() || body.size() != 1 || !body.contains("error")) {
        return "top level " + body.dump();
    }
    const auto& error = body["error"];
    std::set<std::string> keys;
    for (const auto& item : error.items()) {
        keys.insert(item.key());
    }
    if (keys != std::set<std::string>{"code", "message", "field"}) {
        return "error keys " + error.dump();
    }
    if (!error["code"].is_string() || error["code"].get<std::string>().empty()) {
        return "code " + error.dump();
    }
    if (!error["message"].is_string() || error["message"].get<std::string>().empty() ||
        error["message"] == error["code"]) {
        return "message " + error.dump();
    }
    if (!error["field"].is_null() &&
        (!error["field"].is_string() || error["field"].get<std::string>().empty())) {
        return "field " + error.dump();
    }
    return "";
}

// Rows a refused request must not have written.
struct RowCounts {
    long long registrations;
    long long trainees;
    bool operator==(const RowCounts&) const = default;
};

RowCounts row_counts() {
    return {db().count("SELECT count(*) FROM registrations"),
            db().count("SELECT count(*) FROM trainees")};
}

std::string count_of(const std::string& where) {
    return std::to_string(db().count("SELECT count(*) FROM registrations WHERE " + where));
}

}  // namespace

namespace doctest {
template <>
struct StringMaker<RowCounts> {
    static String convert(const RowCounts& counts) {
        return ("{registrations " + std::to_string(counts.registrations) + ", trainees " +
                std::to_string(counts.trainees) + "}")
            .c_str();
    }
};
}  // namespace doctest

TEST_CASE("GET /api/v1/sessions lists the upcoming sessions with every contract field") {
    auto upcoming = db().add_session(9, 45);
    auto cancelled = db().add_session(12, 46, "cancelled");
    auto starting_today = db().add_session(12, 0);

    auto response = get("/api/v1/sessions");
    REQUIRE(response.status == 200);
    CHECK(response.header("content-type").rfind("application/json", 0) == 0);
    auto sessions = response.json().at("sessions");
    REQUIRE(sessions.is_array());

    std::set<long long> listed;
    json found;
    for (const auto& session : sessions) {
        listed.insert(session["id"].get<long long>());
        if (session["id"] == upcoming) {
            found = session;
        }
    }
    CHECK(listed.count(upcoming) == 1);
    CHECK(listed.count(cancelled) == 0);
    CHECK(listed.count(starting_today) == 0);  // "upcoming" means starting after today
    // The 2019 sessions of the seed are in the past.
    for (const char* reference : {"CAE-2019-06", "CAE-2019-10"}) {
        CAPTURE(reference);
        auto id = db().count(std::string("SELECT id FROM sessions WHERE reference = '") +
                             reference + "'");
        CHECK(listed.count(id) == 0);
    }

    REQUIRE(found.is_object());
    CHECK(found["course"] == json{{"code", "CAE"}, {"title", "Créer sa CAE"}});
    CHECK(found["starts_on"] == formations::testing::day(45));
    CHECK(found["ends_on"] == formations::testing::day(46));
    CHECK(found["hours"] == 14);
    CHECK(found["place"] == "Salle d'essai, Paris");
    CHECK(found["capacity"] == 9);
    CHECK(found["seats_left"] == 9);
    CHECK(found["waitlist_length"] == 0);
    CHECK(found["registration_open"] == true);
    CHECK(found["prices_cents"] ==
          json{{"self_funded", 30000}, {"member", 50000}, {"non_member", 70000}});
}

TEST_CASE("GET /api/v1/sessions/{id} shows one session and counts its seats") {
    auto session = db().add_session(3);
    register_someone(session);

    auto response = get("/api/v1/sessions/" + std::to_string(session));
    REQUIRE(response.status == 200);
    auto body = response.json();
    CHECK(body["id"] == session);
    CHECK(body["capacity"] == 3);
    CHECK(body["seats_left"] == 2);
    CHECK(body["waitlist_length"] == 0);
    CHECK(body["starts_on"] == formations::testing::day(30));
    CHECK(body["prices_cents"]["member"] == 50000);
}

TEST_CASE("an unknown or malformed session id is a 404 session_not_found") {
    for (const char* id : {"999999999", "abc", "0", "-1", "1.5", "99999999999999999999"}) {
        CAPTURE(id);
        auto response = get(std::string("/api/v1/sessions/") + id);
        CHECK(error_of(response) == "404 session_not_found @ ");
        CHECK(error_shape_problem(response) == "");
    }
}

TEST_CASE("a self-funded registration gets a seat at the self-funded price") {
    auto session = db().add_session(12);
    auto email = unique_email("autofinancement");
    auto response = post_registration(self_funded(session, email));
    REQUIRE(response.status == 201);
    auto body = response.json();
    CHECK(body["tier"] == "self_funded");
    CHECK(body["price_cents"] == 30000);
    CHECK(body["status"] == "confirmed");
    CHECK(body["waitlist_position"].is_null());
    CHECK(body["funding"] == "self");
    CHECK(body["employer"].is_null());
    CHECK(body["trainee"]["email"] == email);
    CHECK(body["session"]["id"] == session);
    const auto token = body["token"].get<std::string>();
    CHECK(token.size() == 43);
    CHECK(response.header("location") == registrations_path + "/" + token);
    CHECK(body["links"]["self"] == registrations_path + "/" + token);
    CHECK(response.header("idempotent-replayed") == "");
}

TEST_CASE("the employer's place in the member directory decides the tier") {
    struct Case {
        std::string directory_status;
        std::string siret;
        std::string tier;
        long long price_cents;
        bool in_directory;
    };
    const Case cases[] = {
        {"societaire", "99900000100001", "member", 50000, true},
        {"candidate", "99900000200009", "member", 50000, true},  // candidates pay like members
        {"none", "99900000300007", "non_member", 70000, true},
        {"absent from the directory", "73282932000074", "non_member", 70000, false},
    };
    auto session = db().add_session(12);
    for (const auto& c : cases) {
        CAPTURE(c.directory_status);
        auto response =
            post_registration(employer_funded(session, unique_email("salarie"), c.siret));
        REQUIRE(response.status == 201);
        auto body = response.json();
        CHECK(body["funding"] == "employer");
        CHECK(body["tier"] == c.tier);
        CHECK(body["price_cents"] == c.price_cents);
        CHECK(body["employer"]["siret"] == c.siret);
        CHECK(body["employer"]["in_member_directory"] == c.in_directory);
    }
}

TEST_CASE("a SIRET typed in groups is stored as 14 digits and priced from the directory") {
    auto session = db().add_session(12);
    auto response =
        post_registration(employer_funded(session, unique_email("groupes"), "999 000 001 00001"));
    REQUIRE(response.status == 201);
    CHECK(response.json()["employer"]["siret"] == "99900000100001");
    CHECK(response.json()["tier"] == "member");
}

TEST_CASE("GET /api/v1/registrations/{token} shows the registration") {
    auto session = db().add_session(12);
    auto created = register_someone(session, "consultation");

    auto response = get(registrations_path + "/" + created["token"].get<std::string>());
    REQUIRE(response.status == 200);
    auto body = response.json();
    CHECK(body["id"] == created["id"]);
    CHECK(body["status"] == "confirmed");
    CHECK(body["tier"] == "self_funded");
    CHECK(body["price_cents"] == 30000);
    CHECK(body["trainee"] == created["trainee"]);
    CHECK(body["session"]["id"] == session);
}

TEST_CASE("an unknown registration token is a 404 registration_not_found") {
    // A well-formed token nobody holds, and strings that cannot be tokens at all.
    for (const std::string& token :
         {std::string(43, 'A'), std::string("court"), std::string(44, 'A')}) {
        CAPTURE(token);
        auto response = get(registrations_path + "/" + token);
        CHECK(error_of(response) == "404 registration_not_found @ ");
        CHECK(error_shape_problem(response) == "");
        CHECK(error_of(cancel(token)) == "404 registration_not_found @ ");
    }
}

TEST_CASE("a full session puts newcomers on the waiting list, in order") {
    auto session = db().add_session(2);
    auto first = register_someone(session);
    auto second = register_someone(session);
    auto third = register_someone(session);
    auto fourth = register_someone(session);

    CHECK(first["status"] == "confirmed");
    CHECK(second["status"] == "confirmed");
    CHECK(third["status"] == "waitlisted");
    CHECK(third["waitlist_position"] == 1);
    CHECK(fourth["status"] == "waitlisted");
    CHECK(fourth["waitlist_position"] == 2);
    // Waiting costs the same price: it is the price of the seat they will get.
    CHECK(fourth["price_cents"] == 30000);

    auto view = session_of(session);
    CHECK(view["seats_left"] == 0);
    CHECK(view["waitlist_length"] == 2);

    SUBCASE("cancelling a seat offers it to the first in line") {
        auto response = cancel(first["token"]);
        REQUIRE(response.status == 200);
        CHECK(response.json()["status"] == "cancelled");

        // Offered, not given: the seat is held for them, nothing is invoiced before they accept.
        auto offered = registration_of(third["token"]);
        CHECK(offered["status"] == "offered");
        CHECK(offered["waitlist_position"].is_null());
        CHECK(offered["offer"]["outcome"] == "open");
        CHECK(offered["invoices"].empty());
        auto still_waiting = registration_of(fourth["token"]);
        CHECK(still_waiting["status"] == "waitlisted");
        CHECK(still_waiting["waitlist_position"] == 1);

        view = session_of(session);
        CHECK(view["seats_left"] == 0);
        CHECK(view["waitlist_length"] == 1);
        CHECK(count_of("session_id = " + std::to_string(session) + " AND status = 'confirmed'") ==
              "1");
        CHECK(count_of("session_id = " + std::to_string(session) + " AND status = 'offered'") ==
              "1");

        auto again = cancel(first["token"]);
        CHECK(error_of(again) == "409 already_cancelled @ ");
        CHECK(error_shape_problem(again) == "");
        // Nothing moved on the second attempt.
        CHECK(registration_of(fourth["token"])["waitlist_position"] == 1);
    }

    SUBCASE("cancelling a place in line promotes nobody and moves the others up") {
        auto response = cancel(third["token"]);
        REQUIRE(response.status == 200);
        CHECK(response.json()["status"] == "cancelled");
        CHECK(response.json()["waitlist_position"].is_null());

        CHECK(registration_of(first["token"])["status"] == "confirmed");
        CHECK(registration_of(second["token"])["status"] == "confirmed");
        auto moved_up = registration_of(fourth["token"]);
        CHECK(moved_up["status"] == "waitlisted");
        CHECK(moved_up["waitlist_position"] == 1);

        view = session_of(session);
        CHECK(view["seats_left"] == 0);
        CHECK(view["waitlist_length"] == 1);
    }
}

TEST_CASE("the same person cannot register twice for a session, whatever the capitalisation") {
    auto session = db().add_session(12);
    auto first = post_registration(self_funded(session, "Dominique.Martin@Exemple.fr"));
    REQUIRE(first.status == 201);
    CHECK(first.json()["trainee"]["email"] == "dominique.martin@exemple.fr");

    auto before = row_counts();
    auto second = self_funded(session, "dominique.MARTIN@exemple.FR");
    second["trainee"]["first_name"] = "Dominique-Seconde";
    auto twice = post_registration(second);
    CHECK(error_of(twice) == "409 already_registered @ trainee.email");
    CHECK(error_shape_problem(twice) == "");
    CHECK(row_counts() == before);
    // Refused, it wrote nothing: not even the name it gave.
    CHECK(db().count("SELECT count(*) FROM trainees WHERE first_name = 'Dominique-Seconde'") == 0);

    SUBCASE("but may register again after cancelling") {
        REQUIRE(cancel(first.json()["token"]).status == 200);
        auto again = post_registration(self_funded(session, "DOMINIQUE.MARTIN@EXEMPLE.FR"));
        REQUIRE(again.status == 201);
        CHECK(again.json()["id"] != first.json()["id"]);
        CHECK(again.json()["status"] == "confirmed");
        CHECK(db().count("SELECT count(*) FROM trainees"
                         " WHERE email = 'dominique.martin@exemple.fr'") == 1);
    }
}

TEST_CASE("an Idempotency-Key replays the first answer instead of registering twice") {
    auto session = db().add_session(12);
    const std::string key = unique("inscription-7f3a9c");
    auto body = self_funded(session, unique_email("idempotence"));

    auto first = post_registration(body, {{"Idempotency-Key", key}});
    REQUIRE(first.status == 201);
    CHECK(first.header("idempotent-replayed") == "");
    auto retry = post_registration(body, {{"Idempotency-Key", key}});
    REQUIRE(retry.status == 201);
    CHECK(retry.header("idempotent-replayed") == "true");
    CHECK(retry.json()["id"] == first.json()["id"]);
    CHECK(retry.json()["token"] == first.json()["token"]);
    CHECK(retry.json()["status"] == "confirmed");
    CHECK(retry.header("location") == first.header("location"));
    CHECK(count_of("idempotency_key = '" + key + "'") == "1");
    CHECK(count_of("session_id = " + std::to_string(session)) == "1");

    SUBCASE("the same request spelled differently is the same request") {
        // Keys in another order and extra white space: same JSON value, same fingerprint.
        const std::string email = body["trainee"]["email"];
        const std::string reordered =
            R"({ "funding" : "self", "trainee": {"email":")" + email +
            R"(", "last_name":"Durand",)"
            R"( "address": "2 avenue Imaginaire\n69000 Lyon", "first_name":"Camille"},)"
            R"( "session_id": )" +
            std::to_string(session) + "}";
        auto response =
            http_request(api().server.port(), "POST", registrations_path, reordered,
                         {{"Content-Type", "application/json"}, {"Idempotency-Key", key}});
        REQUIRE(response.status == 201);
        CHECK(response.json()["id"] == first.json()["id"]);
        CHECK(response.header("idempotent-replayed") == "true");
    }

    SUBCASE("the same key with another request is refused") {
        auto before = row_counts();
        auto other = post_registration(self_funded(session, unique_email("autre")),
                                       {{"Idempotency-Key", key}});
        CHECK(error_of(other) == "422 idempotency_key_reused @ Idempotency-Key");
        CHECK(error_shape_problem(other) == "");
        CHECK(row_counts() == before);
    }
}

TEST_CASE("a waitlisted registration replays as waitlisted with its first position") {
    auto session = db().add_session(1);
    register_someone(session);
    auto body = self_funded(session, unique_email("attente"));
    const auto key = unique("attente");
    auto first = post_registration(body, {{"Idempotency-Key", key}});
    REQUIRE(first.status == 201);
    CHECK(first.json()["status"] == "waitlisted");
    CHECK(first.json()["waitlist_position"] == 1);
    auto retry = post_registration(body, {{"Idempotency-Key", key}});
    REQUIRE(retry.status == 201);
    CHECK(retry.json()["id"] == first.json()["id"]);
    CHECK(retry.json()["status"] == "waitlisted");
    CHECK(retry.json()["waitlist_position"] == 1);
}

TEST_CASE("a closed session refuses registrations with registration_closed") {
    auto closed = db().add_session(12, 30, "closed");
    auto cancelled = db().add_session(12, 30, "cancelled");
    auto past_deadline = db().add_session(12, 0);  // starts today: the deadline was yesterday
    auto in_2019 = db().count("SELECT id FROM sessions WHERE reference = 'CAE-2019-06'");
    auto before = row_counts();
    for (auto session : {closed, cancelled, past_deadline, in_2019}) {
        CAPTURE(session);
        auto response = post_registration(self_funded(session, unique_email("tardif")));
        CHECK(error_of(response) == "400 registration_closed @ session_id");
        CHECK(error_shape_problem(response) == "");
    }
    CHECK(row_counts() == before);

    // Closed sessions are still shown, marked closed to registration.
    CHECK(session_of(closed)["registration_open"] == false);
    CHECK(session_of(past_deadline)["registration_open"] == false);
}

TEST_CASE("registering for a session that does not exist is a 400 session_not_found") {
    auto before = row_counts();
    auto response = post_registration(self_funded(999999999, unique_email("nulle-part")));
    CHECK(error_of(response) == "400 session_not_found @ session_id");
    CHECK(error_shape_problem(response) == "");
    CHECK(row_counts() == before);
}

TEST_CASE("bad requests are refused with a precise error and write nothing") {
    auto session = db().add_session(12);
    // Every bad request below differs from this valid one by one mistake: if the mistake went
    // unnoticed, the request would register someone and the row counts would change.
    auto valid = [&] { return employer_funded(session, unique_email("refus"), "73282932000074"); };
    auto changed = [&](const std::function<void(json&)>& change) {
        auto body = valid();
        change(body);
        return body.dump();
    };
    const std::map<std::string, std::string> json_type{{"Content-Type", "application/json"}};

    struct BadRequest {
        std::string rule;
        std::string body;
        std::map<std::string, std::string> headers;
        std::string expected;  // as error_of() writes it
    };
    const std::vector<BadRequest> cases = {
        {"malformed JSON", R"({"session_id": 1,)", json_type, "400 invalid_json @ "},
        {"a number too large for a double", R"({"session_id":1e400})", json_type,
         "400 invalid_json @ "},
        {"empty body", "", json_type, "400 invalid_json @ "},
        {"a JSON array", "[" + valid().dump() + "]", json_type, "400 invalid_json @ "},
        {"session_id as a string",
         changed([&](json& b) { b["session_id"] = std::to_string(session); }), json_type,
         "400 invalid_type @ session_id"},
        {"session_id as a decimal", changed([](json& b) { b["session_id"] = 1.5; }), json_type,
         "400 invalid_type @ session_id"},
        {"trainee as a string", changed([](json& b) { b["trainee"] = "Camille Durand"; }),
         json_type, "400 invalid_type @ trainee"},
        {"a number as first name", changed([](json& b) { b["trainee"]["first_name"] = 42; }),
         json_type, "400 invalid_type @ trainee.first_name"},
        {"no session_id", changed([](json& b) { b.erase("session_id"); }), json_type,
         "400 required @ session_id"},
        {"no e-mail", changed([](json& b) { b["trainee"].erase("email"); }), json_type,
         "400 required @ trainee.email"},
        {"a blank last name", changed([](json& b) { b["trainee"]["last_name"] = "  "; }), json_type,
         "400 required @ trainee.last_name"},
        {"an unknown field", changed([](json& b) { b["discount"] = 100; }), json_type,
         "400 unknown_field @ discount"},
        {"an unknown nested field", changed([](json& b) { b["trainee"]["age"] = 42; }), json_type,
         "400 unknown_field @ trainee.age"},
        {"a 101-character first name",
         changed([](json& b) { b["trainee"]["first_name"] = std::string(101, 'a'); }), json_type,
         "400 too_long @ trainee.first_name"},
        {"a control character",
         changed([](json& b) { b["trainee"]["last_name"] = std::string("Du") + '\a' + "rand"; }),
         json_type, "400 invalid_characters @ trainee.last_name"},
        {"an escaped NUL character",
         R"({"session_id":)" + std::to_string(session) +
             R"(,"trainee":{"first_name":"Camille","last_name":"Du\u0000rand",)"
             R"("email":"nul@exemple.fr","address":"Lyon"},"funding":"self"})",
         json_type, "400 invalid_characters @ trainee.last_name"},
        {"invalid UTF-8 bytes",
         R"({"session_id":)" + std::to_string(session) +
             ","
             R"("trainee":{"first_name":"Cam)"
             "\xC3\x28"
             R"(ille","last_name":"Durand",)"
             R"("email":"utf8@exemple.fr","address":"Lyon"},"funding":"self"})",
         json_type, "400 invalid_json @ "},
        {"a bad e-mail", changed([](json& b) { b["trainee"]["email"] = "camille.exemple.fr"; }),
         json_type, "400 invalid_email @ trainee.email"},
        {"a bad SIRET", changed([](json& b) { b["employer"]["siret"] = "73282932000075"; }),
         json_type, "400 invalid_siret @ employer.siret"},
        {"employer funding without employer", changed([](json& b) { b.erase("employer"); }),
         json_type, "400 employer_required @ employer"},
        {"self funding with an employer", changed([](json& b) {
             b["funding"] = "self";
             b["trainee"]["address"] = "Lyon";
         }),
         json_type, "400 unexpected_employer @ employer"},
        {"an unknown funding", changed([](json& b) { b["funding"] = "company"; }), json_type,
         "400 invalid_funding @ funding"},
        {"a body over 64 KiB",
         changed([](json& b) { b["employer"]["address"] = std::string(70 * 1024, 'a'); }),
         json_type, "413 payload_too_large @ "},
        {"a text/plain body",
         valid().dump(),
         {{"Content-Type", "text/plain"}},
         "415 unsupported_media_type @ "},
        {"no Content-Type", valid().dump(), {}, "415 unsupported_media_type @ "},
        {"a 300-character Idempotency-Key",
         valid().dump(),
         {{"Content-Type", "application/json"}, {"Idempotency-Key", std::string(300, 'k')}},
         "400 invalid_idempotency_key @ Idempotency-Key"},
        {"an Idempotency-Key with a space",
         valid().dump(),
         {{"Content-Type", "application/json"}, {"Idempotency-Key", "deux mots"}},
         "400 invalid_idempotency_key @ Idempotency-Key"},
    };

    for (const auto& bad : cases) {
        CAPTURE(bad.rule);
        auto before = row_counts();
        auto response =
            http_request(api().server.port(), "POST", registrations_path, bad.body, bad.headers);
        CHECK(response.status != 500);
        CHECK(error_of(response) == bad.expected);
        CHECK(error_shape_problem(response) == "");
        CHECK(row_counts() == before);
    }

    // The valid request itself is accepted: the refusals above are due to their one mistake.
    CHECK(post_registration(valid()).status == 201);
}

TEST_CASE(
    "a form's Windows line breaks and a capitalised e-mail with an accented domain are "
    "accepted") {
    auto session = db().add_session(5);
    auto body = self_funded(session, "JOSE." + unique("x") + "@ÉCOLE-EXEMPLE.fr");
    body["trainee"]["address"] = "2 avenue Imaginaire\r\n69000 Lyon";
    auto response = post_registration(body);
    REQUIRE(response.status == 201);
    auto created = response.json();
    CHECK(created["trainee"]["address"] == "2 avenue Imaginaire\n69000 Lyon");
    auto email = created["trainee"]["email"].get<std::string>();
    CHECK(email.starts_with("jose."));
    CHECK(email.ends_with("@école-exemple.fr"));
    // Accents before the "@" are refused (few servers take them; mostly a typo of the address).
    auto accented = post_registration(self_funded(session, "josé." + unique("x") + "@exemple.fr"));
    CHECK(accented.status == 400);
    CHECK(error_of(accented) == "400 invalid_email @ trainee.email");
}

TEST_CASE("another registration with the same e-mail does not change this one") {
    auto first_session = db().add_session(5), second_session = db().add_session(5);
    auto email = unique_email("meme");
    auto first = post_registration(self_funded(first_session, email)).json();
    auto other = self_funded(second_session, email);
    other["trainee"]["first_name"] = "Mallory";
    REQUIRE(post_registration(other).status == 201);
    auto seen = registration_of(first["token"]);
    CHECK(seen["trainee"]["first_name"] == "Camille");
}

TEST_CASE("a charset parameter on the JSON content type is accepted") {
    auto session = db().add_session(12);
    auto response = http_request(api().server.port(), "POST", registrations_path,
                                 self_funded(session, unique_email("charset")).dump(),
                                 {{"Content-Type", "application/json; charset=utf-8"}});
    CHECK(response.status == 201);
}

TEST_CASE("an unknown route is a JSON 404 route_not_found") {
    // Under /api only: other paths are the web pages (an HTML 404 when missing).
    for (const char* path : {"/api/v2/sessions", "/api", "/api/v1/registrations/x/y/z"}) {
        CAPTURE(path);
        auto response = get(path);
        CHECK(error_of(response) == "404 route_not_found @ ");
        CHECK(error_shape_problem(response) == "");
    }
}

TEST_CASE("/healthz says the process is up, /readyz that the schema is current") {
    auto health = get("/healthz");
    CHECK(health.status == 200);
    CHECK(health.json() == json{{"status", "ok"}});

    auto ready = get("/readyz");
    CHECK(ready.status == 200);
    auto body = ready.json();
    CHECK(body["status"] == "ready");
    formations::storage::Database database(db().url(), 1);
    auto schema = formations::app::schema_state(database);
    REQUIRE(schema.ok());
    CHECK(body["schema_version"] == schema->expected_version);
    CHECK(schema->current());
}

TEST_CASE("every error has exactly the shape {error: {code, message, field}}") {
    auto session = db().add_session(12);
    std::vector<HttpResponse> errors = {
        get("/api/nulle-part"),                                              // 404 route
        get("/api/v1/sessions/0"),                                           // 404 session
        post_registration(json{{"session_id", session}}),                    // 400 with a field
        http_request(api().server.port(), "POST", registrations_path, "{"),  // 415
    };
    for (const auto& response : errors) {
        CAPTURE(response.body);
        CHECK(response.status >= 400);
        CHECK(response.status < 500);
        CHECK(error_shape_problem(response) == "");
    }
    // The field is JSON null, not "", when the error names none.
    CHECK(errors[0].json()["error"]["field"].is_null());
    CHECK(errors[2].json()["error"]["field"] == "trainee");
    CHECK(errors[2].json()["error"]["message"] == "Ce champ est obligatoire.");
}

TEST_CASE("the server stops gracefully on SIGTERM") {
    // A server of its own: the shared one must keep serving the other tests.
    ServerProcess server(db().url());
    const int port = server.port();
    REQUIRE(http_request(port, "GET", "/healthz").status == 200);
    CHECK(server.stop() == 0);
    CHECK_THROWS(http_request(port, "GET", "/healthz"));
}

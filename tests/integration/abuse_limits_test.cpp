// What a stranger cannot do with the public endpoints: learn who is in the member directory from
// the price form, register without end from one address, or fill a session with invoices in a
// company's name; and what operators see: JSON log lines without secrets, /metrics.

#include <fstream>
#include <set>

#include <doctest/doctest.h>

#include "service/app/registrations.hpp"
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

namespace {

const std::string member_siret = "99900000100001";  // Coopérative Sociétaire Fictive (demo)
const std::string unknown_siret = "73282932000074";
const std::string other_siret = "44200001000011";  // not in the demo directory

json employer_registration(long long session, const std::string& email,
                           const std::string& siret = member_siret) {
    return {{"session_id", session},
            {"funding", "employer"},
            {"trainee", {{"first_name", "Léo"}, {"last_name", "Garnier"}, {"email", email}}},
            {"employer",
             {{"siret", siret}, {"name", "Une entreprise"}, {"address", "1 rue Fictive, Paris"}}}};
}

std::string error_of(const HttpResponse& response) {
    return std::to_string(response.status) + " " +
           response.json()["error"]["code"].get<std::string>();
}

}  // namespace

TEST_CASE("the quote gives a tier only for a SIRET and a name that match the directory") {
    testing::TestDatabase db(true, true);
    auto session = std::to_string(db.add_session(12));
    testing::ServerProcess server(db.url());
    auto quote = [&](const std::string& query) {
        auto response =
            http_request(server.port(), "GET", "/api/v1/quote?session_id=" + session + query);
        REQUIRE(response.status == 200);
        return response.json();
    };
    auto self = quote("");
    CHECK(self["tier"] == "self_funded");
    CHECK(self["price_cents"] == 30000);

    auto undetermined = quote("&siret=" + member_siret);
    CHECK(undetermined["tier"].is_null());
    CHECK(undetermined["price_cents"].is_null());
    CHECK(undetermined["possible_prices_cents"] == json{{"member", 50000}, {"non_member", 70000}});
    CHECK(!undetermined.contains("organisation_name"));
    CHECK(!undetermined.contains("employer_address"));
    // A member's SIRET with a wrong name, an unknown SIRET with any name: the very same answer.
    CHECK(quote("&siret=" + member_siret + "&name=Autre%20nom") == undetermined);
    CHECK(quote("&siret=" + unknown_siret) == undetermined);
    CHECK(quote("&siret=" + unknown_siret + "&name=Coop%C3%A9rative%20Soci%C3%A9taire%20Fictive") ==
          undetermined);

    auto member = quote("&siret=999%20000%20001%2000001&name=COOPERATIVE%20SOCIETAIRE%20FICTIVE");
    CHECK(member["tier"] == "member");
    CHECK(member["price_cents"] == 50000);
    // Recognised (SIRET and name): the directory's address, for the form to fill in.
    CHECK(member["employer_address"] == "1 rue Fictive, 75000 Paris");
    auto former = quote("&siret=99900000300007&name=Entreprise%20non%20membre%20fictive");
    CHECK(former["tier"] == "non_member");
    CHECK(former["price_cents"] == 70000);
    CHECK(former.contains("employer_address"));
    // Self-funded: no employer, no address.
    CHECK(!self.contains("employer_address"));
}

TEST_CASE("the quote gives the directory's address only when the SIRET and the name match") {
    testing::TestDatabase db(true, true);
    auto session = std::to_string(db.add_session(12));
    testing::ServerProcess server(db.url());
    auto token =
        testing::staff_token(db.url(), server.port(), "staff@exemple.fr", app::Role::staff);
    // A structure of the directory with an address on two lines.
    auto created = testing::call(server.port(), "POST", "/api/v1/organisations",
                                 {{"siret", other_siret},
                                  {"name", "Atelier Fictif des Deux Rives"},
                                  {"address", "Bâtiment B\n4 quai Fictif, 69000 Lyon"},
                                  {"status", "societaire"}},
                                 token);
    REQUIRE(created.status == 201);
    auto quote = [&](const std::string& query) {
        auto response =
            http_request(server.port(), "GET", "/api/v1/quote?session_id=" + session + query);
        REQUIRE(response.status == 200);
        return response.json();
    };
    auto matched = quote("&siret=" + other_siret + "&name=atelier%20fictif%20des%20deux%20rives");
    CHECK(matched["tier"] == "member");
    CHECK(matched["employer_address"] == "Bâtiment B\n4 quai Fictif, 69000 Lyon");
    // Its SIRET alone, with another name, and a SIRET nobody has: one and the same answer,
    // without any address.
    auto alone = quote("&siret=" + other_siret);
    CHECK(!alone.contains("employer_address"));
    CHECK(alone["tier"].is_null());
    CHECK(quote("&siret=" + other_siret + "&name=Atelier") == alone);
    CHECK(quote("&siret=" + member_siret + "&name=Atelier%20Fictif%20des%20Deux%20Rives") == alone);
    CHECK(quote("&siret=" + unknown_siret + "&name=Atelier%20Fictif%20des%20Deux%20Rives") ==
          alone);
}

TEST_CASE("registrations and quotes per client address are limited over an hour") {
    testing::TestDatabase db(true, true);
    auto session = db.add_session(30);
    testing::ServerProcess server(db.url(), {{"FORMATIONS_REGISTRATIONS_PER_HOUR", "3"},
                                             {"FORMATIONS_QUOTES_PER_HOUR", "4"}});
    auto register_from = [&](const std::string& client, int n) {
        return post_json(server.port(), "/api/v1/registrations",
                         {{"session_id", session},
                          {"funding", "self"},
                          {"trainee",
                           {{"first_name", "Zoé"},
                            {"last_name", "Lefèvre"},
                            {"email", client + "-" + std::to_string(n) + "@exemple.fr"},
                            {"address", "12 rue des Œillets, 44000 Nantes"}}}},
                         {{"X-Real-IP", client}});
    };
    for (int n = 0; n < 3; ++n) {
        CHECK(register_from("203.0.113.1", n).status == 201);
    }
    auto refused = register_from("203.0.113.1", 3);
    CHECK(error_of(refused) == "429 too_many_requests");
    int retry_after = std::stoi(refused.header("retry-after"));
    CHECK(retry_after > 3500);
    CHECK(retry_after <= 3600);
    CHECK(register_from("203.0.113.2", 0).status == 201);  // another address
    CHECK(db.count("SELECT count(*) FROM registrations") == 4);

    auto quote_from = [&](const std::string& client) {
        return http_request(server.port(), "GET",
                            "/api/v1/quote?session_id=" + std::to_string(session), "",
                            {{"X-Real-IP", client}});
    };
    for (int n = 0; n < 4; ++n) {
        CHECK(quote_from("203.0.113.1").status == 200);
    }
    CHECK(error_of(quote_from("203.0.113.1")) == "429 too_many_requests");
    CHECK(quote_from("203.0.113.3").status == 200);
    // X-Real-IP is believed from trusted proxies only: from elsewhere the peer is the client.
    // (Here every connection comes from 127.0.0.1, which is trusted by default.)
}

TEST_CASE("strangers cannot fill a session with invoices in one company's name") {
    testing::TestDatabase db(true, true);
    auto session = db.add_session(12);
    testing::ServerProcess server(db.url());
    for (int n = 0; n < app::max_unpaid_anonymous_per_employer; ++n) {
        auto made =
            post_json(server.port(), "/api/v1/registrations",
                      employer_registration(session, "equipe" + std::to_string(n) + "@x.fr"),
                      {{"X-Real-IP", "198.51.100." + std::to_string(n + 1)}});
        REQUIRE(made.status == 201);
        CHECK(made.json()["tier"] == "member");
    }
    // The sixth, from yet another address: refused, nothing written.
    auto sixth =
        post_json(server.port(), "/api/v1/registrations",
                  employer_registration(session, "equipe5@x.fr"), {{"X-Real-IP", "198.51.100.99"}});
    CHECK(error_of(sixth) == "409 employer_limit_reached");
    CHECK(sixth.json()["error"]["field"] == "employer.siret");
    CHECK(db.count("SELECT count(*) FROM invoices") == 5);
    // Another employer, or a trainee paying for themself, is not concerned.
    CHECK(post_json(server.port(), "/api/v1/registrations",
                    employer_registration(session, "autre@x.fr", unknown_siret))
              .status == 201);

    // Staff register more on the company's behalf; once the company paid one, anyone may again.
    auto staff =
        testing::staff_token(db.url(), server.port(), "staff@exemple.fr", app::Role::staff);
    auto on_behalf = employer_registration(session, "equipe6@x.fr");
    on_behalf.erase("session_id");
    CHECK(post_json(server.port(), "/api/v1/sessions/" + std::to_string(session) + "/registrations",
                    on_behalf, testing::bearer(staff))
              .status == 201);
    auto invoice = db.count(
        "SELECT min(i.id) FROM invoices i JOIN registrations r ON r.id = i.registration_id"
        " WHERE r.employer_siret = '" +
        member_siret + "'");
    std::string number;
    db.sql() << "SELECT number FROM invoices WHERE id = " + std::to_string(invoice),
        soci::into(number);
    auto headers = testing::bearer(staff);
    CHECK(post_json(server.port(), "/api/v1/invoices/" + number + "/payments",
                    {{"amount_cents", 50000}, {"paid_on", testing::day(0)}, {"method", "transfer"}},
                    headers)
              .status == 201);
    CHECK(post_json(server.port(), "/api/v1/registrations",
                    employer_registration(session, "equipe7@x.fr"))
              .status == 201);
}

TEST_CASE("a JSON log line per request, with its route and request id, never a token") {
    testing::TestDatabase db;
    auto session = db.add_session(12);
    testing::ProcessOptions options;
    options.log_path = std::string(std::getenv("FORMATIONS_TEST_ARTIFACTS")) + "/log-test.log";
    testing::ServerProcess server(db.url(), options);
    auto made = post_json(server.port(), "/api/v1/registrations",
                          {{"session_id", session},
                           {"funding", "self"},
                           {"trainee",
                            {{"first_name", "Zoé"},
                             {"last_name", "Secrète"},
                             {"email", "zoe.secrete@exemple.fr"},
                             {"address", "12 rue des Œillets, 44000 Nantes"}}}},
                          {{"X-Request-Id", "essai-123"}});
    REQUIRE(made.status == 201);
    CHECK(made.header("x-request-id") == "essai-123");
    std::string token = made.json()["token"];
    auto seen = http_request(server.port(), "GET", "/api/v1/registrations/" + token);
    CHECK(seen.status == 200);
    CHECK(seen.header("x-request-id").size() == 32);  // made for it
    http_request(server.port(), "GET", "/healthz", "", {{"X-Request-Id", "bad id with spaces"}});
    server.stop();

    std::ifstream file(options.log_path);
    std::string line, all;
    std::set<std::string> routes;
    bool found = false;
    while (std::getline(file, line)) {
        all += line + "\n";
        auto entry = json::parse(line);  // every line is JSON
        if (entry["event"] == "request") {
            routes.insert(entry["route"].get<std::string>());
            CHECK(entry["duration_ms"].is_number());
            if (entry["request_id"] == "essai-123") {
                found = true;
                CHECK(entry["route"] == "/api/v1/registrations");
                CHECK(entry["method"] == "POST");
                CHECK(entry["status"] == 201);
            }
            CHECK(entry["request_id"] != "bad id with spaces");
        }
    }
    CHECK(found);
    CHECK(routes.count("/api/v1/registrations/:ref") == 1);
    CHECK(all.find(token) == std::string::npos);
    CHECK(all.find("Secrète") == std::string::npos);
    CHECK(all.find("zoe.secrete") == std::string::npos);
}

TEST_CASE(
    "/metrics: requests by route, latencies, pool, workers, stored registrations, the outbox") {
    testing::TestDatabase db;
    auto session = db.add_session(12);
    testing::ServerProcess server(db.url());
    for (int i = 0; i < 3; ++i) {
        http_request(server.port(), "GET", "/api/v1/sessions/" + std::to_string(session));
    }
    http_request(server.port(), "DELETE", "/healthz");
    // Paid by an employer: invoiced with the seat.
    REQUIRE(post_json(server.port(), "/api/v1/registrations",
                      employer_registration(session, "zoe@exemple.fr", unknown_siret))
                .status == 201);
    auto metrics = http_request(server.port(), "GET", "/metrics");
    REQUIRE(metrics.status == 200);
    CHECK(metrics.header("content-type") == "text/plain; version=0.0.4; charset=utf-8");
    for (const char* expected : {
             "# TYPE formations_http_requests_total counter",
             "formations_http_requests_total{route=\"/api/v1/sessions/:id\",method=\"GET\","
             "status=\"200\"} 3",
             "formations_http_requests_total{route=\"(method_not_allowed)\",method=\"DELETE\","
             "status=\"405\"} 1",
             "# TYPE formations_http_request_duration_seconds histogram",
             "formations_http_request_duration_seconds_bucket{route=\"/api/v1/sessions/:id\","
             "method=\"GET\",le=\"+Inf\"} 3",
             "formations_http_request_duration_seconds_count{route=\"/api/v1/sessions/:id\","
             "method=\"GET\"} 3",
             "formations_db_pool_size 8",
             "formations_workers 8",
             "formations_worker_queue_length 0",
             "formations_password_hashes_running 0",
             "formations_database_up 1",
             "formations_registrations_created_total{status=\"confirmed\"} 1",
             "formations_invoices_issued_total{kind=\"invoice\"} 1",
             // No SMTP server here: the confirmation waits in the outbox.
             "formations_outbox_messages{status=\"pending\"} 1",
             "formations_outbox_messages{status=\"failed\"} 0",
             "formations_outbox_retrying 0",
             "formations_outbox_oldest_unsent_created_seconds ",
             "formations_outbox_attempts_total{outcome=\"sent\"} 0",
             "process_resident_memory_bytes ",
         }) {
        CHECK_MESSAGE(metrics.body.find(expected) != std::string::npos, expected);
    }
}

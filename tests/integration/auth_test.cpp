// Staff accounts: login, roles, throttling, logout; secrets never stored in clear; every
// non-public endpoint refuses a missing, expired, revoked or wrong-role token.

#include <map>
#include <mutex>
#include <thread>

#include <doctest/doctest.h>

#include "service/app/accounts.hpp"
#include "service/app/tokens.hpp"
#include "service/storage/database.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_clock.hpp"
#include "tests/support/test_database.hpp"

using namespace formations;
using nlohmann::json;
using testing::http_request;
using testing::post_json;

namespace {

const std::string password = "correct horse battery staple";

struct Fixture {
    testing::TestDatabase db;
    storage::Database database{db.url(), 1};
    testing::ServerProcess server{db.url()};

    Fixture() {
        for (auto [email, role] : {std::pair{"admin@exemple.fr", app::Role::admin},
                                   std::pair{"staff@exemple.fr", app::Role::staff},
                                   std::pair{"compta@exemple.fr", app::Role::accountant}}) {
            REQUIRE(app::create_user(database, testing::test_clock(), email, role, password).ok());
        }
    }

    testing::HttpResponse login(const std::string& email, const std::string& secret = password) {
        return post_json(server.port(), "/api/v1/auth/login",
                         {{"email", email}, {"password", secret}});
    }

    std::string token_of(const std::string& email) {
        auto response = login(email);
        REQUIRE(response.status == 200);
        return response.json()["token"];
    }

    std::map<std::string, std::string> bearer(const std::string& token) {
        return {{"Authorization", "Bearer " + token}};
    }
};

}  // namespace

TEST_CASE("a staff member logs in, is recognised, and logs out") {
    Fixture f;
    auto response = f.login("Staff@Exemple.fr");
    REQUIRE(response.status == 200);
    auto body = response.json();
    CHECK(body["user"]["role"] == "staff");
    std::string token = body["token"];
    CHECK(token.size() == 43);

    auto me = http_request(f.server.port(), "GET", "/api/v1/auth/me", "", f.bearer(token));
    CHECK(me.status == 200);
    CHECK(me.json()["user"]["email"] == "staff@exemple.fr");

    auto out = http_request(f.server.port(), "POST", "/api/v1/auth/logout", "", f.bearer(token));
    CHECK(out.status == 204);
    auto after = http_request(f.server.port(), "GET", "/api/v1/auth/me", "", f.bearer(token));
    CHECK(after.status == 401);
    CHECK(after.json()["error"]["code"] == "invalid_token");
}

TEST_CASE("passwords and tokens are never stored in clear") {
    Fixture f;
    auto token = f.token_of("admin@exemple.fr");
    CHECK(f.db.count("SELECT count(*) FROM auth_tokens WHERE token_hash = '" + token + "'") == 0);
    CHECK(f.db.count("SELECT count(*) FROM auth_tokens WHERE position('" + token +
                     "' IN token_hash) > 0") == 0);
    CHECK(f.db.count("SELECT count(*) FROM users WHERE password_hash LIKE '$argon2id$%'") == 3);
    CHECK(f.db.count("SELECT count(*) FROM users WHERE position('" + password +
                     "' IN password_hash) > 0") == 0);
}

TEST_CASE("wrong passwords from one address slow that address down on that account only") {
    Fixture f;
    auto from = [&f](const std::string& client, const std::string& email,
                     const std::string& secret = password) {
        return post_json(f.server.port(), "/api/v1/auth/login",
                         {{"email", email}, {"password", secret}}, {{"X-Real-IP", client}});
    };
    for (int i = 0; i < 5; ++i) {
        auto refused = from("203.0.113.5", "staff@exemple.fr", "not the password");
        CHECK(refused.status == 401);
        CHECK(refused.json()["error"]["code"] == "invalid_credentials");
    }
    // The sixth waits 30 s after the fifth: even the right password, from that address.
    auto throttled = from("203.0.113.5", "staff@exemple.fr");
    CHECK(throttled.status == 429);
    CHECK(throttled.json()["error"]["code"] == "too_many_attempts");
    int retry_after = std::stoi(throttled.header("retry-after"));
    CHECK(retry_after > 0);
    CHECK(retry_after <= 30);
    // Nobody else is concerned: the same account from another address, another account from
    // this one.
    CHECK(from("198.51.100.7", "staff@exemple.fr").status == 200);
    CHECK(from("203.0.113.5", "admin@exemple.fr").status == 200);

    // 30 s later (the failures moved back in time), one more try; a failure then doubles the
    // delay.
    f.db.sql() << "UPDATE login_failures SET failed_at = failed_at - interval '31 seconds'";
    CHECK(from("203.0.113.5", "staff@exemple.fr", "still wrong").status == 401);
    auto longer = from("203.0.113.5", "staff@exemple.fr");
    CHECK(longer.status == 429);
    CHECK(std::stoi(longer.header("retry-after")) > 30);
    CHECK(std::stoi(longer.header("retry-after")) <= 60);

    // A success forgives that address's failures on that account.
    f.db.sql() << "UPDATE login_failures SET failed_at = failed_at - interval '61 seconds'";
    CHECK(from("203.0.113.5", "staff@exemple.fr").status == 200);
    CHECK(f.db.count("SELECT count(*) FROM login_failures WHERE client = '" +
                     app::client_key("203.0.113.5") + "'") == 0);
}

TEST_CASE("strangers hammering an account from many addresses do not lock its owner out") {
    Fixture f;
    auto from = [&f](const std::string& client, const std::string& secret = password) {
        return post_json(f.server.port(), "/api/v1/auth/login",
                         {{"email", "admin@exemple.fr"}, {"password", secret}},
                         {{"X-Real-IP", client}});
    };
    // The admin's usual address.
    REQUIRE(from("192.0.2.10").status == 200);
    std::map<int, int> statuses;
    for (int i = 0; i < 20; ++i) {
        ++statuses[from("10.1.0." + std::to_string(i + 1), "guess " + std::to_string(i)).status];
    }
    // Ten guesses an hour are free, then one a second, doubling up to one a minute.
    CHECK(statuses[401] == 10);
    CHECK(statuses[429] == 10);
    CHECK(from("10.1.0.99").status == 429);   // a new address: even the right password waits
    CHECK(from("192.0.2.10").status == 200);  // the owner, from their own address: at once
    // Every failure is kept with a hash of its address, never the address; none older than a day.
    CHECK(f.db.count("SELECT count(DISTINCT client) FROM login_failures") == 10);
    CHECK(f.db.count("SELECT count(*) FROM login_failures WHERE client = '" +
                     app::client_key("10.1.0.1") + "'") == 1);
    CHECK(f.db.count("SELECT count(*) FROM login_failures WHERE client LIKE '%10.1.0.%'") == 0);
    CHECK(f.db.count("SELECT count(*) FROM login_clients WHERE client = '" +
                     app::client_key("192.0.2.10") + "'") == 1);
    f.db.sql() << "INSERT INTO login_failures (email, client, failed_at) VALUES"
                  " ('x@exemple.fr', '10.9.9.9', CAST('" +
                      testing::clock_setting() + "' AS timestamptz) - interval '2 days')";
    CHECK(from("10.1.0.50", "one more").status == 429);  // refused before any hashing…
    CHECK(from("192.0.2.10", "a typo").status == 401);   // …this one is recorded, and purges
    CHECK(f.db.count("SELECT count(*) FROM login_failures WHERE client = '10.9.9.9'") == 0);
}

TEST_CASE("a flood of logins hashes one password at a time and turns the rest away") {
    Fixture f;
    std::vector<std::thread> clients;
    std::mutex mutex;
    std::map<int, int> statuses;
    for (int i = 0; i < 16; ++i) {
        clients.emplace_back([&, i] {
            auto response = post_json(
                f.server.port(), "/api/v1/auth/login",
                {{"email", "nobody" + std::to_string(i) + "@exemple.fr"}, {"password", "whatever"}},
                {{"X-Real-IP", "10.2.0." + std::to_string(i + 1)}});
            std::lock_guard lock(mutex);
            ++statuses[response.status];
            if (response.status == 503) {
                CHECK(response.json()["error"]["code"] == "login_busy");
                CHECK(response.header("retry-after") == "2");
            }
        });
    }
    for (auto& client : clients) {
        client.join();
    }
    CHECK(statuses[401] + statuses[503] == 16);
    CHECK(statuses[401] >= 1);
    MESSAGE("16 logins at once: ", statuses[401], " checked, ", statuses[503], " turned away");
    // The public catalogue is answered meanwhile, and afterwards.
    CHECK(http_request(f.server.port(), "GET", "/api/v1/sessions").status == 200);
}

TEST_CASE("every non-public endpoint refuses missing, expired, revoked and wrong-role tokens") {
    Fixture f;
    auto revoked = f.token_of("staff@exemple.fr");
    http_request(f.server.port(), "POST", "/api/v1/auth/logout", "", f.bearer(revoked));
    auto expired = f.token_of("admin@exemple.fr");
    // A minute before the clock of the run started: expired for the server, whatever the date.
    f.db.sql() << "UPDATE auth_tokens SET expires_at = CAST('" + testing::clock_setting() +
                      "' AS timestamptz) - interval '1 minute'"
                      " WHERE user_id = (SELECT id FROM users WHERE email = 'admin@exemple.fr')";
    auto staff = f.token_of("staff@exemple.fr");
    auto accountant = f.token_of("compta@exemple.fr");
    auto session = std::to_string(f.db.add_session(5));

    enum class Allowed { everyone, managers, accounting, admins };
    struct Endpoint {
        std::string method, path, body;
        Allowed allowed;
    };
    const std::string payment =
        R"({"amount_cents": 100, "paid_on": "2026-01-01", "method": "cheque"})";
    const std::vector<Endpoint> endpoints = {
        {"GET", "/api/v1/auth/me", "", Allowed::everyone},
        {"POST", "/api/v1/auth/logout", "", Allowed::everyone},
        {"GET", "/api/v1/invoices/FA-2026-00001.pdf", "", Allowed::everyone},
        {"POST", "/api/v1/invoices/FA-2026-00001/payments", payment, Allowed::everyone},
        {"GET", "/api/v1/staff/sessions", "", Allowed::everyone},
        {"POST", "/api/v1/sessions", R"({"starts_on": "2027-01-04", "place": "x"})",
         Allowed::managers},
        {"PATCH", "/api/v1/sessions/" + session, R"({"capacity": 6})", Allowed::managers},
        {"POST", "/api/v1/sessions/" + session + "/cancel", "", Allowed::managers},
        {"GET", "/api/v1/sessions/" + session + "/roster", "", Allowed::everyone},
        {"GET", "/api/v1/sessions/" + session + "/roster.csv", "", Allowed::everyone},
        {"POST", "/api/v1/sessions/" + session + "/registrations", "{}", Allowed::managers},
        {"GET", "/api/v1/sessions/" + session + "/attendance", "", Allowed::everyone},
        {"PUT", "/api/v1/sessions/" + session + "/attendance", "[]", Allowed::managers},
        {"GET", "/api/v1/sessions/" + session + "/sign-in-sheet.pdf", "", Allowed::everyone},
        {"GET", "/api/v1/sessions/" + session + "/certificates.pdf", "", Allowed::everyone},
        {"GET", "/api/v1/registrations/1", "", Allowed::everyone},
        {"POST", "/api/v1/registrations/1/cancel", "", Allowed::managers},
        {"POST", "/api/v1/registrations/1/move", R"({"session_id": 1})", Allowed::managers},
        {"POST", "/api/v1/registrations/1/tier", R"({"tier": "member"})", Allowed::managers},
        {"GET", "/api/v1/registrations/1/certificate.pdf", "", Allowed::everyone},
        {"GET", "/api/v1/registrations/1/attestation.pdf", "", Allowed::everyone},
        {"GET", "/api/v1/registrations/1/convocation.pdf", "", Allowed::everyone},
        {"PUT", "/api/v1/internal-rules", R"({"text": "Article 1 – Objet\nTexte."})",
         Allowed::managers},
        {"GET", "/api/v1/internal-rules/versions", "", Allowed::everyone},
        {"POST", "/api/v1/sessions/" + session + "/convocations", "", Allowed::managers},
        {"GET", "/api/v1/organisations", "", Allowed::everyone},
        {"GET", "/api/v1/organisations/1", "", Allowed::everyone},
        {"POST", "/api/v1/organisations", "{}", Allowed::managers},
        {"PATCH", "/api/v1/organisations/1", "{}", Allowed::managers},
        {"POST", "/api/v1/organisations/import", "siret;name;address;status\n", Allowed::managers},
        {"GET", "/api/v1/invoices", "", Allowed::accounting},
        {"GET", "/api/v1/invoices/overdue", "", Allowed::accounting},
        {"GET", "/api/v1/exports/invoices.csv", "", Allowed::accounting},
        {"GET", "/api/v1/exports/fec?year=2026", "", Allowed::accounting},
        {"GET", "/api/v1/exports/invoices.zip", "", Allowed::accounting},
        {"GET", "/api/v1/reports/bpf?year=2026", "", Allowed::accounting},
        {"GET", "/api/v1/audit", "", Allowed::admins},
        {"GET", "/api/v1/courses/CAE/sheet/versions", "", Allowed::everyone},
        {"PUT", "/api/v1/courses/CAE/sheet", "{}", Allowed::managers},
        {"GET", "/api/v1/courses/CAE/questionnaires/needs", "", Allowed::everyone},
        {"PUT", "/api/v1/courses/CAE/questionnaires/needs", "{}", Allowed::managers},
        {"GET", "/api/v1/courses/CAE/evaluations", "", Allowed::managers},
        {"GET", "/api/v1/sessions/" + session + "/needs", "", Allowed::managers},
        {"GET", "/api/v1/sessions/" + session + "/evaluations", "", Allowed::managers},
        {"GET", "/api/v1/evaluations/pending", "", Allowed::managers},
        // Any account, then only the disability referent (403 referent_only).
        {"GET", "/api/v1/accommodations", "", Allowed::everyone},
        {"PATCH", "/api/v1/accommodations/1", "{}", Allowed::everyone},
        {"GET", "/api/v1/complaints", "", Allowed::managers},
        {"GET", "/api/v1/complaints/1", "", Allowed::managers},
        {"PATCH", "/api/v1/complaints/1", "{}", Allowed::managers},
        {"GET", "/api/v1/exports/qualiopi.zip?year=2026", "", Allowed::managers},
        {"GET", "/api/v1/trainees?q=zoe", "", Allowed::admins},
        {"POST", "/api/v1/trainees/1/erase", "", Allowed::admins},
    };
    const std::vector<std::pair<std::string, std::map<std::string, std::string>>> strangers = {
        {"no token", {}},
        {"malformed header", {{"Authorization", "Basic YWRtaW46YWRtaW4="}}},
        {"unknown token", f.bearer(std::string(43, 'x'))},
        {"revoked token", f.bearer(revoked)},
        {"expired token", f.bearer(expired)},
    };
    auto wrong_roles = [&](Allowed allowed) {
        std::vector<std::pair<std::string, std::string>> roles;
        if (allowed == Allowed::managers || allowed == Allowed::admins) {
            roles.emplace_back("accountant", accountant);
        }
        if (allowed == Allowed::accounting || allowed == Allowed::admins) {
            roles.emplace_back("staff", staff);
        }
        return roles;
    };
    auto call = [&](const Endpoint& endpoint, std::map<std::string, std::string> headers) {
        headers["Content-Type"] =
            endpoint.path.ends_with("/import") ? "text/csv" : "application/json";
        return http_request(f.server.port(), endpoint.method, endpoint.path, endpoint.body,
                            headers);
    };
    for (const auto& endpoint : endpoints) {
        for (const auto& [who, headers] : strangers) {
            INFO(endpoint.method << " " << endpoint.path << " with " << who);
            auto response = call(endpoint, headers);
            CHECK(response.status == 401);
            CHECK(response.json()["error"]["code"].get<std::string>().size() > 0);
        }
        for (const auto& [role, token] : wrong_roles(endpoint.allowed)) {
            INFO(endpoint.method << " " << endpoint.path << " as " << role);
            CHECK(call(endpoint, f.bearer(token)).status == 403);
        }
    }
}

TEST_CASE("formations user add: an account from the command line, its password shown once") {
    testing::TestDatabase db;
    testing::ServerProcess server{db.url()};
    auto login = [&](const std::string& email, const std::string& secret) {
        return post_json(server.port(), "/api/v1/auth/login",
                         {{"email", email}, {"password", secret}});
    };

    auto given =
        testing::run_formations("user add Compta@Exemple.fr --role accountant --password-stdin",
                                db.url(), "un mot de passe donné\n");
    CHECK(given.status == 0);
    CHECK(given.output == "account created: compta@exemple.fr (accountant)\n");
    auto logged_in = login("compta@exemple.fr", "un mot de passe donné");
    REQUIRE(logged_in.status == 200);
    CHECK(logged_in.json()["user"]["role"] == "accountant");

    auto generated = testing::run_formations("user add equipe@exemple.fr --role staff", db.url());
    CHECK(generated.status == 0);
    const std::string shown = "password (shown once): ";
    auto at = generated.output.find(shown);
    REQUIRE(at != std::string::npos);
    auto password_line = generated.output.substr(at + shown.size());
    auto generated_password = password_line.substr(0, password_line.find('\n'));
    CHECK(generated_password.size() == 20);
    CHECK(login("equipe@exemple.fr", generated_password).status == 200);

    // Refused, and nothing written: the same address, an unknown role, a short password, an
    // address that is not one.
    for (auto [arguments, input] :
         {std::pair{"user add equipe@exemple.fr --role admin --password-stdin",
                    "encore un mot de passe\n"},
          std::pair{"user add autre@exemple.fr --role director --password-stdin",
                    "encore un mot de passe\n"},
          std::pair{"user add autre@exemple.fr --role staff --password-stdin", "court\n"},
          std::pair{"user add pas-une-adresse --role staff --password-stdin",
                    "encore un mot de passe\n"}}) {
        INFO(arguments);
        CHECK(testing::run_formations(arguments, db.url(), input).status == 1);
    }
    CHECK(db.count("SELECT count(*) FROM users") == 2);
}

TEST_CASE("formations user ensure-admin creates the first admin, once") {
    testing::TestDatabase db;
    auto staff = testing::run_formations("user add equipe@exemple.fr --role staff --password-stdin",
                                         db.url(), "un mot de passe d'équipe\n");
    REQUIRE(staff.status == 0);
    // A staff account is not an admin: one is created.
    auto first = testing::run_formations("user ensure-admin admin@exemple.fr", db.url());
    CHECK(first.status == 0);
    CHECK(first.output.find("account created: admin@exemple.fr (admin)") != std::string::npos);
    CHECK(first.output.find("password (shown once): ") != std::string::npos);
    // Again, even with another address: nothing more.
    auto second = testing::run_formations("user ensure-admin autre@exemple.fr", db.url());
    CHECK(second.status == 0);
    CHECK(second.output == "an admin account exists already\n");
    CHECK(db.count("SELECT count(*) FROM users WHERE role = 'admin'") == 1);
    CHECK(db.count("SELECT count(*) FROM users") == 2);
}

TEST_CASE(
    "the pages' login is an HttpOnly cookie, and changes made with it need the pages' header") {
    Fixture f;
    const json credentials = {{"email", "staff@exemple.fr"}, {"password", password}};
    const std::map<std::string, std::string> page = {{"X-Formations-Csrf", "1"}};

    auto forged = post_json(f.server.port(), "/api/v1/auth/session", credentials);
    CHECK(forged.status == 403);
    CHECK(forged.json()["error"]["code"] == "csrf_refused");

    auto login = post_json(f.server.port(), "/api/v1/auth/session", credentials, page);
    REQUIRE(login.status == 200);
    CHECK_FALSE(login.json().contains("token"));
    CHECK(login.json()["user"]["role"] == "staff");
    auto set_cookie = login.header("set-cookie");
    CHECK(set_cookie.starts_with("formations_session="));
    CHECK(set_cookie.find("; HttpOnly") != std::string::npos);
    CHECK(set_cookie.find("; SameSite=Strict") != std::string::npos);
    CHECK(set_cookie.find("; Path=/") != std::string::npos);
    CHECK(set_cookie.find("; Max-Age=43200") != std::string::npos);
    CHECK(set_cookie.find("Secure") == std::string::npos);  // plain HTTP here
    auto cookie = set_cookie.substr(0, set_cookie.find(';'));
    const std::map<std::string, std::string> with_cookie = {{"Cookie", cookie}};

    auto me = http_request(f.server.port(), "GET", "/api/v1/auth/me", "", with_cookie);
    CHECK(me.status == 200);
    CHECK(me.json()["user"]["email"] == "staff@exemple.fr");

    // A change with the cookie alone (a form of another site), or from another site's script.
    auto no_header = http_request(f.server.port(), "POST", "/api/v1/auth/logout", "", with_cookie);
    CHECK(no_header.status == 403);
    CHECK(no_header.json()["error"]["code"] == "csrf_refused");
    auto cross_site = http_request(
        f.server.port(), "POST", "/api/v1/auth/logout", "",
        {{"Cookie", cookie}, {"X-Formations-Csrf", "1"}, {"Sec-Fetch-Site", "cross-site"}});
    CHECK(cross_site.status == 403);
    CHECK(http_request(f.server.port(), "GET", "/api/v1/auth/me", "", with_cookie).status == 200);

    auto out = http_request(
        f.server.port(), "POST", "/api/v1/auth/logout", "",
        {{"Cookie", cookie}, {"X-Formations-Csrf", "1"}, {"Sec-Fetch-Site", "same-origin"}});
    CHECK(out.status == 204);
    CHECK(out.header("set-cookie").find("Max-Age=0") != std::string::npos);
    // Revoked in the database: every tab holding the cookie is logged out.
    auto after = http_request(f.server.port(), "GET", "/api/v1/auth/me", "", with_cookie);
    CHECK(after.status == 401);
    CHECK(after.json()["error"]["code"] == "invalid_token");
}

TEST_CASE("the session cookie is Secure when nginx says the client came over HTTPS") {
    Fixture f;
    const json credentials = {{"email", "staff@exemple.fr"}, {"password", password}};
    // The test connects from 127.0.0.1, a trusted proxy by default.
    auto login = post_json(f.server.port(), "/api/v1/auth/session", credentials,
                           {{"X-Formations-Csrf", "1"}, {"X-Forwarded-Proto", "https"}});
    REQUIRE(login.status == 200);
    CHECK(login.header("set-cookie").find("; Secure") != std::string::npos);
}

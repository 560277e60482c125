// What a client sees when the database fails under the service, provoked for real: a lost
// connection is a JSON 503 and the next request works again; serialization failures and
// deadlocks are run again; a service whose workers are all stuck says 503 rather than queueing
// without end; a unique rule lost in a race is answered from the winner's row; and all of it
// behaves the same when PostgreSQL speaks French (lc_messages), since errors are recognised by
// SQLSTATE, never by their message.

#include <atomic>
#include <chrono>
#include <latch>
#include <set>
#include <thread>

#include <doctest/doctest.h>

#include "service/storage/database.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/refusal.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_database.hpp"

using namespace formations;
using nlohmann::json;
using testing::http_request;
using testing::HttpResponse;
using testing::post_json;
using testing::ServerProcess;
using testing::TestDatabase;

namespace {

json self_funded(long long session, const std::string& email) {
    return {{"session_id", session},
            {"funding", "self"},
            {"trainee",
             {{"first_name", "Ada"},
              {"last_name", "Panne"},
              {"email", email},
              {"address", "8 rue du Secours, 35000 Rennes"}}}};
}

// Paid by an employer: invoiced with the seat, so a registration writes two audit entries.
json employer_funded(long long session, const std::string& email) {
    return {{"session_id", session},
            {"funding", "employer"},
            {"trainee", {{"first_name", "Ada"}, {"last_name", "Panne"}, {"email", email}}},
            {"employer",
             {{"siret", "73282932000074"},
              {"name", "Entreprise Secours"},
              {"address", "8 rue du Secours, 35000 Rennes"}}}};
}

std::string error_code(const HttpResponse& response) {
    return response.json()["error"]["code"].get<std::string>();
}

// Waits (up to 20 s) until `query` on the test's connection counts at least `expected`.
// A test-only trigger in this database: the next `times` statements inserting an audit entry
// (every registration writes one) fail with `sqlstate`. A sequence counts the attempts: unlike a
// table, it is not rolled back with the failed transaction.
void fail_audit_inserts(TestDatabase& db, int times, const std::string& sqlstate) {
    db.sql() << "CREATE SEQUENCE IF NOT EXISTS test_fault_attempts";
    db.sql() << "ALTER SEQUENCE test_fault_attempts RESTART";
    db.sql() << "CREATE OR REPLACE FUNCTION test_fault() RETURNS trigger LANGUAGE plpgsql AS $$"
                " BEGIN IF nextval('test_fault_attempts') <= " +
                    std::to_string(times) + " THEN RAISE EXCEPTION 'test fault' USING ERRCODE = '" +
                    sqlstate + "'; END IF; RETURN NEW; END $$";
    db.sql() << "CREATE OR REPLACE TRIGGER test_fault BEFORE INSERT ON audit_events"
                " FOR EACH ROW EXECUTE FUNCTION test_fault()";
}

long long attempts(TestDatabase& db) {
    return db.count("SELECT last_value FROM test_fault_attempts");
}

// Two requests with one Idempotency-Key but for two sessions (so no session lock orders them):
// both look the key up before either has inserted it — they wait on the trainee row the test
// holds — then race for it. The loser's insert meets the winner's key.
std::vector<HttpResponse> race_for_one_key(TestDatabase& db, const ServerProcess& server) {
    auto first = db.add_session(5), second = db.add_session(5);
    db.sql() << "INSERT INTO trainees (email, first_name, last_name) VALUES"
                " ('course@exemple.fr', 'Ada', 'Panne')";
    std::vector<HttpResponse> responses(2);
    std::vector<std::thread> requests;
    {
        soci::transaction holding(db.sql());
        db.sql() << "SELECT id FROM trainees WHERE email = 'course@exemple.fr' FOR UPDATE";
        for (int i = 0; i < 2; ++i) {
            requests.emplace_back([&, i] {
                responses[static_cast<std::size_t>(i)] =
                    post_json(server.port(), "/api/v1/registrations",
                              self_funded(i == 0 ? first : second, "course@exemple.fr"),
                              {{"Idempotency-Key", "un-seul-essai"}});
            });
        }
        db.wait_for_lock_waiters(2);
        holding.commit();
    }
    for (auto& request : requests) {
        request.join();
    }
    return responses;
}

void check_race(TestDatabase& db, const std::vector<HttpResponse>& responses) {
    std::multiset<int> statuses{responses[0].status, responses[1].status};
    CHECK(statuses == std::multiset<int>{201, 422});
    for (const auto& response : responses) {
        if (response.status == 422) {
            CHECK(error_code(response) == "idempotency_key_reused");
        }
    }
    CHECK(db.count("SELECT count(*) FROM registrations") == 1);
}

}  // namespace

TEST_CASE("lost connections are opened again; a database that refuses them is a JSON 503") {
    TestDatabase db;
    ServerProcess server(db.url(), {{"FORMATIONS_WORKERS", "1"}});
    REQUIRE(http_request(server.port(), "GET", "/api/v1/sessions").status == 200);
    // The server's connections, ended as an administrator (or a restart of PostgreSQL) would.
    const std::string others =
        " FROM pg_stat_activity WHERE datname = current_database()"
        " AND backend_type = 'client backend' AND pid <> pg_backend_pid()";
    // Until none is left: the background's scheduler, whose pass at start the first one may cut,
    // opens its connection again for the retention pass that follows.
    auto terminate_server_connections = [&] {
        for (int tries = 0; tries < 400 && db.count("SELECT count(*)" + others) > 0; ++tries) {
            db.sql() << "SELECT pg_terminate_backend(pid)" + others;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        REQUIRE(db.count("SELECT count(*)" + others) == 0);
    };

    // A connection found dead before a transaction starts is opened again: nobody notices.
    terminate_server_connections();
    CHECK(http_request(server.port(), "GET", "/api/v1/sessions").status == 200);
    // The same for a registration, sent as one statement without a transaction
    // (Database::autocommit): it is registered once.
    auto session = db.add_session(5);
    terminate_server_connections();
    CHECK(post_json(server.port(), "/api/v1/registrations",
                    employer_funded(session, "reconnexion@exemple.fr"))
              .status == 201);
    CHECK(db.count("SELECT count(*) FROM registrations") == 1);

    // The database refuses new connections: 503 in JSON, and the service recovers with it.
    db.administer("ALTER DATABASE {database} ALLOW_CONNECTIONS false");
    terminate_server_connections();
    auto down = http_request(server.port(), "GET", "/api/v1/sessions");
    CHECK(down.status == 503);
    CHECK(down.header("content-type") == "application/json; charset=utf-8");
    CHECK(error_code(down) == "service_unavailable");
    db.administer("ALTER DATABASE {database} ALLOW_CONNECTIONS true");
    CHECK(http_request(server.port(), "GET", "/api/v1/sessions").status == 200);
}

TEST_CASE("serialization failures and deadlocks are run again, a few times") {
    TestDatabase db;
    auto session = db.add_session(5);
    ServerProcess server(db.url());

    SUBCASE("a serialization failure (40001) twice, then the registration goes through") {
        fail_audit_inserts(db, 2, "40001");
        auto made = post_json(server.port(), "/api/v1/registrations",
                              employer_funded(session, "serialisation@exemple.fr"));
        CHECK(made.status == 201);
        // Two failed attempts, then the third writes its two entries (registration, invoice).
        CHECK(attempts(db) == 4);
    }
    SUBCASE("a deadlock (40P01) twice, then the registration goes through") {
        fail_audit_inserts(db, 2, "40P01");
        auto made = post_json(server.port(), "/api/v1/registrations",
                              employer_funded(session, "interblocage@exemple.fr"));
        CHECK(made.status == 201);
        CHECK(attempts(db) == 4);
    }
    SUBCASE("still failing after five attempts: 503, nothing written") {
        fail_audit_inserts(db, 100, "40001");
        auto refused = post_json(server.port(), "/api/v1/registrations",
                                 employer_funded(session, "jamais@exemple.fr"));
        CHECK(refused.status == 503);
        CHECK(error_code(refused) == "service_unavailable");
        CHECK(attempts(db) == 5);
        CHECK(db.count("SELECT count(*) FROM registrations") == 0);
        CHECK(db.count("SELECT count(*) FROM invoice_counters") == 0);
    }
    // Rolled back attempts took no invoice number.
    if (db.count("SELECT count(*) FROM registrations") == 1) {
        CHECK(db.count("SELECT max(last_number) FROM invoice_counters") == 1);
    }
}

TEST_CASE("with every worker stuck on a lock, new requests get 503 at once") {
    TestDatabase db;
    auto session = db.add_session(5);
    // One worker (and one connection); its queue holds 64 requests.
    ServerProcess server(db.url(), {{"FORMATIONS_WORKERS", "1"}});
    HttpResponse stuck;
    std::vector<HttpResponse> others(70);
    std::atomic<int> answered = 0;
    std::vector<std::thread> clients;
    {
        soci::transaction holding(db.sql());
        db.sql() << "SELECT id FROM sessions WHERE id = " + std::to_string(session) + " FOR UPDATE";
        clients.emplace_back([&] {
            stuck = post_json(server.port(), "/api/v1/registrations",
                              self_funded(session, "bloque@exemple.fr"));
        });
        db.wait_for_lock_waiters(1);
        std::latch start(static_cast<std::ptrdiff_t>(others.size()));
        for (std::size_t i = 0; i < others.size(); ++i) {
            clients.emplace_back([&, i] {
                start.arrive_and_wait();
                others[i] = http_request(server.port(), "GET", "/api/v1/sessions");
                ++answered;
            });
        }
        // The queue is full after 64: the others are refused without waiting for the lock.
        for (int tries = 0; tries < 400 && answered < 6; ++tries) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        CHECK(answered == 6);
        holding.rollback();
    }
    for (auto& client : clients) {
        client.join();
    }
    CHECK(stuck.status == 201);
    int busy = 0, served = 0;
    for (const auto& response : others) {
        if (response.status == 503) {
            ++busy;
            CHECK(error_code(response) == "service_unavailable");
        } else if (response.status == 200) {
            ++served;
        }
    }
    CHECK(busy == 6);
    CHECK(served == 64);
}

TEST_CASE("a unique rule lost in a race is answered from the winner's row") {
    TestDatabase db;
    ServerProcess server(db.url());
    check_race(db, race_for_one_key(db, server));
}

TEST_CASE("with PostgreSQL speaking French, errors are recognised the same") {
    TestDatabase db;
    try {
        db.administer("ALTER DATABASE {database} SET lc_messages TO 'fr_FR.UTF-8'");
    } catch (const soci::soci_error& error) {
        FAIL(
            "the fr_FR.UTF-8 locale is missing (deploy/test.sh generates it before starting "
            "PostgreSQL): "
            << std::string(error.what()));
    }
    // New connections (the server's, this one) get the French messages.
    auto french = storage::open_session(db.url());
    std::string messages;
    *french << "SELECT current_setting('lc_messages')", soci::into(messages);
    CHECK(messages == "fr_FR.UTF-8");
    try {
        *french << "INSERT INTO trainees (email, first_name, last_name)"
                   " VALUES ('MAJUSCULES@exemple.fr', 'A', 'B')";
        FAIL("the insert should have been refused");
    } catch (const soci::soci_error& error) {
        CHECK(std::string(error.what()).find("viole la contrainte") != std::string::npos);
    }
    CHECK(testing::refusal(*french,
                           "INSERT INTO trainees (email, first_name, last_name)"
                           " VALUES ('MAJUSCULES@exemple.fr', 'A', 'B')") ==
          "23514 trainees_email_check");

    ServerProcess server(db.url());
    check_race(db, race_for_one_key(db, server));

    SUBCASE("the same person twice, and an account that exists") {
        auto session = db.add_session(5);
        auto body = self_funded(session, "deux-fois@exemple.fr");
        CHECK(post_json(server.port(), "/api/v1/registrations", body).status == 201);
        auto again = post_json(server.port(), "/api/v1/registrations", body);
        CHECK(again.status == 409);
        CHECK(error_code(again) == "already_registered");
        CHECK(testing::run_formations("user add compte@exemple.fr --role staff --password-stdin",
                                      db.url(), "un mot de passe assez long\n")
                  .status == 0);
        auto twice =
            testing::run_formations("user add Compte@Exemple.fr --role admin --password-stdin",
                                    db.url(), "un mot de passe assez long\n");
        CHECK(twice.status == 1);
        CHECK(db.count("SELECT count(*) FROM users") == 1);
    }
}

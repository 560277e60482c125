// The guarantees that must hold when many people register at once on several server processes
// sharing one database: capacity is never exceeded, the waiting list order is exact, a freed seat
// goes to the first in line, an idempotent retry never registers twice.

#include <algorithm>
#include <functional>
#include <latch>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_database.hpp"

using formations::testing::HttpResponse;
using formations::testing::post_json;
using formations::testing::ServerProcess;
using formations::testing::TestDatabase;
using nlohmann::json;

namespace {

json self_funded(long long session_id, const std::string& email) {
    return {{"session_id", session_id},
            {"trainee",
             {{"first_name", "Camille"},
              {"last_name", "Durand"},
              {"email", email},
              {"address", "5 rue du Port, 29200 Brest"}}},
            {"funding", "self"}};
}

// Runs `count` requests at once (released together by a latch), alternating between servers.
std::vector<HttpResponse> concurrently(int count, const std::vector<int>& ports,
                                       const std::function<HttpResponse(int, int)>& request) {
    std::vector<HttpResponse> responses(static_cast<std::size_t>(count));
    std::latch start(count);
    std::vector<std::thread> threads;
    for (int i = 0; i < count; ++i) {
        threads.emplace_back([&, i] {
            start.arrive_and_wait();
            responses[static_cast<std::size_t>(i)] =
                request(i, ports[static_cast<std::size_t>(i) % ports.size()]);
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    return responses;
}

std::vector<int> waitlist_positions(const std::vector<HttpResponse>& responses) {
    std::vector<int> positions;
    for (const auto& response : responses) {
        auto body = response.json();
        if (body["status"] == "waitlisted") {
            positions.push_back(body["waitlist_position"].get<int>());
        }
    }
    std::sort(positions.begin(), positions.end());
    return positions;
}

std::vector<int> one_to(int n) {
    std::vector<int> sequence;
    for (int i = 1; i <= n; ++i) {
        sequence.push_back(i);
    }
    return sequence;
}

}  // namespace

TEST_CASE("two servers, 60 concurrent registrations for 12 seats: 12 seats, 48 in line") {
    TestDatabase db;
    auto session = db.add_session(12);
    ServerProcess first(db.url()), second(db.url());
    std::vector<int> ports{first.port(), second.port()};

    auto responses = concurrently(60, ports, [&](int i, int port) {
        return post_json(port, "/api/v1/registrations",
                         self_funded(session, "stagiaire" + std::to_string(i) + "@exemple.fr"));
    });

    int confirmed = 0;
    std::set<long long> ids;
    for (const auto& response : responses) {
        REQUIRE(response.status == 201);
        auto body = response.json();
        ids.insert(body["id"].get<long long>());
        if (body["status"] == "confirmed") {
            ++confirmed;
            CHECK(body["waitlist_position"].is_null());
        }
    }
    CHECK(ids.size() == 60);
    CHECK(confirmed == 12);
    CHECK(waitlist_positions(responses) == one_to(48));

    auto where = " FROM registrations WHERE session_id = " + std::to_string(session);
    CHECK(db.count("SELECT count(*)" + where + " AND status = 'confirmed'") == 12);
    CHECK(db.count("SELECT count(*)" + where + " AND status = 'waitlisted'") == 48);
    CHECK(db.count("SELECT seats_taken FROM sessions WHERE id = " + std::to_string(session)) == 12);

    SUBCASE("concurrent cancellations offer each freed seat to the next in line, in order") {
        std::vector<std::string> confirmed_tokens;
        std::vector<std::pair<int, std::string>> waiting;  // position, token
        for (const auto& response : responses) {
            auto body = response.json();
            if (body["status"] == "confirmed") {
                confirmed_tokens.push_back(body["token"]);
            } else {
                waiting.emplace_back(body["waitlist_position"].get<int>(), body["token"]);
            }
        }
        std::sort(waiting.begin(), waiting.end());

        auto cancellations = concurrently(6, ports, [&](int i, int port) {
            return formations::testing::http_request(
                port, "POST",
                "/api/v1/registrations/" + confirmed_tokens[static_cast<std::size_t>(i)] +
                    "/cancel");
        });
        for (const auto& response : cancellations) {
            CHECK(response.status == 200);
        }
        CHECK(db.count("SELECT count(*)" + where + " AND status = 'confirmed'") == 6);
        CHECK(db.count("SELECT count(*)" + where + " AND status = 'offered'") == 6);
        CHECK(db.count("SELECT count(*)" + where + " AND status = 'waitlisted'") == 42);
        CHECK(db.count("SELECT seats_taken FROM sessions WHERE id = " + std::to_string(session)) ==
              12);
        // The first six in line, and only they, now hold a seat offered to them.
        for (std::size_t i = 0; i < waiting.size(); ++i) {
            auto view = formations::testing::http_request(
                            first.port(), "GET", "/api/v1/registrations/" + waiting[i].second)
                            .json();
            if (i < 6) {
                CHECK(view["status"] == "offered");
            } else {
                CHECK(view["status"] == "waitlisted");
                CHECK(view["waitlist_position"] == static_cast<int>(i) - 5);
            }
        }
    }
}

TEST_CASE("an idempotent retry racing the first request never registers twice") {
    TestDatabase db;
    auto session = db.add_session(12);
    ServerProcess first(db.url()), second(db.url());

    auto responses = concurrently(20, {first.port(), second.port()}, [&](int, int port) {
        return post_json(port, "/api/v1/registrations", self_funded(session, "unique@exemple.fr"),
                         {{"Idempotency-Key", "retry-4f1c"}});
    });

    std::set<long long> ids;
    int replayed = 0;
    for (const auto& response : responses) {
        REQUIRE(response.status == 201);
        ids.insert(response.json()["id"].get<long long>());
        replayed += response.header("idempotent-replayed") == "true" ? 1 : 0;
    }
    CHECK(ids.size() == 1);
    CHECK(replayed == 19);
    CHECK(db.count("SELECT count(*) FROM registrations") == 1);
}

TEST_CASE("the same person registering twice at once holds one registration") {
    TestDatabase db;
    auto session = db.add_session(12);
    ServerProcess first(db.url()), second(db.url());

    auto responses = concurrently(10, {first.port(), second.port()}, [&](int i, int port) {
        // Different capitalisation, same person.
        return post_json(port, "/api/v1/registrations",
                         self_funded(session, i % 2 ? "Double@Exemple.fr" : "double@exemple.FR"));
    });

    int created = 0, refused = 0;
    for (const auto& response : responses) {
        if (response.status == 201) {
            ++created;
        } else if (response.status == 409 &&
                   response.json()["error"]["code"] == "already_registered") {
            ++refused;
        }
    }
    CHECK(created == 1);
    CHECK(refused == 9);
    CHECK(db.count("SELECT count(*) FROM registrations") == 1);
}

TEST_CASE("a session closed while a registration waits for its seat takes no registration") {
    TestDatabase db;
    auto session = db.add_session(5);
    ServerProcess server(db.url());
    // The registration reads the session (open), then waits for its row, held here.
    soci::transaction holding(db.sql());
    db.sql() << "SELECT id FROM sessions WHERE id = " + std::to_string(session) + " FOR UPDATE";
    HttpResponse late;
    std::thread request([&] {
        late = post_json(server.port(), "/api/v1/registrations",
                         self_funded(session, "tard@exemple.fr"));
    });
    db.wait_for_lock_waiters(1);
    db.sql() << "UPDATE sessions SET status = 'closed' WHERE id = " + std::to_string(session);
    holding.commit();
    request.join();

    // Decided on the session as it is once locked: closed.
    CHECK(late.status == 400);
    CHECK(late.json()["error"]["code"] == "registration_closed");
    CHECK(db.count("SELECT count(*) FROM registrations") == 0);
    CHECK(db.count("SELECT count(*) FROM invoices") == 0);
}

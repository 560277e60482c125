// The HTTP front of the real server, probed with raw sockets: what a stranger on the internet
// can send (huge, malformed, slow, pipelined requests, thousands of connections) gets the
// right JSON error and never hurts the next client; keep-alive and "Connection: close" are
// honoured; SIGTERM answers every request in progress before the process ends.

#include <csignal>
#include <latch>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <doctest/doctest.h>
#include <sys/wait.h>

#include "tests/support/http_client.hpp"
#include "tests/support/raw_connection.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_database.hpp"

using namespace formations;
using namespace std::chrono_literals;
using nlohmann::json;
using testing::HttpResponse;
using testing::RawConnection;

namespace {

// "413 payload_too_large"
std::string error_of(const HttpResponse& response) {
    return std::to_string(response.status) + " " +
           response.json()["error"]["code"].get<std::string>();
}

// Every answer, errors included, is JSON with the security headers.
void check_headers(const HttpResponse& response) {
    CHECK(response.header("content-type") == "application/json; charset=utf-8");
    CHECK(response.header("x-content-type-options") == "nosniff");
    CHECK(response.header("referrer-policy") == "no-referrer");
    CHECK(response.header("x-frame-options") == "DENY");
    CHECK(response.header("content-security-policy") ==
          "default-src 'none'; frame-ancestors 'none'");
    CHECK(response.header("cache-control") == "no-store");
}

// Sends `request` on a new connection; the answer must come, and the connection close after.
HttpResponse refused(int port, const std::string& request) {
    RawConnection connection(port);
    connection.write(request);
    auto response = connection.read_response();
    REQUIRE(response);
    check_headers(*response);
    CHECK(response->header("connection") == "Close");
    CHECK(connection.closed_within(5s));
    return *response;
}

bool healthy(int port) {
    return testing::http_request(port, "GET", "/healthz").status == 200;
}

std::string head(const std::string& extra = "") {
    return "POST /api/v1/registrations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
           extra;
}

}  // namespace

TEST_CASE("framing errors are refused before the body is read, as JSON, and the connection ends") {
    testing::TestDatabase db;
    testing::ServerProcess server(db.url());
    int port = server.port();

    SUBCASE("a 2 MB query string: 414 at once") {
        std::string query(2 << 20, 'a');
        CHECK(error_of(refused(port, "GET /api/v1/sessions?q=" + query + " HTTP/1.1\r\n\r\n")) ==
              "414 uri_too_long");
    }
    SUBCASE("150 000 headers: 431 once their limit is passed") {
        std::string headers = "GET /healthz HTTP/1.1\r\n";
        for (int i = 0; i < 150'000; ++i) {
            headers += "X-" + std::to_string(i) + ": y\r\n";
        }
        CHECK(error_of(refused(port, headers + "\r\n")) == "431 request_header_too_large");
    }
    SUBCASE("a 100 MB body announced: 413 on the head alone") {
        CHECK(error_of(refused(port, head("Content-Length: 100000000\r\n\r\n") + "{\"a\":")) ==
              "413 payload_too_large");
    }
    SUBCASE("bad Content-Length and chunked bodies: 400 and 411") {
        for (const char* length : {"-1", "1e12", "abc", "99999999999999999999999", "5, 5"}) {
            CHECK_MESSAGE(error_of(refused(port, head("Content-Length: " + std::string(length) +
                                                      "\r\n\r\n{}"))) == "400 bad_request",
                          length);
        }
        CHECK(error_of(refused(port, head("Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}"))) ==
              "400 bad_request");
        for (const char* chunk : {"-5", "zz", "fffffffffffffffffff"}) {
            CHECK(error_of(refused(port, head("Transfer-Encoding: chunked\r\n\r\n") + chunk +
                                             "\r\n{}\r\n0\r\n\r\n")) == "411 length_required");
        }
    }
    SUBCASE("what Pistache's parser refuses is JSON too") {
        CHECK(error_of(refused(port,
                               "POST /api/v1/registrations HTTP/1.1\r\nContent-Type: garbage\r\n"
                               "Content-Length: 2\r\n\r\n{}")) == "415 unsupported_media_type");
        CHECK(error_of(refused(port, "GET /healthz HTTP/2.0\r\n\r\n")) ==
              "505 http_version_not_supported");
        CHECK(error_of(refused(port, "NOT HTTP\r\n\r\n")) == "400 bad_request");
        CHECK(error_of(refused(port, "GET healthz HTTP/1.1\r\n\r\n")) == "400 bad_request");
    }
    // Whatever came before, the next client is served.
    CHECK(healthy(port));
}

TEST_CASE("405 says which methods a path has; 415 and 404 are JSON like every error") {
    testing::TestDatabase db;
    testing::ServerProcess server(db.url());
    auto deleted = testing::http_request(server.port(), "DELETE", "/healthz");
    CHECK(error_of(deleted) == "405 method_not_allowed");
    CHECK(deleted.header("allow") == "GET");
    check_headers(deleted);
    auto posted = testing::http_request(server.port(), "POST", "/api/v1/sessions/12");
    CHECK(error_of(posted) == "405 method_not_allowed");
    CHECK(posted.header("allow") == "GET, PATCH");
    auto text = testing::http_request(server.port(), "POST", "/api/v1/registrations", "{}",
                                      {{"Content-Type", "text/plain"}});
    CHECK(error_of(text) == "415 unsupported_media_type");
    check_headers(text);
    auto missing = testing::http_request(server.port(), "GET", "/api/v1/nothing-here");
    CHECK(error_of(missing) == "404 route_not_found");
    check_headers(missing);
}

TEST_CASE("keep-alive as the client asks, Connection: close honoured, pipelining in order") {
    testing::TestDatabase db;
    testing::ServerProcess server(db.url());
    const std::string get = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";

    SUBCASE("HTTP/1.1 keeps the connection open; Connection: close closes it after the answer") {
        RawConnection connection(server.port());
        connection.write(get);
        auto first = connection.read_response();
        REQUIRE(first);
        CHECK(first->header("connection") == "Keep-Alive");
        CHECK(!first->header("x-request-id").empty());
        CHECK(!connection.closed_within(300ms));
        connection.write("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        auto second = connection.read_response();
        REQUIRE(second);
        CHECK(second->status == 200);
        CHECK(second->header("connection") == "Close");
        CHECK(connection.closed_within(2s));
    }
    SUBCASE("HTTP/1.0 closes unless it asks for keep-alive") {
        RawConnection plain(server.port());
        plain.write("GET /healthz HTTP/1.0\r\n\r\n");
        REQUIRE(plain.read_response());
        CHECK(plain.closed_within(2s));
        RawConnection kept(server.port());
        kept.write("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        REQUIRE(kept.read_response());
        CHECK(!kept.closed_within(300ms));
    }
    SUBCASE("requests pipelined in one write are answered one after the other, in order") {
        RawConnection connection(server.port());
        std::string body = R"({"session_id": 999999, "funding": "self"})";
        connection.write(get + "GET /api/v1/sessions/999999 HTTP/1.1\r\nHost: x\r\n\r\n" +
                         head("Content-Length: " + std::to_string(body.size()) + "\r\n\r\n") +
                         body + "DELETE /healthz HTTP/1.1\r\nHost: x\r\n\r\n" + get);
        auto statuses = std::vector<int>{};
        for (int i = 0; i < 5; ++i) {
            auto response = connection.read_response();
            REQUIRE(response);
            statuses.push_back(response->status);
        }
        CHECK(statuses == std::vector<int>{200, 404, 400, 405, 200});
        CHECK(!connection.closed_within(300ms));
        // Pipelined requests arriving in pieces, the last asking to close.
        connection.write("GET /healthz HTTP/1.1\r\nHo");
        connection.write("st: x\r\n\r\nGET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n");
        REQUIRE(connection.read_response());
        REQUIRE(connection.read_response());
        CHECK(connection.closed_within(2s));
    }
}

TEST_CASE("answers written from workers: many short connections and kept-alive ones, none lost") {
    // A worker's answer may be written by the event loop before the worker has attached what
    // runs once it is written (then run at once, on the worker). That must neither close a
    // later connection that took the same descriptor number (once seen in CI as an empty
    // answer) nor leave a kept-alive connection's next request unread.
    testing::TestDatabase db;
    testing::ServerProcess server(db.url());
    constexpr int requests = 200;
    std::mutex mutex;
    std::vector<std::string> failures;
    auto failed = [&](const std::string& what) {
        std::lock_guard lock(mutex);
        failures.push_back(what);
    };
    std::vector<std::thread> clients;
    for (int c = 0; c < 4; ++c) {
        clients.emplace_back([&] {  // a connection per request, "Connection: close"
            for (int i = 0; i < requests; ++i) {
                try {
                    auto response = testing::http_request(server.port(), "GET", "/healthz");
                    if (response.status != 200) {
                        failed("closed: " + std::to_string(response.status));
                    }
                } catch (const std::exception& error) {
                    failed(std::string("closed: ") + error.what());
                }
            }
        });
        clients.emplace_back([&] {  // one kept-alive connection, a request after each answer
            RawConnection connection(server.port());
            for (int i = 0; i < requests; ++i) {
                connection.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
                auto response = connection.read_response(5s);
                if (!response || response->status != 200) {
                    failed("kept alive: no answer to request " + std::to_string(i));
                    return;
                }
            }
        });
    }
    for (auto& client : clients) {
        client.join();
    }
    for (const auto& failure : failures) {
        MESSAGE(failure);
    }
    CHECK(failures.empty());
}

TEST_CASE("slow requests get a JSON 408, idle connections are closed") {
    testing::TestDatabase db;
    testing::ServerProcess server(
        db.url(), {{"FORMATIONS_REQUEST_TIMEOUT", "2"}, {"FORMATIONS_IDLE_TIMEOUT", "3"}});

    // Slowloris: headers trickled, never finished.
    RawConnection slow(server.port());
    slow.write("GET /healthz HTTP/1.1\r\nHost: x\r\n");
    auto started = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(1s);
    slow.write("X-Slow: 1\r\n");
    auto timeout = slow.read_response(10s);
    REQUIRE(timeout);
    CHECK(error_of(*timeout) == "408 request_timeout");
    check_headers(*timeout);
    CHECK(std::chrono::steady_clock::now() - started >= 2s);  // counted from the first byte
    CHECK(slow.closed_within(2s));

    // A connection that never says anything; one that said something and then went quiet.
    RawConnection silent(server.port());
    RawConnection idle(server.port());
    idle.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    REQUIRE(idle.read_response());
    CHECK(silent.closed_within(10s));
    CHECK(idle.closed_within(10s));
    CHECK(healthy(server.port()));
}

TEST_CASE("connections beyond what the descriptors allow are closed at once; service goes on") {
    testing::TestDatabase db;
    // 128 descriptors: the front keeps about 40 connections (server.cpp, max_connections).
    testing::ProcessOptions options;
    options.open_files = 128;
    testing::ServerProcess server(db.url(), options);
    std::vector<std::unique_ptr<RawConnection>> connections;
    for (int i = 0; i < 150; ++i) {
        connections.push_back(std::make_unique<RawConnection>(server.port()));
    }
    int closed = 0;
    for (auto& connection : connections) {
        closed += connection->closed_within(50ms) ? 1 : 0;
    }
    MESSAGE(closed, " of 150 connections closed at once");
    CHECK(closed >= 100);
    CHECK(closed < 150);
    // The server neither spins nor stops: once the clients let go, it serves again.
    connections.clear();
    std::this_thread::sleep_for(200ms);
    auto metrics = testing::http_request(server.port(), "GET", "/metrics");
    REQUIRE(metrics.status == 200);
    CHECK(metrics.body.find("formations_http_connections_refused_total " +
                            std::to_string(closed)) != std::string::npos);
}

TEST_CASE("SIGTERM during 60 registrations: every one committed was answered to its client") {
    testing::TestDatabase db;
    auto session = db.add_session(100);
    testing::ServerProcess server(db.url());
    int port = server.port();
    constexpr int clients = 60;
    std::mutex mutex;
    std::map<std::string, int> answered;  // e-mail → status
    std::latch ready(clients + 1);
    std::vector<std::thread> threads;
    for (int i = 0; i < clients; ++i) {
        threads.emplace_back([&, i] {
            auto email = "drain" + std::to_string(i) + "@exemple.fr";
            json body = {{"session_id", session},
                         {"funding", "self"},
                         {"trainee",
                          {{"first_name", "Inès"},
                           {"last_name", "Moreau"},
                           {"email", email},
                           {"address", "4 quai Fictif, 69000 Lyon"}}}};
            ready.arrive_and_wait();
            try {
                auto response = testing::post_json(port, "/api/v1/registrations", body);
                std::lock_guard lock(mutex);
                answered[email] = response.status;
            } catch (const std::exception&) {
                // refused before or after the listener stopped: no answer
            }
        });
    }
    ready.arrive_and_wait();
    std::this_thread::sleep_for(60ms);
    CHECK(server.stop() == 0);
    for (auto& thread : threads) {
        thread.join();
    }
    auto committed = db.count("SELECT count(*) FROM registrations");
    std::set<std::string> registered;
    soci::rowset<std::string> emails =
        (db.sql().prepare << "SELECT t.email FROM registrations r"
                             " JOIN trainees t ON t.id = r.trainee_id");
    for (const auto& email : emails) {
        registered.insert(email);
    }
    int created = 0, refused_503 = 0;
    for (const auto& [email, status] : answered) {
        if (status == 201) {
            ++created;
            CHECK(registered.count(email) == 1);
        } else {
            CHECK(status == 503);
            CHECK(registered.count(email) == 0);
            ++refused_503;
        }
    }
    for (const auto& email : registered) {
        CHECK_MESSAGE(answered[email] == 201, email, " was registered without an answer");
    }
    MESSAGE(committed, " committed and answered 201, ", refused_503, " answered 503, ",
            clients - static_cast<int>(answered.size()), " never connected");
    CHECK(created == committed);
    CHECK(committed > 0);
}

TEST_CASE("while draining, new requests get 503 and close; the one in progress is answered") {
    testing::TestDatabase db;
    auto session = db.add_session(10);
    testing::ServerProcess server(db.url());
    RawConnection kept(server.port());
    kept.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    REQUIRE(kept.read_response());

    // A registration held in progress: the test holds the session's row lock.
    db.sql().begin();
    db.sql() << "SELECT id FROM sessions WHERE id = " + std::to_string(session) + " FOR UPDATE";
    std::optional<HttpResponse> registered;
    std::thread registering([&] {
        registered = testing::post_json(server.port(), "/api/v1/registrations",
                                        {{"session_id", session},
                                         {"funding", "self"},
                                         {"trainee",
                                          {{"first_name", "Inès"},
                                           {"last_name", "Moreau"},
                                           {"email", "pendant@exemple.fr"},
                                           {"address", "4 quai Fictif, 69000 Lyon"}}}});
    });
    std::this_thread::sleep_for(300ms);
    kill(server.pid(), SIGTERM);
    std::this_thread::sleep_for(300ms);

    kept.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    auto refused = kept.read_response();
    REQUIRE(refused);
    CHECK(error_of(*refused) == "503 shutting_down");
    CHECK(refused->header("retry-after") == "5");
    CHECK(refused->header("connection") == "Close");
    CHECK(kept.closed_within(2s));

    db.sql().commit();
    registering.join();
    REQUIRE(registered);
    CHECK(registered->status == 201);
    CHECK(registered->header("connection") == "Close");
    CHECK(server.stop() == 0);
    CHECK(db.count("SELECT count(*) FROM registrations") == 1);
}

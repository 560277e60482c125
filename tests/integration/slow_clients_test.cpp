// Clients that read slowly or not at all, and documents rendered on request, never hold the
// service: SIGTERM with export downloads nobody reads still stops the process within its drain
// timeout (the reading clients' answers complete); the contract and convention views, which
// render their PDF on their first request, wait for the document workers like the .pdf routes,
// never taking the workers the catalogue needs.

#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <algorithm>
#include <cctype>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "tests/support/http_client.hpp"
#include "tests/support/raw_connection.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/staff_client.hpp"
#include "tests/support/test_database.hpp"

using namespace formations;
using namespace std::chrono_literals;
using nlohmann::json;
using testing::http_request;
using testing::post_json;
using testing::RawConnection;

namespace {

using Steady = std::chrono::steady_clock;

json register_employed(int port, long long session, const std::string& email) {
    auto response =
        post_json(port, "/api/v1/registrations",
                  {{"session_id", session},
                   {"funding", "employer"},
                   {"trainee", {{"first_name", "Léo"}, {"last_name", "Garnier"}, {"email", email}}},
                   {"employer",
                    {{"siret", "99900000100001"},
                     {"name", "Coopérative Sociétaire Fictive"},
                     {"address", "8 rue des Écoles\n69001 Lyon"},
                     {"signatory",
                      {{"name", "Hélène Mercier"},
                       {"role", "Directrice générale"},
                       {"email", "helene.mercier@exemple.fr"}}}}}});
    REQUIRE_MESSAGE(response.status == 201, response.body);
    return response.json();
}

json register_self(int port, long long session, const std::string& email) {
    auto response = post_json(port, "/api/v1/registrations",
                              {{"session_id", session},
                               {"funding", "self"},
                               {"trainee",
                                {{"first_name", "Zoé"},
                                 {"last_name", "Lefèvre"},
                                 {"email", email},
                                 {"address", "3 place du Marché\n31000 Toulouse"}}}});
    REQUIRE_MESSAGE(response.status == 201, response.body);
    return response.json();
}

// 30 000 invoices of 2019 copied from a real one: a FEC of about 10 MB, more than the socket
// buffers of a client that does not read can take.
constexpr int big_year = 30'000;
void add_big_year(testing::TestDatabase& db, int port) {
    auto model = register_employed(port, db.add_session(10, 40), "leo@exemple.fr");
    std::string model_number = model["invoices"][0]["number"];
    int count = big_year;
    db.sql() << "INSERT INTO invoices (kind, series, year, sequence, number, registration_id,"
                " issued_on, due_on, payer, buyer_name, buyer_siret, total_cents, snapshot)"
                " SELECT 'invoice', 'TS', 2019, g, 'TS-2019-' || lpad(g::text, 5, '0'),"
                " m.registration_id, DATE '2019-01-01' + (g % 365), DATE '2019-12-31',"
                " m.payer, m.buyer_name, m.buyer_siret, 1000 + g, m.snapshot"
                " FROM invoices m, generate_series(1, :count) g WHERE m.number = :model",
        soci::use(count), soci::use(model_number);
}

std::string get_request(const std::string& path, const std::string& token) {
    return "GET " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n";
}

// A client connection. `silent`: with the smallest receive buffer the system allows, so that,
// as it never reads, the server's socket buffer fills after a few megabytes and the sender has
// to wait.
class Socket {
  public:
    explicit Socket(int port, bool silent = true) {
        fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        int small = 4096;
        if (silent) {
            setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        }
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    }
    ~Socket() { close(fd_); }
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;

    void write(const std::string& bytes) {
        REQUIRE(send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
                static_cast<ssize_t>(bytes.size()));
    }
    // Bytes received and not read yet.
    int waiting() const {
        int bytes = 0;
        ioctl(fd_, FIONREAD, &bytes);
        return bytes;
    }
    // Reads `piece` bytes at most, waiting `timeout` for them; nullopt at the end of the stream.
    std::optional<std::string> read(std::size_t piece, std::chrono::milliseconds timeout) {
        pollfd ready{fd_, POLLIN, 0};
        if (poll(&ready, 1, static_cast<int>(timeout.count())) <= 0) {
            return std::string{};
        }
        std::string bytes(piece, '\0');
        auto n = recv(fd_, bytes.data(), piece, 0);
        if (n <= 0) {
            return std::nullopt;
        }
        bytes.resize(static_cast<std::size_t>(n));
        return bytes;
    }

  private:
    int fd_ = -1;
};

// As server.cpp sizes them: one fewer than the machine's cores, at least one.
int document_workers() {
    auto cores = static_cast<int>(std::thread::hardware_concurrency());
    return cores > 2 ? cores - 1 : 1;
}

}  // namespace

TEST_CASE(
    "SIGTERM with export downloads nobody reads: the process stops within its drain "
    "timeout, a client that reads gets its whole file") {
    constexpr int drain_seconds = 4;
    testing::TestDatabase db;
    testing::ServerProcess server(db.url(),
                                  {{"FORMATIONS_DRAIN_TIMEOUT", std::to_string(drain_seconds)}});
    int port = server.port();
    auto accountant =
        testing::staff_token(db.url(), port, "compta@exemple.fr", app::Role::accountant);
    constexpr int invoices = big_year;
    add_big_year(db, port);
    const auto fec = get_request("/api/v1/exports/fec?year=2019", accountant);

    // Two downloads that are never read, and one read at a steady pace.
    std::vector<std::unique_ptr<Socket>> silent;
    for (int i = 0; i < 2; ++i) {
        silent.push_back(std::make_unique<Socket>(port));
        silent.back()->write(fec);
    }
    Socket reading(port, /*silent=*/false);
    reading.write(fec);
    std::string received;
    for (auto deadline = Steady::now() + 60s; received.find("\r\n\r\n") == std::string::npos;) {
        REQUIRE(Steady::now() < deadline);
        auto piece = reading.read(64 * 1024, 1s);
        REQUIRE(piece);
        received += *piece;
    }
    for (auto deadline = Steady::now() + 60s;;) {
        REQUIRE(Steady::now() < deadline);
        if (silent[0]->waiting() > 0 && silent[1]->waiting() > 0) {
            break;
        }
        std::this_thread::sleep_for(50ms);
    }
    std::this_thread::sleep_for(500ms);  // their senders now wait for the clients to read

    // About 10 MB in 64 KiB pieces, one every 5 ms: a second or two, within the drain timeout.
    std::thread reader([&] {
        for (auto deadline = Steady::now() + 60s; Steady::now() < deadline;) {
            auto piece = reading.read(64 * 1024, 1s);
            if (!piece) {
                return;
            }
            received += *piece;
            std::this_thread::sleep_for(5ms);
        }
    });
    auto stopping = Steady::now();
    auto status = server.stop_within(std::chrono::seconds(drain_seconds + 6));
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Steady::now() - stopping);
    reader.join();
    MESSAGE("stopped after ", took.count(), " ms");
    REQUIRE_MESSAGE(status, "still running ", drain_seconds + 6, " s after SIGTERM");
    CHECK(*status == 0);

    CHECK(received.starts_with("HTTP/1.1 200 OK\r\n"));
    auto head_end = received.find("\r\n\r\n");
    REQUIRE(head_end != std::string::npos);
    auto decoded = testing::dechunk(received.substr(head_end + 4));
    REQUIRE_MESSAGE(decoded, "the reading client's FEC was cut (", received.size(), " bytes)");
    const auto& body = decoded->first;
    CHECK(body.size() > 8'000'000);
    CHECK(std::count(body.begin(), body.end(), '\n') == 1 + 2 * invoices);
    // The silent clients' transfers were cut, never completed.
    for (auto& client : silent) {
        std::string rest;
        while (auto piece = client->read(64 * 1024, 5s)) {
            if (piece->empty()) {
                break;
            }
            rest += *piece;
        }
        CHECK_FALSE(rest.ends_with("\r\n0\r\n\r\n"));
    }
}

TEST_CASE(
    "contract and convention views, rendered on their first request, wait for the document "
    "workers: the catalogue never does") {
    testing::TestDatabase db;
    testing::ServerProcess server(db.url());
    int port = server.port();
    auto staff = testing::staff_token(db.url(), port, "equipe@exemple.fr", app::Role::staff);
    auto session = db.add_session(10, 40);
    auto self = register_self(port, session, "zoe@exemple.fr");
    auto employed = register_employed(port, session, "leo@exemple.fr");
    // The signatory's link, from the message sent to them (the database keeps only its hash).
    std::string link;
    soci::rowset<std::string> tokens =
        (db.sql().prepare << "SELECT facts->'convention'->>'token' FROM outbox_messages"
                             " WHERE kind = 'convention_to_sign' ORDER BY id");
    for (const auto& token : tokens) {
        link = token;
    }
    REQUIRE_FALSE(link.empty());

    // Every document worker busy: the internal rules' PDF waits for a lock the test holds.
    db.sql().begin();
    db.sql() << "LOCK TABLE internal_rules IN ACCESS EXCLUSIVE MODE";
    const int blockers = document_workers();
    std::vector<std::thread> blocked;
    for (int i = 0; i < blockers; ++i) {
        blocked.emplace_back([port] {
            CHECK(http_request(port, "GET", "/api/v1/internal-rules.pdf").status == 200);
        });
    }
    db.wait_for_lock_waiters(blockers);

    // The three views that render an agreement when it was never opened.
    std::vector<std::pair<std::string, std::unique_ptr<RawConnection>>> views;
    for (const auto& path :
         {"/api/v1/registrations/" + self["token"].get<std::string>() + "/contract",
          "/api/v1/registrations/" + employed["id"].dump() + "/convention",
          "/api/v1/convention-links/" + link}) {
        views.emplace_back(path, std::make_unique<RawConnection>(port));
        views.back().second->write(get_request(path, staff));
    }
    std::this_thread::sleep_for(1500ms);
    std::vector<std::optional<testing::HttpResponse>> answers;
    for (auto& [path, connection] : views) {
        answers.push_back(connection->read_response(10ms));
        CHECK_MESSAGE(!answers.back(), path,
                      " answered on a general worker while every document worker was busy");
    }
    // Meanwhile the general workers answer.
    CHECK(http_request(port, "GET", "/api/v1/sessions").status == 200);
    CHECK(http_request(port, "GET", "/api/v1/registrations/" + self["token"].get<std::string>())
              .status == 200);

    db.sql().commit();
    for (std::size_t i = 0; i < views.size(); ++i) {
        auto& [path, connection] = views[i];
        if (!answers[i]) {
            answers[i] = connection->read_response(30s);
        }
        CHECK_MESSAGE(answers[i], path);
        CHECK_MESSAGE((answers[i] && answers[i]->status == 200), path);
    }
    for (auto& thread : blocked) {
        thread.join();
    }
}

TEST_CASE(
    "when every sender is taken and as many exports wait, one more is answered 503: no "
    "worker ever waits for a client that does not read") {
    testing::TestDatabase db;
    testing::ServerProcess server(
        db.url(), {{"FORMATIONS_DOWNLOADS", "1"}, {"FORMATIONS_DRAIN_TIMEOUT", "2"}});
    int port = server.port();
    auto accountant =
        testing::staff_token(db.url(), port, "compta@exemple.fr", app::Role::accountant);
    add_big_year(db, port);
    const auto fec = get_request("/api/v1/exports/fec?year=2019", accountant);

    // The one sender takes the first download, which nobody reads.
    Socket first(port);
    first.write(fec);
    for (auto deadline = Steady::now() + 60s; first.waiting() == 0;) {
        REQUIRE(Steady::now() < deadline);
        std::this_thread::sleep_for(50ms);
    }
    // Of the next two, one waits for the sender, the other is refused.
    Socket second(port), third(port);
    second.write(fec);
    third.write(fec);
    std::string refused;
    for (auto deadline = Steady::now() + 60s; refused.find("\r\n\r\n") == std::string::npos;) {
        REQUIRE_MESSAGE(Steady::now() < deadline, "no download was refused");
        for (auto* client : {&second, &third}) {
            if (client->waiting() > 0) {
                refused += client->read(64 * 1024, 1s).value_or("");
            }
        }
        std::this_thread::sleep_for(50ms);
    }
    CHECK(refused.starts_with("HTTP/1.1 503"));
    CHECK(refused.find("too_many_downloads") != std::string::npos);
    std::transform(refused.begin(), refused.end(), refused.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    CHECK_MESSAGE(refused.find("retry-after: 5\r\n") != std::string::npos, refused);

    // The document workers are free: a PDF is answered at once.
    RawConnection pdf(port);
    pdf.write("GET /api/v1/internal-rules.pdf HTTP/1.1\r\nHost: x\r\n\r\n");
    auto answer = pdf.read_response(20s);
    REQUIRE_MESSAGE(answer, "a PDF waited behind a download nobody reads");
    CHECK(answer->status == 200);
    CHECK(server.stop_within(15s) == 0);
}

// The scheduler's pass on a large volume (convocations of thousands of confirmed seats, inserted
// with SQL): it commits its work unit by unit, so that SIGTERM stops the real server within
// seconds, keeps what was done and leaves the rest to the next start; a stop request ends an
// in-process pass between two units; only one pass runs at a time; and passes racing each other
// and the staff's "send the convocations now" queue each convocation exactly once.

#include <signal.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <stop_token>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "invoices/billing_settings.hpp"
#include "service/app/reminders.hpp"
#include "service/storage/database.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_clock.hpp"
#include "tests/support/test_database.hpp"

using namespace formations;

namespace {

// `sessions` sessions starting in 3 days (within the 7 days of the convocation), each with
// `seats` self-funded seats confirmed a month ago: that many convocations are due. The number.
long long seed_due_convocations(testing::TestDatabase& db, int sessions, int seats) {
    const std::string starts = testing::day(3), confirmed = testing::noon(-30);
    db.sql()
        << "WITH s AS ("
           " INSERT INTO sessions (reference, course_id, starts_on, ends_on, place, capacity,"
           "                       registration_deadline, status)"
           " SELECT 'DUE-' || g, c.id, CAST(:starts AS date), CAST(:starts2 AS date) + 1,"
           "        'Salle des convocations, Nantes', :seats, CAST(:starts3 AS date) - 1, 'open'"
           "   FROM courses c, generate_series(1, :sessions) g WHERE c.code = 'CAE'"
           " RETURNING id),"
           " t AS (INSERT INTO trainees (email, first_name, last_name)"
           " SELECT 'due-' || s.id || '-' || g || '@example.org', 'Léa', 'Convoquée'"
           "   FROM s, generate_series(1, :seats2) g RETURNING id, email)"
           " INSERT INTO registrations (session_id, trainee_id, trainee_first_name,"
           "   trainee_last_name, token, funding, tier, price_cents, status, created_status,"
           "   confirmed_at)"
           " SELECT CAST(split_part(t.email, '-', 2) AS bigint), t.id, 'Léa', 'Convoquée',"
           "        'token-' || t.id || '-' || md5(t.email), 'self', 'self_funded', 30000,"
           "        'confirmed', 'confirmed', CAST(:confirmed AS timestamptz) FROM t",
        soci::use(starts), soci::use(starts), soci::use(seats), soci::use(starts),
        soci::use(sessions), soci::use(seats), soci::use(confirmed);
    db.sql() << "ANALYZE";
    return static_cast<long long>(sessions) * seats;
}

long long convocations(testing::TestDatabase& db) {
    return db.count("SELECT count(*) FROM outbox_messages WHERE kind = 'convocation_reminder'");
}

// Convocations queued more than once for a registration: there must be none.
long long duplicates(testing::TestDatabase& db) {
    return db.count(
        "SELECT count(*) FROM (SELECT registration_id FROM outbox_messages"
        " WHERE kind = 'convocation_reminder' GROUP BY registration_id HAVING count(*) > 1) d");
}

// Advisory locks held on this database: the scheduler's, while a pass runs.
long long scheduler_locks(testing::TestDatabase& db) {
    return db.count(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
        " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
}

template <typename Condition>
bool eventually(Condition condition, std::chrono::seconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

// No seat released: the seats are self-funded and unsigned, the pass is about convocations.
app::MailSettings mail_settings() {
    app::MailSettings settings;
    settings.contract_hold_days = 0;
    return settings;
}

Result<app::SchedulerPass> pass(storage::Database& database, std::stop_token stop = {}) {
    static const invoices::BillingSettings billing;
    static const app::MailSettings settings = mail_settings();
    return app::run_scheduler(database, testing::test_clock(), settings, billing, {}, stop);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

TEST_CASE(
    "SIGTERM during a pass of 20 000 convocations: the server exits 0 within seconds, what it "
    "queued stays, the next start queues the rest, nobody gets two") {
    testing::TestDatabase db;
    // On a 2-core machine one pass over all of them takes tens of seconds: a pass in one
    // transaction, as before, would neither stop within 10 s nor keep anything.
    const auto total = seed_due_convocations(db, 200, 100);
    testing::ProcessOptions options;
    options.environment = {{"FORMATIONS_CONTRACT_HOLD_DAYS", "0"},
                           {"FORMATIONS_SCHEDULER_SECONDS", "3600"}};
    options.log_path = std::string(std::getenv("FORMATIONS_TEST_ARTIFACTS") != nullptr
                                       ? std::getenv("FORMATIONS_TEST_ARTIFACTS")
                                       : "/tmp") +
                       "/scheduler-stopped.log";
    {
        testing::ServerProcess first(db.url(), options);
        // The pass at start holds the scheduler's lock; once its first unit has committed (a
        // pass in one transaction commits nothing before its end), stop the process.
        REQUIRE(eventually([&] { return scheduler_locks(db) == 1; }, std::chrono::seconds(60)));
        eventually([&] { return convocations(db) > 0; }, std::chrono::seconds(10));
        const auto stopping = std::chrono::steady_clock::now();
        auto status = first.stop_within(std::chrono::seconds(10));
        REQUIRE_MESSAGE(status.has_value(), "still running 10 s after SIGTERM");
        CHECK(*status == 0);
        MESSAGE("stopped in " << std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::steady_clock::now() - stopping)
                                     .count()
                              << " ms");
    }
    const auto committed = convocations(db);
    CHECK(committed > 0);
    CHECK(committed < total);
    CHECK(duplicates(db) == 0);
    CHECK(scheduler_locks(db) == 0);  // gone with the process
    const auto log = read_file(options.log_path);
    CHECK(log.find("\"event\":\"scheduler_stopped_early\"") != std::string::npos);
    CHECK(log.find("\"convocations\":" + std::to_string(committed)) != std::string::npos);

    options.log_path.clear();
    testing::ServerProcess second(db.url(), options);
    CHECK(eventually([&] { return convocations(db) == total; }, std::chrono::seconds(240)));
    CHECK(eventually([&] { return scheduler_locks(db) == 0; }, std::chrono::seconds(30)));
    CHECK(convocations(db) == total);
    CHECK(duplicates(db) == 0);
    CHECK(db.count("SELECT count(DISTINCT once_key) FROM outbox_messages"
                   " WHERE kind = 'convocation_reminder'") == total);
}

TEST_CASE("a stop request ends a pass between two units; only one pass runs at a time") {
    testing::TestDatabase db;
    const auto total = seed_due_convocations(db, 50, 100);
    storage::Database one(db.url(), 1), other(db.url(), 1);

    SUBCASE("asked before it starts: nothing done, the lock given back") {
        std::stop_source stop;
        stop.request_stop();
        auto stopped = pass(one, stop.get_token());
        REQUIRE(stopped.ok());
        CHECK(stopped->ran);
        CHECK(stopped->stopped);
        CHECK(stopped->convocations == 0);
        CHECK(convocations(db) == 0);
        CHECK(scheduler_locks(db) == 0);
        auto next = pass(other);
        REQUIRE(next.ok());
        CHECK(next->convocations == total);
        CHECK(!next->stopped);
    }

    SUBCASE("asked in the middle: what it counted is committed; a pass meanwhile is skipped") {
        std::stop_source stop;
        Result<app::SchedulerPass> first = app::SchedulerPass{};
        std::thread running([&] { first = pass(one, stop.get_token()); });
        const bool started =
            eventually([&] { return convocations(db) > 0; }, std::chrono::seconds(60));
        // Another process's pass while this one runs: skipped, nothing done.
        auto skipped = pass(other);
        stop.request_stop();
        running.join();
        REQUIRE(started);
        REQUIRE(skipped.ok());
        CHECK(!skipped->ran);
        CHECK(skipped->convocations == 0);
        REQUIRE(first.ok());
        CHECK(first->ran);
        CHECK(first->stopped);
        CHECK(first->convocations > 0);
        CHECK(first->convocations < total);
        CHECK(convocations(db) == first->convocations);
        CHECK(scheduler_locks(db) == 0);

        auto rest = pass(other);
        REQUIRE(rest.ok());
        CHECK(!rest->stopped);
        CHECK(first->convocations + rest->convocations == total);
        CHECK(convocations(db) == total);
        CHECK(duplicates(db) == 0);
    }
}

TEST_CASE(
    "passes racing each other and the staff's sending: each convocation queued exactly once") {
    testing::TestDatabase db;
    const auto total = seed_due_convocations(db, 40, 50);
    std::vector<long long> sessions;
    soci::rowset<long long> ids =
        (db.sql().prepare << "SELECT id FROM sessions WHERE reference LIKE 'DUE-%' ORDER BY id");
    for (auto id : ids) {
        sessions.push_back(id);
    }
    REQUIRE(sessions.size() == 40);
    const app::Actor staff{0, "equipe@cpe.test", app::Role::staff, false};

    std::atomic<long long> queued{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 3; ++i) {
        threads.emplace_back([&] {
            storage::Database database(db.url(), 1);
            auto done = pass(database);
            CHECK(done.ok());
            queued += done.ok() ? done->convocations : 0;
        });
    }
    // Staff sending the convocations of every session meanwhile, the last session first: their
    // transactions do not take the scheduler's lock, and meet its units on the same rows.
    threads.emplace_back([&] {
        storage::Database database(db.url(), 1);
        for (auto session = sessions.rbegin(); session != sessions.rend(); ++session) {
            auto sent = app::send_convocations(database, testing::test_clock(), staff, *session);
            CHECK(sent.ok());
            queued += sent.ok() ? sent->sent : 0;
        }
    });
    for (auto& thread : threads) {
        thread.join();
    }
    CHECK(queued == total);
    CHECK(convocations(db) == total);
    CHECK(duplicates(db) == 0);
}

TEST_CASE(
    "SIGTERM asks the scheduler to stop as the HTTP drain starts: a pass ends early while a "
    "request is still owed its answer, and the process exits once the drain is over") {
    testing::TestDatabase db;
    seed_due_convocations(db, 100, 100);
    const long long open_session = db.add_session(8);
    constexpr int drain_seconds = 4;
    testing::ProcessOptions options;
    options.environment = {{"FORMATIONS_CONTRACT_HOLD_DAYS", "0"},
                           {"FORMATIONS_SCHEDULER_SECONDS", "3600"},
                           {"FORMATIONS_DRAIN_TIMEOUT", std::to_string(drain_seconds)}};
    options.log_path = std::string(std::getenv("FORMATIONS_TEST_ARTIFACTS") != nullptr
                                       ? std::getenv("FORMATIONS_TEST_ARTIFACTS")
                                       : "/tmp") +
                       "/scheduler-stopped-at-drain.log";
    testing::ServerProcess server(db.url(), options);
    const int port = server.port();
    REQUIRE(eventually([&] { return scheduler_locks(db) == 1; }, std::chrono::seconds(60)));
    REQUIRE(eventually([&] { return convocations(db) > 0; }, std::chrono::seconds(30)));

    // A registration waits for its session's row, which the test holds: the drain owes it an
    // answer until its timeout.
    soci::transaction held(db.sql());
    db.sql() << "SELECT id FROM sessions WHERE id = " + std::to_string(open_session) +
                    " FOR UPDATE";
    std::thread registering([&] {
        try {
            testing::post_json(port, "/api/v1/registrations",
                               {{"session_id", open_session},
                                {"funding", "self"},
                                {"trainee",
                                 {{"first_name", "Léa"},
                                  {"last_name", "Tardive"},
                                  {"email", "lea.tardive@exemple.fr"},
                                  {"address", "3 place du Marché\n31000 Toulouse"}}}});
        } catch (const std::exception&) {
            // Answered or cut while the process stops: either way, not this test's concern.
        }
    });
    db.wait_for_lock_waiters(1);

    const auto stopping = std::chrono::steady_clock::now();
    REQUIRE(kill(server.pid(), SIGTERM) == 0);
    // The pass ends after its current unit, well before the drain's timeout (main's order asked
    // it only once the drain was over, after the timeout's warning).
    const auto logged = [&](const std::string& event) {
        return read_file(options.log_path).find("\"event\":\"" + event + "\"");
    };
    CHECK(eventually([&] { return logged("scheduler_stopped_early") != std::string::npos; },
                     std::chrono::seconds(drain_seconds + 5)));
    REQUIRE(eventually([&] { return logged("drain_timeout") != std::string::npos; },
                       std::chrono::seconds(drain_seconds + 10)));
    CHECK(logged("scheduler_stopped_early") < logged("drain_timeout"));
    CHECK(logged("stopping") < logged("scheduler_stopped_early"));
    held.commit();
    registering.join();

    auto status = server.stop_within(std::chrono::seconds(10));
    REQUIRE_MESSAGE(status.has_value(), "still running after its drain");
    CHECK(*status == 0);
    MESSAGE("stopped in " << std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::steady_clock::now() - stopping)
                                 .count()
                          << " ms");
    CHECK(scheduler_locks(db) == 0);
}

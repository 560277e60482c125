#pragma once
// A fresh PostgreSQL database per test program, created from FORMATIONS_TEST_DATABASE_URL (a
// libpq URL to a server where we may CREATE DATABASE; deploy/test.sh provides one), migrated and
// seeded on the test clock (test_clock.hpp), dropped when the object goes away.

#include <memory>
#include <string>

#include <soci/soci.h>

namespace formations::testing {

class TestDatabase {
  public:
    // `seed`: load the catalogue; `demo`: also the demonstration data.
    explicit TestDatabase(bool seed = true, bool demo = false);
    ~TestDatabase();
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    const std::string& url() const { return url_; }
    const std::string& name() const { return name_; }
    // A connection of the test's own, for arranging data and checking results.
    soci::session& sql() { return *session_; }

    // Inserts a session of the CAE course starting `days_from_now` days after the test clock's
    // today (two days, deadline the day before) and returns its id.
    long long add_session(int capacity, int days_from_now = 30, const std::string& status = "open");
    // The same on an explicit first day, "YYYY-MM-DD".
    long long add_session_on(const std::string& starts_on, int capacity,
                             const std::string& status = "open");

    long long count(const std::string& query);

    // Waits (20 s at most, then fails the test) until `query`, a count, reaches `expected`.
    void wait_for(const std::string& query, long long expected);
    // Waits until `sessions` connections to this database are waiting for a lock.
    void wait_for_lock_waiters(long long sessions);

    // Runs a statement on the maintenance database of the cluster, where `{database}` is this
    // database's name: what only an administrator elsewhere can do (ALTER DATABASE …).
    void administer(const std::string& statement);

  private:
    std::string admin_url_;
    std::string name_;
    std::string url_;
    std::unique_ptr<soci::session> session_;
};

}  // namespace formations::testing

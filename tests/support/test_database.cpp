#include "tests/support/test_database.hpp"

#include <chrono>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <thread>

#include <doctest/doctest.h>
#include <soci/soci.h>

#include "service/app/schema.hpp"
#include "service/app/seeding.hpp"
#include "service/storage/database.hpp"
#include "tests/support/test_clock.hpp"

namespace formations::testing {
namespace {

std::string admin_url() {
    const char* url = std::getenv("FORMATIONS_TEST_DATABASE_URL");
    if (url == nullptr || *url == '\0') {
        throw std::runtime_error(
            "FORMATIONS_TEST_DATABASE_URL is not set: run the tests through deploy/test.sh");
    }
    return url;
}

std::string random_suffix() {
    std::random_device device;
    std::uniform_int_distribution<unsigned long long> digits;
    return std::to_string(digits(device) % 1'000'000'000'000ULL);
}

// Replaces (or appends) dbname=… in a libpq key/value connection string.
std::string with_database(const std::string& url, const std::string& name) {
    auto at = url.find("dbname=");
    if (at == std::string::npos) {
        return url + " dbname=" + name;
    }
    auto end = url.find(' ', at);
    return url.substr(0, at) + "dbname=" + name + (end == std::string::npos ? "" : url.substr(end));
}

}  // namespace

TestDatabase::TestDatabase(bool seed, bool demo)
    : admin_url_(admin_url()), name_("formations_test_" + random_suffix()) {
    {
        auto admin = storage::open_session(admin_url_);
        *admin << "CREATE DATABASE " + name_ + " ENCODING 'UTF8' TEMPLATE template0";
    }
    url_ = with_database(admin_url_, name_);
    session_ = storage::open_session(url_);
    storage::Database database(url_, 1);
    if (auto migrated = app::migrate(database); !migrated) {
        throw std::runtime_error("migrations failed: " + migrated.error().detail);
    }
    if (seed) {
        if (auto seeded = app::seed_catalogue(database, test_clock(), demo); !seeded) {
            throw std::runtime_error("seed failed: " + seeded.error().detail);
        }
    }
}

TestDatabase::~TestDatabase() {
    try {
        session_.reset();
        auto admin = storage::open_session(admin_url_);
        *admin << "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)";
    } catch (...) {
        // A leftover database in a throwaway cluster is harmless.
    }
}

long long TestDatabase::add_session(int capacity, int days_from_now, const std::string& status) {
    return add_session_on(day(days_from_now), capacity, status);
}

long long TestDatabase::add_session_on(const std::string& starts_on, int capacity,
                                       const std::string& status) {
    long long id = 0;
    std::string reference = "TEST-" + random_suffix(), first_day = starts_on, status_text = status;
    sql() << "INSERT INTO sessions (reference, course_id, starts_on, ends_on, place, capacity,"
             " registration_deadline, status)"
             " SELECT :reference, c.id, p.day, p.day + 1, 'Salle d''essai, Paris', :capacity,"
             "        p.day - 1, :status"
             " FROM courses c, (SELECT CAST(:day AS date) AS day) p"
             " WHERE c.code = 'CAE' RETURNING id",
        soci::use(reference), soci::use(capacity), soci::use(status_text), soci::use(first_day),
        soci::into(id);
    return id;
}

void TestDatabase::administer(const std::string& statement) {
    std::string text = statement;
    for (auto at = text.find("{database}"); at != std::string::npos; at = text.find("{database}")) {
        text.replace(at, 10, name_);
    }
    auto admin = storage::open_session(admin_url_);
    *admin << text;
}

long long TestDatabase::count(const std::string& query) {
    long long value = 0;
    sql() << query, soci::into(value);
    return value;
}

void TestDatabase::wait_for(const std::string& query, long long expected) {
    for (int tries = 0; tries < 400 && count(query) < expected; ++tries) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    REQUIRE(count(query) >= expected);
}

void TestDatabase::wait_for_lock_waiters(long long sessions) {
    wait_for("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + name_ +
                 "' AND wait_event_type = 'Lock'",
             sessions);
}

}  // namespace formations::testing

// The schema and the data invariants the code relies on, checked in the database itself.

#include <doctest/doctest.h>

#include "service/storage/migrations.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_database.hpp"

using formations::testing::TestDatabase;

namespace {

// Runs a statement that must be refused by the database.
bool refused(TestDatabase& db, const std::string& statement) {
    try {
        db.sql() << statement;
        return false;
    } catch (const soci::soci_error&) {
        return true;
    }
}

long long insert_registration(TestDatabase& db, long long session, const std::string& email,
                              const std::string& status) {
    long long trainee = 0, id = 0;
    db.sql() << "INSERT INTO trainees (email, first_name, last_name) VALUES (:e, 'A', 'B')"
                " RETURNING id",
        soci::use(email), soci::into(trainee);
    std::string token(43, 'a');
    token[0] = static_cast<char>('a' + email.size() % 26);
    token += email;  // unique per call
    std::string state = status;
    db.sql()
        << "INSERT INTO registrations (session_id, trainee_id, trainee_first_name, "
           "trainee_last_name, token, funding, tier,"
           " price_cents, status, waitlist_order, created_status, created_waitlist_position,"
           " confirmed_at)"
           " VALUES (:s, :t, 'A', 'B', :token, 'self', 'self_funded', 30000, :status,"
           " CASE WHEN :status2 = 'waitlisted' THEN nextval('registration_waitlist_order') END,"
           " :status3, CASE WHEN :status4 = 'waitlisted' THEN 1 END, now()) RETURNING id",
        soci::use(session), soci::use(trainee), soci::use(token), soci::use(state),
        soci::use(state), soci::use(state), soci::use(state), soci::into(id);
    return id;
}

}  // namespace

TEST_CASE("migrations are idempotent and the seed changes nothing when re-run") {
    TestDatabase db(/*seed=*/true, /*demo=*/true);
    auto counts = [&] {
        return std::vector<long long>{db.count("SELECT count(*) FROM courses"),
                                      db.count("SELECT count(*) FROM tariffs"),
                                      db.count("SELECT count(*) FROM sessions"),
                                      db.count("SELECT count(*) FROM organisations")};
    };
    auto before = counts();
    CHECK(before == std::vector<long long>{1, 3, 4, 3});
    CHECK(formations::storage::apply_migrations(db.sql()).empty());
    formations::storage::apply_seed(db.sql(), true);
    CHECK(counts() == before);
    CHECK(formations::storage::schema_status(db.sql()).current());

    SUBCASE("the command line does the same") {
        CHECK(formations::testing::run_formations("migrate", db.url()) == 0);
        CHECK(formations::testing::run_formations("seed --demo", db.url()) == 0);
        CHECK(counts() == before);
    }
}

TEST_CASE("the seed holds the 2019 catalogue") {
    TestDatabase db;
    CHECK(db.count("SELECT duration_minutes FROM courses WHERE code = 'CAE'") == 14 * 60);
    CHECK(db.count("SELECT amount_cents FROM tariffs WHERE tier = 'self_funded'") == 30000);
    CHECK(db.count("SELECT amount_cents FROM tariffs WHERE tier = 'member'") == 50000);
    CHECK(db.count("SELECT amount_cents FROM tariffs WHERE tier = 'non_member'") == 70000);
    CHECK(db.count("SELECT count(*) FROM sessions WHERE starts_on IN ('2019-06-27', '2019-10-24')"
                   " AND ends_on - starts_on = 1 AND capacity = 12") == 2);
}

TEST_CASE("the database refuses overbooking whatever the code does") {
    TestDatabase db;
    auto session = db.add_session(2);
    insert_registration(db, session, "un@exemple.fr", "confirmed");
    insert_registration(db, session, "deux@exemple.fr", "confirmed");
    CHECK(db.count("SELECT seats_taken FROM sessions WHERE id = " + std::to_string(session)) == 2);
    CHECK_THROWS_AS(insert_registration(db, session, "trois@exemple.fr", "confirmed"),
                    soci::soci_error);
    CHECK(refused(db, "UPDATE sessions SET capacity = 1 WHERE id = " + std::to_string(session)));
}

TEST_CASE("registrations and audit events are never deleted") {
    TestDatabase db;
    auto session = db.add_session(2);
    auto id = insert_registration(db, session, "un@exemple.fr", "confirmed");
    CHECK(refused(db, "DELETE FROM registrations WHERE id = " + std::to_string(id)));
    db.sql() << "INSERT INTO audit_events (actor, action, entity, entity_id) VALUES"
                " ('test', 'x', 'registration', 1)";
    CHECK(refused(db, "DELETE FROM audit_events"));
    CHECK(refused(db, "UPDATE audit_events SET actor = 'someone else'"));
}

TEST_CASE("one active registration per trainee and session") {
    TestDatabase db;
    auto session = db.add_session(5);
    long long trainee = 0;
    db.sql() << "INSERT INTO trainees (email, first_name, last_name) VALUES ('x@exemple.fr', 'A',"
                " 'B') RETURNING id",
        soci::into(trainee);
    auto insert = [&](const std::string& token) {
        db.sql()
            << "INSERT INTO registrations (session_id, trainee_id, trainee_first_name, "
               "trainee_last_name, token, funding, tier,"
               " price_cents, status, created_status, confirmed_at) VALUES (:s, :t, 'A', 'B', :k,"
               " 'self', 'self_funded', 30000, 'confirmed', 'confirmed', now())",
            soci::use(session), soci::use(trainee), soci::use(token);
    };
    insert(std::string(43, 'x'));
    CHECK_THROWS_AS(insert(std::string(43, 'y')), soci::soci_error);
}

TEST_CASE("a tier that contradicts the funding is refused") {
    TestDatabase db;
    auto session = db.add_session(5);
    CHECK(refused(db,
                  "INSERT INTO trainees (email, first_name, last_name) VALUES"
                  " ('UPPER@exemple.fr', 'A', 'B')"));
    db.sql() << "INSERT INTO trainees (email, first_name, last_name) VALUES ('t@exemple.fr', 'A',"
                " 'B')";
    CHECK(refused(db,
                  "INSERT INTO registrations (session_id, trainee_id, trainee_first_name, "
                  "trainee_last_name, token, funding, tier,"
                  " price_cents, status, created_status, confirmed_at) SELECT " +
                      std::to_string(session) +
                      ", id, 'A', 'B', repeat('z', 43), 'self', 'member', 50000, 'confirmed',"
                      " 'confirmed', now() FROM trainees"));
}

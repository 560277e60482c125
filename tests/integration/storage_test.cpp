// The schema and the data invariants the code relies on, checked in the database itself: each
// refusal is recognised by its SQLSTATE and the constraint that made it
// (tests/support/refusal.hpp), so a statement refused for another reason (a typo, a missing column)
// fails the test.

#include <doctest/doctest.h>

#include <boost/date_time/gregorian/gregorian.hpp>

#include "service/app/schema.hpp"
#include "service/app/seeding.hpp"
#include "service/domain/iso8601.hpp"
#include "service/storage/database.hpp"
#include "tests/support/refusal.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_clock.hpp"
#include "tests/support/test_database.hpp"

using formations::testing::refusal;
using formations::testing::TestDatabase;

namespace {

// The statement inserting a registration of a self-funded trainee (`status` confirmed or
// waitlisted) on `session`, with a new trainee.
std::string registration_insert(TestDatabase& db, long long session, const std::string& email,
                                const std::string& status = "confirmed") {
    long long trainee = 0;
    db.sql() << "INSERT INTO trainees (email, first_name, last_name) VALUES (:e, 'A', 'B')"
                " RETURNING id",
        soci::use(email), soci::into(trainee);
    bool waitlisted = status == "waitlisted";
    return "INSERT INTO registrations (session_id, trainee_id, trainee_first_name,"
           " trainee_last_name, token, funding, tier, price_cents, status, waitlist_order,"
           " created_status, created_waitlist_position, confirmed_at) VALUES (" +
           std::to_string(session) + ", " + std::to_string(trainee) + ", 'A', 'B', 'token-" +
           email + "-" + std::string(32, 'x') + "', 'self', 'self_funded', 30000, '" + status +
           "', " + (waitlisted ? "nextval('registration_waitlist_order')" : "NULL") + ", '" +
           status + "', " + (waitlisted ? "1" : "NULL") + ", " +
           (waitlisted ? "NULL" : "'2026-12-01 10:00+01'") + ") RETURNING id";
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
    formations::storage::Database database(db.url(), 1);
    auto again = formations::app::migrate(database);
    REQUIRE(again.ok());
    CHECK(again->empty());
    REQUIRE(
        formations::app::seed_catalogue(database, formations::testing::test_clock(), true).ok());
    CHECK(counts() == before);
    auto schema = formations::app::schema_state(database);
    REQUIRE(schema.ok());
    CHECK(schema->current());

    SUBCASE("the command line does the same") {
        CHECK(formations::testing::run_formations("migrate", db.url()).status == 0);
        CHECK(formations::testing::run_formations("seed --demo", db.url()).status == 0);
        CHECK(counts() == before);
    }
}

TEST_CASE("the seed holds the 2019 catalogue, dated by the clock") {
    TestDatabase db;
    CHECK(db.count("SELECT duration_minutes FROM courses WHERE code = 'CAE'") == 14 * 60);
    CHECK(db.count("SELECT amount_cents FROM tariffs WHERE tier = 'self_funded'") == 30000);
    CHECK(db.count("SELECT amount_cents FROM tariffs WHERE tier = 'member'") == 50000);
    CHECK(db.count("SELECT amount_cents FROM tariffs WHERE tier = 'non_member'") == 70000);
    CHECK(db.count("SELECT count(*) FROM sessions WHERE starts_on IN ('2019-06-27', '2019-10-24')"
                   " AND ends_on - starts_on = 1 AND capacity = 12") == 2);
    // Created at an instant of the test clock (from its start to now: the earlier test cases of
    // this program ran meanwhile, more than a second under load), not at the database's now().
    auto until = formations::format_instant(formations::testing::test_clock().now().instant +
                                            std::chrono::seconds(1));
    CHECK(db.count("SELECT count(*) FROM courses WHERE created_at BETWEEN '" +
                   formations::testing::clock_setting() + "' AND '" + until + "'") == 1);
}

TEST_CASE("the demonstration sessions are on working days placed from the clock") {
    TestDatabase db(/*seed=*/true, /*demo=*/true);
    for (const auto& expected : formations::app::demo_sessions(formations::testing::today())) {
        std::string reference = expected.reference, starts, ends, deadline;
        db.sql() << "SELECT starts_on::text, ends_on::text, registration_deadline::text"
                    " FROM sessions WHERE reference = :r",
            soci::use(reference), soci::into(starts), soci::into(ends), soci::into(deadline);
        CHECK(starts == boost::gregorian::to_iso_extended_string(expected.starts_on));
        CHECK(ends == boost::gregorian::to_iso_extended_string(expected.ends_on));
        CHECK(deadline == boost::gregorian::to_iso_extended_string(expected.registration_deadline));
    }
}

TEST_CASE("the database refuses overbooking whatever the code does") {
    TestDatabase db;
    auto session = std::to_string(db.add_session(2));
    CHECK(refusal(db.sql(), registration_insert(db, std::stoll(session), "un@exemple.fr")) ==
          "accepted");
    CHECK(refusal(db.sql(), registration_insert(db, std::stoll(session), "deux@exemple.fr")) ==
          "accepted");
    CHECK(db.count("SELECT seats_taken FROM sessions WHERE id = " + session) == 2);
    // sessions_check2 is CHECK (seats_taken >= 0 AND seats_taken <= capacity), kept by a trigger.
    CHECK(refusal(db.sql(), registration_insert(db, std::stoll(session), "trois@exemple.fr")) ==
          "23514 sessions_check2");
    CHECK(refusal(db.sql(), "UPDATE sessions SET capacity = 1 WHERE id = " + session) ==
          "23514 sessions_check2");
}

TEST_CASE("a seat offered from the waiting list counts against the capacity; one open offer") {
    TestDatabase db;
    auto session = std::to_string(db.add_session(1));
    CHECK(refusal(db.sql(), registration_insert(db, std::stoll(session), "un@exemple.fr")) ==
          "accepted");
    long long waiting = 0;
    db.sql() << registration_insert(db, std::stoll(session), "deux@exemple.fr", "waitlisted"),
        soci::into(waiting);
    const auto offer =
        "UPDATE registrations SET status = 'offered', waitlist_order = NULL"
        " WHERE id = " +
        std::to_string(waiting);
    // The session is full: the offered seat would overbook it.
    CHECK(refusal(db.sql(), offer) == "23514 sessions_check2");
    CHECK(refusal(db.sql(), "UPDATE sessions SET capacity = 2 WHERE id = " + session) ==
          "accepted");
    CHECK(refusal(db.sql(), offer) == "accepted");
    CHECK(db.count("SELECT seats_taken FROM sessions WHERE id = " + session) == 2);
    CHECK(db.count("SELECT waitlist_length FROM sessions WHERE id = " + session) == 0);
    const auto open_offer =
        "INSERT INTO seat_offers (registration_id, session_id, offered_at, expires_at) VALUES (" +
        std::to_string(waiting) + ", " + session +
        ", '2026-12-01 10:00+01', '2026-12-03 10:00+01')";
    CHECK(refusal(db.sql(), open_offer) == "accepted");
    CHECK(refusal(db.sql(), open_offer) == "23505 seat_offers_one_open");
    CHECK(refusal(db.sql(), "UPDATE registrations SET status = 'promised' WHERE id = " +
                                std::to_string(waiting)) == "23514 registrations_status_check");
}

TEST_CASE("registrations and audit events are never deleted or changed") {
    TestDatabase db;
    auto session = db.add_session(2);
    long long id = 0;
    auto insert = registration_insert(db, session, "un@exemple.fr");
    db.sql() << insert, soci::into(id);
    // forbid_change() raises insufficient_privilege: a trigger, no constraint.
    CHECK(refusal(db.sql(), "DELETE FROM registrations WHERE id = " + std::to_string(id)) ==
          "42501");
    db.sql() << "INSERT INTO audit_events (actor, action, entity, entity_id) VALUES"
                " ('test', 'x', 'registration', 1)";
    CHECK(refusal(db.sql(), "DELETE FROM audit_events") == "42501");
    CHECK(refusal(db.sql(), "UPDATE audit_events SET actor = 'someone else'") == "42501");
}

TEST_CASE("one active registration per trainee and session") {
    TestDatabase db;
    auto session = db.add_session(5);
    long long trainee = 0;
    db.sql() << "INSERT INTO trainees (email, first_name, last_name) VALUES ('x@exemple.fr', 'A',"
                " 'B') RETURNING id",
        soci::into(trainee);
    auto insert = [&](char token) {
        return refusal(db.sql(),
                       "INSERT INTO registrations (session_id, trainee_id, trainee_first_name,"
                       " trainee_last_name, token, funding, tier, price_cents, status,"
                       " created_status, confirmed_at) VALUES (" +
                           std::to_string(session) + ", " + std::to_string(trainee) +
                           ", 'A', 'B', '" + std::string(43, token) +
                           "', 'self', 'self_funded', 30000, 'confirmed', 'confirmed',"
                           " '2026-12-01 10:00+01')");
    };
    CHECK(insert('x') == "accepted");
    CHECK(insert('y') == "23505 registrations_one_active_per_trainee");
}

TEST_CASE("values the rules forbid are refused by the rule that forbids them") {
    TestDatabase db;
    auto session = std::to_string(db.add_session(5));
    CHECK(refusal(db.sql(),
                  "INSERT INTO trainees (email, first_name, last_name) VALUES"
                  " ('UPPER@exemple.fr', 'A', 'B')") == "23514 trainees_email_check");
    db.sql() << "INSERT INTO trainees (email, first_name, last_name) VALUES ('t@exemple.fr', 'A',"
                " 'B')";
    // registrations_check: a self-funded registration pays the self-funded tier.
    CHECK(refusal(db.sql(),
                  "INSERT INTO registrations (session_id, trainee_id,"
                  " trainee_first_name, trainee_last_name, token, funding, tier,"
                  " price_cents, status, created_status, confirmed_at) SELECT " +
                      session +
                      ", id, 'A', 'B', repeat('z', 43), 'self', 'member', 50000,"
                      " 'confirmed', 'confirmed', '2026-12-01 10:00+01' FROM trainees") ==
          "23514 registrations_check");
    CHECK(refusal(db.sql(), "UPDATE sessions SET ends_on = starts_on - 1 WHERE id = " + session) ==
          "23514 sessions_check");
    CHECK(refusal(db.sql(),
                  "INSERT INTO invoice_counters (series, year, last_number)"
                  " VALUES ('FA', 2026, 0)") == "23514 invoice_counters_last_number_check");
    // A supersession says why: a move, or a session edit (what refusing the new agreement costs).
    long long registration = 0;
    db.sql() << registration_insert(db, std::stoll(session), "s@exemple.fr"),
        soci::into(registration);
    CHECK(refusal(db.sql(),
                  "INSERT INTO agreement_supersessions (registration_id, version, superseded_at,"
                  " superseded_by, reason, cause) VALUES (" +
                      std::to_string(registration) + ", 1, now(), 'test', 'test', 'whim')") ==
          "23514 agreement_supersessions_cause_check");
}

TEST_CASE(
    "Qualiopi evidence: published versions never change, handling is dated, anonymised "
    "means unlinked") {
    TestDatabase db;
    db.sql() << "INSERT INTO course_sheets (course_id, version, programme, objectives,"
                " prerequisites, audience, morning_start, morning_end, afternoon_start,"
                " afternoon_end, teaching_methods, assessment_methods, access_delay_days,"
                " accessibility, referent_name, referent_email, contact, published_at,"
                " published_by) SELECT id, 1, 'p', 'o', 'p', 'a', '09:00', '12:30', '13:30',"
                " '17:00', 't', 'a', 1, 'a', 'r', 'r@exemple.fr', 'c', '2026-12-01 10:00+01',"
                " 'test' FROM courses";
    CHECK(refusal(db.sql(), "UPDATE course_sheets SET objectives = 'autre chose'") == "42501");
    CHECK(refusal(db.sql(), "DELETE FROM course_sheets") == "42501");
    CHECK(refusal(db.sql(),
                  "INSERT INTO course_sheets (course_id, version, programme, objectives,"
                  " prerequisites, audience, morning_start, morning_end, afternoon_start,"
                  " afternoon_end, teaching_methods, assessment_methods, access_delay_days,"
                  " accessibility, referent_name, referent_email, contact, published_at,"
                  " published_by) SELECT id, 2, 'p', 'o', 'p', 'a', '09:00', '12:30', '12:00',"
                  " '17:00', 't', 'a', 1, 'a', 'r', 'r@exemple.fr', 'c', '2026-12-01 10:00+01',"
                  " 'test' FROM courses") == "23514 course_sheets_daily_hours_in_order");
    db.sql() << "INSERT INTO questionnaires (course_id, kind, version, questions, created_at,"
                " created_by) SELECT id, 'needs', 1, '[]', '2026-12-01 10:00+01', 'test'"
                " FROM courses";
    CHECK(refusal(db.sql(), "UPDATE questionnaires SET questions = '[{}]'") == "42501");

    auto session = std::to_string(db.add_session(5, -3));
    CHECK(refusal(db.sql(),
                  "INSERT INTO questionnaire_responses (kind, session_id, course_id,"
                  " questionnaire_version, answers, submitted_at, updated_at) SELECT"
                  " 'satisfaction', " +
                      session + ", course_id, 0, '[]', now(), now() FROM sessions WHERE id = " +
                      session) == "23514 questionnaire_responses_anonymised");
    CHECK(refusal(db.sql(),
                  "INSERT INTO accommodation_requests (session_id, needs, status, requested_at,"
                  " updated_at) VALUES (" +
                      session + ", 'x', 'new', now(), now())") ==
          "23514 accommodation_requests_anonymised");

    auto complaint = [&](const std::string& columns, const std::string& values) {
        return refusal(db.sql(),
                       "INSERT INTO complaints (kind, channel, token, author_role, subject,"
                       " description, received_at, updated_at" +
                           columns +
                           ") VALUES ('complaint', 'email', repeat('t', 43), 'other',"
                           " 's', 'd', now(), now()" +
                           values + ")");
    };
    CHECK(complaint(", status, closed_at", ", 'closed', now()") ==
          "23514 complaints_answered_with_answer");
    CHECK(complaint(", status, answer, answered_at", ", 'closed', 'r', now()") ==
          "23514 complaints_closed_dated");
    CHECK(complaint(", improvement_action, improvement_status, improvement_decided_at",
                    ", 'a', 'done', now()") == "23514 complaints_improvement_followed");
    CHECK(complaint(", improvement_action, improvement_status, improvement_decided_at",
                    ", 'a', 'planned', now()") == "accepted");
}

TEST_CASE("daily hours, billing terms and money movements keep their rules in the database") {
    TestDatabase db;
    auto session = std::to_string(db.add_session(5));
    CHECK(refusal(db.sql(), "UPDATE sessions SET morning_end = '13:45' WHERE id = " + session) ==
          "23514 sessions_daily_hours_in_order");
    db.sql() << "INSERT INTO trainees (email, first_name, last_name) VALUES ('t@exemple.fr', 'A',"
                " 'B')";
    long long registration = 0;
    db.sql() << "INSERT INTO registrations (session_id, trainee_id, trainee_first_name,"
                " trainee_last_name, token, funding, employer_siret, employer_name,"
                " employer_address, tier, price_cents, status, created_status, confirmed_at)"
                " SELECT " +
                    session +
                    ", id, 'A', 'B', repeat('z', 43), 'employer', '73282932000074', 'E', 'P',"
                    " 'non_member', 70000, 'confirmed', 'confirmed', '2026-12-01 10:00+01'"
                    " FROM trainees RETURNING id",
        soci::into(registration);
    auto billing = [&](const std::string& values) {
        return refusal(db.sql(),
                       "INSERT INTO registration_billing (registration_id, purchase_order,"
                       " funding_body_name, funding_body_address, funding_body_siret,"
                       " funding_agreement, funding_body_cents) VALUES (" +
                           std::to_string(registration) + ", " + values + ")");
    };
    // A funding body named without its agreement, or a share of nothing, is refused.
    CHECK(billing("NULL, 'OPCO', 'Paris', '99900000900004', NULL, NULL") ==
          "23514 registration_billing_check1");
    CHECK(billing("NULL, 'OPCO', 'Paris', '99900000900004', 'A-1', 0") ==
          "23514 registration_billing_funding_body_cents_check");
    CHECK(billing("NULL, NULL, NULL, NULL, NULL, NULL") == "23514 registration_billing_check");
    CHECK(billing("'BC-1', 'OPCO', 'Paris', '99900000900004', 'A-1', 50000") == "accepted");
    // A payment's sign follows its kind.
    CHECK(refusal(db.sql(),
                  "INSERT INTO payments (invoice_id, amount_cents, paid_on, method, recorded_by,"
                  " kind) SELECT 1, 100, DATE '2026-12-01', 'transfer', 'test', 'refund'") ==
          "23514 payments_signed_amount");
}

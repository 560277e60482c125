// Where `formations seed --demo` puts its two sessions: whatever the day it runs, each is on two
// consecutive working days about 30 and 90 days ahead, registrations closing the working day
// before.
#include "service/app/seeding.hpp"

#include <doctest/doctest.h>

#include <boost/date_time/gregorian/gregorian.hpp>

#include "pricing/calendar.hpp"

using boost::gregorian::date;
using boost::gregorian::days;
using formations::app::demo_sessions;
namespace pricing = formations::pricing;

TEST_CASE("the demonstration sessions of a seed run on 1 December 2026") {
    auto sessions = demo_sessions(date(2026, 12, 1));
    REQUIRE(sessions.size() == 2);
    // 31 December is a Thursday, but 1 January is a holiday: Monday 4 and Tuesday 5 January.
    CHECK(sessions[0].reference == "DEMO-1");
    CHECK(sessions[0].starts_on == date(2027, 1, 4));
    CHECK(sessions[0].ends_on == date(2027, 1, 5));
    CHECK(sessions[0].registration_deadline == date(2026, 12, 31));
    CHECK(sessions[1].reference == "DEMO-2");
    CHECK(sessions[1].starts_on == date(2027, 3, 1));
    CHECK(sessions[1].registration_deadline == date(2027, 2, 26));
}

TEST_CASE("a seed run a month before Ascension skips the bridge") {
    auto sessions = demo_sessions(date(2027, 4, 5));  // + 30 days: Wednesday 5 May
    CHECK(sessions[0].starts_on == date(2027, 5, 10));
    CHECK(sessions[0].registration_deadline == date(2027, 5, 7));
}

TEST_CASE("on every day of 2026 to 2028, both sessions fall on working days") {
    for (date today(2026, 1, 1); today <= date(2028, 12, 31); today += days(1)) {
        for (const auto& session : demo_sessions(today)) {
            INFO(boost::gregorian::to_iso_extended_string(today) << " " << session.reference);
            CHECK(session.starts_on > today + days(29));
            CHECK(session.ends_on == session.starts_on + days(1));
            CHECK(pricing::is_working_day(session.starts_on));
            CHECK(pricing::is_working_day(session.ends_on));
            CHECK(pricing::is_working_day(session.registration_deadline));
            CHECK(pricing::previous_working_day(session.starts_on) ==
                  session.registration_deadline);
        }
    }
}

#pragma once
// The clock of a test program and of every `formations` process it starts. It starts at
// FORMATIONS_CLOCK when that is set (deploy/test.sh passes it through, to run the whole suite at
// a chosen instant), else at the instant the test program first asks: pinned once, it is handed
// to every server and command as their FORMATIONS_CLOCK, so all of them count from the same
// instant. Expected dates derive from it in the business time zone (FORMATIONS_TIMEZONE, Europe/
// Paris by default), never from the machine's UTC date. Example:
//   auto session = db.add_session(12, 30);           // starts today + 30 days, Paris time
//   CHECK(body["starts_on"] == testing::day(30));

#include <string>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "service/domain/clock.hpp"

namespace formations::testing {

const Clock& test_clock();
// The FORMATIONS_CLOCK every process started by the tests gets: the test clock's start.
std::string clock_setting();
// Today, and today + `offset` days as "YYYY-MM-DD".
boost::gregorian::date today();
std::string day(int offset = 0);
// Where an unpinned run starts, given the real instant: that instant, moved back 45 minutes when
// it falls in the last half hour of a business day, so that a test program (minutes at most) and
// the servers it starts never cross midnight by accident and see "today" change under them.
// Tests that cross midnight pin their servers' clocks on purpose; a run pinned with
// FORMATIONS_CLOCK starts exactly there. Example (Europe/Paris):
//   unpinned_start(parse_instant("2026-12-01T23:58:00+01:00")) is 2026-12-01T23:13:00+01:00
Instant unpinned_start(Instant real_now);
// An instant to pin another server on (its FORMATIONS_CLOCK): noon in the business time zone,
// `offset` days from today.
std::string noon(int offset);

}  // namespace formations::testing

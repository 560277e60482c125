#pragma once
// The business time zone: what "today" and "23:59" mean for the people of the service
// (FORMATIONS_TIMEZONE, Europe/Paris by default). g++ 12 has no std::chrono::zoned_time, so this
// wraps glibc, which reads the same tz database (Debian's tzdata): the zone is set once at start,
// before any thread, with use_time_zone; the conversions are then thread-safe.
// Example (Europe/Paris):
//   local_date(parse_instant("2026-12-31T23:30:00Z").value()) == date(2027, 1, 1)
//   local_instant(date(2027, 3, 28), 3, 0) == parse_instant("2027-03-28T01:00:00Z")

#include <optional>
#include <string>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "service/domain/clock.hpp"
#include "service/domain/error.hpp"

namespace formations {

// An IANA zone name ("Europe/Paris", "UTC") found in the tz database; anything else is an error
// naming FORMATIONS_TIMEZONE (glibc would otherwise fall back to UTC without a word).
std::optional<Error> use_time_zone(const std::string& name);

struct LocalTime {
    boost::gregorian::date date;
    int hour = 0;
    int minute = 0;
    int second = 0;
};

LocalTime local_time(Instant instant);
boost::gregorian::date local_date(Instant instant);

// The instant of a local date and time. A time skipped by the spring change (02:30 on the last
// Sunday of March in Paris) is read with the offset in force before it (so 02:30 is 03:30 summer
// time); a time that happens twice in autumn is its first occurrence (summer time).
Instant local_instant(boost::gregorian::date date, int hour, int minute, int second = 0);

}  // namespace formations

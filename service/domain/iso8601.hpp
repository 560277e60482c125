#pragma once
// The text forms of dates and instants, one strictness everywhere (API, command line, database,
// FORMATIONS_CLOCK). Pure functions. Examples:
//   parse_date("2019-06-27") == date(2019, 6, 27); parse_date("2019-6-27") == nullopt
//   parse_instant("2026-12-31T23:30+01:00") == 2026-12-31T22:30:00Z
//   format_instant(instant) == "2026-12-31T22:30:00Z"

#include <optional>
#include <string>
#include <string_view>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "service/domain/clock.hpp"

namespace formations {

// "YYYY-MM-DD" exactly: four-digit year, two-digit month and day, a day that exists.
std::optional<boost::gregorian::date> parse_date(std::string_view text);
std::string format_date(boost::gregorian::date date);

// "YYYY-MM-DDTHH:MM[:SS]" followed by "Z" or an offset "+HH:MM" / "-HH:MM"; nothing else (no
// fractions, no local time without an offset, no lower-case letters).
std::optional<Instant> parse_instant(std::string_view text);
// UTC, to the second: "2026-12-31T22:30:00Z".
std::string format_instant(Instant instant);

// A time of day, "HH:MM" exactly (00:00 to 23:59), as minutes after midnight: "09:30" -> 570.
std::optional<int> parse_time_of_day(std::string_view text);
std::string format_time_of_day(int minutes);

}  // namespace formations

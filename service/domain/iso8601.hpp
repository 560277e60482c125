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

// The years a date or an instant read from outside (API, command line, FORMATIONS_CLOCK) may
// have. The service's data starts in 2019 and invoices are kept ten years, so nothing real lies
// before 2000; nothing is planned decades ahead. Outside this range a date is a typo (0219,
// 20190) or a probe (1400, 9999) — and one that would reach the edges of the calendars it goes
// through: Boost's (1400–9999, a session of 31 December 9999 has no second day), the 4-digit
// years of invoice numbers and FEC dates. Refused with the same 400 as a malformed date.
inline constexpr int min_year = 2000;
inline constexpr int max_year = 2100;

// "YYYY-MM-DD" exactly: four-digit year from min_year to max_year, two-digit month and day, a
// day that exists.
std::optional<boost::gregorian::date> parse_date(std::string_view text);
std::string format_date(boost::gregorian::date date);

// "YYYY-MM-DDTHH:MM[:SS]" followed by "Z" or an offset "+HH:MM" / "-HH:MM"; nothing else (no
// fractions, no local time without an offset, no lower-case letters), in min_year–max_year.
std::optional<Instant> parse_instant(std::string_view text);
// UTC, to the second: "2026-12-31T22:30:00Z".
std::string format_instant(Instant instant);

// A time of day, "HH:MM" exactly (00:00 to 23:59), as minutes after midnight: "09:30" -> 570.
std::optional<int> parse_time_of_day(std::string_view text);
std::string format_time_of_day(int minutes);

}  // namespace formations

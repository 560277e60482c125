#pragma once
// French renderings of dates, periods and durations, as printed on invoices, conventions and
// certificates. Pure functions, no locale: the output never depends on the machine's settings.
// Example: format_period_fr(date(2019, 6, 27), date(2019, 6, 28)) == "27 et 28 juin 2019".

#include <string>

#include <boost/date_time/gregorian/gregorian_types.hpp>

namespace formations::invoices {

// "27/06/2019".
std::string format_date_fr(boost::gregorian::date date);

// "27 juin 2019", "1er juillet 2019" (the first of a month is an ordinal in French).
std::string format_long_date_fr(boost::gregorian::date date);

// The dates of a session, reading naturally after "Date de la prestation :":
//   one day                          "le 27 juin 2019"
//   two consecutive days, one month  "27 et 28 juin 2019"
//   within one month                 "du 3 au 7 juin 2019"
//   across months                    "du 30 juin au 1er juillet 2019"
//   across years                     "du 30 décembre 2019 au 2 janvier 2020"
// Throws std::invalid_argument when `end` is before `start` or a date is not set.
std::string format_period_fr(boost::gregorian::date start, boost::gregorian::date end);

// A duration in hours with a decimal comma, at most two decimals: "14 h", "10,5 h", "0,75 h".
// Throws std::invalid_argument on a negative duration.
std::string format_hours_fr(int minutes);

}  // namespace formations::invoices

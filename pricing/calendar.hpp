// Working days in France: Monday to Friday except the national public holidays (Code du travail
// L3133-1): 1 January, Easter Monday, 1 May, 8 May, Ascension Thursday, Whit Monday, 14 July,
// 15 August, 1 November, 11 November, 25 December. The movable ones follow Easter, computed here
// (never listed by hand). Alsace-Moselle's two extra days (Good Friday, 26 December) are not
// counted: sessions are national. Pure functions.
// Example: easter_sunday(2027) == date(2027, 3, 28); is_working_day(date(2027, 5, 6)) == false
// (Ascension); first_working_days(date(2026, 12, 31), 2) == date(2027, 1, 4).
#pragma once

#include <boost/date_time/gregorian/gregorian_types.hpp>

namespace formations::pricing {

// Easter Sunday of a Gregorian year (the anonymous algorithm of Meeus, Jones and Butcher).
boost::gregorian::date easter_sunday(int year);

bool is_public_holiday(boost::gregorian::date day);

bool is_working_day(boost::gregorian::date day);

// The last working day strictly before `day`.
boost::gregorian::date previous_working_day(boost::gregorian::date day);

// The first day on or after `from` that begins `count` consecutive working days.
boost::gregorian::date first_working_days(boost::gregorian::date from, int count);

}  // namespace formations::pricing

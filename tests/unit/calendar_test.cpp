#include "pricing/calendar.hpp"

#include <doctest/doctest.h>

#include <boost/date_time/gregorian/gregorian.hpp>

using boost::gregorian::date;
using boost::gregorian::days;
using namespace formations::pricing;

TEST_CASE("Easter Sunday, including the earliest and latest possible dates") {
    CHECK(easter_sunday(2019) == date(2019, 4, 21));
    CHECK(easter_sunday(2024) == date(2024, 3, 31));
    CHECK(easter_sunday(2025) == date(2025, 4, 20));
    CHECK(easter_sunday(2026) == date(2026, 4, 5));
    CHECK(easter_sunday(2027) == date(2027, 3, 28));
    CHECK(easter_sunday(2028) == date(2028, 4, 16));
    CHECK(easter_sunday(2038) == date(2038, 4, 25));  // as late as it gets
    CHECK(easter_sunday(2285) == date(2285, 3, 22));  // as early as it gets
    CHECK(easter_sunday(2000) == date(2000, 4, 23));
}

TEST_CASE("the eleven French public holidays of 2027") {
    std::vector<date> holidays;
    for (date day(2027, 1, 1); day.year() == 2027; day += days(1)) {
        if (is_public_holiday(day)) {
            holidays.push_back(day);
        }
    }
    CHECK(holidays == std::vector<date>{date(2027, 1, 1), date(2027, 3, 29),  // Easter Monday
                                        date(2027, 5, 1), date(2027, 5, 6),   // Ascension
                                        date(2027, 5, 8), date(2027, 5, 17),  // Whit Monday
                                        date(2027, 7, 14), date(2027, 8, 15), date(2027, 11, 1),
                                        date(2027, 11, 11), date(2027, 12, 25)});
    // Alsace-Moselle's Good Friday and 26 December are not national holidays.
    CHECK_FALSE(is_public_holiday(date(2027, 3, 26)));
    CHECK_FALSE(is_public_holiday(date(2027, 12, 26)));
}

TEST_CASE("working days are Monday to Friday, holidays excepted") {
    CHECK(is_working_day(date(2027, 5, 5)));        // Wednesday
    CHECK_FALSE(is_working_day(date(2027, 5, 6)));  // Ascension Thursday
    CHECK_FALSE(is_working_day(date(2027, 5, 8)));  // a Saturday anyway
    CHECK_FALSE(is_working_day(date(2027, 5, 9)));  // Sunday
    CHECK(is_working_day(date(2028, 2, 29)));       // Tuesday
}

TEST_CASE("the working day before") {
    CHECK(previous_working_day(date(2027, 1, 4)) == date(2026, 12, 31));  // over New Year
    CHECK(previous_working_day(date(2027, 3, 30)) == date(2027, 3, 26));  // over Easter Monday
    CHECK(previous_working_day(date(2027, 5, 7)) == date(2027, 5, 5));    // over Ascension
    CHECK(previous_working_day(date(2028, 3, 1)) == date(2028, 2, 29));
}

TEST_CASE("the first run of consecutive working days") {
    // 31 December is a Thursday, but 1 January is a holiday and then comes a weekend.
    CHECK(first_working_days(date(2026, 12, 31), 2) == date(2027, 1, 4));
    CHECK(first_working_days(date(2027, 5, 5), 2) == date(2027, 5, 10));   // Ascension bridge
    CHECK(first_working_days(date(2027, 3, 26), 2) == date(2027, 3, 30));  // Easter Monday
    CHECK(first_working_days(date(2028, 2, 28), 2) == date(2028, 2, 28));  // Mon 28, Tue 29
    CHECK(first_working_days(date(2027, 5, 5), 1) == date(2027, 5, 5));
    CHECK_THROWS_AS(first_working_days(date(2027, 5, 5), 0), std::invalid_argument);
}

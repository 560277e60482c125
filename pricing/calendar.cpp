#include "pricing/calendar.hpp"

#include <array>
#include <stdexcept>

namespace formations::pricing {

using boost::gregorian::date;
using boost::gregorian::days;

date easter_sunday(int year) {
    const int a = year % 19;
    const int b = year / 100;
    const int c = year % 100;
    const int d = b / 4;
    const int e = b % 4;
    const int f = (b + 8) / 25;
    const int g = (b - f + 1) / 3;
    const int h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4;
    const int k = c % 4;
    const int l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month = (h + l - 7 * m + 114) / 31;
    const int day = (h + l - 7 * m + 114) % 31 + 1;
    return date(static_cast<unsigned short>(year), static_cast<unsigned short>(month),
                static_cast<unsigned short>(day));
}

bool is_public_holiday(date day) {
    struct MonthDay {
        int month, day;
    };
    static constexpr std::array<MonthDay, 8> fixed = {
        {{1, 1}, {5, 1}, {5, 8}, {7, 14}, {8, 15}, {11, 1}, {11, 11}, {12, 25}}};
    for (const auto& holiday : fixed) {
        if (day.month() == holiday.month && day.day() == holiday.day) {
            return true;
        }
    }
    const date easter = easter_sunday(day.year());
    return day == easter + days(1)       // Easter Monday
           || day == easter + days(39)   // Ascension Thursday
           || day == easter + days(50);  // Whit Monday
}

bool is_working_day(date day) {
    const auto weekday = day.day_of_week().as_number();  // 0 = Sunday
    return weekday != 0 && weekday != 6 && !is_public_holiday(day);
}

date previous_working_day(date day) {
    do {
        day -= days(1);
    } while (!is_working_day(day));
    return day;
}

date first_working_days(date from, int count) {
    if (count < 1) {
        throw std::invalid_argument("first_working_days: count must be at least 1");
    }
    for (date start = from;; start += days(1)) {
        int run = 0;
        while (run < count && is_working_day(start + days(run))) {
            ++run;
        }
        if (run == count) {
            return start;
        }
    }
}

}  // namespace formations::pricing

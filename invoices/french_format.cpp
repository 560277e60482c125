#include "invoices/french_format.hpp"

#include <array>
#include <cstdint>
#include <stdexcept>

namespace formations::invoices {
namespace {

using boost::gregorian::date;

const std::array<const char*, 12> month_names = {"janvier",   "février", "mars",     "avril",
                                                 "mai",       "juin",    "juillet",  "août",
                                                 "septembre", "octobre", "novembre", "décembre"};

void require_date(date value, const char* function) {
    if (value.is_special()) {
        throw std::invalid_argument(std::string(function) + ": date not set");
    }
}

std::string day_fr(date value) {
    const int day = value.day();
    return day == 1 ? "1er" : std::to_string(day);
}

std::string month_fr(date value) {
    return month_names.at(static_cast<std::size_t>(value.month() - 1));
}

std::string year_fr(date value) {
    return std::to_string(static_cast<int>(value.year()));
}

}  // namespace

std::string format_date_fr(date value) {
    require_date(value, "format_date_fr");
    // Built digit by digit: snprintf("%02d") into a fixed buffer draws -Wformat-truncation at -O2,
    // as GCC cannot see that a day has two digits.
    auto two_digits = [](int number) {
        return std::string{static_cast<char>('0' + number / 10 % 10),
                           static_cast<char>('0' + number % 10)};
    };
    return two_digits(value.day()) + "/" + two_digits(value.month()) + "/" + year_fr(value);
}

std::string format_long_date_fr(date value) {
    require_date(value, "format_long_date_fr");
    return day_fr(value) + " " + month_fr(value) + " " + year_fr(value);
}

std::string format_period_fr(date start, date end) {
    require_date(start, "format_period_fr");
    require_date(end, "format_period_fr");
    if (end < start) {
        throw std::invalid_argument("format_period_fr: the period ends before it starts");
    }
    if (start == end) {
        return "le " + format_long_date_fr(start);
    }
    const bool same_year = start.year() == end.year();
    const bool same_month = same_year && start.month() == end.month();
    if (same_month && end - start == boost::gregorian::date_duration(1)) {
        return day_fr(start) + " et " + format_long_date_fr(end);
    }
    if (same_month) {
        return "du " + day_fr(start) + " au " + format_long_date_fr(end);
    }
    if (same_year) {
        return "du " + day_fr(start) + " " + month_fr(start) + " au " + format_long_date_fr(end);
    }
    return "du " + format_long_date_fr(start) + " au " + format_long_date_fr(end);
}

std::string format_hours_fr(int minutes) {
    if (minutes < 0) {
        throw std::invalid_argument("format_hours_fr: negative duration");
    }
    // Hundredths of an hour, rounded half up, in integers so 10 min is "0,17 h" on every machine.
    const std::int64_t hundredths = (std::int64_t{minutes} * 100 + 30) / 60;
    std::string text = std::to_string(hundredths / 100);
    const std::int64_t fraction = hundredths % 100;
    if (fraction != 0) {
        text += ',';
        text += static_cast<char>('0' + fraction / 10);
        if (fraction % 10 != 0) {
            text += static_cast<char>('0' + fraction % 10);
        }
    }
    return text + " h";
}

}  // namespace formations::invoices

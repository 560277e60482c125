#include "service/domain/iso8601.hpp"

#include <cstdio>

namespace formations {
namespace {

using namespace std::chrono;

// `count` ASCII digits at `at` as a number, or -1.
int digits(std::string_view text, std::size_t at, std::size_t count) {
    if (at + count > text.size()) {
        return -1;
    }
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return -1;
        }
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

std::optional<year_month_day> parse_ymd(std::string_view text) {
    if (text.size() < 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    int y = digits(text, 0, 4), m = digits(text, 5, 2), d = digits(text, 8, 2);
    if (y < min_year || y > max_year || m < 0 || d < 0) {
        return std::nullopt;
    }
    year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) {
        return std::nullopt;
    }
    return ymd;
}

}  // namespace

std::optional<boost::gregorian::date> parse_date(std::string_view text) {
    auto ymd = parse_ymd(text);
    if (!ymd || text.size() != 10) {
        return std::nullopt;
    }
    return boost::gregorian::date(static_cast<unsigned short>(int(ymd->year())),
                                  static_cast<unsigned short>(unsigned(ymd->month())),
                                  static_cast<unsigned short>(unsigned(ymd->day())));
}

std::string format_date(boost::gregorian::date date) {
    char text[16];
    std::snprintf(text, sizeof text, "%04u-%02u-%02u", unsigned(date.year()) % 10000u,
                  unsigned(date.month()) % 100u, unsigned(date.day()) % 100u);
    return text;
}

std::optional<Instant> parse_instant(std::string_view text) {
    auto ymd = parse_ymd(text);
    if (!ymd || text.size() < 16 || text[10] != 'T' || text[13] != ':') {
        return std::nullopt;
    }
    int hour = digits(text, 11, 2), minute = digits(text, 14, 2), second = 0;
    std::size_t at = 16;
    if (at < text.size() && text[at] == ':') {
        second = digits(text, 17, 2);
        at = 19;
    }
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 ||
        at >= text.size()) {
        return std::nullopt;
    }
    int offset_minutes = 0;
    auto zone = text.substr(at);
    if (zone != "Z") {
        if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':') {
            return std::nullopt;
        }
        int offset_hours = digits(zone, 1, 2), offset_rest = digits(zone, 4, 2);
        if (offset_hours < 0 || offset_hours > 23 || offset_rest < 0 || offset_rest > 59) {
            return std::nullopt;
        }
        offset_minutes = (zone[0] == '-' ? -1 : 1) * (offset_hours * 60 + offset_rest);
    }
    auto local = sys_days{*ymd} + hours{hour} + minutes{minute} + seconds{second};
    auto instant = Instant{local - minutes{offset_minutes}};
    // In range in UTC too (an offset may cross into 2101), so that what is read can be written.
    int utc_year = int(year_month_day{floor<days>(instant)}.year());
    if (utc_year < min_year || utc_year > max_year) {
        return std::nullopt;
    }
    return instant;
}

std::string format_instant(Instant instant) {
    auto at = floor<seconds>(instant);
    auto day = floor<days>(at);
    year_month_day ymd{day};
    hh_mm_ss time{at - day};
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02dZ", int(ymd.year()) % 10000,
                  unsigned(ymd.month()) % 100u, unsigned(ymd.day()) % 100u,
                  int(time.hours().count()) % 100, int(time.minutes().count()) % 100,
                  int(time.seconds().count()) % 100);
    return text;
}

std::optional<int> parse_time_of_day(std::string_view text) {
    auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
    if (text.size() != 5 || text[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) {
        return std::nullopt;
    }
    int hour = (text[0] - '0') * 10 + (text[1] - '0');
    int minute = (text[3] - '0') * 10 + (text[4] - '0');
    if (hour > 23 || minute > 59) {
        return std::nullopt;
    }
    return hour * 60 + minute;
}

std::string format_time_of_day(int minutes) {
    char text[16];
    std::snprintf(text, sizeof text, "%02d:%02d", (minutes / 60) % 100, minutes % 60);
    return text;
}

}  // namespace formations

#include "service/domain/time_zone.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <ctime>
#include <filesystem>

namespace formations {
namespace {

std::time_t seconds_of(Instant instant) {
    return std::chrono::system_clock::to_time_t(std::chrono::floor<std::chrono::seconds>(instant));
}

std::tm local_fields(std::time_t time) {
    std::tm fields{};
    localtime_r(&time, &fields);
    return fields;
}

long utc_offset_at(std::time_t time) {
    return local_fields(time).tm_gmtoff;
}

bool plausible_name(const std::string& name) {
    return !name.empty() && name.front() != '/' && name.find("..") == std::string::npos &&
           std::all_of(name.begin(), name.end(), [](unsigned char c) {
               return std::isalnum(c) || c == '/' || c == '_' || c == '-' || c == '+';
           });
}

}  // namespace

std::optional<Error> use_time_zone(const std::string& name) {
    const char* tzdir = std::getenv("TZDIR");
    std::filesystem::path database =
        tzdir != nullptr && *tzdir != '\0' ? tzdir : "/usr/share/zoneinfo";
    std::error_code ignored;
    if (!plausible_name(name) || !std::filesystem::is_regular_file(database / name, ignored)) {
        return Error::invalid("invalid_configuration",
                              "FORMATIONS_TIMEZONE : fuseau horaire inconnu « " + name +
                                  " » (un nom de la base tz, comme Europe/Paris ; paquet tzdata)",
                              "FORMATIONS_TIMEZONE");
    }
    setenv("TZ", name.c_str(), 1);
    tzset();
    return std::nullopt;
}

LocalTime local_time(Instant instant) {
    auto fields = local_fields(seconds_of(instant));
    return {boost::gregorian::date(static_cast<unsigned short>(fields.tm_year + 1900),
                                   static_cast<unsigned short>(fields.tm_mon + 1),
                                   static_cast<unsigned short>(fields.tm_mday)),
            fields.tm_hour, fields.tm_min, fields.tm_sec};
}

boost::gregorian::date local_date(Instant instant) {
    return local_time(instant).date;
}

Instant local_instant(boost::gregorian::date date, int hour, int minute, int second) {
    std::tm fields{};
    fields.tm_year = date.year() - 1900;
    fields.tm_mon = date.month() - 1;
    fields.tm_mday = date.day();
    fields.tm_hour = hour;
    fields.tm_min = minute;
    fields.tm_sec = second;
    const std::time_t as_if_utc = timegm(&fields);
    // The offsets in force a day before and a day after: around a change, the local time is
    // valid with one of them, both (autumn: the first occurrence wins) or neither (spring: read
    // with the offset before the change).
    const long before = utc_offset_at(as_if_utc - 86400);
    const long after = utc_offset_at(as_if_utc + 86400);
    std::time_t chosen = as_if_utc - before;
    for (long offset : {std::max(before, after), std::min(before, after)}) {
        if (utc_offset_at(as_if_utc - offset) == offset) {
            chosen = as_if_utc - offset;
            break;
        }
    }
    return std::chrono::system_clock::from_time_t(chosen);
}

}  // namespace formations

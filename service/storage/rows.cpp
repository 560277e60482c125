#include "service/storage/rows.hpp"

#include <cstdio>

namespace formations::storage {
namespace {

int time_column(const soci::row& row, const std::string& column) {
    auto text = row.get<std::string>(column);
    if (auto minutes = parse_time_of_day(text)) {
        return *minutes;
    }
    throw std::runtime_error("column " + column + " is not a time of day: " + text);
}

}  // namespace

domain::DailyHours daily_hours_columns(const soci::row& row) {
    return {time_column(row, "morning_start"), time_column(row, "morning_end"),
            time_column(row, "afternoon_start"), time_column(row, "afternoon_end")};
}

std::array<std::string, 4> daily_hours_values(const domain::DailyHours& hours) {
    return {format_time_of_day(hours.morning_start), format_time_of_day(hours.morning_end),
            format_time_of_day(hours.afternoon_start), format_time_of_day(hours.afternoon_end)};
}

std::string timestamp(Instant instant) {
    using namespace std::chrono;
    auto micros = floor<microseconds>(instant).time_since_epoch().count() % 1'000'000;
    if (micros < 0) {
        micros += 1'000'000;
    }
    auto text = format_instant(instant);  // "…T22:30:00Z"
    char fraction[16];
    std::snprintf(fraction, sizeof fraction, ".%06d", static_cast<int>(micros));
    return text.substr(0, text.size() - 1) + fraction + "Z";
}

}  // namespace formations::storage

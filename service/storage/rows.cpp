#include "service/storage/rows.hpp"

#include <sodium.h>

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

std::string to_base64(const std::string& bytes) {
    std::string encoded(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL),
                        '\0');
    sodium_bin2base64(encoded.data(), encoded.size(),
                      reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    encoded.resize(encoded.size() - 1);  // the terminating NUL
    return encoded;
}

std::string from_base64(const std::string& encoded) {
    std::string bytes(encoded.size(), '\0');
    std::size_t length = 0;
    // PostgreSQL's encode() breaks lines every 76 characters.
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(),
                          encoded.data(), encoded.size(), "\n\r ", &length, nullptr,
                          sodium_base64_VARIANT_ORIGINAL) != 0) {
        throw std::runtime_error("stored bytes are not valid base64");
    }
    bytes.resize(length);
    return bytes;
}

}  // namespace formations::storage

#pragma once
// Reading and writing the JSON snapshots of stored documents (invoices, training contracts):
// every accessor checks the JSON type itself, because nlohmann converts silently (a float to an
// integer, for instance) where a stored legal document must be exact. A member missing or of
// the wrong type throws std::invalid_argument naming it.
// Example: auto title = snapshot_json::read_string(object, "course_title");

#include <cstdint>
#include <optional>
#include <string>

#include <boost/date_time/gregorian/gregorian_types.hpp>
#include <nlohmann/json.hpp>

#include "pricing/money.hpp"

namespace formations::invoices::snapshot_json {

// "YYYY-MM-DD"; throws std::invalid_argument naming `field` when the date is not set.
std::string iso_date(boost::gregorian::date value, const char* field);
nlohmann::json optional_string(const std::optional<std::string>& value);

[[noreturn]] void malformed(const std::string& field, const std::string& why);
const nlohmann::json& field_of(const nlohmann::json& object, const char* field);
std::string read_string(const nlohmann::json& object, const char* field);
std::optional<std::string> read_optional_string(const nlohmann::json& object, const char* field);
std::int64_t read_integer(const nlohmann::json& object, const char* field);
pricing::Money read_money(const nlohmann::json& object, const char* field);
bool read_bool(const nlohmann::json& object, const char* field);
boost::gregorian::date parse_iso_date(const std::string& text, const char* field);
boost::gregorian::date read_date(const nlohmann::json& object, const char* field);
std::optional<boost::gregorian::date> read_optional_date(const nlohmann::json& object,
                                                         const char* field);

}  // namespace formations::invoices::snapshot_json

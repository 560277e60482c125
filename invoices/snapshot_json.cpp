#include "invoices/snapshot_json.hpp"

#include <cctype>
#include <limits>
#include <stdexcept>

#include <boost/date_time/gregorian/gregorian.hpp>

namespace formations::invoices::snapshot_json {

using boost::gregorian::date;
using nlohmann::json;

std::string iso_date(date value, const char* field) {
    if (value.is_special()) {
        throw std::invalid_argument(std::string("snapshot: ") + field + " not set");
    }
    return boost::gregorian::to_iso_extended_string(value);
}

json optional_string(const std::optional<std::string>& value) {
    return value ? json(*value) : json(nullptr);
}

[[noreturn]] void malformed(const std::string& field, const std::string& why) {
    throw std::invalid_argument("snapshot: " + field + " " + why);
}

const json& field_of(const json& object, const char* field) {
    if (!object.is_object()) {
        malformed(field, "is in something that is not an object");
    }
    const auto found = object.find(field);
    if (found == object.end()) {
        malformed(field, "is missing");
    }
    return *found;
}

std::string read_string(const json& object, const char* field) {
    const json& value = field_of(object, field);
    if (!value.is_string()) {
        malformed(field, "is not a string");
    }
    return value.get<std::string>();
}

std::optional<std::string> read_optional_string(const json& object, const char* field) {
    if (field_of(object, field).is_null()) {
        return std::nullopt;
    }
    return read_string(object, field);
}

std::int64_t read_integer(const json& object, const char* field) {
    const json& value = field_of(object, field);
    if (!value.is_number_integer()) {
        malformed(field, "is not an integer");
    }
    if (value.is_number_unsigned() &&
        value.get<std::uint64_t>() > std::numeric_limits<std::int64_t>::max()) {
        malformed(field, "is out of range");
    }
    return value.get<std::int64_t>();
}

pricing::Money read_money(const json& object, const char* field) {
    return pricing::Money::from_cents(read_integer(object, field));
}

bool read_bool(const json& object, const char* field) {
    const json& value = field_of(object, field);
    if (!value.is_boolean()) {
        malformed(field, "is not a boolean");
    }
    return value.get<bool>();
}

date parse_iso_date(const std::string& text, const char* field) {
    bool shaped = text.size() == 10;
    for (std::size_t i = 0; shaped && i < text.size(); ++i) {
        const bool separator = i == 4 || i == 7;
        shaped =
            separator ? text[i] == '-' : std::isdigit(static_cast<unsigned char>(text[i])) != 0;
    }
    if (!shaped) {
        malformed(field, "is not a date YYYY-MM-DD");
    }
    try {
        return date(static_cast<unsigned short>(std::stoi(text.substr(0, 4))),
                    static_cast<unsigned short>(std::stoi(text.substr(5, 2))),
                    static_cast<unsigned short>(std::stoi(text.substr(8, 2))));
    } catch (const std::out_of_range&) {  // boost's bad_year, bad_month, bad_day_of_month
        malformed(field, "is not a valid date");
    }
}

date read_date(const json& object, const char* field) {
    return parse_iso_date(read_string(object, field), field);
}

std::optional<date> read_optional_date(const json& object, const char* field) {
    if (field_of(object, field).is_null()) {
        return std::nullopt;
    }
    return read_date(object, field);
}

}  // namespace formations::invoices::snapshot_json

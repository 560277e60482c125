#pragma once
// Reading JSON request bodies, strictly and in one way: the body's size and Content-Type are
// checked (413, 415), it must parse as UTF-8 JSON no deeper than a few levels, objects may hold
// only the members the route knows (a typo is refused, never ignored), and each member is read
// with its type checked. Every refusal is a 400 naming the field. Example:
//   auto body = json_body(request);                        // 413 / 415 / invalid_json
//   auto object = JsonObject::of(body.value(), {"tier"});  // unknown_field
//   auto tier = object->text("tier");                      // required / invalid_type

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <boost/date_time/gregorian/greg_date.hpp>
#include <nlohmann/json.hpp>

#include "service/domain/error.hpp"
#include "service/http/request.hpp"

namespace formations::http {

// JSON bodies above this get our 413 (Pistache cuts requests above 2 MiB itself, see server.cpp).
inline constexpr std::size_t max_json_body = 64 * 1024;

// Invalid JSON, invalid UTF-8 or nesting deeper than a few levels is an `invalid_json` error.
Result<nlohmann::json> parse_json_body(std::string_view body);

// 413 above `max_body`, 415 unless Content-Type is application/json, then parse_json_body.
Result<nlohmann::json> json_body(const Request& request, std::size_t max_body = max_json_body);

// json_body, then `read` (a reader of json_io.hpp) on it:
//   auto changes = read_body(request, read_session_changes);
template <typename Read>
auto read_body(const Request& request, Read&& read) -> decltype(read(nlohmann::json())) {
    auto body = json_body(request);
    if (!body) {
        return body.error();
    }
    return read(body.value());
}

// The members of a JSON object, read by name. Refers to the parsed value: keep it alive.
class JsonObject {
  public:
    // `value` must be an object (else invalid_json, or invalid_type for a member object) whose
    // members are all in `known` (else unknown_field). `prefix` names the object's fields in
    // errors: "trainee." gives "trainee.email".
    static Result<JsonObject> of(const nlohmann::json& value, const std::set<std::string>& known,
                                 const std::string& prefix = "");

    bool has(const std::string& name) const;
    // Required (absent or null: `required`).
    Result<std::string> text(const std::string& name) const;
    Result<std::int64_t> id(const std::string& name) const;  // a positive integer
    Result<std::int64_t> integer(const std::string& name, const char* expected) const;
    // Absent, null or blank: nullopt (as an HTML form sends an empty field).
    Result<std::optional<std::string>> optional_text(const std::string& name) const;
    // Absent: nullopt; null: "" (to clear a value); else the text as sent.
    Result<std::optional<std::string>> nullable_text(const std::string& name) const;
    // "YYYY-MM-DD" (domain/iso8601.hpp); absent, null or blank: nullopt.
    Result<std::optional<boost::gregorian::date>> optional_date(const std::string& name) const;
    Result<boost::gregorian::date> date(const std::string& name) const;
    // An integer between -1 000 000 and 1 000 000; absent or null: nullopt.
    Result<std::optional<int>> optional_integer(const std::string& name) const;
    // true or false; absent or null: nullopt.
    Result<std::optional<bool>> optional_boolean(const std::string& name) const;
    // A list of strings; absent or null: empty.
    Result<std::vector<std::string>> texts(const std::string& name) const;
    // A list of objects, each read like `object` (errors name "questions[2].label"); absent or
    // null: empty; at most `max_items`.
    Result<std::vector<JsonObject>> objects(const std::string& name,
                                            const std::set<std::string>& known,
                                            std::size_t max_items) const;
    // An amount in cents (any integer); absent or null: nullopt.
    Result<std::optional<std::int64_t>> optional_cents(const std::string& name) const;
    // A member object; absent or null: nullopt.
    Result<std::optional<JsonObject>> optional_object(const std::string& name,
                                                      const std::set<std::string>& known) const;
    Result<JsonObject> object(const std::string& name, const std::set<std::string>& known) const;

  private:
    JsonObject(const nlohmann::json& value, std::string prefix)
        : value_(&value), prefix_(std::move(prefix)) {}
    const nlohmann::json* member(const std::string& name) const;  // null when absent or null
    Error wrong_type(const std::string& name, const char* expected) const;
    Error missing(const std::string& name) const;

    const nlohmann::json* value_;
    std::string prefix_;
};

}  // namespace formations::http

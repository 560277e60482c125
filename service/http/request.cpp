#include "service/http/request.hpp"

#include <strings.h>
#include <algorithm>
#include <cctype>
#include <charconv>

#include "service/domain/iso8601.hpp"
#include "service/http/static_files.hpp"

namespace formations::http {
namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string trimmed(std::string_view text, std::string_view blanks = " \t") {
    auto first = text.find_first_not_of(blanks);
    if (first == std::string_view::npos) {
        return {};
    }
    return std::string(text.substr(first, text.find_last_not_of(blanks) - first + 1));
}

}  // namespace

std::string Request::param(const std::string& name) const {
    auto found = params.find(name);
    return found == params.end() ? std::string() : found->second;
}

std::optional<std::string> Request::query_value(const std::string& name) const {
    for (const auto& [key, value] : query) {
        if (key == name) {
            return value.empty() ? std::nullopt : std::optional<std::string>(value);
        }
    }
    return std::nullopt;
}

std::optional<std::string> Request::header(const std::string& lower_case_name) const {
    auto found = headers.find(lower_case_name);
    if (found == headers.end()) {
        return std::nullopt;
    }
    return found->second;
}

std::string Request::bearer_token() const {
    auto value = header("authorization");
    const std::string scheme = "Bearer ";
    if (!value || value->size() <= scheme.size() ||
        strncasecmp(value->c_str(), scheme.c_str(), scheme.size()) != 0) {
        return {};
    }
    return value->substr(scheme.size());
}

std::optional<std::string> Request::cookie(const std::string& name) const {
    auto found = cookies.find(name);
    if (found == cookies.end()) {
        return std::nullopt;
    }
    return found->second;
}

std::string Request::media_type() const {
    auto value = header("content-type").value_or("");
    return lower(trimmed(std::string_view(value).substr(0, value.find(';'))));
}

std::optional<std::string> Request::charset() const {
    auto value = lower(header("content-type").value_or(""));
    for (auto at = value.find(';'); at != std::string::npos;) {
        auto next = value.find(';', at + 1);
        auto parameter = std::string_view(value).substr(
            at + 1, next == std::string::npos ? std::string::npos : next - at - 1);
        auto equals = parameter.find('=');
        if (equals != std::string_view::npos && trimmed(parameter.substr(0, equals)) == "charset") {
            return trimmed(parameter.substr(equals + 1), " \t\"");
        }
        at = next;
    }
    return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> query_of(
    const std::vector<std::pair<std::string, std::string>>& raw) {
    std::vector<std::pair<std::string, std::string>> decoded;
    decoded.reserve(raw.size());
    for (const auto& [name, value] : raw) {
        decoded.emplace_back(percent_decoded(name, true).value_or(name),
                             percent_decoded(value, true).value_or(value));
    }
    return decoded;
}

std::optional<std::int64_t> parse_id(std::string_view text) {
    std::int64_t id = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (error != std::errc() || end != text.data() + text.size() || id <= 0) {
        return std::nullopt;
    }
    return id;
}

std::optional<std::int64_t> id_param(const Request& request, const std::string& name) {
    return parse_id(request.param(name));
}

Result<std::optional<boost::gregorian::date>> query_date(const Request& request,
                                                         const std::string& name) {
    auto text = request.query_value(name);
    if (!text) {
        return std::optional<boost::gregorian::date>{};
    }
    if (auto date = parse_date(*text)) {
        return std::optional<boost::gregorian::date>{*date};
    }
    return Error::invalid(
        "invalid_date", "La date " + name + " doit être au format AAAA-MM-JJ, entre 2000 et 2100.",
        name);
}

Result<int> query_integer(const Request& request, const std::string& name, int fallback,
                          int minimum, int maximum) {
    auto text = request.query_value(name);
    if (!text) {
        return fallback;
    }
    int value = 0;
    auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
    bool digits_only =
        std::all_of(text->begin(), text->end(), [](unsigned char c) { return std::isdigit(c); });
    if (!digits_only || error != std::errc() || end != text->data() + text->size() ||
        value < minimum || value > maximum) {
        return Error::invalid("invalid_" + name,
                              "Le paramètre " + name + " doit être un entier entre " +
                                  std::to_string(minimum) + " et " + std::to_string(maximum) + ".",
                              name);
    }
    return value;
}

Result<std::optional<std::int64_t>> query_id(const Request& request, const std::string& name) {
    auto text = request.query_value(name);
    if (!text) {
        return std::optional<std::int64_t>{};
    }
    if (auto id = parse_id(*text)) {
        return std::optional<std::int64_t>{*id};
    }
    return Error::invalid("invalid_" + name, "Le paramètre " + name + " doit être un identifiant.",
                          name);
}

Result<Page> query_page(const Request& request, int default_limit, int max_limit) {
    auto limit = query_integer(request, "limit", default_limit, 1, max_limit);
    if (!limit) {
        return limit.error();
    }
    auto offset = query_integer(request, "offset", 0, 0, 100'000'000);
    if (!offset) {
        return offset.error();
    }
    return Page{limit.value(), offset.value()};
}

Error payload_too_large(const std::string& message) {
    return {ErrorCategory::payload_too_large, "payload_too_large", message, {}, {}};
}

Error unsupported_media_type(const std::string& message) {
    return {ErrorCategory::unsupported_media_type, "unsupported_media_type", message, {}, {}};
}

}  // namespace formations::http

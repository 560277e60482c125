#include "service/http/json_body.hpp"

#include "service/domain/iso8601.hpp"

namespace formations::http {
namespace {

using nlohmann::json;
constexpr int max_depth = 8;

Error not_an_object() {
    return Error::invalid("invalid_json", "Le corps de la requête doit être un objet JSON.");
}

}  // namespace

Result<json> parse_json_body(std::string_view body) {
    struct TooDeep {};
    try {
        return json::parse(body, [](int depth, json::parse_event_t, json&) {
            if (depth > max_depth) {
                throw TooDeep{};
            }
            return true;
        });
    } catch (const json::exception&) {  // syntax, invalid UTF-8, numbers beyond a double
        return Error::invalid("invalid_json",
                              "Le corps de la requête n'est pas un JSON valide (UTF-8).");
    } catch (const TooDeep&) {
        return Error::invalid("invalid_json", "Le corps de la requête est trop imbriqué.");
    }
}

Result<json> json_body(const Request& request, std::size_t max_body) {
    if (request.body.size() > max_body) {
        return payload_too_large();
    }
    if (request.media_type() != "application/json") {
        return unsupported_media_type(
            "Le corps de la requête doit être du JSON (Content-Type: application/json).");
    }
    return parse_json_body(request.body);
}

Result<JsonObject> JsonObject::of(const json& value, const std::set<std::string>& known,
                                  const std::string& prefix) {
    if (!value.is_object()) {
        return not_an_object();
    }
    for (const auto& item : value.items()) {
        if (!known.contains(item.key())) {
            return Error::invalid("unknown_field", "Ce champ n'est pas reconnu.",
                                  prefix + item.key());
        }
    }
    return JsonObject(value, prefix);
}

bool JsonObject::has(const std::string& name) const {
    return value_->contains(name);
}

const json* JsonObject::member(const std::string& name) const {
    auto found = value_->find(name);
    if (found == value_->end() || found->is_null()) {
        return nullptr;
    }
    return &*found;
}

Error JsonObject::wrong_type(const std::string& name, const char* expected) const {
    return Error::invalid("invalid_type", std::string("Le champ doit être ") + expected + ".",
                          prefix_ + name);
}

Error JsonObject::missing(const std::string& name) const {
    return Error::invalid("required", "Ce champ est obligatoire.", prefix_ + name);
}

Result<std::string> JsonObject::text(const std::string& name) const {
    const auto* found = member(name);
    if (!found) {
        return missing(name);
    }
    if (!found->is_string()) {
        return wrong_type(name, "une chaîne de caractères");
    }
    return found->get<std::string>();
}

Result<std::int64_t> JsonObject::id(const std::string& name) const {
    const auto* found = member(name);
    if (!found) {
        return missing(name);
    }
    if (!found->is_number_integer() || found->get<std::int64_t>() <= 0) {
        return wrong_type(name, "un identifiant entier positif");
    }
    return found->get<std::int64_t>();
}

Result<std::int64_t> JsonObject::integer(const std::string& name, const char* expected) const {
    const auto* found = member(name);
    if (!found) {
        return missing(name);
    }
    if (!found->is_number_integer()) {
        return wrong_type(name, expected);
    }
    return found->get<std::int64_t>();
}

Result<std::optional<std::string>> JsonObject::optional_text(const std::string& name) const {
    const auto* found = member(name);
    if (!found) {
        return std::optional<std::string>{};
    }
    if (!found->is_string()) {
        return wrong_type(name, "une chaîne de caractères");
    }
    auto text = found->get<std::string>();
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
        return std::optional<std::string>{};
    }
    return std::optional<std::string>{std::move(text)};
}

Result<std::optional<std::string>> JsonObject::nullable_text(const std::string& name) const {
    if (!has(name)) {
        return std::optional<std::string>{};
    }
    const auto* found = member(name);
    if (!found) {
        return std::optional<std::string>{std::string()};
    }
    if (!found->is_string()) {
        return wrong_type(name, "une chaîne de caractères");
    }
    return std::optional<std::string>{found->get<std::string>()};
}

Result<std::optional<boost::gregorian::date>> JsonObject::optional_date(
    const std::string& name) const {
    auto text = optional_text(name);
    if (!text) {
        return text.error();
    }
    if (!text.value()) {
        return std::optional<boost::gregorian::date>{};
    }
    if (auto date = parse_date(*text.value())) {
        return std::optional<boost::gregorian::date>{*date};
    }
    return Error::invalid("invalid_date",
                          "La date doit être au format AAAA-MM-JJ, entre 2000 et 2100.",
                          prefix_ + name);
}

Result<boost::gregorian::date> JsonObject::date(const std::string& name) const {
    auto date = optional_date(name);
    if (!date) {
        return date.error();
    }
    if (!date.value()) {
        return missing(name);
    }
    return *date.value();
}

Result<std::optional<int>> JsonObject::optional_integer(const std::string& name) const {
    const auto* found = member(name);
    if (!found) {
        return std::optional<int>{};
    }
    if (!found->is_number_integer() || found->get<std::int64_t>() > 1'000'000 ||
        found->get<std::int64_t>() < -1'000'000) {
        return wrong_type(name, "un nombre entier");
    }
    return std::optional<int>{found->get<int>()};
}

Result<std::optional<bool>> JsonObject::optional_boolean(const std::string& name) const {
    const auto* found = member(name);
    if (!found) {
        return std::optional<bool>{};
    }
    if (!found->is_boolean()) {
        return wrong_type(name, "true ou false");
    }
    return std::optional<bool>{found->get<bool>()};
}

Result<std::vector<std::string>> JsonObject::texts(const std::string& name) const {
    std::vector<std::string> result;
    const auto* found = member(name);
    if (!found) {
        return result;
    }
    if (!found->is_array()) {
        return wrong_type(name, "une liste de chaînes de caractères");
    }
    for (const auto& item : *found) {
        if (!item.is_string()) {
            return wrong_type(name, "une liste de chaînes de caractères");
        }
        result.push_back(item.get<std::string>());
    }
    return result;
}

Result<std::vector<JsonObject>> JsonObject::objects(const std::string& name,
                                                    const std::set<std::string>& known,
                                                    std::size_t max_items) const {
    std::vector<JsonObject> result;
    const auto* found = member(name);
    if (!found) {
        return result;
    }
    if (!found->is_array()) {
        return wrong_type(name, "une liste d'objets");
    }
    if (found->size() > max_items) {
        return Error::invalid("too_many_items",
                              "La liste compte au plus " + std::to_string(max_items) + " éléments.",
                              prefix_ + name);
    }
    for (std::size_t i = 0; i < found->size(); ++i) {
        const auto& item = (*found)[i];
        auto field = prefix_ + name + "[" + std::to_string(i) + "]";
        if (!item.is_object()) {
            return Error::invalid("invalid_type", "Le champ doit être un objet.", field);
        }
        auto object = of(item, known, field + ".");
        if (!object) {
            return object.error();
        }
        result.push_back(object.value());
    }
    return result;
}

Result<std::optional<std::int64_t>> JsonObject::optional_cents(const std::string& name) const {
    if (!member(name)) {
        return std::optional<std::int64_t>{};
    }
    auto cents = integer(name, "un nombre entier de centimes");
    if (!cents) {
        return cents.error();
    }
    return std::optional<std::int64_t>{cents.value()};
}

Result<std::optional<JsonObject>> JsonObject::optional_object(
    const std::string& name, const std::set<std::string>& known) const {
    const auto* found = member(name);
    if (!found) {
        return std::optional<JsonObject>{};
    }
    if (!found->is_object()) {
        return wrong_type(name, "un objet");
    }
    auto object = of(*found, known, prefix_ + name + ".");
    if (!object) {
        return object.error();
    }
    return std::optional<JsonObject>{object.value()};
}

Result<JsonObject> JsonObject::object(const std::string& name,
                                      const std::set<std::string>& known) const {
    auto object = optional_object(name, known);
    if (!object) {
        return object.error();
    }
    if (!object.value()) {
        return missing(name);
    }
    return *object.value();
}

}  // namespace formations::http

// Staff routes of the member directory: list and search, one organisation, create, change,
// import a spreadsheet (text/csv). Reading is for every staff role; writing for admin and staff.
#include <algorithm>
#include <cctype>
#include <set>

#include "service/app/directory.hpp"
#include "service/app/input_rules.hpp"
#include "service/http/routes.hpp"

namespace formations::http {

using namespace Pistache;
using nlohmann::json;

namespace {

constexpr std::size_t max_csv_body = 1024 * 1024;
constexpr std::size_t max_query_text = 200;

// Staff and admins change the directory; accountants only read it.
app::Result<app::Actor> authenticate_writer(Context& context, const std::string& bearer) {
    return app::authenticate(context.database, bearer, {app::Role::admin, app::Role::staff});
}

// --- Request bodies, as strict as json_io: known fields only, types checked. ---

app::Error wrong_type(const std::string& field, const char* expected) {
    return app::Error::invalid("invalid_type", std::string("Le champ doit être ") + expected + ".",
                               field);
}

app::Error missing(const std::string& field) {
    return app::Error::invalid("required", "Ce champ est obligatoire.", field);
}

std::optional<app::Error> only_known_fields(const json& object,
                                            const std::set<std::string>& known) {
    for (const auto& item : object.items()) {
        if (!known.contains(item.key())) {
            return app::Error::invalid("unknown_field", "Ce champ n'est pas reconnu.", item.key());
        }
    }
    return std::nullopt;
}

app::Result<json> json_object(std::string_view body) {
    auto parsed = parse_json_body(body);
    if (!parsed) {
        return parsed.error();
    }
    if (!parsed->is_object()) {
        return app::Error::invalid("invalid_json",
                                   "Le corps de la requête doit être un objet JSON.");
    }
    return parsed;
}

// A string member: absent → nullopt; null → `null_means` (nullopt: required); else the text.
app::Result<std::optional<std::string>> string_member(const json& object, const std::string& name,
                                                      std::optional<std::string> null_means) {
    auto found = object.find(name);
    if (found == object.end()) {
        return std::optional<std::string>{};
    }
    if (found->is_null()) {
        if (!null_means) {
            return missing(name);
        }
        return null_means;
    }
    if (!found->is_string()) {
        return wrong_type(name, "une chaîne de caractères");
    }
    return std::optional<std::string>{found->get<std::string>()};
}

// {siret, name, address?, status}: a null or absent address means unknown.
app::Result<app::OrganisationInput> read_new_organisation(std::string_view body) {
    auto object = json_object(body);
    if (!object) {
        return object.error();
    }
    if (auto e = only_known_fields(object.value(), {"siret", "name", "address", "status"})) {
        return *e;
    }
    app::OrganisationInput input;
    for (auto [name, into] :
         {std::pair{"siret", &input.siret}, std::pair{"name", &input.name},
          std::pair{"address", &input.address}, std::pair{"status", &input.status}}) {
        bool optional = std::string_view(name) == "address";
        auto value = string_member(object.value(), name,
                                   optional ? std::optional<std::string>("") : std::nullopt);
        if (!value) {
            return value.error();
        }
        if (!value.value() && !optional) {
            return missing(name);
        }
        *into = value.value().value_or("");
    }
    return input;
}

// Any of {name, address, status}; the SIRET is the identity of the row and cannot change.
app::Result<app::OrganisationPatch> read_organisation_patch(std::string_view body) {
    auto object = json_object(body);
    if (!object) {
        return object.error();
    }
    if (object->contains("siret")) {
        return app::Error::invalid("siret_immutable",
                                   "Le numéro SIRET identifie l'organisation et ne peut pas être "
                                   "modifié : créez une nouvelle organisation.",
                                   "siret");
    }
    if (auto e = only_known_fields(object.value(), {"name", "address", "status"})) {
        return *e;
    }
    app::OrganisationPatch patch;
    for (auto [name, into] : {std::pair{"name", &patch.name}, std::pair{"address", &patch.address},
                              std::pair{"status", &patch.status}}) {
        bool address = std::string_view(name) == "address";
        auto value = string_member(object.value(), name,
                                   address ? std::optional<std::string>("") : std::nullopt);
        if (!value) {
            return value.error();
        }
        *into = value.value();
    }
    return patch;
}

// --- Query string of the list. ---

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

// Pistache 0.0.5 hands query values over as sent: undo the form encoding (+ and %XX).
std::string url_decoded(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out += ' ';
        } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
                   hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

app::Result<int> integer_parameter(const std::optional<std::string>& text, const std::string& name,
                                   int fallback, int minimum, int maximum) {
    if (!text || text->empty()) {
        return fallback;
    }
    auto invalid =
        app::Error::invalid("invalid_" + name,
                            "Le paramètre " + name + " doit être un entier entre " +
                                std::to_string(minimum) + " et " + std::to_string(maximum) + ".",
                            name);
    if (text->size() > 9 ||
        !std::all_of(text->begin(), text->end(), [](unsigned char c) { return std::isdigit(c); })) {
        return invalid;
    }
    int value = std::stoi(*text);
    if (value < minimum || value > maximum) {
        return invalid;
    }
    return value;
}

app::Result<storage::OrganisationFilter> read_filter(const Rest::Request& request) {
    const auto& query = request.query();
    auto decoded = [&](const std::string& name) -> std::optional<std::string> {
        auto value = query.get(name);
        return value ? std::optional<std::string>(url_decoded(*value)) : std::nullopt;
    };
    storage::OrganisationFilter filter;
    // Blank: no search. Otherwise the rules of typed text (UTF-8, no control characters): the
    // database would refuse invalid bytes with an internal error.
    if (auto q = decoded("q"); q && q->find_first_not_of(" \t") != std::string::npos) {
        auto text = app::normalise_text(*q, "q", max_query_text);
        if (!text) {
            return text.error();
        }
        filter.text = std::move(text.value());
    }
    if (auto status = decoded("status"); status && !status->empty()) {
        auto parsed = app::parse_status_code(*status);
        if (!parsed) {
            return parsed.error();
        }
        filter.status = parsed.value();
    }
    auto limit = integer_parameter(decoded("limit"), "limit", app::default_directory_page, 1,
                                   app::max_directory_page);
    if (!limit) {
        return limit.error();
    }
    filter.limit = limit.value();
    auto offset = integer_parameter(decoded("offset"), "offset", 0, 0, 100'000'000);
    if (!offset) {
        return offset.error();
    }
    filter.offset = offset.value();
    return filter;
}

// --- The import's body: text/csv (charset, if given, UTF-8), at most 1 MiB. ---

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string trimmed(const std::string& text) {
    auto first = text.find_first_not_of(" \t\"");
    if (first == std::string::npos) {
        return "";
    }
    return text.substr(first, text.find_last_not_of(" \t\"") - first + 1);
}

std::optional<app::Error> check_csv_request(const Rest::Request& request) {
    if (request.body().size() > max_csv_body) {
        return app::Error{app::ErrorCategory::payload_too_large,
                          "payload_too_large",
                          "Le fichier est trop volumineux (1 Mio au maximum).",
                          {},
                          {}};
    }
    auto unsupported = app::Error{app::ErrorCategory::unsupported_media_type,
                                  "unsupported_media_type",
                                  "Le corps de la requête doit être un fichier CSV en UTF-8 "
                                  "(Content-Type: text/csv; charset=utf-8).",
                                  {},
                                  {}};
    auto type = request.headers().tryGet<Http::Header::ContentType>();
    if (!type) {
        return unsupported;
    }
    auto raw = lower(type->mime().raw());
    auto semicolon = raw.find(';');
    if (trimmed(raw.substr(0, semicolon)) != "text/csv") {
        return unsupported;
    }
    while (semicolon != std::string::npos) {
        auto next = raw.find(';', semicolon + 1);
        auto parameter = raw.substr(
            semicolon + 1, next == std::string::npos ? std::string::npos : next - semicolon - 1);
        auto equals = parameter.find('=');
        if (equals != std::string::npos && trimmed(parameter.substr(0, equals)) == "charset") {
            auto charset = trimmed(parameter.substr(equals + 1));
            if (charset != "utf-8" && charset != "utf8") {
                return unsupported;
            }
        }
        semicolon = next;
    }
    return std::nullopt;
}

json import_errors_json(const app::ImportOutcome& outcome) {
    json body = error_json(app::invalid_csv(outcome.error_count));
    json lines = json::array();
    for (const auto& line : outcome.rejected) {
        lines.push_back({{"line", line.line},
                         {"field", line.field.empty() ? json(nullptr) : json(line.field)},
                         {"code", line.code},
                         {"message", line.message}});
    }
    body["lines"] = std::move(lines);
    return body;
}

std::optional<std::int64_t> id_of(const Rest::Request& request) {
    return parse_id(request.param(":id").as<std::string>());
}

}  // namespace

void add_directory_routes(Rest::Router& router, Context& context) {
    route(router, Http::Method::Get, "/api/v1/organisations",
          [&context](const Rest::Request& request, Http::ResponseWriter response) {
              auto bearer = bearer_token(request);
              auto filter = read_filter(request);
              offload(context, request, std::move(response), [&context, bearer, filter] {
                  auto actor = app::authenticate(context.database, bearer, staff_roles);
                  if (!actor) {
                      return error_reply(actor.error());
                  }
                  if (!filter) {
                      return error_reply(filter.error());
                  }
                  return reply_with(
                      app::list_organisations(context.database, filter.value()), 200,
                      [](const app::OrganisationPage& page) {
                          json items = json::array();
                          for (const auto& organisation : page.organisations) {
                              items.push_back(app::organisation_json(organisation));
                          }
                          return json{{"organisations", items}, {"total", page.total}};
                      });
              });
          });

    route(router, Http::Method::Get, "/api/v1/organisations/:id",
          [&context](const Rest::Request& request, Http::ResponseWriter response) {
              auto bearer = bearer_token(request);
              auto id = id_of(request);
              offload(context, request, std::move(response), [&context, bearer, id] {
                  auto actor = app::authenticate(context.database, bearer, staff_roles);
                  if (!actor) {
                      return error_reply(actor.error());
                  }
                  if (!id) {
                      return error_reply(app::organisation_not_found());
                  }
                  return reply_with(app::get_organisation(context.database, *id), 200,
                                    app::organisation_json);
              });
          });

    route(router, Http::Method::Post, "/api/v1/organisations",
          [&context](const Rest::Request& request, Http::ResponseWriter response) {
              auto bearer = bearer_token(request);
              auto content = check_json_request(request);
              offload(
                  context, request, std::move(response),
                  [&context, bearer, content, body = request.body()] {
                      auto actor = authenticate_writer(context, bearer);
                      if (!actor) {
                          return error_reply(actor.error());
                      }
                      if (content) {
                          return error_reply(*content);
                      }
                      auto input = read_new_organisation(body);
                      if (!input) {
                          return error_reply(input.error());
                      }
                      auto result =
                          app::create_organisation(context.database, input.value(), actor.value());
                      auto reply = reply_with(result, 201, app::organisation_json);
                      if (result) {
                          reply.headers.emplace_back(
                              "Location", "/api/v1/organisations/" + std::to_string(result->id));
                      }
                      return reply;
                  });
          });

    route(router, Http::Method::Patch, "/api/v1/organisations/:id",
          [&context](const Rest::Request& request, Http::ResponseWriter response) {
              auto bearer = bearer_token(request);
              auto content = check_json_request(request);
              auto id = id_of(request);
              offload(context, request, std::move(response),
                      [&context, bearer, content, id, body = request.body()] {
                          auto actor = authenticate_writer(context, bearer);
                          if (!actor) {
                              return error_reply(actor.error());
                          }
                          if (!id) {
                              return error_reply(app::organisation_not_found());
                          }
                          if (content) {
                              return error_reply(*content);
                          }
                          auto patch = read_organisation_patch(body);
                          if (!patch) {
                              return error_reply(patch.error());
                          }
                          return reply_with(app::update_organisation(context.database, *id,
                                                                     patch.value(), actor.value()),
                                            200, app::organisation_json);
                      });
          });

    route(router, Http::Method::Post, "/api/v1/organisations/import",
          [&context](const Rest::Request& request, Http::ResponseWriter response) {
              auto bearer = bearer_token(request);
              auto content = check_csv_request(request);
              offload(context, request, std::move(response),
                      [&context, bearer, content, body = request.body()] {
                          auto actor = authenticate_writer(context, bearer);
                          if (!actor) {
                              return error_reply(actor.error());
                          }
                          if (content) {
                              return error_reply(*content);
                          }
                          auto result =
                              app::import_organisations(context.database, body, actor.value());
                          if (!result) {
                              return error_reply(result.error());
                          }
                          if (result->error_count > 0) {
                              return json_reply(400, import_errors_json(result.value()));
                          }
                          const auto& counts = result->counts;
                          return json_reply(200, {{"created", counts.created},
                                                  {"updated", counts.updated},
                                                  {"unchanged", counts.unchanged}});
                      });
          });
}

}  // namespace formations::http

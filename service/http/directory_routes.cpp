// Staff routes of the member directory: list and search, one organisation, create, change,
// import a spreadsheet (text/csv). Reading is for every staff role; writing for admin and staff.
#include "service/app/directory.hpp"
#include "service/app/input_rules.hpp"
#include "service/http/json_body.hpp"
#include "service/http/routes.hpp"

namespace formations::http {

using nlohmann::json;

namespace {

constexpr std::size_t max_query_text = 200;

json organisation_json(const domain::Organisation& o) {
    return {{"id", o.id},
            {"siret", o.siret},
            {"name", o.name},
            {"address", o.address},
            {"status", pricing::to_string(o.status)},
            {"created_at", o.created_at},
            {"updated_at", o.updated_at}};
}

// {siret, name, address?, status}: a null or absent address means unknown.
Result<app::OrganisationInput> read_new_organisation(const json& body) {
    auto object = JsonObject::of(body, {"siret", "name", "address", "status"});
    if (!object) {
        return object.error();
    }
    auto siret = object->text("siret"), name = object->text("name"),
         status = object->text("status");
    auto address = object->nullable_text("address");
    for (const auto* field : {&siret, &name, &status}) {
        if (!*field) {
            return field->error();
        }
    }
    if (!address) {
        return address.error();
    }
    return app::OrganisationInput{siret.value(), name.value(), address.value().value_or(""),
                                  status.value()};
}

// Any of {name, address, status}; the SIRET is the identity of the row and cannot change.
Result<app::OrganisationPatch> read_organisation_patch(const json& body) {
    if (body.is_object() && body.contains("siret")) {
        return Error::invalid("siret_immutable",
                              "Le numéro SIRET identifie l'organisation et ne peut pas être "
                              "modifié : créez une nouvelle organisation.",
                              "siret");
    }
    auto object = JsonObject::of(body, {"name", "address", "status"});
    if (!object) {
        return object.error();
    }
    app::OrganisationPatch patch;
    for (auto [name, into] : {std::pair{"name", &patch.name}, std::pair{"status", &patch.status}}) {
        if (object->has(name)) {
            auto value = object->text(name);
            if (!value) {
                return value.error();
            }
            *into = value.value();
        }
    }
    auto address = object->nullable_text("address");
    if (!address) {
        return address.error();
    }
    patch.address = address.value();
    return patch;
}

Result<domain::OrganisationFilter> read_filter(const Request& request) {
    domain::OrganisationFilter filter;
    // Blank: no search. Otherwise the rules of typed text (UTF-8, no control characters): the
    // database would refuse invalid bytes with an internal error.
    if (auto q = request.query_value("q"); q && q->find_first_not_of(" \t") != std::string::npos) {
        auto text = app::normalise_text(*q, "q", max_query_text);
        if (!text) {
            return text.error();
        }
        filter.text = std::move(text.value());
    }
    if (auto status = request.query_value("status")) {
        auto parsed = app::parse_status_code(*status);
        if (!parsed) {
            return parsed.error();
        }
        filter.status = parsed.value();
    }
    auto page = query_page(request, app::default_directory_page, app::max_directory_page);
    if (!page) {
        return page.error();
    }
    filter.limit = page->limit;
    filter.offset = page->offset;
    return filter;
}

// The import's body: text/csv (charset, if given, UTF-8; without one the encoding is
// recognised: see organisation_csv.hpp), at most 1 MiB.
std::optional<Error> check_csv_request(const Request& request) {
    if (request.body.size() > max_csv_body) {
        return payload_too_large("Le fichier est trop volumineux (1 Mio au maximum).");
    }
    auto charset = request.charset();
    if (request.media_type() != "text/csv" ||
        (charset && *charset != "utf-8" && *charset != "utf8")) {
        return unsupported_media_type(
            "Le corps de la requête doit être un fichier CSV en UTF-8 (Content-Type: text/csv; "
            "charset=utf-8).");
    }
    return std::nullopt;
}

json import_errors_json(const app::ImportOutcome& outcome) {
    json body = error_json(app::invalid_csv(outcome.error_count));
    json lines = json::array();
    for (const auto& line : outcome.rejected) {
        lines.push_back({{"line", line.line},
                         {"field", line.field.empty() ? json(nullptr) : json(line.field)},
                         {"column", line.column.empty() ? json(nullptr) : json(line.column)},
                         {"code", line.code},
                         {"message", line.message}});
    }
    body["lines"] = std::move(lines);
    return body;
}

}  // namespace

void add_directory_routes(Routes& routes, Context& context) {
    routes.add("GET", "/api/v1/organisations",
               staff_route(context, staff_roles, [&context](const Request& request, auto&) {
                   auto filter = read_filter(request);
                   if (!filter) {
                       return error_reply(filter.error());
                   }
                   return reply_with(
                       app::list_organisations(context.database, filter.value()), 200,
                       [](const app::OrganisationPage& page) {
                           json items = json::array();
                           for (const auto& organisation : page.organisations) {
                               items.push_back(organisation_json(organisation));
                           }
                           return json{{"organisations", items}, {"total", page.total}};
                       });
               }));

    routes.add("GET", "/api/v1/organisations/:id",
               staff_route(context, staff_roles, [&context](const Request& request, auto&) {
                   auto id = id_param(request);
                   if (!id) {
                       return error_reply(app::organisation_not_found());
                   }
                   return reply_with(app::get_organisation(context.database, *id), 200,
                                     organisation_json);
               }));

    routes.add(
        "POST", "/api/v1/organisations",
        staff_route(
            context, session_managers, [&context](const Request& request, const app::Actor& actor) {
                auto input = read_body(request, read_new_organisation);
                if (!input) {
                    return error_reply(input.error());
                }
                auto result =
                    app::create_organisation(context.database, context.clock, input.value(), actor);
                auto reply = reply_with(result, 201, organisation_json);
                if (result) {
                    reply.headers.emplace_back(
                        "Location", "/api/v1/organisations/" + std::to_string(result->id));
                }
                return reply;
            }));

    routes.add("PATCH", "/api/v1/organisations/:id",
               staff_route(context, session_managers,
                           [&context](const Request& request, const app::Actor& actor) {
                               auto id = id_param(request);
                               if (!id) {
                                   return error_reply(app::organisation_not_found());
                               }
                               auto patch = read_body(request, read_organisation_patch);
                               if (!patch) {
                                   return error_reply(patch.error());
                               }
                               return reply_with(
                                   app::update_organisation(context.database, context.clock, *id,
                                                            patch.value(), actor),
                                   200, organisation_json);
                           }));

    routes.add(
        "POST", "/api/v1/organisations/import",
        staff_route(context, session_managers,
                    [&context](const Request& request, const app::Actor& actor) {
                        if (auto error = check_csv_request(request)) {
                            return error_reply(*error);
                        }
                        // A declared charset (UTF-8) is taken at its word; without
                        // one, UTF-16 and Windows-1252 are recognised.
                        auto result = app::import_organisations(
                            context.database, context.clock, request.body, actor,
                            request.charset() ? app::CsvEncoding::utf8 : app::CsvEncoding::detect);
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
                    }));
}

}  // namespace formations::http

// Staff routes: sessions (list, create, edit, cancel), rosters, registrations on someone's
// behalf, moves and tier corrections, and the audit trail.
#include <tuple>

#include "service/app/audit.hpp"
#include "service/app/catalogue.hpp"
#include "service/app/registrations.hpp"
#include "service/app/roster.hpp"
#include "service/app/session_admin.hpp"
#include "service/http/json_body.hpp"
#include "service/http/json_io.hpp"
#include "service/http/routes.hpp"

namespace formations::http {

using nlohmann::json;

namespace {

json audit_json(const app::AuditPage& page) {
    json events = json::array();
    for (const auto& event : page.events) {
        events.push_back({{"id", event.id},
                          {"occurred_at", event.occurred_at},
                          {"actor", event.actor},
                          {"action", event.action},
                          {"entity", event.entity},
                          {"entity_id", event.entity_id},
                          {"before", json::parse(event.before_json)},
                          {"after", json::parse(event.after_json)}});
    }
    return {{"events", events},
            {"next_before_id", page.next_before_id ? json(*page.next_before_id) : json(nullptr)}};
}

Result<domain::AuditFilter> audit_filter(const Request& request) {
    domain::AuditFilter filter;
    filter.entity = request.query_value("entity");
    filter.actor = request.query_value("actor");
    auto entity_id = query_id(request, "entity_id");
    if (!entity_id) {
        return entity_id.error();
    }
    filter.entity_id = entity_id.value();
    auto before = query_id(request, "before_id");
    if (!before) {
        return before.error();
    }
    filter.before_id = before.value();
    auto limit = query_integer(request, "limit", 100, 1, 500);
    if (!limit) {
        return limit.error();
    }
    filter.limit = limit.value();
    return filter;
}

// The edit's answer: the session as edited, as before, with what the edit did.
json edited_session_json(const app::SessionEdited& edited) {
    auto answer = session_edit_json(edited);
    auto body = answer["session"];
    body["agreements_superseded"] = edited.consequences.agreements_superseded();
    body["changes"] = answer["changes"];
    body["consequences"] = answer["consequences"];
    return body;
}

}  // namespace

void add_staff_routes(Routes& routes, Context& context) {
    // Every session not cancelled starting on or after `from` (default a year ago).
    routes.add("GET", "/api/v1/staff/sessions",
               staff_route(context, staff_roles, [&context](const Request& request, auto&) {
                   auto from = query_date(request, "from");
                   if (!from) {
                       return error_reply(from.error());
                   }
                   return reply_with(
                       app::list_staff_sessions(context.database, context.clock, from.value()), 200,
                       [](const std::vector<app::SessionView>& sessions) {
                           json items = json::array();
                           for (const auto& session : sessions) {
                               items.push_back(session_json(session));
                           }
                           return json{{"sessions", items}};
                       });
               }));

    routes.add(
        "POST", "/api/v1/sessions",
        staff_route(
            context, session_managers, [&context](const Request& request, const app::Actor& actor) {
                auto input = read_body(request, read_session_input);
                if (!input) {
                    return error_reply(input.error());
                }
                return reply_with(
                    app::create_session(context.database, context.clock, actor, input.value()), 201,
                    session_json);
            }));

    // The edit, and what it would do without doing it (the same body; see app::EditMode).
    for (const auto& [method, path, edit_mode] :
         {std::tuple{"PATCH", "/api/v1/sessions/:id", app::EditMode::apply},
          std::tuple{"POST", "/api/v1/sessions/:id/edit-preview", app::EditMode::preview}}) {
        const auto mode = edit_mode;
        routes.add(method, path,
                   staff_route(context, session_managers,
                               [&context, mode](const Request& request, const app::Actor& actor) {
                                   auto id = id_param(request);
                                   if (!id) {
                                       return error_reply(app::session_not_found());
                                   }
                                   auto changes = read_body(request, read_session_changes);
                                   if (!changes) {
                                       return error_reply(changes.error());
                                   }
                                   return reply_with(
                                       app::update_session(context.database, context.clock,
                                                           context.billing, actor, *id,
                                                           changes.value(), mode),
                                       200, [mode](const app::SessionEdited& edited) {
                                           return mode == app::EditMode::preview
                                                      ? session_edit_json(edited)
                                                      : edited_session_json(edited);
                                       });
                               }));
    }

    routes.add("POST", "/api/v1/sessions/:id/cancel",
               staff_route(context, session_managers,
                           [&context](const Request& request, const app::Actor& actor) {
                               auto id = id_param(request);
                               if (!id) {
                                   return error_reply(app::session_not_found());
                               }
                               return reply_with(
                                   app::cancel_session(context.database, context.clock,
                                                       context.billing, actor, *id),
                                   200, session_json);
                           }));

    // What a cancellation would do, for the page to say before asking.
    routes.add("GET", "/api/v1/sessions/:id/cancellation",
               staff_route(context, session_managers, [&context](const Request& request, auto&) {
                   auto id = id_param(request);
                   if (!id) {
                       return error_reply(app::session_not_found());
                   }
                   return reply_with(
                       app::preview_session_cancellation(context.database, *id), 200,
                       [](const app::CancellationPreview& preview) {
                           return json{
                               {"confirmed", preview.confirmed},
                               {"offered", preview.offered},
                               {"waitlisted", preview.waitlisted},
                               {"people", preview.confirmed + preview.offered + preview.waitlisted},
                               {"invoices", preview.invoices},
                               {"invoiced_cents", preview.invoiced_cents}};
                       });
               }));

    // Days of a session that deserve a confirmation: past, weekend, public holiday.
    routes.add("GET", "/api/v1/staff/date-warnings",
               staff_route(context, staff_roles, [&context](const Request& request, auto&) {
                   auto starts = query_date(request, "starts_on");
                   if (!starts) {
                       return error_reply(starts.error());
                   }
                   auto ends = query_date(request, "ends_on");
                   if (!ends) {
                       return error_reply(ends.error());
                   }
                   if (!starts.value()) {
                       return error_reply(
                           Error::invalid("required", "Ce champ est obligatoire.", "starts_on"));
                   }
                   return json_reply(
                       200, {{"warnings", app::session_date_warnings(context.clock, *starts.value(),
                                                                     ends.value())}});
               }));

    routes.add("GET", "/api/v1/sessions/:id/roster",
               staff_route(context, staff_roles, [&context](const Request& request, auto&) {
                   auto id = id_param(request);
                   if (!id) {
                       return error_reply(app::session_not_found());
                   }
                   return reply_with(app::session_roster(context.database, *id), 200, roster_json);
               }));

    routes.add("GET", "/api/v1/sessions/:id/roster.csv",
               staff_route(context, staff_roles, [&context](const Request& request, auto&) {
                   auto id = id_param(request);
                   if (!id) {
                       return error_reply(app::session_not_found());
                   }
                   auto roster = app::session_roster(context.database, *id);
                   if (!roster) {
                       return error_reply(roster.error());
                   }
                   return Reply{200,
                                app::roster_csv(roster.value()),
                                "text/csv; charset=utf-8",
                                {{"Content-Disposition",
                                  attachment("inscrits-" + roster->session.reference + ".csv")}}};
               }));

    // Staff register someone on their behalf (after the deadline too).
    routes.add("POST", "/api/v1/sessions/:id/registrations",
               staff_route(context, session_managers,
                           [&context](const Request& request, const app::Actor& actor) {
                               auto id = id_param(request);
                               if (!id) {
                                   return error_reply(app::session_not_found());
                               }
                               auto body = json_body(request);
                               if (!body) {
                                   return error_reply(body.error());
                               }
                               if (body->is_object()) {
                                   body.value()["session_id"] = *id;
                               }
                               auto registration = read_registration_request(body.value());
                               if (!registration) {
                                   return error_reply(registration.error());
                               }
                               return reply_with(
                                   app::register_trainee(context.database, context.clock,
                                                         context.billing, registration.value(),
                                                         std::nullopt, {actor.audit_name(), true}),
                                   201, registration_json);
                           }));

    routes.add("POST", "/api/v1/registrations/:id/move",
               staff_route(context, session_managers,
                           [&context](const Request& request, const app::Actor& actor) {
                               auto id = id_param(request);
                               if (!id) {
                                   return error_reply(app::registration_not_found());
                               }
                               auto target = read_body(request, read_move_request);
                               if (!target) {
                                   return error_reply(target.error());
                               }
                               return reply_with(app::move_registration(
                                                     context.database, context.clock,
                                                     context.billing, actor, *id, target.value()),
                                                 200, registration_json);
                           }));

    routes.add("POST", "/api/v1/registrations/:id/tier",
               staff_route(context, session_managers,
                           [&context](const Request& request, const app::Actor& actor) {
                               auto id = id_param(request);
                               if (!id) {
                                   return error_reply(app::registration_not_found());
                               }
                               auto tier = read_body(request, read_tier_request);
                               if (!tier) {
                                   return error_reply(tier.error());
                               }
                               return reply_with(
                                   app::correct_tier(context.database, context.clock,
                                                     context.billing, actor, *id, tier.value()),
                                   200, registration_json);
                           }));

    routes.add("GET", "/api/v1/audit",
               staff_route(context, {app::Role::admin}, [&context](const Request& request, auto&) {
                   auto filter = audit_filter(request);
                   if (!filter) {
                       return error_reply(filter.error());
                   }
                   return reply_with(app::read_audit(context.database, filter.value()), 200,
                                     audit_json);
               }));
}

}  // namespace formations::http

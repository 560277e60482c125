// Staff routes: sessions (create, edit, cancel), rosters, registrations on someone's behalf,
// moves and tier corrections, and the audit trail.
#include "service/app/audit.hpp"
#include "service/app/registrations.hpp"
#include "service/app/roster.hpp"
#include "service/app/session_admin.hpp"
#include "service/http/routes.hpp"

namespace formations::http {

using namespace Pistache;
using nlohmann::json;

void add_staff_routes(Rest::Router& router, Context& context) {
    route(router, Http::Method::Post, "/api/v1/sessions",
          staff_json_route(
              context, session_managers,
              [&context](const Rest::Request&, const app::Actor& actor, const json& body) {
                  auto input = read_session_input(body);
                  if (!input) {
                      return error_reply(input.error());
                  }
                  return reply_with(
                      app::create_session(context.database, actor, input.value(), context.today()),
                      201, session_json);
              }));

    route(router, Http::Method::Patch, "/api/v1/sessions/:id",
          staff_json_route(
              context, session_managers,
              [&context](const Rest::Request& request, const app::Actor& actor, const json& body) {
                  auto id = id_param(request);
                  auto changes = read_session_changes(body);
                  if (!id) {
                      return error_reply(app::session_not_found());
                  }
                  if (!changes) {
                      return error_reply(changes.error());
                  }
                  return reply_with(app::update_session(context.database, context.billing, actor,
                                                        *id, changes.value(), context.today()),
                                    200, session_json);
              }));

    route(router, Http::Method::Post, "/api/v1/sessions/:id/cancel",
          staff_route(context, session_managers,
                      [&context](const Rest::Request& request, const app::Actor& actor) {
                          auto id = id_param(request);
                          if (!id) {
                              return error_reply(app::session_not_found());
                          }
                          return reply_with(app::cancel_session(context.database, context.billing,
                                                                actor, *id, context.today()),
                                            200, session_json);
                      }));

    route(router, Http::Method::Get, "/api/v1/sessions/:id/roster",
          staff_route(
              context, staff_roles, [&context](const Rest::Request& request, const app::Actor&) {
                  auto id = id_param(request);
                  if (!id) {
                      return error_reply(app::session_not_found());
                  }
                  return reply_with(app::session_roster(context.database, *id), 200, roster_json);
              }));

    route(router, Http::Method::Get, "/api/v1/sessions/:id/roster.csv",
          staff_route(
              context, staff_roles, [&context](const Rest::Request& request, const app::Actor&) {
                  auto id = id_param(request);
                  if (!id) {
                      return error_reply(app::session_not_found());
                  }
                  auto roster = app::session_roster(context.database, *id);
                  if (!roster) {
                      return error_reply(roster.error());
                  }
                  auto file = "inscrits-" + roster->session.reference + ".csv";
                  return Reply{200,
                               app::roster_csv(roster.value()),
                               "text/csv; charset=utf-8",
                               {{"Content-Disposition", "attachment; filename=\"" + file + "\""}}};
              }));

    // Staff register someone on their behalf (after the deadline too).
    route(router, Http::Method::Post, "/api/v1/sessions/:id/registrations",
          staff_json_route(
              context, session_managers,
              [&context](const Rest::Request& request, const app::Actor& actor, json body) {
                  auto id = id_param(request);
                  if (!id) {
                      return error_reply(app::session_not_found());
                  }
                  if (body.is_object()) {
                      body["session_id"] = *id;
                  }
                  auto registration = read_registration_request(body);
                  if (!registration) {
                      return error_reply(registration.error());
                  }
                  return reply_with(app::register_trainee(
                                        context.database, context.billing, registration.value(),
                                        std::nullopt, {actor.audit_name(), true}, context.today()),
                                    201, registration_json);
              }));

    route(router, Http::Method::Post, "/api/v1/registrations/:id/move",
          staff_json_route(
              context, session_managers,
              [&context](const Rest::Request& request, const app::Actor& actor, const json& body) {
                  auto id = id_param(request);
                  auto target = read_move_request(body);
                  if (!id) {
                      return error_reply(app::registration_not_found());
                  }
                  if (!target) {
                      return error_reply(target.error());
                  }
                  return reply_with(app::move_registration(context.database, context.billing, actor,
                                                           *id, target.value(), context.today()),
                                    200, registration_json);
              }));

    route(router, Http::Method::Post, "/api/v1/registrations/:id/tier",
          staff_json_route(
              context, session_managers,
              [&context](const Rest::Request& request, const app::Actor& actor, const json& body) {
                  auto id = id_param(request);
                  auto tier = read_tier_request(body);
                  if (!id) {
                      return error_reply(app::registration_not_found());
                  }
                  if (!tier) {
                      return error_reply(tier.error());
                  }
                  return reply_with(app::correct_tier(context.database, context.billing, actor, *id,
                                                      tier.value(), context.today()),
                                    200, registration_json);
              }));

    route(router, Http::Method::Get, "/api/v1/audit",
          staff_route(context, {app::Role::admin},
                      [&context](const Rest::Request& request, const app::Actor&) {
                          app::AuditQuery query;
                          query.entity = query_text(request, "entity");
                          query.actor = query_text(request, "actor");
                          if (auto id = query_text(request, "entity_id")) {
                              query.entity_id = parse_id(*id);
                          }
                          if (auto before = query_text(request, "before_id")) {
                              query.before_id = parse_id(*before);
                          }
                          if (auto limit = query_text(request, "limit")) {
                              query.limit = static_cast<int>(parse_id(*limit).value_or(100));
                          }
                          return reply_with(app::read_audit(context.database, query), 200,
                                            [](const json& events) { return events; });
                      }));
}

}  // namespace formations::http

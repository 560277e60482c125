// Public routes: the session catalogue and the trainee's registration (by its token).
#include <algorithm>

#include "service/app/catalogue.hpp"
#include "service/app/registrations.hpp"
#include "service/app/tokens.hpp"
#include "service/http/routes.hpp"

namespace formations::http {

using namespace Pistache;
using nlohmann::json;

namespace {

constexpr std::size_t max_idempotency_key = 255;

app::Result<std::optional<std::string>> idempotency_key(const Rest::Request& request) {
    auto header = request.headers().tryGetRaw("Idempotency-Key");
    if (!header) {
        return std::optional<std::string>{};
    }
    const std::string& key = header->value();
    bool printable =
        std::all_of(key.begin(), key.end(), [](unsigned char c) { return c > 0x20 && c < 0x7F; });
    if (key.empty() || key.size() > max_idempotency_key || !printable) {
        return app::Error::invalid("invalid_idempotency_key",
                                   "L'en-tête Idempotency-Key doit contenir de 1 à 255 caractères "
                                   "ASCII visibles.",
                                   "Idempotency-Key");
    }
    return std::optional<std::string>{key};
}

}  // namespace

void add_catalogue_routes(Rest::Router& router, Context& context) {
    route(router, Http::Method::Get, "/api/v1/sessions",
          [&context](const Rest::Request& request, Http::ResponseWriter response) {
              offload(context, request, std::move(response), [&context] {
                  return reply_with(app::list_upcoming_sessions(context.database, context.today()),
                                    200, [](const auto& sessions) {
                                        json items = json::array();
                                        for (const auto& session : sessions) {
                                            items.push_back(session_json(session));
                                        }
                                        return json{{"sessions", items}};
                                    });
              });
          });

    route(router, Http::Method::Get, "/api/v1/sessions/:id",
          [&context](const Rest::Request& request, Http::ResponseWriter response) {
              auto id = parse_id(request.param(":id").as<std::string>());
              offload(context, request, std::move(response), [&context, id] {
                  if (!id) {
                      return error_reply(app::session_not_found());
                  }
                  return reply_with(app::get_session(context.database, *id, context.today()), 200,
                                    session_json);
              });
          });

    route(
        router, Http::Method::Post, "/api/v1/registrations",
        [&context](const Rest::Request& request, Http::ResponseWriter response) {
            if (auto error = check_json_request(request)) {
                send(response, error_reply(*error));
                return;
            }
            auto key = idempotency_key(request);
            offload(context, request, std::move(response), [&context, key, body = request.body()] {
                if (!key) {
                    return error_reply(key.error());
                }
                auto parsed = parse_json_body(body);
                if (!parsed) {
                    return error_reply(parsed.error());
                }
                auto registration = read_registration_request(parsed.value());
                if (!registration) {
                    return error_reply(registration.error());
                }
                std::optional<app::IdempotencyKey> idempotency;
                if (key.value()) {
                    // dump() sorts keys: the same request spelled differently has the same
                    // fingerprint.
                    idempotency =
                        app::IdempotencyKey{*key.value(), app::sha256_hex(parsed.value().dump())};
                }
                auto result =
                    app::register_trainee(context.database, context.billing, registration.value(),
                                          idempotency, app::Requester{}, context.today());
                auto reply = reply_with(result, 201, registration_json);
                if (result) {
                    reply.headers.emplace_back(
                        "Location", "/api/v1/registrations/" + result->registration.token);
                    if (result->replayed) {
                        reply.headers.emplace_back("Idempotent-Replayed", "true");
                    }
                }
                return reply;
            });
        });

    // By the trainee's token, or by id for staff (see registration_access).
    route(router, Http::Method::Get, "/api/v1/registrations/:ref",
          [&context](const Rest::Request& request, Http::ResponseWriter response) {
              auto ref = request.param(":ref").as<std::string>();
              offload(context, request, std::move(response),
                      [&context, ref, bearer = bearer_token(request)] {
                          auto access = registration_access(context, ref, bearer, staff_roles);
                          if (!access) {
                              return error_reply(access.error());
                          }
                          return reply_with(app::find_registration(context.database, access->key),
                                            200, registration_json);
                      });
          });

    route(router, Http::Method::Post, "/api/v1/registrations/:ref/cancel",
          [&context](const Rest::Request& request, Http::ResponseWriter response) {
              auto ref = request.param(":ref").as<std::string>();
              offload(context, request, std::move(response),
                      [&context, ref, bearer = bearer_token(request)] {
                          auto access = registration_access(context, ref, bearer, session_managers);
                          if (!access) {
                              return error_reply(access.error());
                          }
                          return reply_with(app::cancel_registration(
                                                context.database, context.billing, access->key,
                                                access->requester, context.today()),
                                            200, registration_json);
                      });
          });
}

}  // namespace formations::http

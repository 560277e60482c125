// Public routes: the session catalogue, the price before registering, and the trainee's
// registration (by its token; staff by id).
#include <algorithm>

#include "service/app/catalogue.hpp"
#include "service/app/rate_limits.hpp"
#include "service/app/registrations.hpp"
#include "service/app/tokens.hpp"
#include "service/http/json_body.hpp"
#include "service/http/json_io.hpp"
#include "service/http/routes.hpp"

namespace formations::http {

using nlohmann::json;

namespace {

constexpr std::size_t max_idempotency_key = 255;

Result<std::optional<std::string>> idempotency_key(const Request& request) {
    auto key = request.header("idempotency-key");
    if (!key) {
        return std::optional<std::string>{};
    }
    bool printable =
        std::all_of(key->begin(), key->end(), [](unsigned char c) { return c > 0x20 && c < 0x7F; });
    if (key->empty() || key->size() > max_idempotency_key || !printable) {
        return Error::invalid("invalid_idempotency_key",
                              "L'en-tête Idempotency-Key doit contenir de 1 à 255 caractères "
                              "ASCII visibles.",
                              "Idempotency-Key");
    }
    return key;
}

json sessions_json(const std::vector<app::SessionView>& sessions) {
    json items = json::array();
    for (const auto& session : sessions) {
        items.push_back(session_json(session));
    }
    return json{{"sessions", items}};
}

}  // namespace

void add_catalogue_routes(Routes& routes, Context& context) {
    routes.add("GET", "/api/v1/sessions", [&context](const Request&) {
        return reply_with(app::list_upcoming_sessions(context.database, context.clock), 200,
                          sessions_json);
    });

    routes.add("GET", "/api/v1/sessions/:id", [&context](const Request& request) {
        auto id = id_param(request);
        if (!id) {
            return error_reply(app::session_not_found());
        }
        return reply_with(app::get_session(context.database, context.clock, *id), 200,
                          session_json);
    });

    // The price a registration would pay, for the form: without `siret` self-funded; with it
    // and the employer's `name`, the tier when both match the member directory (app::Quote), and
    // then the directory's address of the structure (`employer_address`) for the form to fill.
    routes.add("GET", "/api/v1/quote", [&context](const Request& request) {
        auto session = request.query_value("session_id");
        if (!session) {
            return error_reply(Error::invalid("required", "Choisissez une session.", "session_id"));
        }
        auto session_id = parse_id(*session);
        if (!session_id) {
            return error_reply(Error::invalid(
                "invalid_type", "Le champ doit être un identifiant entier positif.", "session_id"));
        }
        if (auto admitted = app::admit(context.database, context.clock, context.limits.quotes,
                                       request.client_address);
            !admitted) {
            return error_reply(admitted.error());
        }
        return reply_with(app::quote(context.database, *session_id, request.query_value("siret"),
                                     request.query_value("name")),
                          200, [](const app::Quote& quote) {
                              json body = {{"session_id", quote.session_id},
                                           {"tier", nullptr},
                                           {"price_cents", nullable(quote.price_cents)}};
                              if (quote.tier) {
                                  body["tier"] = pricing::to_string(*quote.tier);
                                  if (quote.employer_address) {
                                      body["employer_address"] = *quote.employer_address;
                                  }
                              } else {
                                  body["possible_prices_cents"] = {
                                      {"member", quote.member_price_cents},
                                      {"non_member", quote.non_member_price_cents}};
                              }
                              return body;
                          });
    });

    routes.add("POST", "/api/v1/registrations", [&context](const Request& request) {
        auto body = json_body(request);
        if (!body) {
            return error_reply(body.error());
        }
        auto key = idempotency_key(request);
        if (!key) {
            return error_reply(key.error());
        }
        auto registration = read_registration_request(body.value());
        if (!registration) {
            return error_reply(registration.error());
        }
        if (auto admitted = app::admit(context.database, context.clock,
                                       context.limits.registrations, request.client_address);
            !admitted) {
            return error_reply(admitted.error());
        }
        std::optional<app::IdempotencyKey> idempotency;
        if (key.value()) {
            // dump() sorts keys: the same request spelled differently has the same fingerprint.
            idempotency = app::IdempotencyKey{*key.value(), app::sha256_hex(body->dump())};
        }
        auto result = app::register_trainee(context.database, context.clock, context.billing,
                                            registration.value(), idempotency, app::Requester{});
        auto reply = reply_with(result, 201, registration_json);
        if (result) {
            reply.headers.emplace_back("Location",
                                       "/api/v1/registrations/" + result->registration.token);
            if (result->replayed) {
                reply.headers.emplace_back("Idempotent-Replayed", "true");
            }
        }
        return reply;
    });

    // By the trainee's token, or by id for staff (see registration_access).
    routes.add("GET", "/api/v1/registrations/:ref", [&context](const Request& request) {
        auto access = registration_access(context, request, staff_roles);
        if (!access) {
            return error_reply(access.error());
        }
        return reply_with(app::find_registration(context.database, access->key), 200,
                          registration_json);
    });

    // The cancellation, with the preview's confirmation when the page showed one: what it would
    // cost then and what it costs now may differ (a deadline passed, a payment recorded), and a
    // person confirms a price, so a stale confirmation is refused (409), never applied.
    routes.add("POST", "/api/v1/registrations/:ref/cancel", [&context](const Request& request) {
        auto access = registration_access(context, request, session_managers);
        if (!access) {
            return error_reply(access.error());
        }
        auto confirmation = read_cancel_request(request);
        if (!confirmation) {
            return error_reply(confirmation.error());
        }
        return reply_with(
            app::cancel_registration(context.database, context.clock, context.billing, access->key,
                                     access->requester, confirmation.value()),
            200, registration_json);
    });

    // What cancelling would cost now, written nowhere (app::preview_cancellation).
    routes.add("POST", "/api/v1/registrations/:ref/cancel-preview",
               [&context](const Request& request) {
                   auto access = registration_access(context, request, session_managers);
                   if (!access) {
                       return error_reply(access.error());
                   }
                   return reply_with(
                       app::preview_cancellation(context.database, context.clock, context.billing,
                                                 access->key, access->requester),
                       200, cancellation_outcome_json);
               });

    // A seat offered from the waiting list: the trainee answers through their token; staff, by
    // id, on the person's behalf.
    routes.add(
        "POST", "/api/v1/registrations/:ref/offer/accept", [&context](const Request& request) {
            auto access = registration_access(context, request, session_managers);
            if (!access) {
                return error_reply(access.error());
            }
            return reply_with(app::accept_offer(context.database, context.clock, context.billing,
                                                access->key, access->requester),
                              200, registration_json);
        });
    routes.add(
        "POST", "/api/v1/registrations/:ref/offer/decline", [&context](const Request& request) {
            auto access = registration_access(context, request, session_managers);
            if (!access) {
                return error_reply(access.error());
            }
            return reply_with(app::decline_offer(context.database, context.clock, context.billing,
                                                 access->key, access->requester),
                              200, registration_json);
        });
}

}  // namespace formations::http

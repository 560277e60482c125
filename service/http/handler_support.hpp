#pragma once
// What every route handler shares: the reply type, JSON and error replies, the hand-off of
// blocking work to the worker pool, request checks (JSON body, ids, tokens, bearer tokens) and
// the context handlers run with. Example of a route:
//   route(router, Http::Method::Get, "/api/v1/sessions/:id", [&context](auto& request, auto
//   response) {
//       auto id = parse_id(request.param(":id").template as<std::string>());
//       offload(context, request, std::move(response), [&context, id] { return …; });
//   });

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pistache/http.h>
#include <pistache/router.h>
#include <nlohmann/json.hpp>

#include "invoices/billing_settings.hpp"
#include "service/app/accounts.hpp"
#include "service/app/clock.hpp"
#include "service/app/error.hpp"
#include "service/app/registrations.hpp"
#include "service/http/executor.hpp"
#include "service/http/json_io.hpp"
#include "service/storage/database.hpp"

namespace formations::http {

// What a handler answers, built off the event loop and sent by the worker.
struct Reply {
    int status = 200;
    std::string body;
    std::string content_type = "application/json; charset=utf-8";
    std::vector<std::pair<std::string, std::string>> headers;
};

// What handlers need: the database, the billing settings, today's date, the worker pool.
struct Context {
    storage::Database& database;
    const invoices::BillingSettings& billing;
    app::Today today;
    Executor& executor;
};

// JSON bodies above this get our 413 (Pistache cuts requests above 2 MiB itself, see server.cpp).
inline constexpr std::size_t max_json_body = 64 * 1024;

// Everyone with an account; those who run sessions.
inline const std::vector<app::Role> staff_roles = {app::Role::admin, app::Role::staff,
                                                   app::Role::accountant};
Reply json_reply(int status, const nlohmann::json& body);
Reply error_reply(const app::Error& error);

template <typename T, typename F>
Reply reply_with(const app::Result<T>& result, int status, F&& to_json) {
    if (!result) {
        return error_reply(result.error());
    }
    return json_reply(status, to_json(result.value()));
}

void send(Pistache::Http::ResponseWriter& writer, const Reply& reply);
void log_request(const std::string& method, const std::string& path, int status,
                 std::chrono::steady_clock::time_point started);

// Runs `job` on the worker pool and sends its reply; 503 when the pool's queue is full.
void offload(Context& context, const Pistache::Rest::Request& request,
             Pistache::Http::ResponseWriter response, std::function<Reply()> job);

using Handler = std::function<void(const Pistache::Rest::Request&, Pistache::Http::ResponseWriter)>;
void route(Pistache::Rest::Router& router, Pistache::Http::Method method, const std::string& path,
           Handler handler);

std::optional<std::int64_t> parse_id(const std::string& text);
// 43 characters of base64url: anything else cannot be a token, so no need to ask the database.
bool looks_like_token(const std::string& text);
// 413 above `max_body`, 415 unless Content-Type is application/json.
std::optional<app::Error> check_json_request(const Pistache::Rest::Request& request,
                                             std::size_t max_body = max_json_body);
// The Bearer token of the Authorization header, or empty.
std::string bearer_token(const Pistache::Rest::Request& request);

inline const std::vector<app::Role> session_managers = {app::Role::admin, app::Role::staff};

// A registration path segment is either the trainee's token, or a numeric id that only a staff
// member with one of `roles` may use. Runs on a worker (the check reads the database).
struct RegistrationAccess {
    app::RegistrationKey key;
    app::Requester requester;
};
app::Result<RegistrationAccess> registration_access(Context& context, const std::string& segment,
                                                    const std::string& bearer,
                                                    const std::vector<app::Role>& roles);

// The shape of a staff route with a JSON body: checked on the event loop, then on a worker the
// caller is authenticated (401/403), the body parsed, and `work(request, actor, body)` answers.
template <typename Work>
Handler staff_json_route(Context& context, std::vector<app::Role> roles, Work work) {
    return [&context, roles, work](const Pistache::Rest::Request& request,
                                   Pistache::Http::ResponseWriter response) {
        if (auto error = check_json_request(request)) {
            send(response, error_reply(*error));
            return;
        }
        offload(context, request, std::move(response),
                [&context, roles, work, request_copy = request, bearer = bearer_token(request)] {
                    auto actor = app::authenticate(context.database, bearer, roles);
                    if (!actor) {
                        return error_reply(actor.error());
                    }
                    auto body = parse_json_body(request_copy.body());
                    if (!body) {
                        return error_reply(body.error());
                    }
                    return work(request_copy, actor.value(), body.value());
                });
    };
}

// Same without a body.
template <typename Work>
Handler staff_route(Context& context, std::vector<app::Role> roles, Work work) {
    return [&context, roles, work](const Pistache::Rest::Request& request,
                                   Pistache::Http::ResponseWriter response) {
        offload(context, request, std::move(response),
                [&context, roles, work, request_copy = request, bearer = bearer_token(request)] {
                    auto actor = app::authenticate(context.database, bearer, roles);
                    if (!actor) {
                        return error_reply(actor.error());
                    }
                    return work(request_copy, actor.value());
                });
    };
}

// The path parameter ":id" as a positive integer.
std::optional<std::int64_t> id_param(const Pistache::Rest::Request& request);
// A query parameter; empty counts as absent.
std::optional<std::string> query_text(const Pistache::Rest::Request& request,
                                      const std::string& name);

}  // namespace formations::http

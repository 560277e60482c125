// Staff accounts: login, logout, who am I.
#include "service/app/accounts.hpp"
#include "service/http/routes.hpp"

namespace formations::http {

using namespace Pistache;
using nlohmann::json;

void add_account_routes(Rest::Router& router, Context& context) {
    route(router, Http::Method::Post, "/api/v1/auth/login",
          [&context](const Rest::Request& request, Http::ResponseWriter response) {
              if (auto error = check_json_request(request)) {
                  send(response, error_reply(*error));
                  return;
              }
              offload(context, request, std::move(response), [&context, body = request.body()] {
                  auto parsed = parse_json_body(body);
                  if (!parsed) {
                      return error_reply(parsed.error());
                  }
                  auto credentials = read_login_request(parsed.value());
                  if (!credentials) {
                      return error_reply(credentials.error());
                  }
                  auto result =
                      app::login(context.database, credentials->first, credentials->second);
                  return reply_with(result, 200, [](const app::Login& login) {
                      return json{{"token", login.token},
                                  {"expires_at", login.expires_at},
                                  {"user", user_json(login.actor)}};
                  });
              });
          });

    route(router, Http::Method::Post, "/api/v1/auth/logout",
          [&context](const Rest::Request& request, Http::ResponseWriter response) {
              auto bearer = bearer_token(request);
              offload(context, request, std::move(response), [&context, bearer] {
                  auto result = app::logout(context.database, bearer);
                  if (!result) {
                      return error_reply(result.error());
                  }
                  return Reply{204, "", "text/plain; charset=utf-8", {}};
              });
          });

    route(router, Http::Method::Get, "/api/v1/auth/me",
          [&context](const Rest::Request& request, Http::ResponseWriter response) {
              auto bearer = bearer_token(request);
              offload(context, request, std::move(response), [&context, bearer] {
                  return reply_with(app::authenticate(context.database, bearer, staff_roles), 200,
                                    [](const app::Actor& actor) {
                                        return json{{"user", user_json(actor)}};
                                    });
              });
          });
}

}  // namespace formations::http

// Staff accounts: login, logout, who am I.
#include "service/app/accounts.hpp"
#include "service/domain/iso8601.hpp"
#include "service/http/json_body.hpp"
#include "service/http/json_io.hpp"
#include "service/http/routes.hpp"

namespace formations::http {

using nlohmann::json;

void add_account_routes(Routes& routes, Context& context) {
    routes.add("POST", "/api/v1/auth/login", [&context](const Request& request) {
        auto credentials = read_body(request, read_login_request);
        if (!credentials) {
            return error_reply(credentials.error());
        }
        return reply_with(app::login(context.database, context.clock, credentials->first,
                                     credentials->second, request.client_address),
                          200, [](const app::Login& login) {
                              return json{{"token", login.token},
                                          {"expires_at", format_instant(login.expires_at)},
                                          {"user", user_json(login.actor)}};
                          });
    });

    routes.add("POST", "/api/v1/auth/logout", [&context](const Request& request) {
        auto result = app::logout(context.database, context.clock, request.bearer_token());
        if (!result) {
            return error_reply(result.error());
        }
        return Reply{204, "", "text/plain; charset=utf-8", {}};
    });

    routes.add("GET", "/api/v1/auth/me",
               staff_route(context, staff_roles, [](const Request&, const app::Actor& actor) {
                   return json_reply(200, {{"user", user_json(actor)}});
               }));
}

}  // namespace formations::http

// Staff accounts: login (a bearer token for API clients, a session cookie for the pages: see
// staff_session.hpp), logout, who am I.
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

    // The pages' login: the same check, the token in an HttpOnly cookie and never in the body.
    // The page's header is required here too, so that another site cannot log a browser into
    // an account of its choosing.
    routes.add("POST", "/api/v1/auth/session", [&context](const Request& request) {
        if (request.header(csrf_header) != "1") {
            return error_reply({ErrorCategory::forbidden,
                                "csrf_refused",
                                "Connectez-vous depuis la page de connexion du service.",
                                {},
                                {}});
        }
        auto credentials = read_body(request, read_login_request);
        if (!credentials) {
            return error_reply(credentials.error());
        }
        auto login = app::login(context.database, context.clock, credentials->first,
                                credentials->second, request.client_address);
        if (!login) {
            return error_reply(login.error());
        }
        auto reply = json_reply(200, {{"expires_at", format_instant(login->expires_at)},
                                      {"user", user_json(login->actor)}});
        reply.headers.emplace_back("Set-Cookie", session_cookie(login->token, request));
        return reply;
    });

    // Revokes the token (bearer or cookie) in the database: the login ends in every tab and on
    // every instance; the cookie is cleared whatever the outcome.
    routes.add("POST", "/api/v1/auth/logout", [&context](const Request& request) {
        auto token = staff_token(request);
        auto result = token ? app::logout(context.database, context.clock, token.value())
                            : Result<Done>(token.error());
        auto reply =
            result ? Reply{204, "", "text/plain; charset=utf-8", {}} : error_reply(result.error());
        if (request.cookie(session_cookie_name) && token) {
            reply.headers.emplace_back("Set-Cookie", ended_session_cookie(request));
        }
        return reply;
    });

    routes.add("GET", "/api/v1/auth/me",
               staff_route(context, staff_roles, [](const Request&, const app::Actor& actor) {
                   return json_reply(200, {{"user", user_json(actor)}});
               }));
}

}  // namespace formations::http

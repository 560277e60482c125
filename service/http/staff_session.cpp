#include "service/http/staff_session.hpp"

#include <chrono>

namespace formations::http {
namespace {

std::string cookie_attributes(const Request& request, long max_age_seconds) {
    return "; Path=/; Max-Age=" + std::to_string(max_age_seconds) + "; HttpOnly; SameSite=Strict" +
           (request.over_tls ? "; Secure" : "");
}

Error csrf_refused() {
    return {ErrorCategory::forbidden,
            "csrf_refused",
            "Cette demande ne vient pas des pages du service : elle est refusée. Rechargez la page "
            "et recommencez.",
            {},
            {}};
}

}  // namespace

Result<std::string> staff_token(const Request& request) {
    if (auto bearer = request.bearer_token(); !bearer.empty()) {
        return bearer;
    }
    auto cookie = request.cookie(session_cookie_name);
    if (!cookie) {
        return std::string();
    }
    if (!request.is_safe_method()) {
        auto site = request.header("sec-fetch-site");
        if (request.header(csrf_header) != "1" || (site && *site != "same-origin")) {
            return csrf_refused();
        }
    }
    return *cookie;
}

std::string session_cookie(const std::string& token, const Request& request) {
    const auto lifetime = std::chrono::duration_cast<std::chrono::seconds>(app::token_lifetime);
    return std::string(session_cookie_name) + "=" + token +
           cookie_attributes(request, static_cast<long>(lifetime.count()));
}

std::string ended_session_cookie(const Request& request) {
    return std::string(session_cookie_name) + "=" + cookie_attributes(request, 0);
}

}  // namespace formations::http

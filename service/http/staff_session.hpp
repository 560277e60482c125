#pragma once
// How a staff member proves who they are, in one place for every route.
//
// Two carriers for the same opaque login token (app/accounts.hpp):
// - API clients send `Authorization: Bearer <token>` (POST /api/v1/auth/login gives it);
// - the pages hold a session cookie that scripts cannot read (POST /api/v1/auth/session sets
//   it): `formations_session`, HttpOnly, SameSite=Strict, Path=/, Secure when the client came
//   over HTTPS (X-Forwarded-Proto from a trusted proxy), for the token's 12 hours. Every tab of
//   the browser shares it; logout revokes the token in the database, so it ends in every tab at
//   its next request.
//
// Cross-site request forgery: a request that changes something (not GET or HEAD) and is
// authenticated by the cookie must carry `X-Formations-Csrf: 1` and, when the browser sends
// Sec-Fetch-Site, come from the same origin. SameSite=Strict already keeps the cookie off
// requests started by another site; the custom header is the second lock: a form cannot send
// it, and a script of another origin cannot either without a CORS preflight, which this service
// never grants. A bearer token is never sent by a browser on its own, so it needs neither.

#include <string>
#include <vector>

#include "service/app/accounts.hpp"
#include "service/http/request.hpp"

namespace formations::http {

inline constexpr const char* session_cookie_name = "formations_session";
inline constexpr const char* csrf_header = "x-formations-csrf";

// The token of the request: the bearer token, else the session cookie (checked against
// forgery as above: 403 `csrf_refused`); empty when it has neither.
Result<std::string> staff_token(const Request& request);

// The Set-Cookie values that start and end a browser session.
std::string session_cookie(const std::string& token, const Request& request);
std::string ended_session_cookie(const Request& request);

}  // namespace formations::http

#pragma once
// A request as handlers read it, copied from Pistache's on the event loop (server.cpp) so that
// handlers run on a worker and never see Pistache: method, path, path parameters, query values
// (decoded once, here), the headers handlers use and the body. With it, the one way to read
// each kind of value, each returning a Result with the 400 a client gets when it is wrong:
//   auto id = id_param(request);                            // "/api/v1/sessions/:id"
//   auto from = query_date(request, "from");                // "2019-06-27" or absent
//   auto limit = query_integer(request, "limit", 50, 1, 500);

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "service/domain/error.hpp"

namespace formations::http {

struct Request {
    std::string method;                                      // "GET"
    std::string path;                                        // without the query string
    std::map<std::string, std::string> params;               // path parameters, without ':'
    std::vector<std::pair<std::string, std::string>> query;  // decoded (see query_of)
    std::map<std::string, std::string> headers;              // names lower-cased
    std::string body;
    // Who sent it (client_address.hpp: nginx's X-Real-IP from a trusted proxy, else the peer),
    // for rate limits and login throttling.
    std::string client_address;
    // The X-Request-Id it came with (nginx's $request_id), or one made for it: in the answer's
    // X-Request-Id and in the log line of the request.
    std::string request_id;
    // The cookies it carries (name → value).
    std::map<std::string, std::string> cookies;
    // Whether the client reached us over HTTPS: said by X-Forwarded-Proto from a trusted proxy
    // (nginx terminates TLS); a session cookie is then marked Secure.
    bool over_tls = false;

    // The path parameter (empty when the route has none of that name).
    std::string param(const std::string& name) const;
    // A query value; empty counts as absent.
    std::optional<std::string> query_value(const std::string& name) const;
    std::optional<std::string> header(const std::string& lower_case_name) const;
    // The Bearer token of the Authorization header, or empty.
    std::string bearer_token() const;
    std::optional<std::string> cookie(const std::string& name) const;
    // GET and HEAD: no state changes, so no cross-site request forgery check.
    bool is_safe_method() const { return method == "GET" || method == "HEAD"; }
    // The media type of Content-Type, lower-cased, without parameters ("application/json").
    std::string media_type() const;
    // Its charset parameter, lower-cased, if any.
    std::optional<std::string> charset() const;
};

// The query string's parameters, names and values percent-decoded ('+' is a space); a value
// with a malformed escape is kept as it was sent, for the checks to refuse.
std::vector<std::pair<std::string, std::string>> query_of(
    const std::vector<std::pair<std::string, std::string>>& raw);

// The path parameter `name` as a positive integer.
std::optional<std::int64_t> id_param(const Request& request, const std::string& name = "id");
std::optional<std::int64_t> parse_id(std::string_view text);

// Query values: absent (or empty) gives the fallback / nullopt; anything malformed an
// `invalid_…` error on the parameter's name.
Result<std::optional<boost::gregorian::date>> query_date(const Request& request,
                                                         const std::string& name);
Result<int> query_integer(const Request& request, const std::string& name, int fallback,
                          int minimum, int maximum);
Result<std::optional<std::int64_t>> query_id(const Request& request, const std::string& name);

// `limit` (1 to `max_limit`, default `default_limit`) and `offset` (0 to 100 000 000, default 0)
// of a list.
struct Page {
    int limit = 0;
    int offset = 0;
};
Result<Page> query_page(const Request& request, int default_limit, int max_limit);

// The body limits of every route: JSON bodies (json_body.hpp, max_json_body), and the CSV import
// of the member directory. The HTTP front (front.hpp) refuses a larger Content-Length before the
// body is read.
inline constexpr std::size_t max_csv_body = 1024 * 1024;

// A request body above its limit: 413.
Error payload_too_large(const std::string& message = "La requête est trop volumineuse.");
Error unsupported_media_type(const std::string& message);

}  // namespace formations::http

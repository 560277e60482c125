#pragma once
// The service's log: one JSON object per line on the error stream (journald keeps it with its
// own timestamp; `journalctl -u 'formations@*' -o cat | jq` reads it). One line per request,
// written when it is answered:
//   {"level":"info","event":"request","method":"GET","route":"/api/v1/sessions/:id",
//    "status":200,"duration_ms":1.84,"request_id":"3f9c…"}
// The route is the template, never the path: a path may hold a registration token, and no line
// holds a token, a password, a body or anyone's name or address. Errors are logged with the
// request id of the request being answered on that thread.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace formations::http {

struct RequestLog {
    std::string method;
    std::string route;  // the route's template, or a name in parentheses
    int status = 0;
    std::chrono::steady_clock::duration duration{};
    std::string request_id;
};

void log_request(const RequestLog& entry);

// {"level": level, "event": event, …fields, "request_id": the current one (if any)}
void log_event(std::string_view level, std::string_view event, nlohmann::json fields = {});

// The X-Request-Id a request came with when it is 1 to 64 characters of A–Z a–z 0–9 . _ -
// (nginx's $request_id is 32 hex digits), else a new random one (32 hex digits).
std::string request_id_for(const std::optional<std::string>& given);

// While it lives, log_event lines of this thread carry `request_id`.
class RequestScope {
  public:
    explicit RequestScope(const std::string& request_id);
    ~RequestScope();
    RequestScope(const RequestScope&) = delete;
    RequestScope& operator=(const RequestScope&) = delete;

  private:
    std::string previous_;
};

}  // namespace formations::http

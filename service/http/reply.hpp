#pragma once
// What a handler answers, and the one way errors become answers: the category gives the HTTP
// status, the body is {"error": {"code", "message", "field"}}, the internal detail goes to the
// log only. Example:
//   return reply_with(app::get_session(db, clock, id), 200, session_json);

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "service/domain/error.hpp"

namespace formations::http {

struct Reply {
    int status = 200;
    std::string body;
    std::string content_type = "application/json; charset=utf-8";
    std::vector<std::pair<std::string, std::string>> headers;
};

int http_status(ErrorCategory category);
nlohmann::json error_json(const Error& error);

Reply json_reply(int status, const nlohmann::json& body);
// Logs the error's internal detail, if any (log.hpp).
Reply error_reply(const Error& error);

template <typename T, typename F>
Reply reply_with(const Result<T>& result, int status, F&& to_json) {
    if (!result) {
        return error_reply(result.error());
    }
    return json_reply(status, to_json(result.value()));
}

}  // namespace formations::http

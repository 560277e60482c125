#include "service/http/reply.hpp"

#include "service/http/log.hpp"

namespace formations::http {

int http_status(ErrorCategory category) {
    switch (category) {
        case ErrorCategory::invalid_argument:
            return 400;
        case ErrorCategory::unauthenticated:
            return 401;
        case ErrorCategory::forbidden:
            return 403;
        case ErrorCategory::not_found:
            return 404;
        case ErrorCategory::conflict:
            return 409;
        case ErrorCategory::payload_too_large:
            return 413;
        case ErrorCategory::unsupported_media_type:
            return 415;
        case ErrorCategory::unprocessable:
            return 422;
        case ErrorCategory::too_many_requests:
            return 429;
        case ErrorCategory::unavailable:
            return 503;
        case ErrorCategory::internal:
            return 500;
    }
    return 500;
}

nlohmann::json error_json(const Error& error) {
    return {
        {"error",
         {{"code", error.code},
          {"message", error.message},
          {"field", error.field.empty() ? nlohmann::json(nullptr) : nlohmann::json(error.field)}}}};
}

Reply json_reply(int status, const nlohmann::json& body) {
    return {status, body.dump(), "application/json; charset=utf-8", {}};
}

Reply error_reply(const Error& error) {
    if (!error.detail.empty()) {
        log_event("error", "error", {{"code", error.code}, {"detail", error.detail}});
    }
    auto reply = json_reply(http_status(error.category), error_json(error));
    if (reply.status == 429 || reply.status == 503) {
        int seconds = error.retry_after_seconds > 0 ? error.retry_after_seconds
                                                    : (reply.status == 429 ? 60 : 5);
        reply.headers.emplace_back("Retry-After", std::to_string(seconds));
    }
    return reply;
}

}  // namespace formations::http

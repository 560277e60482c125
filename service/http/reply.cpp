#include "service/http/reply.hpp"

#include <iostream>
#include <mutex>

namespace formations::http {
namespace {

// Registration tokens are secrets: keep them (and anything that may be part of one) out of the
// logs; a staff member's numeric id and the lost-link form are no secret.
std::string loggable_path(const std::string& path) {
    const std::string marker = "/registrations/";
    auto at = path.find(marker);
    if (at == std::string::npos) {
        return path;
    }
    auto start = at + marker.size();
    auto end = path.find('/', start);
    auto segment = path.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (segment == "lost-link" ||
        (!segment.empty() && segment.find_first_not_of("0123456789") == std::string::npos)) {
        return path;
    }
    return path.substr(0, start) + "<token>" + (end == std::string::npos ? "" : path.substr(end));
}

}  // namespace

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
        std::cerr << "error " << error.code << ": " << error.detail << '\n';
    }
    return json_reply(http_status(error.category), error_json(error));
}

void log_request(const std::string& method, const std::string& path, int status,
                 std::chrono::steady_clock::time_point started) {
    static std::mutex mutex;
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
    std::lock_guard lock(mutex);
    std::clog << method << ' ' << loggable_path(path) << ' ' << status << ' ' << micros / 1000.0
              << "ms\n";
}

}  // namespace formations::http

#include "service/http/log.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <random>

namespace formations::http {
namespace {

thread_local std::string current_request_id;

void write_line(const nlohmann::json& line) {
    static std::mutex mutex;
    // Invalid UTF-8 (it never should be) is replaced rather than thrown.
    auto text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::lock_guard lock(mutex);
    std::clog << text << '\n';
}

}  // namespace

void log_request(const RequestLog& entry) {
    nlohmann::json line = {
        {"level", entry.status == 500 ? "error" : "info"},
        {"event", "request"},
        {"method", entry.method},
        {"route", entry.route},
        {"status", entry.status},
        {"duration_ms",
         std::round(std::chrono::duration<double, std::milli>(entry.duration).count() * 1000) /
             1000},
        {"request_id", entry.request_id}};
    write_line(line);
}

void log_event(std::string_view level, std::string_view event, nlohmann::json fields) {
    nlohmann::json line = {{"level", level}, {"event", event}};
    if (fields.is_object()) {
        line.update(fields);
    }
    if (!current_request_id.empty()) {
        line["request_id"] = current_request_id;
    }
    write_line(line);
}

std::string request_id_for(const std::optional<std::string>& given) {
    if (given && !given->empty() && given->size() <= 64 &&
        std::all_of(given->begin(), given->end(), [](unsigned char c) {
            return std::isalnum(c) || c == '.' || c == '_' || c == '-';
        })) {
        return *given;
    }
    thread_local std::mt19937_64 random{std::random_device{}()};
    char text[33];
    std::snprintf(text, sizeof text, "%016llx%016llx", static_cast<unsigned long long>(random()),
                  static_cast<unsigned long long>(random()));
    return text;
}

RequestScope::RequestScope(const std::string& request_id) : previous_(current_request_id) {
    current_request_id = request_id;
}

RequestScope::~RequestScope() {
    current_request_id = previous_;
}

}  // namespace formations::http

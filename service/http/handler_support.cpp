#include "service/http/handler_support.hpp"

#include <strings.h>
#include <algorithm>
#include <cctype>
#include <charconv>
#include <iostream>
#include <mutex>

namespace formations::http {

using namespace Pistache;
using nlohmann::json;

namespace {

// Registration tokens are secrets: keep them out of the logs.
std::string loggable_path(const std::string& path) {
    const std::string marker = "/registrations/";
    auto at = path.find(marker);
    if (at == std::string::npos) {
        return path;
    }
    auto start = at + marker.size();
    auto end = path.find('/', start);
    return path.substr(0, start) + "<token>" + (end == std::string::npos ? "" : path.substr(end));
}

void log_request_line(const std::string& method, const std::string& path, int status,
                      std::chrono::steady_clock::time_point started) {
    static std::mutex mutex;
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
    std::lock_guard lock(mutex);
    std::clog << method << ' ' << loggable_path(path) << ' ' << status << ' ' << micros / 1000.0
              << "ms\n";
}

// Pistache 0.0.5 does not write "raw" response headers; this one carries any name and value.
class TextHeader : public Http::Header::Header {
  public:
    TextHeader(std::string name, std::string value)
        : name_(std::move(name)), value_(std::move(value)) {}
    const char* name() const override { return name_.c_str(); }
    void write(std::ostream& stream) const override { stream << value_; }
#ifdef SAFE_HEADER_CAST
    uint64_t hash() const override {
        return 0;
    }
#endif

  private:
    std::string name_;
    std::string value_;
};

}  // namespace

void log_request(const std::string& method, const std::string& path, int status,
                 std::chrono::steady_clock::time_point started) {
    log_request_line(method, path, status, started);
}

Reply json_reply(int status, const json& body) {
    return {status, body.dump(), "application/json; charset=utf-8", {}};
}

Reply error_reply(const app::Error& error) {
    if (!error.detail.empty()) {
        std::cerr << "error " << error.code << ": " << error.detail << '\n';
    }
    return json_reply(http_status(error.category), error_json(error));
}

void send(Http::ResponseWriter& writer, const Reply& reply) {
    auto& headers = writer.headers();
    headers.add(std::make_shared<TextHeader>("Content-Type", reply.content_type));
    headers.add(std::make_shared<TextHeader>("X-Content-Type-Options", "nosniff"));
    headers.add(std::make_shared<TextHeader>("Cache-Control", "no-store"));
    for (const auto& [name, value] : reply.headers) {
        headers.add(std::make_shared<TextHeader>(name, value));
    }
    writer.send(static_cast<Http::Code>(reply.status), reply.body);
}

std::optional<std::int64_t> parse_id(const std::string& text) {
    std::int64_t id = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (error != std::errc() || end != text.data() + text.size() || id <= 0) {
        return std::nullopt;
    }
    return id;
}

// 43 characters of base64url: anything else cannot be a token, so no need to ask the database.
bool looks_like_token(const std::string& text) {
    return text.size() == 43 && std::all_of(text.begin(), text.end(), [](unsigned char c) {
               return std::isalnum(c) || c == '-' || c == '_';
           });
}

std::optional<app::Error> check_json_request(const Rest::Request& request, std::size_t max_body) {
    if (request.body().size() > max_body) {
        return app::Error{app::ErrorCategory::payload_too_large,
                          "payload_too_large",
                          "La requête est trop volumineuse.",
                          {},
                          {}};
    }
    auto type = request.headers().tryGet<Http::Header::ContentType>();
    if (!type || !(type->mime() == MIME(Application, Json))) {
        return app::Error{app::ErrorCategory::unsupported_media_type,
                          "unsupported_media_type",
                          "Le corps de la requête doit être du JSON (Content-Type: "
                          "application/json).",
                          {},
                          {}};
    }
    return std::nullopt;
}

// The Bearer token of the Authorization header, or empty.
std::string bearer_token(const Rest::Request& request) {
    auto header = request.headers().tryGet<Http::Header::Authorization>();
    if (!header) {
        return {};
    }
    const std::string value = header->value();
    const std::string scheme = "Bearer ";
    if (value.size() <= scheme.size() || strncasecmp(value.c_str(), scheme.c_str(), 7) != 0) {
        return {};
    }
    return value.substr(scheme.size());
}

void offload(Context& context, const Rest::Request& request, Http::ResponseWriter response,
             std::function<Reply()> job) {
    auto started = std::chrono::steady_clock::now();
    auto method = std::string(Http::methodString(request.method()));
    auto path = request.resource();
    auto writer = std::make_shared<Http::ResponseWriter>(std::move(response));
    bool queued = context.executor.submit([writer, job = std::move(job), method, path, started] {
        Reply reply;
        try {
            reply = job();
        } catch (const std::exception& error) {
            reply = error_reply(app::Error::internal(error.what()));
        }
        send(*writer, reply);
        log_request(method, path, reply.status, started);
    });
    if (!queued) {
        auto reply = error_reply(app::Error::unavailable("worker queue full"));
        send(*writer, reply);
        log_request(method, path, reply.status, started);
    }
}

app::Result<RegistrationAccess> registration_access(Context& context, const std::string& segment,
                                                    const std::string& bearer,
                                                    const std::vector<app::Role>& roles) {
    if (auto id = parse_id(segment)) {
        auto actor = app::authenticate(context.database, bearer, roles);
        if (!actor) {
            return actor.error();
        }
        return RegistrationAccess{*id, {actor->audit_name(), true}};
    }
    if (!looks_like_token(segment)) {
        return app::registration_not_found();
    }
    return RegistrationAccess{segment, {}};
}

std::optional<std::int64_t> id_param(const Rest::Request& request) {
    return parse_id(request.param(":id").as<std::string>());
}

std::optional<std::string> query_text(const Rest::Request& request, const std::string& name) {
    auto value = request.query().get(name);
    if (value && value->empty()) {
        return std::nullopt;
    }
    return value;
}

void route(Rest::Router& router, Http::Method method, const std::string& path, Handler handler) {
    router.addRoute(method, path,
                    [handler = std::move(handler)](const Rest::Request& request,
                                                   Http::ResponseWriter response) {
                        handler(request, std::move(response));
                        return Rest::Route::Result::Ok;
                    });
}

}  // namespace formations::http

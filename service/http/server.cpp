#include "service/http/server.hpp"

#include <charconv>
#include <chrono>
#include <iostream>
#include <mutex>

#include "service/app/catalogue.hpp"
#include "service/app/registrations.hpp"
#include "service/app/tokens.hpp"
#include "service/http/json_io.hpp"
#include "service/storage/migrations.hpp"

namespace formations::http {
namespace {

using namespace Pistache;
using nlohmann::json;

// Pistache refuses bigger requests itself (with a plain-text 413); below that we answer with our
// JSON error when a body exceeds what any registration needs.
constexpr std::size_t pistache_max_request = 1 << 20;
constexpr std::size_t max_json_body = 64 * 1024;
constexpr std::size_t max_idempotency_key = 255;
constexpr std::size_t queue_per_worker = 64;

Reply json_reply(int status, const json& body) {
    return {status, body.dump(), "application/json; charset=utf-8", {}};
}

Reply error_reply(const app::Error& error) {
    if (!error.detail.empty()) {
        std::cerr << "error " << error.code << ": " << error.detail << '\n';
    }
    return json_reply(http_status(error.category), error_json(error));
}

template <typename T, typename F>
Reply reply_with(const app::Result<T>& result, int status, F&& to_json) {
    if (!result) {
        return error_reply(result.error());
    }
    return json_reply(status, to_json(result.value()));
}

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

std::optional<app::Error> check_json_request(const Rest::Request& request) {
    if (request.body().size() > max_json_body) {
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

app::Result<std::optional<std::string>> idempotency_key(const Rest::Request& request) {
    auto header = request.headers().tryGetRaw("Idempotency-Key");
    if (!header) {
        return std::optional<std::string>{};
    }
    const std::string& key = header->value();
    bool printable =
        std::all_of(key.begin(), key.end(), [](unsigned char c) { return c > 0x20 && c < 0x7F; });
    if (key.empty() || key.size() > max_idempotency_key || !printable) {
        return app::Error::invalid("invalid_idempotency_key",
                                   "L'en-tête Idempotency-Key doit contenir de 1 à 255 caractères "
                                   "ASCII visibles.",
                                   "Idempotency-Key");
    }
    return std::optional<std::string>{key};
}

}  // namespace

Server::Server(const Config& config, storage::Database& database, app::Today today)
    : config_(config),
      database_(database),
      today_(std::move(today)),
      executor_(static_cast<std::size_t>(config.workers),
                static_cast<std::size_t>(config.workers) * queue_per_worker) {
    define_routes();
}

Server::~Server() {
    stop();
}

void Server::define_routes() {
    using namespace Rest;
    Routes::Get(router_, "/healthz", Routes::bind(&Server::healthz, this));
    Routes::Get(router_, "/readyz", Routes::bind(&Server::readyz, this));
    Routes::Get(router_, "/api/v1/sessions", Routes::bind(&Server::list_sessions, this));
    Routes::Get(router_, "/api/v1/sessions/:id", Routes::bind(&Server::get_session, this));
    Routes::Post(router_, "/api/v1/registrations",
                 Routes::bind(&Server::create_registration, this));
    Routes::Get(router_, "/api/v1/registrations/:token",
                Routes::bind(&Server::get_registration, this));
    Routes::Post(router_, "/api/v1/registrations/:token/cancel",
                 Routes::bind(&Server::cancel_registration, this));
    router_.addNotFoundHandler(Routes::bind(&Server::not_found, this));
}

void Server::start() {
    endpoint_ =
        std::make_unique<Http::Endpoint>(Address(config_.listen_host, Port(config_.listen_port)));
    endpoint_->init(Http::Endpoint::options()
                        .threads(config_.http_threads)
                        .maxRequestSize(pistache_max_request)
                        .flags(Tcp::Options::ReuseAddr));
    endpoint_->setHandler(router_.handler());
    endpoint_->serveThreaded();
}

std::uint16_t Server::port() const {
    return endpoint_ ? static_cast<std::uint16_t>(endpoint_->getPort()) : std::uint16_t{0};
}

void Server::stop() {
    if (endpoint_) {
        endpoint_->shutdown();
        endpoint_.reset();
    }
    executor_.stop();
}

void Server::offload(const Rest::Request& request, Http::ResponseWriter response, Job job) {
    auto started = std::chrono::steady_clock::now();
    auto method = std::string(Http::methodString(request.method()));
    auto path = request.resource();
    auto writer = std::make_shared<Http::ResponseWriter>(std::move(response));
    bool queued = executor_.submit([writer, job = std::move(job), method, path, started] {
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

void Server::healthz(const Rest::Request&, Http::ResponseWriter response) {
    send(response, json_reply(200, {{"status", "ok"}}));
}

void Server::readyz(const Rest::Request& request, Http::ResponseWriter response) {
    offload(request, std::move(response), [this] {
        storage::SchemaStatus status{};
        if (auto error = database_.with_session(
                [&](soci::session& sql) { status = storage::schema_status(sql); })) {
            return error_reply(*error);
        }
        if (!status.current()) {
            return json_reply(503, error_json({app::ErrorCategory::unavailable,
                                               "schema_outdated",
                                               "Le schéma de la base de données n'est pas à jour.",
                                               {},
                                               {}}));
        }
        return json_reply(200, {{"status", "ready"}, {"schema_version", status.database_version}});
    });
}

void Server::not_found(const Rest::Request& request, Http::ResponseWriter response) {
    auto reply =
        error_reply(app::Error::not_found("route_not_found", "Cette adresse n'existe pas."));
    send(response, reply);
    log_request(std::string(Http::methodString(request.method())), request.resource(), 404,
                std::chrono::steady_clock::now());
}

void Server::list_sessions(const Rest::Request& request, Http::ResponseWriter response) {
    offload(request, std::move(response), [this] {
        return reply_with(app::list_upcoming_sessions(database_, today_()), 200,
                          [](const auto& sessions) {
                              json items = json::array();
                              for (const auto& session : sessions) {
                                  items.push_back(session_json(session));
                              }
                              return json{{"sessions", items}};
                          });
    });
}

void Server::get_session(const Rest::Request& request, Http::ResponseWriter response) {
    auto id = parse_id(request.param(":id").as<std::string>());
    offload(request, std::move(response), [this, id] {
        if (!id) {
            return error_reply(app::session_not_found());
        }
        return reply_with(app::get_session(database_, *id, today_()), 200, session_json);
    });
}

void Server::create_registration(const Rest::Request& request, Http::ResponseWriter response) {
    if (auto error = check_json_request(request)) {
        send(response, error_reply(*error));
        return;
    }
    auto key = idempotency_key(request);
    offload(request, std::move(response), [this, key, body = request.body()] {
        if (!key) {
            return error_reply(key.error());
        }
        auto parsed = parse_json_body(body);
        if (!parsed) {
            return error_reply(parsed.error());
        }
        auto registration = read_registration_request(parsed.value());
        if (!registration) {
            return error_reply(registration.error());
        }
        std::optional<app::IdempotencyKey> idempotency;
        if (key.value()) {
            // dump() sorts keys: the same request spelled differently has the same fingerprint.
            idempotency = app::IdempotencyKey{*key.value(), app::sha256_hex(parsed.value().dump())};
        }
        auto result = app::register_trainee(database_, registration.value(), idempotency, today_());
        auto reply = reply_with(result, 201, registration_json);
        if (result) {
            reply.headers.emplace_back("Location",
                                       "/api/v1/registrations/" + result->registration.token);
            if (result->replayed) {
                reply.headers.emplace_back("Idempotent-Replayed", "true");
            }
        }
        return reply;
    });
}

void Server::get_registration(const Rest::Request& request, Http::ResponseWriter response) {
    auto token = request.param(":token").as<std::string>();
    offload(request, std::move(response), [this, token] {
        if (!looks_like_token(token)) {
            return error_reply(app::registration_not_found());
        }
        return reply_with(app::find_registration(database_, token), 200, registration_json);
    });
}

void Server::cancel_registration(const Rest::Request& request, Http::ResponseWriter response) {
    auto token = request.param(":token").as<std::string>();
    offload(request, std::move(response), [this, token] {
        if (!looks_like_token(token)) {
            return error_reply(app::registration_not_found());
        }
        return reply_with(app::cancel_registration(database_, token, today_()), 200,
                          registration_json);
    });
}

}  // namespace formations::http

#include "service/http/server.hpp"

#include "service/http/routes.hpp"
#include "service/storage/migrations.hpp"

namespace formations::http {
namespace {

using namespace Pistache;
using nlohmann::json;

// Pistache answers bigger requests itself, with a plain-text 413.
constexpr std::size_t pistache_max_request = 2 << 20;
constexpr std::size_t queue_per_worker = 64;

}  // namespace

Server::Server(const Config& config, storage::Database& database, app::Today today)
    : config_(config),
      executor_(static_cast<std::size_t>(config.workers),
                static_cast<std::size_t>(config.workers) * queue_per_worker),
      context_{database, config_.billing, std::move(today), executor_} {
    add_probes();
    add_catalogue_routes(router_, context_);
    add_accounting_routes(router_, context_);
    add_billing_routes(router_, context_);
    add_account_routes(router_, context_);
    add_directory_routes(router_, context_);
    add_staff_routes(router_, context_);
    add_attendance_routes(router_, context_);
    add_page_api_routes(router_, context_);
    router_.addNotFoundHandler([](const Rest::Request& request, Http::ResponseWriter response) {
        send(response,
             error_reply(app::Error::not_found("route_not_found", "Cette adresse n'existe pas.")));
        log_request(std::string(Http::methodString(request.method())), request.resource(), 404,
                    std::chrono::steady_clock::now());
        return Rest::Route::Result::Ok;
    });
    // Last: serves web/ for the paths above left unknown (its not-found handler keeps this JSON
    // 404 for /api/ and for methods other than GET).
    add_web_routes(router_, context_);
}

Server::~Server() {
    stop();
}

void Server::add_probes() {
    route(router_, Http::Method::Get, "/healthz",
          [](const Rest::Request&, Http::ResponseWriter response) {
              send(response, json_reply(200, {{"status", "ok"}}));
          });
    route(router_, Http::Method::Get, "/readyz",
          [this](const Rest::Request& request, Http::ResponseWriter response) {
              offload(context_, request, std::move(response), [this] {
                  storage::SchemaStatus status{};
                  if (auto error = context_.database.with_session(
                          [&](soci::session& sql) { status = storage::schema_status(sql); })) {
                      return error_reply(*error);
                  }
                  if (!status.current()) {
                      return json_reply(
                          503, error_json({app::ErrorCategory::unavailable,
                                           "schema_outdated",
                                           "Le schéma de la base de données n'est pas à jour.",
                                           {},
                                           {}}));
                  }
                  return json_reply(
                      200, {{"status", "ready"}, {"schema_version", status.database_version}});
              });
          });
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

}  // namespace formations::http

#include "service/http/server.hpp"

#include <pistache/endpoint.h>

#include "service/app/schema.hpp"
#include "service/http/executor.hpp"
#include "service/http/pistache_io.hpp"
#include "service/http/routes.hpp"

namespace formations::http {
namespace {

using namespace Pistache;

// Pistache answers bigger requests itself, with a plain-text 413.
constexpr std::size_t pistache_max_request = 2 << 20;
constexpr std::size_t queue_per_worker = 64;

std::optional<Http::Method> method_of(const std::string& name) {
    for (auto method : {Http::Method::Get, Http::Method::Post, Http::Method::Put,
                        Http::Method::Patch, Http::Method::Delete, Http::Method::Head}) {
        if (name == Http::methodString(method)) {
            return method;
        }
    }
    return std::nullopt;
}

// ":id" in "/api/v1/sessions/:id/roster" gives "id".
std::vector<std::string> parameter_names(const std::string& path) {
    std::vector<std::string> names;
    for (std::size_t at = path.find("/:"); at != std::string::npos; at = path.find("/:", at + 1)) {
        auto end = path.find('/', at + 1);
        names.push_back(path.substr(at + 2, end == std::string::npos ? end : end - at - 2));
    }
    return names;
}

void add_probes(Routes& routes, Context& context) {
    routes.add("GET", "/healthz", [](const Request&) {
        return json_reply(200, {{"status", "ok"}});
    });
    routes.add("GET", "/readyz", [&context](const Request&) {
        auto schema = app::schema_state(context.database);
        if (!schema) {
            return error_reply(schema.error());
        }
        if (!schema->current()) {
            return error_reply({ErrorCategory::unavailable,
                                "schema_outdated",
                                "Le schéma de la base de données n'est pas à jour.",
                                {},
                                {}});
        }
        return json_reply(200, {{"status", "ready"}, {"schema_version", schema->database_version}});
    });
}

}  // namespace

struct Server::Impl {
    ServerOptions options;
    Executor executor;
    Context context;
    Routes routes;
    Rest::Router router;
    std::unique_ptr<Http::Endpoint> endpoint;

    Impl(const ServerOptions& server_options, storage::Database& database, const Clock& clock,
         const invoices::BillingSettings& billing, const app::MailSettings& mail)
        : options(server_options),
          executor(static_cast<std::size_t>(options.workers),
                   static_cast<std::size_t>(options.workers) * queue_per_worker),
          context{database, clock, billing, mail} {
        add_probes(routes, context);
        add_catalogue_routes(routes, context);
        add_accounting_routes(routes, context);
        add_billing_routes(routes, context);
        add_account_routes(routes, context);
        add_directory_routes(routes, context);
        add_staff_routes(routes, context);
        add_attendance_routes(routes, context);
        add_mail_routes(routes, context);
        add_web_routes(routes);
        for (const auto& route : routes.all()) {
            auto method = method_of(route.method);
            if (!method) {
                throw std::logic_error("unsupported method " + route.method);
            }
            router.addRoute(*method, route.path,
                            [this, &route, params = parameter_names(route.path)](
                                const Rest::Request& request, Http::ResponseWriter response) {
                                dispatch(route, request_of(request, params), std::move(response));
                                return Rest::Route::Result::Ok;
                            });
        }
        router.addNotFoundHandler([this](const Rest::Request& request,
                                         Http::ResponseWriter response) {
            dispatch({"", "", routes.fallback(), {}}, request_of(request, {}), std::move(response));
            return Rest::Route::Result::Ok;
        });
    }

    // On the event loop: hands the request to a worker, which answers it; 503 when the workers'
    // queue is full (all busy for a while).
    void dispatch(const Routes::Route& route, Request request, Http::ResponseWriter response) {
        auto started = std::chrono::steady_clock::now();
        request.client =
            client_address(request.peer, request.header("x-real-ip"), options.trusted_proxies);
        auto writer = std::make_shared<Http::ResponseWriter>(std::move(response));
        auto method = request.method, path = request.path;
        bool queued = executor.submit([writer, handler = route.handler, stream = route.stream,
                                       request = std::move(request), started]() mutable {
            Streamed outcome;
            try {
                if (stream) {
                    ResponseChannel channel{writer};
                    outcome = stream(request, channel);
                } else {
                    outcome.reply = handler(request);
                }
            } catch (const ClientGone&) {
                log_request(request.method, request.path, 499, started);  // as nginx says
                return;
            } catch (const std::exception& error) {
                outcome = {error_reply(Error::internal(error.what())), 500};
            }
            if (outcome.reply) {
                send(*writer, *outcome.reply);
                outcome.status = outcome.reply->status;
            }
            log_request(request.method, request.path, outcome.status, started);
        });
        if (!queued) {
            auto reply = error_reply(Error::unavailable("worker queue full"));
            send(*writer, reply);
            log_request(method, path, reply.status, started);
        }
    }
};

Server::Server(const ServerOptions& options, storage::Database& database, const Clock& clock,
               const invoices::BillingSettings& billing, const app::MailSettings& mail)
    : impl_(std::make_unique<Impl>(options, database, clock, billing, mail)) {}

Server::~Server() {
    stop();
}

void Server::start() {
    auto& endpoint = impl_->endpoint;
    endpoint =
        std::make_unique<Http::Endpoint>(Address(impl_->options.host, Port(impl_->options.port)));
    endpoint->init(Http::Endpoint::options()
                       .threads(impl_->options.threads)
                       .maxRequestSize(pistache_max_request)
                       .flags(Tcp::Options::ReuseAddr));
    endpoint->setHandler(impl_->router.handler());
    endpoint->serveThreaded();
}

std::uint16_t Server::port() const {
    return impl_->endpoint ? static_cast<std::uint16_t>(impl_->endpoint->getPort())
                           : std::uint16_t{0};
}

void Server::stop() {
    if (impl_->endpoint) {
        impl_->endpoint->shutdown();
        impl_->endpoint.reset();
    }
    impl_->executor.stop();
}

}  // namespace formations::http

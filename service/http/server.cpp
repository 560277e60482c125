#include "service/http/server.hpp"

#include <sys/resource.h>
#include <atomic>
#include <map>
#include <thread>

#include <pistache/endpoint.h>

#include "service/app/mail_delivery.hpp"
#include "service/app/operations.hpp"
#include "service/app/passwords.hpp"
#include "service/app/schema.hpp"
#include "service/http/executor.hpp"
#include "service/http/front.hpp"
#include "service/http/json_body.hpp"
#include "service/http/log.hpp"
#include "service/http/metrics.hpp"
#include "service/http/pistache_io.hpp"
#include "service/http/routes.hpp"

namespace formations::http {
namespace {

using namespace Pistache;

constexpr std::size_t queue_per_worker = 64;
// Pistache's own timeouts are left as a last resort (the front keeps time, front.hpp): a
// connection owing an answer for an hour is cut.
constexpr auto pistache_backstop = std::chrono::hours(1);

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

FramingLimits framing_limits() {
    FramingLimits limits;
    limits.max_body = [](std::string_view method, std::string_view target) -> std::size_t {
        auto path = target.substr(0, target.find('?'));
        // The CSV import, and a scanned signed convention (PUT …/convention/signed-copy).
        const bool file = (method == "POST" && path == "/api/v1/organisations/import") ||
                          (method == "PUT" && path.ends_with("/convention/signed-copy"));
        return file ? max_csv_body : max_json_body;
    };
    return limits;
}

// Connections beyond this are closed at once: at the descriptor limit Pistache's accept loop
// would spin. What is kept aside: the event loops' own descriptors, the database connections,
// files being read.
std::size_t max_connections(const ServerOptions& options) {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) {
        return 10'000;
    }
    auto reserve = static_cast<rlim_t>(64 + options.workers + 8 * options.threads);
    auto available = limit.rlim_cur > reserve + 8 ? limit.rlim_cur - reserve : 8;
    return static_cast<std::size_t>(std::min<rlim_t>(available, 10'000));
}

Reply method_not_allowed(const std::string& allow) {
    auto reply =
        json_reply(405, error_json(Error{ErrorCategory::invalid_argument,
                                         "method_not_allowed",
                                         "Cette méthode n’est pas acceptée à cette adresse.",
                                         {},
                                         {}}));
    reply.headers.emplace_back("Allow", allow);
    return reply;
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

std::size_t document_workers() {
    auto cores = std::thread::hardware_concurrency();
    return cores > 2 ? cores - 1 : 1;
}

}  // namespace

struct Server::Impl {
    ServerOptions options;
    // Set once the drain deadline has passed: bodies still going out are cut (streaming.hpp).
    std::atomic<bool> cut_off{false};
    Executor executor;
    // Documents made on request (PDFs, exports) take a CPU for tens of milliseconds to seconds
    // each: they get workers of their own, one fewer than the machine's cores, so that a burst
    // of them never holds every worker nor every core while the catalogue and registrations wait.
    Executor documents;
    // Sends the bodies of exports at the pace of their clients (streaming.hpp).
    Executor senders;
    Context context;
    Routes routes;
    std::shared_ptr<Rest::Router> router = std::make_shared<Rest::Router>();
    // The routes of each method, as the router matches them: which other methods a path has
    // (405 and Allow).
    std::map<Http::Method, Rest::SegmentTreeNode> routes_by_method;
    Metrics metrics;
    std::unique_ptr<Front> front;
    std::unique_ptr<Http::Endpoint> endpoint;

    Impl(const ServerOptions& server_options, storage::Database& database, const Clock& clock,
         const invoices::BillingSettings& billing, const app::EvaluationDelays& evaluations,
         const app::MailSettings& mail)
        : options(server_options),
          executor(static_cast<std::size_t>(options.workers),
                   static_cast<std::size_t>(options.workers) * queue_per_worker),
          documents(document_workers(), document_workers() * queue_per_worker),
          senders(static_cast<std::size_t>(options.downloads),
                  static_cast<std::size_t>(options.downloads)),
          context{database, clock, billing, evaluations, mail, options.limits, options.legal} {
        add_probes(routes, context);
        routes.add("GET", "/metrics", [this](const Request&) { return metrics_reply(); });
        add_catalogue_routes(routes, context);
        add_accounting_routes(routes, context);
        add_billing_routes(routes, context);
        add_account_routes(routes, context);
        add_directory_routes(routes, context);
        add_staff_routes(routes, context);
        add_attendance_routes(routes, context);
        add_contract_routes(routes, context);
        add_convention_routes(routes, context);
        add_course_routes(routes, context);
        add_evaluation_routes(routes, context);
        add_complaint_routes(routes, context);
        add_privacy_routes(routes, context);
        add_mail_routes(routes, context);
        add_legal_routes(routes, context);
        add_web_routes(routes);
        for (const auto& route : routes.all()) {
            auto method = method_of(route.method);
            if (!method) {
                throw std::logic_error("unsupported method " + route.method);
            }
            router->addRoute(*method, route.path,
                             [this, &route, params = parameter_names(route.path)](
                                 const Rest::Request& request, Http::ResponseWriter response) {
                                 dispatch(route.path, route.handler, route.stream, route.workers,
                                          request_of(request, params, options.trusted_proxies),
                                          std::move(response));
                                 return Rest::Route::Result::Ok;
                             });
            remember(*method, route.path);
        }
        // Tried when no route of the request's method matches, before Pistache's plain-text 405.
        router->addCustomHandler([this](const Rest::Request& request,
                                        Http::ResponseWriter response) {
            auto allow = allowed_methods(request);
            if (allow.empty()) {
                return Rest::Route::Result::Failure;  // not a known path: the fallback below
            }
            dispatch(
                "(method_not_allowed)",
                [allow](const Request&) { return method_not_allowed(allow); }, {}, Workers::general,
                request_of(request, {}, options.trusted_proxies), std::move(response));
            return Rest::Route::Result::Ok;
        });
        router->addNotFoundHandler(
            [this](const Rest::Request& request, Http::ResponseWriter response) {
                dispatch("(fallback)", routes.fallback(), {}, Workers::general,
                         request_of(request, {}, options.trusted_proxies), std::move(response));
                return Rest::Route::Result::Ok;
            });
    }

    void remember(Http::Method method, const std::string& path) {
        auto clean = Rest::SegmentTreeNode::sanitizeResource(path);
        std::shared_ptr<char> text(new char[clean.size()], std::default_delete<char[]>());
        std::copy(clean.begin(), clean.end(), text.get());
        routes_by_method[method].addRoute(
            std::string_view(text.get(), clean.size()),
            [](const Rest::Request&, Http::ResponseWriter) { return Rest::Route::Result::Ok; },
            text);
    }

    // "GET, PATCH": the other methods the request's path has a route for.
    std::string allowed_methods(const Rest::Request& request) const {
        std::string allow;
        try {
            auto path = Rest::SegmentTreeNode::sanitizeResource(request.resource());
            for (const auto& [method, tree] : routes_by_method) {
                if (method != request.method() &&
                    std::get<0>(tree.findRoute(std::string_view(path)))) {
                    allow += (allow.empty() ? "" : ", ") + std::string(Http::methodString(method));
                }
            }
        } catch (const std::exception&) {
            return {};  // an empty path: no route has one
        }
        return allow;
    }

    void record(const std::string& route, const std::string& method, int status,
                std::chrono::steady_clock::time_point started, const std::string& request_id) {
        auto elapsed = std::chrono::steady_clock::now() - started;
        metrics.record(route, method, status, elapsed);
        log_request({method, route, status, elapsed, request_id});
    }

    // On the event loop: hands the request to a worker, which answers it; 503 when the workers'
    // queue is full (all busy for a while). `route`: the route's template, for the log and the
    // metrics; `kind`: which workers (routes.hpp).
    void dispatch(const std::string& route, const Handler& handler, const StreamHandler& stream,
                  Workers kind, Request request, Http::ResponseWriter response) {
        auto started = std::chrono::steady_clock::now();
        request.request_id = request_id_for(request.header("x-request-id"));
        auto writer = std::make_shared<Http::ResponseWriter>(std::move(response));
        add_header(*writer, "X-Request-Id", request.request_id);
        auto method = request.method, id = request.request_id;
        auto& workers = kind == Workers::documents ? documents : executor;
        bool queued = workers.submit([this, writer, route, handler, stream,
                                      request = std::move(request), started]() mutable {
            RequestScope scope(request.request_id);
            Streamed outcome;
            try {
                if (stream) {
                    ResponseChannel channel{writer,
                                            [this](std::function<void()> job) {
                                                return senders.submit(std::move(job));
                                            },
                                            &cut_off};
                    outcome = stream(request, channel);
                } else {
                    outcome.reply = handler(request);
                }
            } catch (const ClientGone&) {
                record(route, request.method, 499, started, request.request_id);  // as nginx says
                return;
            } catch (const std::exception& error) {
                outcome = {error_reply(Error::internal(error.what())), 500};
            }
            if (outcome.reply) {
                send(*writer, *outcome.reply);
                outcome.status = outcome.reply->status;
            }
            record(route, request.method, outcome.status, started, request.request_id);
        });
        if (!queued) {
            auto reply = error_reply(Error::unavailable("worker queue full"));
            send(*writer, reply);
            record(route, method, reply.status, started, id);
        }
    }

    Reply metrics_reply() {
        PrometheusText text;
        text.family("formations_http_connections_open", "gauge", "Client connections open.")
            .sample({}, static_cast<double>(front->open_connections()));
        text.family("formations_http_answers_owed", "gauge",
                    "Requests dispatched whose answer is not written yet.")
            .sample({}, static_cast<double>(front->answers_owed()));
        text.family("formations_http_connections_refused_total", "counter",
                    "Connections closed at once: too many open.")
            .sample({}, static_cast<double>(front->connections_refused()));
        auto load = executor.load();
        text.family("formations_workers", "gauge", "Worker threads.")
            .sample({}, static_cast<double>(load.threads));
        text.family("formations_workers_busy", "gauge", "Worker threads running a request.")
            .sample({}, static_cast<double>(load.busy));
        text.family("formations_worker_queue_length", "gauge", "Requests waiting for a worker.")
            .sample({}, static_cast<double>(load.queued));
        text.family("formations_worker_queue_capacity", "gauge",
                    "Requests that may wait before new ones get 503.")
            .sample({}, static_cast<double>(load.capacity));
        text.family("formations_worker_queue_refused_total", "counter",
                    "Requests answered 503 because the queue was full.")
            .sample({}, static_cast<double>(load.refused));
        auto pool = app::pool_use(context.database);
        text.family("formations_db_pool_size", "gauge", "Database connections of the pool.")
            .sample({}, static_cast<double>(pool.size));
        text.family("formations_db_pool_in_use", "gauge", "Database connections leased now.")
            .sample({}, static_cast<double>(pool.leased));
        text.family("formations_db_pool_lease_timeouts_total", "counter",
                    "Requests answered 503 because no connection was free in time.")
            .sample({}, static_cast<double>(pool.lease_timeouts));
        auto hashing = app::hashing_load();
        text.family("formations_password_hashes_running", "gauge", "Argon2id hashes running.")
            .sample({}, static_cast<double>(hashing.running));
        text.family("formations_password_hashes_waiting", "gauge",
                    "Logins waiting for their turn to hash.")
            .sample({}, static_cast<double>(hashing.waiting));
        text.family("formations_password_hashes_refused_total", "counter",
                    "Logins answered 503 because too many hashes ran or waited.")
            .sample({}, static_cast<double>(hashing.refused));
        auto deliveries = app::delivery_counts();
        text.family("formations_outbox_attempts_total", "counter",
                    "E-mail sending attempts of this process, by outcome: sent, retried (a "
                    "temporary failure), failed (refused for good or out of attempts), taken over "
                    "(another process took the message over meanwhile).");
        for (auto [outcome, count] :
             {std::pair{"sent", deliveries.sent}, std::pair{"retried", deliveries.retried},
              std::pair{"failed", deliveries.failed}, std::pair{"taken_over", deliveries.lost}}) {
            text.sample({{"outcome", outcome}}, static_cast<double>(count));
        }
        add_process_metrics(text);
        auto figures = app::stored_figures(context.database);
        text.family("formations_database_up", "gauge",
                    "Whether the stored figures below could be read.")
            .sample({}, figures ? 1 : 0);
        if (figures) {
            std::string family;
            for (const auto& figure : figures.value()) {
                if (figure.name != family) {
                    family = figure.name;
                    text.family(figure.name, figure.type, figure.help);
                }
                text.sample(figure.labels, figure.value);
            }
        }
        return {200, metrics.render() + text.str(), "text/plain; version=0.0.4; charset=utf-8", {}};
    }
};

Server::Server(const ServerOptions& options, storage::Database& database, const Clock& clock,
               const invoices::BillingSettings& billing, const app::EvaluationDelays& evaluations,
               const app::MailSettings& mail)
    : impl_(std::make_unique<Impl>(options, database, clock, billing, evaluations, mail)) {}

Server::~Server() {
    stop();
}

void Server::start() {
    auto& impl = *impl_;
    FrontOptions front_options;
    front_options.framing = framing_limits();
    front_options.request_timeout = impl.options.request_timeout;
    front_options.idle_timeout = impl.options.idle_timeout;
    front_options.max_connections = max_connections(impl.options);
    impl.front = std::make_unique<Front>(front_options, impl.router, [&impl](const FrontAnswer& a) {
        impl.record("(front)", a.method.empty() ? "-" : a.method, a.status, a.started,
                    request_id_for(std::nullopt));
    });
    impl.endpoint =
        std::make_unique<Http::Endpoint>(Address(impl.options.host, Port(impl.options.port)));
    impl.endpoint->init(Http::Endpoint::options()
                            .threads(impl.options.threads)
                            .flags(Tcp::Options::ReuseAddr)
                            // The front hands the parser one request at a time, within limits.
                            .maxRequestSize(front_options.framing.max_head + max_csv_body)
                            .headerTimeout(pistache_backstop)
                            .bodyTimeout(pistache_backstop)
                            .keepaliveTimeout(pistache_backstop));
    impl.endpoint->setHandler(impl.front->handler());
    impl.endpoint->serveThreaded();
}

std::uint16_t Server::port() const {
    return impl_->endpoint ? static_cast<std::uint16_t>(impl_->endpoint->getPort())
                           : std::uint16_t{0};
}

void Server::stop() {
    auto& impl = *impl_;
    if (impl.endpoint) {
        impl.front->start_draining();
        if (!impl.front->wait_idle(impl.options.drain_timeout)) {
            log_event("warning", "drain_timeout", {{"answers_owed", impl.front->answers_owed()}});
        }
        // Whatever is still owed now goes to clients that read too slowly or not at all: their
        // bodies are cut, so that the senders (and a worker sending one itself) end at once
        // instead of waiting for them.
        impl.cut_off = true;
        // No worker sends after this line: only then may the event loops stop (a write queued
        // on a stopped loop would never go out).
        impl.executor.stop();
        impl.documents.stop();
        impl.senders.stop();
        impl.endpoint->shutdown();
        impl.endpoint.reset();
    }
    impl.executor.stop();
    impl.documents.stop();
    impl.senders.stop();
}

}  // namespace formations::http

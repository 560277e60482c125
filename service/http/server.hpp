#pragma once
// The HTTP server: Pistache's endpoint behind the HTTP front (front.hpp), the router, the worker
// pool, the probes and /metrics, and the routes of routes.hpp. Requests are read on Pistache's
// event loops and handed to the worker pool: blocking SQL and PDF work never runs on an event
// loop. Example:
//   http::Server server({"127.0.0.1", 0, 2, 8}, database, clock, billing, evaluations, mail);
//   server.start();  // returns at once; server.port() is the bound port

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "service/app/evaluation_schedule.hpp"
#include "service/app/legal_pages.hpp"
#include "service/app/mail_settings.hpp"
#include "service/app/rate_limits.hpp"
#include "service/domain/clock.hpp"
#include "service/http/client_address.hpp"

namespace formations::storage {
class Database;
}  // namespace formations::storage

namespace formations::invoices {
struct BillingSettings;
}  // namespace formations::invoices

namespace formations::app {
struct MailSettings;
}  // namespace formations::app

namespace formations::http {

struct ServerOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;  // 0: any free port
    int threads = 2;            // event-loop threads
    int workers = 8;            // worker threads (one database connection each)
    // Exports sent at once at their clients' pace, and as many waiting for a sender; past that,
    // an export is answered 503 (streaming.hpp): never sent by a worker.
    int downloads = 16;
    // Whose X-Real-IP names the client (FORMATIONS_TRUSTED_PROXIES).
    TrustedProxies trusted_proxies = TrustedProxies::loopback();
    // A request must arrive whole within this time after its first byte (else 408).
    std::chrono::seconds request_timeout{15};
    // An idle kept-alive connection is closed after this (nginx's upstream keepalive_timeout,
    // 60 s in the shipped site, must be shorter: nginx closes first, never meets a closed one).
    std::chrono::seconds idle_timeout{75};
    // On SIGTERM, how long the answers owed may take before the server stops anyway (below
    // systemd's TimeoutStopSec, 30 s).
    std::chrono::seconds drain_timeout{20};
    // Anonymous registrations and quotes per client (FORMATIONS_REGISTRATIONS_PER_HOUR, …).
    app::RateLimits limits;
    // The public pages' contact and legal texts (FORMATIONS_CONTACT_EMAIL, …).
    app::LegalSettings legal;
};

class Server {
  public:
    Server(const ServerOptions& options, storage::Database& database, const Clock& clock,
           const invoices::BillingSettings& billing, const app::EvaluationDelays& evaluations,
           const app::MailSettings& mail);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    void start();
    std::uint16_t port() const;
    // Drains: new requests get 503 and their connection closes, the requests in progress are
    // answered (at most drain_timeout), then the workers stop, then the event loops.
    void stop();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace formations::http

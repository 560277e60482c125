#pragma once
// The HTTP server: Pistache's endpoint and router, the worker pool, the health probes and the
// routes of routes.hpp. Requests are read on Pistache's event loop and handed to the worker
// pool: blocking SQL and PDF work never runs on the event loop. Example:
//   http::Server server({"127.0.0.1", 0, 2, 8}, database, clock, billing, mail);
//   server.start();  // returns at once; server.port() is the bound port

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "service/domain/clock.hpp"

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
    // Peers whose X-Real-IP header names the client (request.hpp, client_address).
    std::vector<std::string> trusted_proxies{"127.0.0.1", "::1"};
};

class Server {
  public:
    Server(const ServerOptions& options, storage::Database& database, const Clock& clock,
           const invoices::BillingSettings& billing, const app::MailSettings& mail);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    void start();
    std::uint16_t port() const;
    // Stops accepting, finishes the requests in progress, then returns.
    void stop();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace formations::http

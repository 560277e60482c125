#pragma once
// The HTTP server: Pistache endpoint and router, the worker pool, health probes, and the routes
// of each area (routes.hpp). Handlers parse the request on Pistache's event loop and hand the use
// case to the worker pool: blocking SQL and PDF work never runs on the event loop. Example:
//   http::Server server(config, database, app::local_today);
//   server.start();  // returns at once; server.port() is the bound port

#include <cstdint>
#include <memory>

#include <pistache/endpoint.h>
#include <pistache/router.h>

#include "service/app/clock.hpp"
#include "service/config.hpp"
#include "service/http/executor.hpp"
#include "service/http/handler_support.hpp"
#include "service/storage/database.hpp"

namespace formations::http {

class Server {
  public:
    Server(const Config& config, storage::Database& database, app::Today today);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    void start();
    std::uint16_t port() const;
    // Stops accepting, finishes the requests in progress, then returns.
    void stop();

  private:
    void add_probes();

    Config config_;
    Executor executor_;
    Context context_;
    Pistache::Rest::Router router_;
    std::unique_ptr<Pistache::Http::Endpoint> endpoint_;
};

}  // namespace formations::http

#pragma once
// The HTTP API (/api/v1, JSON) and health probes. Handlers parse the request on Pistache's event
// loop, hand the use case to the worker pool (blocking SQL never runs on the event loop) and map
// its result to a response. Example:
//   http::Server server(config, database, app::local_today);
//   server.start();  // returns at once; server.port() is the bound port

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <pistache/endpoint.h>
#include <pistache/router.h>

#include "service/app/clock.hpp"
#include "service/config.hpp"
#include "service/http/executor.hpp"
#include "service/storage/database.hpp"

namespace formations::http {

// What a handler answers, built off the event loop and sent by the worker.
struct Reply {
    int status = 200;
    std::string body;
    std::string content_type = "application/json; charset=utf-8";
    std::vector<std::pair<std::string, std::string>> headers;
};

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
    using Job = std::function<Reply()>;

    void define_routes();
    void offload(const Pistache::Rest::Request& request, Pistache::Http::ResponseWriter response,
                 Job job);

    void list_sessions(const Pistache::Rest::Request&, Pistache::Http::ResponseWriter);
    void get_session(const Pistache::Rest::Request&, Pistache::Http::ResponseWriter);
    void create_registration(const Pistache::Rest::Request&, Pistache::Http::ResponseWriter);
    void get_registration(const Pistache::Rest::Request&, Pistache::Http::ResponseWriter);
    void cancel_registration(const Pistache::Rest::Request&, Pistache::Http::ResponseWriter);
    void healthz(const Pistache::Rest::Request&, Pistache::Http::ResponseWriter);
    void readyz(const Pistache::Rest::Request&, Pistache::Http::ResponseWriter);
    void not_found(const Pistache::Rest::Request&, Pistache::Http::ResponseWriter);

    Config config_;
    storage::Database& database_;
    app::Today today_;
    Executor executor_;
    Pistache::Rest::Router router_;
    std::unique_ptr<Pistache::Http::Endpoint> endpoint_;
};

}  // namespace formations::http

#pragma once
// Configuration from environment variables (documented in the README):
//   FORMATIONS_DATABASE_URL  libpq connection string (default: the local cluster of deploy/run.sh)
//   FORMATIONS_LISTEN        host:port to listen on (default 127.0.0.1:8080; port 0 = any free)
//   FORMATIONS_THREADS       HTTP event-loop threads (default 2)
//   FORMATIONS_WORKERS       worker threads and database connections (default 8)
//   FORMATIONS_TIMEZONE      the time zone of "today" for deadlines (default Europe/Paris)

#include <cstdint>
#include <string>

#include "invoices/billing_settings.hpp"
#include "service/app/error.hpp"

namespace formations {

struct Config {
    std::string database_url = "host=127.0.0.1 port=54329 user=formations dbname=formations";
    std::string listen_host = "127.0.0.1";
    std::uint16_t listen_port = 8080;
    int http_threads = 2;
    int workers = 8;
    std::string timezone = "Europe/Paris";
    invoices::BillingSettings billing;
};

// Reads the environment; an unparsable value is an error naming the variable.
app::Result<Config> config_from_environment();

}  // namespace formations

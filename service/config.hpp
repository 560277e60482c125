#pragma once
// Configuration from environment variables (documented in the README):
//   FORMATIONS_DATABASE_URL  libpq connection string (default: the local cluster of deploy/run.sh)
//   FORMATIONS_LISTEN        host:port to listen on (default 127.0.0.1:8080; port 0 = any free)
//   FORMATIONS_THREADS       HTTP event-loop threads (default 2)
//   FORMATIONS_WORKERS       worker threads and database connections (default 8)
//   FORMATIONS_DOWNLOADS     exports sent at once, and as many waiting (default 16; server.hpp)
//   FORMATIONS_TRUSTED_PROXIES  proxies whose X-Real-IP names the client (default loopback)
//   FORMATIONS_REQUEST_TIMEOUT, _IDLE_TIMEOUT, _DRAIN_TIMEOUT  seconds (15, 75, 20; server.hpp)
//   FORMATIONS_REGISTRATIONS_PER_HOUR, _QUOTES_PER_HOUR, _COMPLAINTS_PER_HOUR,
//   _LOST_LINKS_PER_HOUR     per client (20, 200, 5, 10; rate_limits.hpp)
//   FORMATIONS_TIMEZONE      the time zone of business dates (default Europe/Paris)
//   FORMATIONS_CLOCK         testing and demo aid: the instant the clock starts at (ISO 8601)
// the billing settings (FORMATIONS_SELLER_*, FORMATIONS_FEC_*, …), the mail settings
// (FORMATIONS_SMTP_URL, FORMATIONS_MAIL_*, FORMATIONS_PUBLIC_URL, the reminders' delays), and for
// Qualiopi evidence:
//   FORMATIONS_TRAINEE_SURVEY_DELAY_DAYS, FORMATIONS_EMPLOYER_SURVEY_DELAY_DAYS,
//   FORMATIONS_SURVEY_OPEN_DAYS   when the questionnaires open and for how long
//   FORMATIONS_RETENTION_DAYS, FORMATIONS_ACCOMMODATION_RETENTION_DAYS   personal data retention
//   FORMATIONS_HOUSEKEEPING_INTERVAL   seconds between two runs of the retention job (3600)

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "invoices/billing_settings.hpp"
#include "service/app/evaluation_schedule.hpp"
#include "service/app/mail_settings.hpp"
#include "service/app/personal_data.hpp"
#include "service/domain/clock.hpp"
#include "service/domain/error.hpp"
#include "service/http/server.hpp"

namespace formations {

struct Config {
    std::string database_url = "host=127.0.0.1 port=54329 user=formations dbname=formations";
    http::ServerOptions server;  // FORMATIONS_LISTEN, _THREADS, _WORKERS, _TRUSTED_PROXIES, …
    std::string timezone = "Europe/Paris";
    std::optional<Instant> clock_start;  // FORMATIONS_CLOCK; unset: real time
    invoices::BillingSettings billing;
    app::EvaluationDelays evaluations;
    app::RetentionSettings retention;
    std::chrono::seconds housekeeping_interval{3600};
    app::MailSettings mail;
};

// Reads the environment; an unparsable value is an error naming the variable.
Result<Config> config_from_environment();

}  // namespace formations

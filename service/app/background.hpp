#pragma once
// The work `formations serve` does on its own, off the HTTP workers: `senders` threads delivering
// the outbox (mail_delivery.hpp) — an idle one looks again every `poll` — and one thread running
// the scheduler (reminders.hpp: reminders and survey invitations) at start and then every
// `scheduler_interval`, and the retention of personal data (personal_data.hpp) at start and then
// every `retention_interval`, in that same thread: one periodic loop. They use their own
// database pool (senders + 1 connections), so that a slow SMTP server never takes a connection from
// a request. Without an SMTP server configured there are no senders: messages wait in the outbox.
// What they do is reported to `log`, which the executable writes as the JSON lines of its log
// (http/log.hpp). Example:
//   app::Background background(database_url, clock, settings, billing,
//                              {delays, retention, interval}, log);
//   background.start();
//   …
//   background.request_stop();  // no new claim; a scheduler pass in progress ends after its
//                               // current unit (reminders.hpp); returns at once
//   server.stop();              // meanwhile, the HTTP drain
//   background.stop();          // waits: the sends in progress finish (bounded by the SMTP
//                               // timeout)

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "service/app/evaluation_schedule.hpp"
#include "service/app/mail_settings.hpp"
#include "service/app/personal_data.hpp"
#include "service/app/use_case.hpp"

namespace formations::app {

// One line of the log: a level ("info", "warning", "error"), an event name and its fields.
using LogField = std::pair<std::string, std::variant<long long, std::string>>;
using EventLog = std::function<void(std::string_view level, std::string_view event,
                                    const std::vector<LogField>& fields)>;

// What the periodic loop needs beyond the mail settings.
struct Schedule {
    EvaluationDelays evaluations;  // when the surveys' invitations fall due
    RetentionSettings retention;
    std::chrono::seconds retention_interval{3600};  // FORMATIONS_HOUSEKEEPING_INTERVAL
};

class Background {
  public:
    Background(const std::string& database_url, const Clock& clock, MailSettings settings,
               const invoices::BillingSettings& billing, Schedule schedule, EventLog log);
    ~Background();
    Background(const Background&) = delete;
    Background& operator=(const Background&) = delete;

    void start();
    // Asks without waiting: no sender claims another message, a scheduler pass in progress ends
    // after its current unit, the loop ends at its next look. For `serve` on SIGTERM, before the
    // HTTP drain, so that both stop at once rather than one after the other.
    void request_stop();
    // request_stop(), then waits for the threads to end.
    void stop();

  private:
    void send_loop();
    void scheduler_loop();
    void run_scheduler_pass();
    void run_retention();
    // Waits `delay` or until stop(); false when stopping.
    bool pause(std::chrono::steady_clock::duration delay);

    std::unique_ptr<storage::Database> database_;
    const Clock& clock_;
    MailSettings settings_;
    const invoices::BillingSettings& billing_;
    Schedule schedule_;
    EventLog log_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::stop_source stop_pass_;  // asks a scheduler pass in progress to end early
    std::vector<std::thread> threads_;
};

}  // namespace formations::app

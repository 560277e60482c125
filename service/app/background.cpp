#include "service/app/background.hpp"

#include <algorithm>

#include "service/app/mail_delivery.hpp"
#include "service/app/reminders.hpp"
#include "service/mail/smtp.hpp"
#include "service/storage/database.hpp"

namespace formations::app {
namespace {

std::string reason(const Error& error) {
    return error.detail.empty() ? error.message : error.detail;
}

std::string_view event_of(DeliveryStep step) {
    switch (step) {
        case DeliveryStep::sent:
            return "message_sent";
        case DeliveryStep::retried:
            return "message_retried";
        case DeliveryStep::failed:
            return "message_failed";
        case DeliveryStep::lost:
            return "message_taken_over";
        case DeliveryStep::idle:
            break;
    }
    return "message_idle";
}

}  // namespace

Background::Background(const std::string& database_url, const Clock& clock, MailSettings settings,
                       const invoices::BillingSettings& billing, Schedule schedule, EventLog log)
    : database_(std::make_unique<storage::Database>(
          database_url, static_cast<std::size_t>(settings.smtp_url ? settings.senders + 1 : 1))),
      clock_(clock),
      settings_(std::move(settings)),
      billing_(billing),
      schedule_(std::move(schedule)),
      log_(std::move(log)) {}

Background::~Background() {
    stop();
}

void Background::start() {
    if (settings_.smtp_url) {
        mail::initialise_smtp();
        for (int i = 0; i < settings_.senders; ++i) {
            threads_.emplace_back([this] { send_loop(); });
        }
    } else {
        log_("warning", "outbox_not_sent",
             {{"reason", "FORMATIONS_SMTP_URL is not set: messages are kept in the outbox"}});
    }
    threads_.emplace_back([this] { scheduler_loop(); });
}

void Background::request_stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    stop_pass_.request_stop();
    wake_.notify_all();
}

void Background::stop() {
    request_stop();
    for (auto& thread : threads_) {
        if (thread.joinable()) {
            thread.join();
        }
    }
    threads_.clear();
}

bool Background::pause(std::chrono::steady_clock::duration delay) {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, delay, [this] { return stopping_; });
    return !stopping_;
}

void Background::send_loop() {
    while (pause(std::chrono::seconds(0))) {
        bool busy = false;
        try {
            auto attempt = deliver_next(*database_, clock_, settings_, billing_);
            if (!attempt) {
                log_("error", "outbox_error", {{"detail", reason(attempt.error())}});
            } else if (attempt->step != DeliveryStep::idle) {
                busy = true;
                std::vector<LogField> fields{{"message_id", attempt->message_id},
                                             {"kind", std::string(to_string(attempt->kind))},
                                             {"attempt", attempt->attempt}};
                if (attempt->step != DeliveryStep::sent) {
                    fields.emplace_back("detail", attempt->detail);
                }
                log_(attempt->step == DeliveryStep::sent ? "info" : "warning",
                     event_of(attempt->step), fields);
            }
        } catch (const std::exception& error) {
            log_("error", "outbox_error", {{"detail", error.what()}});
        }
        if (!busy && !pause(settings_.poll)) {
            return;
        }
    }
}

void Background::scheduler_loop() {
    using steady = std::chrono::steady_clock;
    auto next_pass = steady::now(), next_retention = steady::now();
    do {
        if (steady::now() >= next_pass) {
            run_scheduler_pass();
            next_pass = steady::now() + settings_.scheduler_interval;
        }
        // Not once asked to stop: the pass may have ended early for that.
        if (steady::now() >= next_retention && !stop_pass_.stop_requested()) {
            run_retention();
            next_retention = steady::now() + schedule_.retention_interval;
        }
    } while (pause(std::min(next_pass, next_retention) - steady::now()));
}

void Background::run_scheduler_pass() {
    try {
        auto pass = run_scheduler(*database_, clock_, settings_, billing_, schedule_.evaluations,
                                  stop_pass_.get_token());
        if (!pass) {
            log_("error", "scheduler_error", {{"detail", reason(pass.error())}});
            return;
        }
        std::vector<LogField> counts{{"convocations", pass->convocations},
                                     {"payment_reminders", pass->payment_reminders},
                                     {"certificates", pass->certificates},
                                     {"survey_invitations", pass->survey_invitations},
                                     {"released_seats", pass->released_seats},
                                     {"expired_offers", pass->expired_offers}};
        if (pass->stopped) {
            // What it did is committed; the next pass (of any process) does the rest.
            log_("info", "scheduler_stopped_early", counts);
        } else if (std::any_of(counts.begin(), counts.end(), [](const LogField& field) {
                       return std::get<long long>(field.second) > 0;
                   })) {
            log_("info", "reminders_queued", counts);
        }
    } catch (const std::exception& error) {
        log_("error", "scheduler_error", {{"detail", error.what()}});
    }
}

void Background::run_retention() {
    try {
        auto report = apply_retention(*database_, clock_, schedule_.retention);
        if (!report) {
            log_("error", "retention_error", {{"detail", reason(report.error())}});
        } else if (report->answers + report->accommodations + report->complaints +
                       report->messages >
                   0) {
            log_("info", "personal_data_anonymised",
                 {{"answers", report->answers},
                  {"accommodations", report->accommodations},
                  {"complaints", report->complaints},
                  {"messages", report->messages}});
        }
    } catch (const std::exception& error) {
        log_("error", "retention_error", {{"detail", error.what()}});
    }
}

}  // namespace formations::app

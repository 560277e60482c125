#include "service/app/background.hpp"

#include <iostream>

#include "service/app/mail_delivery.hpp"
#include "service/app/reminders.hpp"
#include "service/mail/smtp.hpp"
#include "service/storage/database.hpp"

namespace formations::app {
namespace {

void log_error(const char* what, const std::string& detail) {
    std::cerr << "formations: " << what << ": " << detail << '\n';
}

}  // namespace

Background::Background(const std::string& database_url, const Clock& clock, MailSettings settings)
    : database_(std::make_unique<storage::Database>(
          database_url, static_cast<std::size_t>(settings.smtp_url ? settings.senders + 1 : 1))),
      clock_(clock),
      settings_(std::move(settings)) {}

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
        std::cerr << "formations: FORMATIONS_SMTP_URL is not set: messages are kept in the "
                     "outbox, none is sent\n";
    }
    threads_.emplace_back([this] { scheduler_loop(); });
}

void Background::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
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
            auto step = deliver_next(*database_, clock_, settings_);
            if (!step) {
                log_error("outbox",
                          step.error().detail.empty() ? step.error().message : step.error().detail);
            } else {
                busy = step.value() != DeliveryStep::idle;
            }
        } catch (const std::exception& error) {
            log_error("outbox", error.what());
        }
        if (!busy && !pause(settings_.poll)) {
            return;
        }
    }
}

void Background::scheduler_loop() {
    do {
        try {
            auto pass = run_scheduler(*database_, clock_, settings_);
            if (!pass) {
                log_error("scheduler",
                          pass.error().detail.empty() ? pass.error().message : pass.error().detail);
            } else if (pass->convocations + pass->payment_reminders + pass->certificates > 0) {
                std::cerr << "formations: scheduler queued " << pass->convocations
                          << " convocation(s), " << pass->payment_reminders
                          << " payment reminder(s), " << pass->certificates
                          << " certificate notice(s)\n";
            }
        } catch (const std::exception& error) {
            log_error("scheduler", error.what());
        }
    } while (pause(settings_.scheduler_interval));
}

}  // namespace formations::app

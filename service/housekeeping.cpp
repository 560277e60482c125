#include "housekeeping.hpp"

#include <iostream>

namespace formations {

Housekeeping::Housekeeping(storage::Database& database, const Clock& clock,
                           const app::RetentionSettings& retention, std::chrono::seconds interval)
    : database_(database), clock_(clock), retention_(retention), interval_(interval) {}

Housekeeping::~Housekeeping() {
    stop();
}

void Housekeeping::start() {
    thread_ = std::thread([this] { run(); });
}

void Housekeeping::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

void Housekeeping::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        run_once();
        lock.lock();
        wake_.wait_for(lock, interval_, [this] { return stopping_; });
    }
}

void Housekeeping::run_once() {
    try {
        auto report = app::apply_retention(database_, clock_, retention_);
        if (!report) {
            std::cerr << "formations: housekeeping: " << report.error().message << " ("
                      << report.error().detail << ")\n";
        } else if (report->answers + report->accommodations + report->complaints > 0) {
            std::cerr << "formations: housekeeping: anonymised " << report->answers << " answers, "
                      << report->accommodations << " accommodation requests, " << report->complaints
                      << " complaints\n";
        }
    } catch (const std::exception& error) {
        std::cerr << "formations: housekeeping: " << error.what() << '\n';
    }
}

}  // namespace formations

#include "service/http/executor.hpp"

namespace formations::http {

Executor::Executor(std::size_t threads, std::size_t max_queued) : max_queued_(max_queued) {
    for (std::size_t i = 0; i < threads; ++i) {
        threads_.emplace_back([this] { run(); });
    }
}

Executor::~Executor() {
    stop();
}

bool Executor::submit(std::function<void()> job) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ || jobs_.size() >= max_queued_) {
            ++refused_;
            return false;
        }
        jobs_.push_back(std::move(job));
    }
    ready_.notify_one();
    return true;
}

void Executor::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) {
            return;
        }
        stopping_ = true;
    }
    ready_.notify_all();
    for (auto& thread : threads_) {
        thread.join();
    }
}

void Executor::run() {
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(mutex_);
            ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            if (jobs_.empty()) {
                return;
            }
            job = std::move(jobs_.front());
            jobs_.pop_front();
            ++busy_;
        }
        job();
        std::lock_guard lock(mutex_);
        --busy_;
    }
}

Executor::Load Executor::load() const {
    std::lock_guard lock(mutex_);
    return {threads_.size(), busy_, jobs_.size(), max_queued_, refused_};
}

}  // namespace formations::http

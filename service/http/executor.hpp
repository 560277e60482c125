#pragma once
// A fixed pool of worker threads with a bounded queue. Pistache runs handlers on its few event
// loop threads; blocking work (SQL, PDF) is handed to this pool so one slow request never stalls
// the other connections. When the queue is full, `submit` says no and the caller answers 503.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace formations::http {

class Executor {
  public:
    Executor(std::size_t threads, std::size_t max_queued);
    ~Executor();
    Executor(const Executor&) = delete;
    Executor& operator=(const Executor&) = delete;

    bool submit(std::function<void()> job);

    // For /metrics.
    struct Load {
        std::size_t threads = 0;
        std::size_t busy = 0;      // running a job
        std::size_t queued = 0;    // waiting for a thread
        std::size_t capacity = 0;  // the queue's limit
        long refused = 0;          // jobs refused because the queue was full, since the start
    };
    Load load() const;

    // Runs what is queued, then joins the threads. Idempotent.
    void stop();

  private:
    void run();

    std::size_t max_queued_;
    mutable std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::function<void()>> jobs_;
    bool stopping_ = false;
    std::size_t busy_ = 0;
    long refused_ = 0;
    std::vector<std::thread> threads_;
};

}  // namespace formations::http

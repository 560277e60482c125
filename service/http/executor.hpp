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

    // Runs what is queued, then joins the threads. Idempotent.
    void stop();

  private:
    void run();

    std::size_t max_queued_;
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::function<void()>> jobs_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace formations::http

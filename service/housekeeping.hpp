#pragma once
// The service's periodic work, on a thread of its own inside `formations serve`: the retention
// of personal data (app/personal_data.hpp), at start and then every interval. Several processes
// may run it: each run takes a database advisory lock, the others skip. Stopped (and joined) by
// stop() or the destructor, without waiting for the interval to end.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "service/app/personal_data.hpp"
#include "service/domain/clock.hpp"

namespace formations {

class Housekeeping {
  public:
    Housekeeping(storage::Database& database, const Clock& clock,
                 const app::RetentionSettings& retention, std::chrono::seconds interval);
    ~Housekeeping();
    Housekeeping(const Housekeeping&) = delete;
    Housekeeping& operator=(const Housekeeping&) = delete;

    void start();
    void stop();

  private:
    void run();
    void run_once();

    storage::Database& database_;
    const Clock& clock_;
    app::RetentionSettings retention_;
    std::chrono::seconds interval_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace formations

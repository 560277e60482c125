#pragma once
// The one clock of the program. `main` creates it once — real time, or pinned with
// FORMATIONS_CLOCK for tests and demonstrations — and passes it by reference to everything that
// needs an instant or a date: nothing else reads the time, and the database's now() and
// current_date are never used for business values. Business dates ("today", issue dates,
// deadlines) are the dates of the business time zone (time_zone.hpp), never the machine's UTC date.
// Example:
//   auto clock = Clock::starting_at(*parse_instant("2026-12-31T23:30:00+01:00"));
//   auto now = clock.now();  // now.instant == 2026-12-31T22:30:00Z, now.today == 2026-12-31

#include <chrono>
#include <optional>

#include <boost/date_time/gregorian/greg_date.hpp>

namespace formations {

using Instant = std::chrono::system_clock::time_point;

// One reading of the clock: the instant and the business date it falls on. A use case reads the
// clock once and derives everything from that reading, so its dates agree even at midnight.
struct Now {
    Instant instant;
    boost::gregorian::date today;
};

class Clock {
  public:
    // The machine's time.
    static Clock real();
    // Starts at `start` and runs forward at the pace of the machine's steady clock.
    static Clock starting_at(Instant start);

    Clock(Clock&&) = default;
    Clock& operator=(Clock&&) = default;
    // One clock for the whole program: pass it by reference.
    Clock(const Clock&) = delete;
    Clock& operator=(const Clock&) = delete;

    Now now() const;
    // The instant a pinned clock started at; nullopt for real time.
    const std::optional<Instant>& pinned_start() const { return start_; }

  private:
    explicit Clock(std::optional<Instant> start);

    std::optional<Instant> start_;
    std::chrono::steady_clock::time_point started_;
};

}  // namespace formations

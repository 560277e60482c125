#include "service/domain/clock.hpp"

#include "service/domain/time_zone.hpp"

namespace formations {

Clock::Clock(std::optional<Instant> start)
    : start_(start), started_(std::chrono::steady_clock::now()) {}

Clock Clock::real() {
    return Clock(std::nullopt);
}

Clock Clock::starting_at(Instant start) {
    return Clock(start);
}

Now Clock::now() const {
    Instant instant = std::chrono::system_clock::now();
    if (start_) {
        // The steady clock: the pinned time never jumps when the machine's clock is set.
        instant = *start_ + std::chrono::duration_cast<Instant::duration>(
                                std::chrono::steady_clock::now() - started_);
    }
    return {instant, local_date(instant)};
}

}  // namespace formations

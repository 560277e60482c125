#include "pricing/waitlist_offer.hpp"

#include <algorithm>

namespace formations::pricing {

std::chrono::system_clock::time_point offer_expires_at(
    std::chrono::system_clock::time_point offered_at, std::chrono::hours offer_time,
    std::chrono::system_clock::time_point first_day_begins) {
    const auto time = std::max(offer_time, std::chrono::hours(1));
    const auto floor = offered_at + std::min(time, minimum_offer_window);
    return std::max(std::min(offered_at + time, first_day_begins), floor);
}

}  // namespace formations::pricing

// How long a seat offered to the first person of a waiting list waits for their answer: the
// configured time (FORMATIONS_OFFER_HOURS, 48 h by default), but never past the beginning of the
// session's first day (00:00 in the business time zone, computed by the caller), so that the
// seat can still go to the next person; close to the start, at least `minimum_offer_window` (or
// the configured time when shorter), so that nobody is offered a seat they cannot answer.
// Example: offered 2 June 10:00, 48 h, first day begins 27 June 00:00 -> 4 June 10:00;
//          offered 26 June 10:00, 48 h, first day begins 27 June 00:00 -> 27 June 00:00;
//          offered 26 June 23:00, 48 h, first day begins 27 June 00:00 -> 27 June 01:00.
#pragma once

#include <chrono>

namespace formations::pricing {

inline constexpr std::chrono::hours minimum_offer_window{2};

std::chrono::system_clock::time_point offer_expires_at(
    std::chrono::system_clock::time_point offered_at, std::chrono::hours offer_time,
    std::chrono::system_clock::time_point first_day_begins);

}  // namespace formations::pricing

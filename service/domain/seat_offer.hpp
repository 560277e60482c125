#pragma once
// A seat offered from the waiting list (issue 11): the first person in line gets a freed seat
// for a limited time (app/offers.hpp). The registration is then 'offered' and holds the seat;
// it is confirmed by an acceptance, or cancelled by a refusal or the deadline passing.

#include <cstdint>
#include <optional>
#include <string>

namespace formations::domain {

struct SeatOffer {
    std::int64_t id = 0;
    std::int64_t registration_id = 0;
    std::int64_t session_id = 0;
    std::string offered_at;  // ISO 8601, UTC
    std::string expires_at;  // ISO 8601, UTC: the last instant it can be accepted is before it
    // accepted / declined / expired / withdrawn; none while the offer is open.
    std::optional<std::string> outcome;
    std::optional<std::string> answered_at;
};

}  // namespace formations::domain

#pragma once
// Waiting-list offers (migration create_seat_offers). Every function runs inside the caller's
// transaction, which holds the session's and the registration's row locks when it changes one.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "service/domain/clock.hpp"
#include "service/domain/seat_offer.hpp"
#include "service/storage/database.hpp"

namespace formations::storage {

// Makes the waitlisted registration 'offered' (it leaves the waiting list and holds a seat) and
// stores its open offer. Its id.
std::int64_t offer_seat(soci::session& sql, std::int64_t registration_id, std::int64_t session_id,
                        Instant offered_at, Instant expires_at);

// The registration's latest offer, open or not.
std::optional<domain::SeatOffer> latest_offer(soci::session& sql, std::int64_t registration_id);

// Ends the registration's open offer, if any, with `outcome`. Whether there was one.
bool close_offer(soci::session& sql, std::int64_t registration_id, const std::string& outcome,
                 Instant at);

// The registrations whose open offer expired at `now` or before, oldest deadline first.
std::vector<std::int64_t> expired_offers(soci::session& sql, Instant now);

}  // namespace formations::storage

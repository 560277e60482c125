#pragma once
// Inside the app only: waiting-list offers (issue 11), run inside the caller's transaction, which
// holds the session's row lock. A freed seat is not given: it is offered to the first person in
// line, whose registration becomes 'offered' and holds the seat (the database counts it against
// the capacity) until they accept (the seat confirmed, then invoiced or its contract made, see
// registrations.hpp), decline, or let the deadline pass (pricing/waitlist_offer.hpp); the seat
// then goes to the next person. Nothing is invoiced before an acceptance.

#include <cstdint>
#include <optional>
#include <vector>

#include "invoices/billing_settings.hpp"
#include "service/domain/clock.hpp"
#include "service/domain/error.hpp"
#include "service/domain/session.hpp"
#include "service/storage/database.hpp"

namespace formations::app::detail {

// Offers every free seat of the session (not cancelled) to the first people on its waiting
// list, in order, each with its deadline, and tells them (seat_offered).
std::optional<Error> offer_free_seats(soci::session& sql, const invoices::BillingSettings& billing,
                                      const domain::Session& session, const Now& now);

// The scheduler's part: the registrations whose offer's deadline has passed.
std::vector<std::int64_t> expired_offers(soci::session& sql, const Now& now);
// Ends the offer of one of them, under its session's then its registration's row lock, read again
// there (accepted or declined meanwhile, it is left alone: false): the offer ends 'expired', the
// registration is cancelled (nothing was invoiced), the person is told (offer_expired) and the
// seat is offered to the next person.
bool expire_offer(soci::session& sql, const invoices::BillingSettings& billing, const Clock& clock,
                  const Now& now, std::int64_t registration_id);

}  // namespace formations::app::detail

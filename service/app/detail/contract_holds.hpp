#pragma once
// Inside the app only: the scheduler's release of self-funded seats whose training contract was
// not signed in time (pricing::contract_hold_ends_on), run inside its transaction. Each seat is
// released under its session's row lock then its registration's, like any cancellation: the
// registration cancelled (an unsigned seat has no invoice, so no credit note either), the
// trainee told (seat_released), the seat given to the waiting list.

#include <cstdint>
#include <optional>
#include <vector>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "invoices/billing_settings.hpp"
#include "service/domain/clock.hpp"
#include "service/storage/database.hpp"

namespace formations::app::detail {

// The registrations whose seat is held past its hold today, unsigned. `hold_days` 0: none.
std::vector<std::int64_t> unsigned_seats_past_hold(soci::session& sql, const Now& now,
                                                   int hold_days);
// Releases the seat of one of them (a registration unsigned_seats_past_hold found, in an earlier
// transaction): false when it was signed, cancelled or moved meanwhile.
bool release_unsigned_seat(soci::session& sql, const invoices::BillingSettings& billing,
                           const Clock& clock, const Now& now, std::int64_t registration_id);

// The business day (Paris) the registration's training contract was signed; nullopt while it
// is not (or for an employer's registration, which has a convention, not a contract).
std::optional<boost::gregorian::date> contract_signed_on(soci::session& sql,
                                                         std::int64_t registration_id);

// What a signed training contract agreed: the business day (Paris) it was signed and the course
// dates it states (its snapshot), from which its payment schedule runs (L6353-6). The invoice
// follows these, not the session's dates of the moment, so that it never stages the price
// differently from the contract signed. nullopt while the current contract is not signed.
struct SignedContract {
    boost::gregorian::date signed_on;
    boost::gregorian::date starts_on;
    boost::gregorian::date ends_on;
};
std::optional<SignedContract> signed_contract(soci::session& sql, std::int64_t registration_id);

}  // namespace formations::app::detail

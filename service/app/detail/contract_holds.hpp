#pragma once
// Inside the app only: the scheduler's release of self-funded seats whose training contract was
// not signed in time (pricing::contract_hold_ends_on), run inside its transaction. Each seat is
// released under its session's row lock then its registration's, like any cancellation: the
// registration cancelled without fee (the invoice wholly credited), the trainee told
// (seat_released, the credit note attached), the seat given to the waiting list.

#include <cstdint>
#include <optional>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "invoices/billing_settings.hpp"
#include "service/domain/clock.hpp"
#include "service/storage/database.hpp"

namespace formations::app::detail {

// The number of seats released. `hold_days` 0: none.
int release_unsigned_seats(soci::session& sql, const invoices::BillingSettings& billing,
                           const Clock& clock, const Now& now, int hold_days);

// When a self-funded trainee's invoice may be asked for (L6353-6): the later of the invoice's
// due date and the last instalment of the schedule that follows from the signature of the
// contract. Unsigned (the seat is released after its hold) or not self-funded: `due_on`.
boost::gregorian::date payable_due_on(soci::session& sql, std::int64_t registration_id,
                                      boost::gregorian::date due_on);

}  // namespace formations::app::detail

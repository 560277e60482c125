#pragma once
// Inside the app only: the seat steps shared by the use cases that cancel registrations or add
// seats (registrations, session_admin), run inside their transaction, which holds the session's
// row lock.

#include <optional>
#include <string>

#include "invoices/billing_settings.hpp"
#include "service/domain/clock.hpp"
#include "service/domain/error.hpp"
#include "service/domain/registration.hpp"
#include "service/domain/session.hpp"
#include "service/storage/database.hpp"

namespace formations::app::detail {

// Gives every free seat to the first people on the waiting list, in order, and invoices each.
std::optional<Error> promote_waitlist(soci::session& sql, const invoices::BillingSettings& billing,
                                      const Clock& clock, const domain::Session& session,
                                      const Now& now);

// With the registration's lock too: cancels, credits the invoice, and gives a freed seat to the
// waiting list.
std::optional<Error> cancel_locked(soci::session& sql, const invoices::BillingSettings& billing,
                                   const Clock& clock, const domain::Registration& registration,
                                   const domain::Session& session, const Now& now,
                                   const std::string& actor);

}  // namespace formations::app::detail

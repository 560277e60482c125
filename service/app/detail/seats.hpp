#pragma once
// Inside the app only: the seat steps shared by the use cases that cancel registrations or add
// seats (registrations, session_admin), run inside their transaction, which holds the session's
// row lock.

#include <optional>
#include <string>

#include "invoices/billing_settings.hpp"
#include "service/domain/clock.hpp"
#include "service/domain/error.hpp"
#include "service/domain/message.hpp"
#include "service/domain/registration.hpp"
#include "service/domain/session.hpp"
#include "service/storage/database.hpp"

namespace formations::app::detail {

// Gives every free seat to the first people on the waiting list, in order, invoices each and
// tells them (the invoice attached).
std::optional<Error> promote_waitlist(soci::session& sql, const invoices::BillingSettings& billing,
                                      const Clock& clock, const domain::Session& session,
                                      const Now& now);

// Who cancels, and what the trainee is told: registration_cancelled, or session_cancelled when
// staff cancel the whole session.
struct Canceller {
    std::string actor;  // as the audit trail names them
    bool staff = false;
    domain::MessageKind notice = domain::MessageKind::registration_cancelled;
};

// With the registration's lock too: cancels, credits the invoice, tells the trainee (the credit
// note attached), and gives a freed seat to the waiting list.
std::optional<Error> cancel_locked(soci::session& sql, const invoices::BillingSettings& billing,
                                   const Clock& clock, const domain::Registration& registration,
                                   const domain::Session& session, const Now& now,
                                   const Canceller& canceller);

}  // namespace formations::app::detail

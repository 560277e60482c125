#pragma once
// Inside the app only: a trainee's or staff's cancellation of one registration, run inside the
// caller's transaction, which holds the session's then the registration's row lock. The
// cancellation (registrations.hpp: cancel_registration) commits it; its preview
// (preview_cancellation) runs the very same steps and rolls them back, so what the page shows
// before the click is what the click does.

#include "invoices/billing_settings.hpp"
#include "service/app/registrations.hpp"
#include "service/domain/clock.hpp"
#include "service/domain/registration.hpp"
#include "service/domain/session.hpp"
#include "service/storage/database.hpp"

namespace formations::app::detail {

// Decides the fee rule (CancellationOutcome::fee_rule), cancels (cancel_locked: credit notes,
// e-mail, audit, the seat offered to the waiting list) and accounts for what it did, with its
// French sentence and its confirmation digest. A trainee may not cancel from the day the session
// starts (409 session_started).
Result<CancellationOutcome> cancel_and_account(soci::session& sql,
                                               const invoices::BillingSettings& billing,
                                               const Clock& clock, const Now& now,
                                               const domain::Registration& registration,
                                               const domain::Session& session,
                                               const Requester& requester);

}  // namespace formations::app::detail

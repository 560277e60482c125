#pragma once
// Inside the app only: the seat steps shared by the use cases that cancel registrations or add
// seats (registrations, session_admin), run inside their transaction, which holds the session's
// row lock.

#include <optional>
#include <string>

#include "invoices/billing_settings.hpp"
#include "service/app/detail/invoicing.hpp"
#include "service/domain/clock.hpp"
#include "service/domain/error.hpp"
#include "service/domain/message.hpp"
#include "service/domain/registration.hpp"
#include "service/domain/session.hpp"
#include "service/storage/database.hpp"

namespace formations::app::detail {

// A confirmed registration, or one whose offer holds a seat while it waits for an answer: both
// count against the capacity.
inline bool holds_seat(const domain::Registration& registration) {
    return registration.status == "confirmed" || registration.status == "offered";
}

// Who cancels, and what the trainee is told: registration_cancelled, or session_cancelled when
// staff cancel the whole session.
struct Canceller {
    std::string actor;  // as the audit trail names them
    bool staff = false;
    domain::MessageKind notice = domain::MessageKind::registration_cancelled;
    // What the credit note keeps: the course's cancellation fee, or nothing (a withdrawal
    // within the legal period costs nothing, L6353-5).
    Fee fee = Fee::cancellation;
    // Why the credit notes are issued (default: "Annulation").
    invoices::CreditReason credit_reason{};
    // Set when the course's fee is waived because the person did not accept a change made by the
    // organiser: the reason, for the audit trail.
    std::optional<std::string> fee_waived_because{};
    // offer_expired: the deadline that passed, for the message.
    std::optional<std::string> offer_expires_at{};
};

// With the registration's lock too: cancels (ending an open offer as 'withdrawn'), credits the
// invoice, tells the trainee (the credit note attached), and offers a freed seat to the waiting
// list (detail/offers.hpp).
std::optional<Error> cancel_locked(soci::session& sql, const invoices::BillingSettings& billing,
                                   const Clock& clock, const domain::Registration& registration,
                                   const domain::Session& session, const Now& now,
                                   const Canceller& canceller);

}  // namespace formations::app::detail

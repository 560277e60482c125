#pragma once
// Use cases of a prospective founder: register for a session (a seat or the waiting list, at the
// price of their tier), look at their registration through its token, and cancel it (the seat
// goes to the first person waiting, in the same transaction).
//
// Concurrency: every seat decision of a session takes that session's row lock first
// (SELECT … FOR UPDATE), so servers sharing the database decide one after the other; the seat
// count is also checked by the database itself (sessions.seats_taken <= capacity).

#include <cstdint>
#include <optional>
#include <string>

#include <boost/date_time/gregorian/gregorian.hpp>

#include "invoices/billing_settings.hpp"
#include "pricing/tier.hpp"
#include "service/app/billing.hpp"
#include "service/app/error.hpp"
#include "service/storage/database.hpp"
#include "service/storage/registration_repository.hpp"
#include "service/storage/session_repository.hpp"

namespace formations::app {

struct TraineeInput {
    std::string first_name;
    std::string last_name;
    std::string email;
    std::optional<std::string> phone;
    std::optional<std::string> address;
};

struct EmployerInput {
    std::string siret;
    std::string name;
    std::string address;
};

struct RegistrationRequest {
    std::int64_t session_id = 0;
    TraineeInput trainee;
    pricing::Funding funding = pricing::Funding::self;
    std::optional<EmployerInput> employer;
};

// An Idempotency-Key header and the fingerprint of the request it came with: the same key with
// another request is refused rather than silently answered with someone else's registration.
struct IdempotencyKey {
    std::string key;
    std::string fingerprint;
};

struct RegistrationView {
    storage::RegistrationRow registration;
    storage::SessionRow session;
    std::string status;                    // as answered (see `replayed`)
    std::optional<int> waitlist_position;  // null unless waitlisted
    bool replayed = false;                 // an idempotent retry: the first answer again
    std::vector<InvoiceView> invoices;     // the invoice and its credit notes, oldest first
};

Error registration_not_found();

// Checks and normalises what a person typed; pure.
Result<RegistrationRequest> validate_registration(const RegistrationRequest& request);

Result<RegistrationView> register_trainee(storage::Database& db,
                                          const invoices::BillingSettings& billing,
                                          const RegistrationRequest& request,
                                          const std::optional<IdempotencyKey>& idempotency,
                                          boost::gregorian::date today);

// Inside a transaction holding the session's lock: gives every free seat to the first people on
// the waiting list, in order, and invoices each of them.
void promote_waitlist(soci::session& sql, const invoices::BillingSettings& billing,
                      const storage::SessionRow& session, boost::gregorian::date today);

Result<RegistrationView> find_registration(storage::Database& db, const std::string& token);

Result<RegistrationView> cancel_registration(storage::Database& db,
                                             const invoices::BillingSettings& billing,
                                             const std::string& token,
                                             boost::gregorian::date today);

}  // namespace formations::app

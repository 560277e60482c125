#pragma once
// Use cases of a prospective founder: see the price that would apply, register for a session (a
// seat or the waiting list, at the price of their tier), look at their registration through its
// token, and cancel it (the seat goes to the first person waiting, in the same transaction); and
// the staff's corrections: tier, move to another session.
//
// Concurrency: every seat decision of a session takes that session's row lock first
// (SELECT … FOR UPDATE), so servers sharing the database decide one after the other; the seat
// count is also checked by the database itself (sessions.seats_taken <= capacity).

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "pricing/tier.hpp"
#include "service/app/accounts.hpp"
#include "service/app/billing.hpp"
#include "service/app/use_case.hpp"
#include "service/domain/message.hpp"
#include "service/domain/registration.hpp"
#include "service/domain/session.hpp"

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
    domain::Registration registration;
    domain::Session session;
    std::string status;                           // as answered (see `replayed`)
    std::optional<int> waitlist_position;         // null unless waitlisted
    bool replayed = false;                        // an idempotent retry: the first answer again
    std::vector<InvoiceView> invoices;            // the invoice and its credit notes, oldest first
    std::vector<domain::OutboxMessage> messages;  // what the trainee was told, newest first
};

// Who asks: a trainee (through their token) or a staff member, who may register after the
// deadline and cancel after the start.
struct Requester {
    std::string audit_name = "trainee";
    bool staff = false;
};

// A registration is reached by its token (trainee) or by its id (staff).
using RegistrationKey = std::variant<std::string, std::int64_t>;

// The price a registration would pay now: the same rule and tariff as register_trainee.
struct Quote {
    std::int64_t session_id = 0;
    pricing::Tier tier = pricing::Tier::self_funded;
    std::int64_t price_cents = 0;
    std::optional<std::string> organisation_name;  // a member or candidate employer's name
};

Error registration_not_found();

// Checks and normalises what a person typed; pure.
Result<RegistrationRequest> validate_registration(const RegistrationRequest& request);

// Without a SIRET: self-funded; with one (any spacing): the employer's tier from the directory.
Result<Quote> quote(storage::Database& db, std::int64_t session_id,
                    const std::optional<std::string>& siret);

Result<RegistrationView> register_trainee(storage::Database& db, const Clock& clock,
                                          const invoices::BillingSettings& billing,
                                          const RegistrationRequest& request,
                                          const std::optional<IdempotencyKey>& idempotency,
                                          const Requester& requester);

Result<RegistrationView> find_registration(storage::Database& db, const RegistrationKey& key);

// A trainee may cancel until the day before the session starts; staff at any time.
Result<RegistrationView> cancel_registration(storage::Database& db, const Clock& clock,
                                             const invoices::BillingSettings& billing,
                                             const RegistrationKey& key,
                                             const Requester& requester);

// Staff: the tier (and price) of a registration was wrong. An invoice is credited and re-issued.
Result<RegistrationView> correct_tier(storage::Database& db, const Clock& clock,
                                      const invoices::BillingSettings& billing, const Actor& actor,
                                      std::int64_t registration_id, pricing::Tier tier);

// Staff: to another session of the same course (a seat if one is free, else its waiting list).
// The old invoice is credited (it names the old dates) and the new seat invoiced.
Result<RegistrationView> move_registration(storage::Database& db, const Clock& clock,
                                           const invoices::BillingSettings& billing,
                                           const Actor& actor, std::int64_t registration_id,
                                           std::int64_t target_session_id);

}  // namespace formations::app

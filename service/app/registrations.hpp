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

#include <boost/date_time/gregorian/greg_date.hpp>

#include "pricing/tier.hpp"
#include "service/app/accounts.hpp"
#include "service/app/billing.hpp"
#include "service/app/use_case.hpp"
#include "service/domain/billing_terms.hpp"
#include "service/domain/convention.hpp"
#include "service/domain/message.hpp"
#include "service/domain/registration.hpp"
#include "service/domain/seat_offer.hpp"
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
    // Who signs the training convention (conventions.hpp): sent a link when the seat is given.
    std::optional<domain::Signatory> signatory{};
};

struct RegistrationRequest {
    std::int64_t session_id = 0;
    TraineeInput trainee;
    pricing::Funding funding = pricing::Funding::self;
    std::optional<EmployerInput> employer;
    domain::BillingTerms billing;  // purchase order, funding body (employer funding only)
};

// Registrations anybody may make, without logging in, for one employer (SIRET) in one session
// while none of them is paid: past that, staff register more on the employer's behalf. A
// stranger cannot fill a session with invoices in a company's name; a team of five goes through.
inline constexpr int max_unpaid_anonymous_per_employer = 5;

// An Idempotency-Key header and the fingerprint of the request it came with: the same key with
// another request is refused rather than silently answered with someone else's registration.
struct IdempotencyKey {
    std::string key;
    std::string fingerprint;
};

struct RegistrationView {
    domain::Registration registration;
    domain::Session session;
    std::string status;                      // as answered (see `replayed`)
    std::optional<int> waitlist_position;    // null unless waitlisted
    std::optional<domain::SeatOffer> offer;  // the latest waiting-list offer, open or not
    bool replayed = false;                   // an idempotent retry: the first answer again
    std::vector<InvoiceView> invoices;       // the invoices and credit notes, oldest first
    domain::BillingTerms billing;
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
//
// Whether an employer is in the member directory is the network's business, not anybody's who
// knows a SIRET (public in the SIRENE registry): the quote gives an employer's tier only when the
// SIRET and the employer's name as typed both match a structure of the directory — what an
// employee reads on a payslip. Otherwise, known or not, the answer is the same: both prices,
// the tier to be confirmed by the registration. An enumeration by SIRET learns nothing; one
// needs every name as the network filed it, and is limited in rate per client.
struct Quote {
    std::int64_t session_id = 0;
    // Known: self-funded, or an employer matching the directory (SIRET and name).
    std::optional<pricing::Tier> tier;
    std::optional<std::int64_t> price_cents;
    // The tier unknown: an employer's two possible prices.
    std::int64_t member_price_cents = 0;
    std::int64_t non_member_price_cents = 0;
    // Only when the SIRET and the name both match the directory: the structure's address as the
    // directory stores it (lines separated by \n; may be empty), for the form to fill in.
    std::optional<std::string> employer_address;
};

Error registration_not_found();

// Checks and normalises what a person typed; pure.
Result<RegistrationRequest> validate_registration(const RegistrationRequest& request);

// Without a SIRET: self-funded; with one (any spacing) and the employer's name: see Quote.
Result<Quote> quote(storage::Database& db, std::int64_t session_id,
                    const std::optional<std::string>& siret,
                    const std::optional<std::string>& organisation_name);

Result<RegistrationView> register_trainee(storage::Database& db, const Clock& clock,
                                          const invoices::BillingSettings& billing,
                                          const RegistrationRequest& request,
                                          const std::optional<IdempotencyKey>& idempotency,
                                          const Requester& requester);

Result<RegistrationView> find_registration(storage::Database& db, const RegistrationKey& key);

// What cancelling a registration does to its money, and why: the answer of the cancellation's
// preview, the same as what the cancellation then does (both run cancel_registration's steps;
// the preview rolls them back).
//
// `fee_rule` says which rule decided the fee:
//   nothing_invoiced           no open invoice (a waiting list, an unsigned contract): nothing kept
//   withdrawal_period          a self-funded contract signed less than 10 days ago (L6353-5)
//   session_edit_not_accepted  the organiser changed the session and the new agreement is unsigned
//   no_cancellation_fee        the course keeps no fee: every invoice credited whole
//   cancellation_fee           the course's fee is kept (fee_cents), the rest credited
struct CancellationOutcome {
    std::string fee_rule;
    std::int64_t fee_cents = 0;       // kept on the invoices (what the credit notes leave)
    std::int64_t credited_cents = 0;  // the credit notes' total, as a positive amount
    std::int64_t due_cents = 0;       // still to pay on the registration's invoices afterwards
    std::int64_t refund_cents = 0;    // paid beyond what remains: to give back
    bool seat_offered = false;        // the freed seat goes to the first person waiting
    std::optional<boost::gregorian::date> withdrawal_ends_on;  // withdrawal_period: last day
    std::string summary;                                       // one French sentence for the page
    // A digest of all the above and of the registration: the same for the preview and the
    // cancellation that follows it when nothing changed in between (a deadline passed, a
    // payment recorded, an agreement signed, someone joining the waiting list…).
    std::string confirmation;
};

// What cancelling would do now (the clock read once), for the page to show before the click:
// cancel_registration's own steps run in a transaction always rolled back (Database::rehearse),
// so nothing is written — no credit note, no invoice number, no e-mail, no audit entry, no
// offer — and bad requests get the cancellation's errors (already_cancelled, session_started).
Result<CancellationOutcome> preview_cancellation(storage::Database& db, const Clock& clock,
                                                 const invoices::BillingSettings& billing,
                                                 const RegistrationKey& key,
                                                 const Requester& requester);

// A trainee may cancel until the day before the session starts; staff at any time. With the
// `confirmation` of a preview, the cancellation is refused (409 cancellation_preview_stale,
// nothing written) when what it does differs from what the preview showed.
Result<RegistrationView> cancel_registration(
    storage::Database& db, const Clock& clock, const invoices::BillingSettings& billing,
    const RegistrationKey& key, const Requester& requester,
    const std::optional<std::string>& confirmation = std::nullopt);

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

// Waiting-list offers (detail/offers.hpp). Accepting, by the trainee before the deadline (or by
// staff on their behalf, also after it while the seat is still theirs), confirms the seat and
// invoices it; a self-funded trainee then signs their contract from the personal page.
// Declining cancels the registration without anything to pay and offers the seat to the next
// person. Both take the session's then the registration's row lock: an offer is answered once.
// Refusals (409): offer_expired, offer_already_accepted, offer_declined, no_offer,
// already_cancelled.
Result<RegistrationView> accept_offer(storage::Database& db, const Clock& clock,
                                      const invoices::BillingSettings& billing,
                                      const RegistrationKey& key, const Requester& requester);
Result<RegistrationView> decline_offer(storage::Database& db, const Clock& clock,
                                       const invoices::BillingSettings& billing,
                                       const RegistrationKey& key, const Requester& requester);

}  // namespace formations::app

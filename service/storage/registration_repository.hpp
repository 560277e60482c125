#pragma once
// Trainees and registrations. Every function runs inside the caller's transaction; none commits.
// Instants (created_at, confirmed_at, cancelled_at…) come from the caller's clock.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "pricing/registration_window.hpp"
#include "pricing/tier.hpp"
#include "service/domain/billing_terms.hpp"
#include "service/domain/clock.hpp"
#include "service/domain/convention.hpp"
#include "service/domain/registration.hpp"
#include "service/storage/database.hpp"
#include "service/storage/invoice_repository.hpp"
#include "service/storage/outbox_repository.hpp"

namespace formations::storage {

struct NewRegistration {
    std::int64_t session_id = 0;
    domain::Trainee trainee;  // as given for this registration (the e-mail in lower case)
    std::string token;
    pricing::Funding funding = pricing::Funding::self;
    std::optional<domain::Employer> employer;
    pricing::Tier tier = pricing::Tier::self_funded;
    std::int64_t price_cents = 0;
    std::optional<std::string> idempotency_key;
    std::optional<std::string> idempotency_fingerprint;
};

// What a session must still be, as read before its lock, for a registration decided under the
// lock to be the one the use case checked and priced.
struct SessionVersion {
    std::int64_t course_id = 0;
    pricing::SessionStatus status = pricing::SessionStatus::open;
    boost::gregorian::date starts_on;
    boost::gregorian::date registration_deadline;
};

// A registration as the statement that decided its seat stored it.
struct SeatDecision {
    std::int64_t id = 0;
    bool confirmed = false;
    std::optional<std::int64_t> waitlist_order;
    std::optional<int> waitlist_position;  // 1-based, when waitlisted
    std::string created_at;                // ISO 8601, UTC, to the second
};

bool has_active_registration(soci::session& sql, std::int64_t session_id, std::int64_t trainee_id);

std::int64_t next_waitlist_order(soci::session& sql);

// Position (1-based) of a waitlisted registration among its session's waiting list.
int waitlist_position(soci::session& sql, std::int64_t session_id, std::int64_t waitlist_order);

// The id of a registration about to be decided (register_seat), taken before any lock so that
// everything stored with it can be rendered beforehand (an id not used is a harmless gap), and
// its trainee's e-mail as the database stores it: lower() also folds the accented capitals of a
// domain (@ÉCOLE.fr) that the service's ASCII folding leaves.
struct ReservedRegistration {
    std::int64_t id = 0;
    std::string email;
};
ReservedRegistration reserve_registration(soci::session& sql, const std::string& email);

// Everything a new registration stores under its session's lock, rendered before it.
struct SeatRequest {
    std::int64_t id = 0;  // reserve_registration
    NewRegistration row;
    SessionVersion expected;  // what the session must still be
    Instant at;
    std::string actor;  // of the audit entry and the message
    // Refuse when the employer (row.employer) has this many anonymous unpaid registrations on
    // the session already (counted under the lock); nullopt: no limit.
    std::optional<int> employer_limit;
    // The registration as stored when it gets a seat (its audit entry's state).
    domain::Registration seated;
    // Whether a seat is invoiced now: `invoices` (number left empty) are then numbered in
    // `series` under its lock and dated `issued_on`.
    bool invoice_if_seated = false;
    std::string series;
    boost::gregorian::date issued_on;
    std::vector<NewInvoice> invoices;
    // The message, with a seat (its documents completed with the invoices' ids and numbers) or
    // on the waiting list.
    NewMessage seated_message;
    NewMessage waitlisted_message;
    // Stored with the registration, seat or waiting list: its billing terms (none when empty)
    // and its convention's signatory.
    domain::BillingTerms billing;
    std::optional<domain::Signatory> signatory;
    // With a seat and a signatory: the link the signatory is e-mailed (its token's SHA-256) and
    // that e-mail.
    struct SignatoryLink {
        std::string token_hash;
        NewMessage message;
    };
    std::optional<SignatoryLink> signatory_link;
};

enum class SeatOutcome {
    decided,          // stored: `decision`, the invoices, the message
    session_changed,  // the session is no longer `expected`: nothing stored, read it again
    refused,          // a unique rule refused it (Idempotency-Key, person): nothing stored
    employer_limit,   // the employer's limit is reached: nothing stored
    dated,            // the series is dated after `issued_on`: render the invoices with
                      // `series_date` and call again (the locks are kept)
};
struct SeatResult {
    SeatOutcome outcome = SeatOutcome::session_changed;
    std::optional<SeatDecision> decision;
    boost::gregorian::date series_date;
    std::vector<std::int64_t> invoice_ids;
    std::vector<std::string> invoice_numbers;
    std::int64_t message_id = 0;
};

// One round trip, the whole of a registration's time under its session's lock: the server-side
// function register_seat (sql/migrations/…_register_seat_commits_alone) locks the session row
// (after the registrations decided before it commit), and if the session is still `expected`
// refuses the registration when its Idempotency-Key is taken or the trainee is already
// registered for the session (then nothing is written), else stores the trainee (upserted by
// e-mail), the registration, with a seat if one is free (seats_taken < capacity), else at the
// end of the waiting list (the session row counts both; see the migration count_waiting_lists),
// its audit entry, its invoices when the seat is invoiced now (numbered under the series' lock,
// so the lock is held from there to the commit only) and its message. A key taken meanwhile by a
// registration to another session is a serialization failure (the use case runs again). Called
// without a transaction (Database::autocommit), it is one and commits as it returns.
SeatResult register_seat(soci::session& sql, const SeatRequest& request);

enum class Lock { none, for_update };
std::optional<domain::Registration> find_registration_by_token(soci::session& sql,
                                                               const std::string& token,
                                                               Lock lock = Lock::none);
std::optional<domain::Registration> find_registration_by_id(soci::session& sql, std::int64_t id,
                                                            Lock lock = Lock::none);
std::optional<domain::Registration> find_registration_by_idempotency_key(soci::session& sql,
                                                                         const std::string& key);

// Every registration of a session: confirmed first, then the waiting list in order, then the
// cancelled ones.
std::vector<domain::Registration> registrations_of_session(soci::session& sql,
                                                           std::int64_t session_id);

std::int64_t trainee_id_of(soci::session& sql, std::int64_t registration_id);
void update_tier(soci::session& sql, std::int64_t registration_id, pricing::Tier tier,
                 std::int64_t price_cents);
// Puts a registration on another session, with a seat or on its waiting list.
void move_to_session(soci::session& sql, std::int64_t registration_id, std::int64_t session_id,
                     bool confirmed, std::optional<std::int64_t> waitlist_order,
                     std::int64_t price_cents, Instant at);

void mark_cancelled(soci::session& sql, std::int64_t registration_id, Instant at);

// The first waitlisted registration of the session, locked, when the session (not cancelled) has
// a free seat for it.
std::optional<domain::Registration> next_in_line(soci::session& sql, std::int64_t session_id);
// Gives a waitlisted registration its seat.
void confirm_seat(soci::session& sql, std::int64_t registration_id, Instant at);

// The registrations of the trainee with that e-mail (lower-cased) for sessions ending on or after
// `ended_since`, the latest sessions first, at most `limit`.
std::vector<domain::Registration> registrations_of_email(soci::session& sql,
                                                         const std::string& email,
                                                         boost::gregorian::date ended_since,
                                                         int limit);

}  // namespace formations::storage

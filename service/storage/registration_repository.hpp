#pragma once
// Trainees and registrations. Every function runs inside the caller's transaction; none commits.
// Instants (created_at, confirmed_at, cancelled_at…) come from the caller's clock.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "pricing/tier.hpp"
#include "service/domain/clock.hpp"
#include "service/domain/registration.hpp"
#include "service/storage/database.hpp"

namespace formations::storage {

struct NewRegistration {
    std::int64_t session_id = 0;
    std::int64_t trainee_id = 0;
    domain::Trainee trainee;  // as given for this registration
    std::string token;
    pricing::Funding funding = pricing::Funding::self;
    std::optional<domain::Employer> employer;
    pricing::Tier tier = pricing::Tier::self_funded;
    std::int64_t price_cents = 0;
    bool confirmed = false;
    std::optional<std::int64_t> waitlist_order;
    std::optional<int> waitlist_position;
    std::optional<std::string> idempotency_key;
    std::optional<std::string> idempotency_fingerprint;
};

// Creates the trainee or refreshes their contact details; returns their id.
std::int64_t upsert_trainee(soci::session& sql, const domain::Trainee& trainee, Instant at);

bool has_active_registration(soci::session& sql, std::int64_t session_id, std::int64_t trainee_id);

std::int64_t next_waitlist_order(soci::session& sql);

// Position (1-based) of a waitlisted registration among its session's waiting list.
int waitlist_position(soci::session& sql, std::int64_t session_id, std::int64_t waitlist_order);

// The new registration's id, or nullopt when a unique rule refuses it (its Idempotency-Key is
// taken, or the trainee is already registered for the session), also when a concurrent
// transaction got there first: ON CONFLICT waits for it, no exception is involved.
std::optional<std::int64_t> insert_registration(soci::session& sql,
                                                const NewRegistration& registration, Instant at);

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

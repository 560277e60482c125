#pragma once
// Trainees, registrations, the member directory look-up and the audit trail. Every function runs
// inside the caller's transaction; none commits.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include "pricing/tier.hpp"

namespace formations::storage {

struct TraineeRecord {
    std::string first_name;
    std::string last_name;
    std::string email;
    std::optional<std::string> phone;
    std::optional<std::string> address;
};

struct EmployerRecord {
    std::string siret;
    std::string name;
    std::string address;
    std::optional<std::int64_t> organisation_id;  // set when found in the member directory
};

struct OrganisationRow {
    std::int64_t id = 0;
    std::string name;
    pricing::MembershipStatus status = pricing::MembershipStatus::none;
};

struct RegistrationRow {
    std::int64_t id = 0;
    std::int64_t session_id = 0;
    std::string token;
    TraineeRecord trainee;
    pricing::Funding funding = pricing::Funding::self;
    std::optional<EmployerRecord> employer;
    pricing::Tier tier = pricing::Tier::self_funded;
    std::int64_t price_cents = 0;
    std::string status;  // confirmed / waitlisted / cancelled
    std::optional<std::int64_t> waitlist_order;
    std::string created_status;
    std::optional<int> created_waitlist_position;
    std::optional<std::string> idempotency_fingerprint;
    std::string created_at;  // ISO 8601
};

struct NewRegistration {
    std::int64_t session_id = 0;
    std::int64_t trainee_id = 0;
    TraineeRecord trainee;  // as given for this registration
    std::string token;
    pricing::Funding funding = pricing::Funding::self;
    std::optional<EmployerRecord> employer;
    pricing::Tier tier = pricing::Tier::self_funded;
    std::int64_t price_cents = 0;
    bool confirmed = false;
    std::optional<std::int64_t> waitlist_order;
    std::optional<int> waitlist_position;
    std::optional<std::string> idempotency_key;
    std::optional<std::string> idempotency_fingerprint;
};

std::optional<OrganisationRow> find_organisation_by_siret(soci::session& sql,
                                                          const std::string& siret);

// Creates the trainee or refreshes their contact details; returns their id.
std::int64_t upsert_trainee(soci::session& sql, const TraineeRecord& trainee);

bool has_active_registration(soci::session& sql, std::int64_t session_id, std::int64_t trainee_id);

std::int64_t next_waitlist_order(soci::session& sql);

// Position (1-based) of a waitlisted registration among its session's waiting list.
int waitlist_position(soci::session& sql, std::int64_t session_id, std::int64_t waitlist_order);

std::int64_t insert_registration(soci::session& sql, const NewRegistration& registration);

enum class Lock { none, for_update };
std::optional<RegistrationRow> find_registration_by_token(soci::session& sql,
                                                          const std::string& token,
                                                          Lock lock = Lock::none);
std::optional<RegistrationRow> find_registration_by_id(soci::session& sql, std::int64_t id,
                                                       Lock lock = Lock::none);
std::optional<RegistrationRow> find_registration_by_idempotency_key(soci::session& sql,
                                                                    const std::string& key);

// Every registration of a session: confirmed first, then the waiting list in order, then the
// cancelled ones.
std::vector<RegistrationRow> registrations_of_session(soci::session& sql, std::int64_t session_id);

std::int64_t trainee_id_of(soci::session& sql, std::int64_t registration_id);
void update_tier(soci::session& sql, std::int64_t registration_id, pricing::Tier tier,
                 std::int64_t price_cents);
// Puts a registration on another session, with a seat or on its waiting list.
void move_to_session(soci::session& sql, std::int64_t registration_id, std::int64_t session_id,
                     bool confirmed, std::optional<std::int64_t> waitlist_order,
                     std::int64_t price_cents);

void mark_cancelled(soci::session& sql, std::int64_t registration_id);

// Gives the first waitlisted registration of the session a seat if one is free; returns its id.
std::optional<std::int64_t> promote_first_waitlisted(soci::session& sql, std::int64_t session_id);

struct AuditEntry {
    std::string actor;   // "trainee", "system", later "user:<id>"
    std::string action;  // "registration.created", "registration.cancelled", …
    std::string entity;
    std::int64_t entity_id = 0;
    nlohmann::json before;  // null when there was nothing before
    nlohmann::json after;
};

void record_audit(soci::session& sql, const AuditEntry& entry);

// The audit view of a registration's state (what `before` and `after` hold).
nlohmann::json audit_state(const RegistrationRow& registration);

}  // namespace formations::storage

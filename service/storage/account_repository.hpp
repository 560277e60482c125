#pragma once
// Staff accounts, their login tokens (stored as SHA-256 only) and the failed logins that throttle
// password guessing. Every function runs inside the caller's transaction; instants come from the
// caller's clock.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "service/domain/clock.hpp"
#include "service/storage/database.hpp"

namespace formations::storage {

struct Account {
    std::int64_t id = 0;
    std::string email;
    std::string role;           // admin / staff / accountant
    std::string password_hash;  // empty when read through a token
    bool disability_referent = false;
};

// The new account's id; nullopt when the e-mail has one already (also when a concurrent
// transaction created it first).
std::optional<std::int64_t> insert_account(soci::session& sql, const std::string& email,
                                           const std::string& role,
                                           const std::string& password_hash, Instant at);
std::optional<Account> find_active_account(soci::session& sql, const std::string& email);
bool any_active_admin(soci::session& sql);

// The failed logins the throttle counts (app/login_throttle.hpp): of `client` on `email` since
// `client_account_since`, of `client` since `client_since`, of `email` from clients that did
// not log into it since `known_since`, since `account_since`.
struct LoginFailureCounts {
    int client_account = 0;
    std::optional<Instant> client_account_last;
    int client = 0;
    std::optional<Instant> client_last;
    int strangers = 0;
    std::optional<Instant> strangers_last;
    bool known_client = false;
};
LoginFailureCounts login_failure_counts(soci::session& sql, const std::string& email,
                                        const std::string& client, Instant client_account_since,
                                        Instant client_since, Instant account_since,
                                        Instant known_since);
// Records a failure, and deletes those recorded before `purge_before`.
void record_login_failure(soci::session& sql, const std::string& email, const std::string& client,
                          Instant at, Instant purge_before);
// `client` is now one of the login's clients; its failures on it are forgiven; clients unseen
// since `forget_before` are forgotten.
void record_login_success(soci::session& sql, const std::string& email, const std::string& client,
                          Instant at, Instant forget_before);

void insert_token(soci::session& sql, const std::string& token_hash, std::int64_t account_id,
                  Instant at, Instant expires_at);
// The active account of a token that is neither revoked nor expired at `now`.
std::optional<Account> account_of_token(soci::session& sql, const std::string& token_hash,
                                        Instant now);
// Flags the account as the disability referent (or not); false when it does not exist.
bool set_disability_referent(soci::session& sql, std::int64_t account_id, bool referent);
// The e-mail addresses of the disability referents whose account is not disabled.
std::vector<std::string> disability_referent_emails(soci::session& sql);
void revoke_token(soci::session& sql, const std::string& token_hash, Instant at);

}  // namespace formations::storage

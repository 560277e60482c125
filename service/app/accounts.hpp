#pragma once
// Staff accounts: roles, login with throttling (login_throttle.hpp), opaque bearer tokens
// (stored as SHA-256 only, expiring), logout, and the check every non-public endpoint makes.
// Example:
//   auto actor = authenticate(db, clock, bearer, {Role::staff, Role::admin});
//   if (!actor) return actor.error();  // 401 without a valid token, 403 with the wrong role

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "service/app/use_case.hpp"

namespace formations::app {

enum class Role { admin, staff, accountant };
std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

struct Actor {
    std::int64_t user_id = 0;
    std::string email;
    Role role = Role::staff;
    // The disability referent (Qualiopi indicator 26): the only accounts that read the
    // accommodation needs trainees declare.
    bool disability_referent = false;
    // How audit entries name this person.
    std::string audit_name() const { return "user:" + email; }
};

inline constexpr std::chrono::hours token_lifetime{12};

// At least 12 characters; the e-mail is the login (lower-cased), one account per address.
Result<Actor> create_user(storage::Database& db, const Clock& clock, const std::string& email,
                          Role role, const std::string& password);

struct Login {
    std::string token;  // shown once; only its hash is stored
    Instant expires_at;
    Actor actor;
};

// `client_address`: where the attempt comes from (http/client_address.hpp; only its client_key
// is stored). Refused with 429 `too_many_attempts` (and when to try again) while
// login_throttle.hpp says so, before any hashing; 503 `login_busy` when too many passwords are
// being checked at once (passwords.hpp).
Result<Login> login(storage::Database& db, const Clock& clock, const std::string& email,
                    const std::string& password, const std::string& client_address);
Result<Done> logout(storage::Database& db, const Clock& clock, const std::string& token);

// Checks the bearer token and the role. The token may be empty (no Authorization header).
Result<Actor> authenticate(storage::Database& db, const Clock& clock, const std::string& token,
                           const std::vector<Role>& allowed);

Result<bool> any_admin(storage::Database& db);

// Makes the account of `email` the disability referent, or no longer (audited).
Result<Actor> set_disability_referent(storage::Database& db, const Clock& clock,
                                      const std::string& email, bool referent,
                                      const std::string& audit_name);

}  // namespace formations::app

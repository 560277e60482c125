#include "service/app/accounts.hpp"

#include <algorithm>

#include "service/app/input_rules.hpp"
#include "service/app/login_throttle.hpp"
#include "service/app/passwords.hpp"
#include "service/app/tokens.hpp"
#include "service/storage/account_repository.hpp"
#include "service/storage/audit_repository.hpp"

namespace formations::app {
namespace {

constexpr std::size_t min_password_length = 12;

Error unauthenticated() {
    return {ErrorCategory::unauthenticated,
            "unauthenticated",
            "Connectez-vous pour accéder à cette page.",
            {},
            {}};
}

Error bad_credentials() {
    return {ErrorCategory::unauthenticated,
            "invalid_credentials",
            "Adresse e-mail ou mot de passe incorrect.",
            {},
            {}};
}

Error user_exists() {
    return Error::conflict("user_exists", "Un compte existe déjà pour cette adresse.", "email");
}

Error busy() {
    Error error{ErrorCategory::unavailable,
                "login_busy",
                "Trop de connexions en cours : veuillez réessayer dans quelques secondes.",
                {},
                {}};
    error.retry_after_seconds = 2;
    return error;
}

// Compared against when the e-mail is unknown, so that both cases take as long.
const std::string& decoy_hash(const HashTurn& turn) {
    static const std::string hash = hash_password(turn, generate_password());
    return hash;
}

LoginHistory history_of(const storage::LoginFailureCounts& counts) {
    LoginHistory history;
    history.client_account_failures = counts.client_account;
    history.client_account_last = counts.client_account_last.value_or(Instant{});
    history.client_failures = counts.client;
    history.client_last = counts.client_last.value_or(Instant{});
    history.stranger_failures = counts.strangers;
    history.stranger_last = counts.strangers_last.value_or(Instant{});
    history.known_client = counts.known_client;
    return history;
}

Actor actor_of(const storage::Account& account) {
    return {account.id, account.email, parse_role(account.role).value_or(Role::staff),
            account.disability_referent};
}

}  // namespace

std::string_view to_string(Role role) {
    switch (role) {
        case Role::admin:
            return "admin";
        case Role::staff:
            return "staff";
        case Role::accountant:
            return "accountant";
    }
    return "staff";
}

std::optional<Role> parse_role(std::string_view text) {
    for (auto role : {Role::admin, Role::staff, Role::accountant}) {
        if (to_string(role) == text) {
            return role;
        }
    }
    return std::nullopt;
}

Result<Actor> create_user(storage::Database& db, const Clock& clock, const std::string& email,
                          Role role, const std::string& password) {
    auto address = normalise_email(email, "email");
    if (!address) {
        return address.error();
    }
    if (utf8_length(password).value_or(0) < min_password_length) {
        return Error::invalid("weak_password",
                              "Le mot de passe doit comporter au moins 12 caractères.", "password");
    }
    auto turn = HashTurn::take();
    if (!turn) {
        return busy();
    }
    auto hash = hash_password(*turn, password);
    const auto now = clock.now();
    return db.transact([&](soci::session& sql) -> Result<Actor> {
        auto id = storage::insert_account(sql, address.value(), std::string(to_string(role)), hash,
                                          now.instant);
        if (!id) {
            return user_exists();
        }
        storage::audit_user_created(sql, {"system", now.instant}, *id, address.value(),
                                    to_string(role));
        return Actor{*id, address.value(), role, false};
    });
}

Result<Login> login(storage::Database& db, const Clock& clock, const std::string& email,
                    const std::string& password, const std::string& client_address) {
    std::string address = email;
    std::transform(address.begin(), address.end(), address.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const auto now = clock.now();
    const auto client = client_key(client_address);
    struct Attempt {
        std::optional<storage::Account> account;
        storage::LoginFailureCounts failures;
    };
    auto attempt = db.transact([&](soci::session& sql) -> Result<Attempt> {
        return Attempt{
            storage::find_active_account(sql, address),
            storage::login_failure_counts(sql, address, client, now.instant - client_account_window,
                                          now.instant - client_window, now.instant - account_window,
                                          now.instant - known_client_period)};
    });
    if (!attempt) {
        return attempt.error();
    }
    if (auto allowed = login_allowed_at(history_of(attempt->failures));
        allowed && *allowed > now.instant) {
        auto wait = std::chrono::ceil<std::chrono::seconds>(*allowed - now.instant);
        Error error{ErrorCategory::too_many_requests,
                    "too_many_attempts",
                    "Trop de tentatives de connexion. Réessayez dans " +
                        std::to_string(wait.count()) + " s.",
                    {},
                    {}};
        error.retry_after_seconds = static_cast<int>(wait.count());
        return error;
    }
    const auto& account = attempt->account;
    bool valid = false;
    {
        auto turn = HashTurn::take();
        if (!turn) {
            return busy();
        }
        valid = verify_password(*turn, account ? account->password_hash : decoy_hash(*turn),
                                password) &&
                account.has_value();
    }
    if (!valid) {
        // Committed (an error result would roll it back): the failure must count.
        auto recorded = db.transact([&](soci::session& sql) -> Result<Done> {
            storage::record_login_failure(sql, address, client, now.instant,
                                          now.instant - login_failure_retention);
            return Done{};
        });
        return recorded ? bad_credentials() : recorded.error();
    }
    return db.transact([&](soci::session& sql) -> Result<Login> {
        Login result;
        result.token = random_token();
        result.expires_at = now.instant + token_lifetime;
        storage::insert_token(sql, sha256_hex(result.token), account->id, now.instant,
                              result.expires_at);
        storage::record_login_success(sql, address, client, now.instant,
                                      now.instant - known_client_period);
        result.actor = actor_of(*account);
        return result;
    });
}

Result<Done> logout(storage::Database& db, const Clock& clock, const std::string& token) {
    auto actor = authenticate(db, clock, token, {Role::admin, Role::staff, Role::accountant});
    if (!actor) {
        return actor.error();
    }
    const auto now = clock.now();
    return db.transact([&](soci::session& sql) -> Result<Done> {
        storage::revoke_token(sql, sha256_hex(token), now.instant);
        return Done{};
    });
}

Result<Actor> authenticate(storage::Database& db, const Clock& clock, const std::string& token,
                           const std::vector<Role>& allowed) {
    if (token.empty()) {
        return unauthenticated();
    }
    const auto now = clock.now();
    auto actor = db.transact([&](soci::session& sql) -> Result<Actor> {
        auto account = storage::account_of_token(sql, sha256_hex(token), now.instant);
        if (!account) {
            return Error{ErrorCategory::unauthenticated,
                         "invalid_token",
                         "Votre session a expiré. Veuillez vous reconnecter.",
                         {},
                         {}};
        }
        return actor_of(*account);
    });
    if (!actor) {
        return actor;
    }
    if (std::find(allowed.begin(), allowed.end(), actor->role) == allowed.end()) {
        return Error{ErrorCategory::forbidden,
                     "forbidden",
                     "Votre rôle ne permet pas cette action.",
                     {},
                     {}};
    }
    return actor;
}

Result<Actor> set_disability_referent(storage::Database& db, const Clock& clock,
                                      const std::string& email, bool referent,
                                      const std::string& audit_name) {
    auto address = normalise_email(email, "email");
    if (!address) {
        return address.error();
    }
    const auto now = clock.now();
    return db.transact([&](soci::session& sql) -> Result<Actor> {
        auto account = storage::find_active_account(sql, address.value());
        if (!account) {
            return Error::not_found("user_not_found", "Aucun compte actif pour cette adresse.");
        }
        storage::set_disability_referent(sql, account->id, referent);
        storage::audit_referent_flag(sql, {audit_name, now.instant}, account->id, referent);
        account->disability_referent = referent;
        return actor_of(*account);
    });
}

Result<bool> any_admin(storage::Database& db) {
    return db.transact(
        [&](soci::session& sql) -> Result<bool> { return storage::any_active_admin(sql); });
}

}  // namespace formations::app

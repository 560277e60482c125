#include "service/app/accounts.hpp"

#include <algorithm>

#include "service/app/input_rules.hpp"
#include "service/app/passwords.hpp"
#include "service/app/tokens.hpp"
#include "service/storage/registration_repository.hpp"

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

// Compared against when the e-mail is unknown, so that both cases take as long.
const std::string& decoy_hash() {
    static const std::string hash = hash_password(generate_password());
    return hash;
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

Result<Actor> create_user(storage::Database& db, const std::string& email, Role role,
                          const std::string& password) {
    auto address = normalise_email(email, "email");
    if (!address) {
        return address.error();
    }
    if (utf8_length(password).value_or(0) < min_password_length) {
        return Error::invalid("weak_password",
                              "Le mot de passe doit comporter au moins 12 caractères.", "password");
    }
    auto hash = hash_password(password);
    return db.transact([&](soci::session& sql) -> Result<Actor> {
        int existing = 0;
        sql << "SELECT count(*)::integer FROM users WHERE email = lower(:e)",
            soci::use(address.value()), soci::into(existing);
        if (existing > 0) {
            return Error::conflict("user_exists", "Un compte existe déjà pour cette adresse.",
                                   "email");
        }
        std::string role_text(to_string(role));
        long long id = 0;
        sql << "INSERT INTO users (email, role, password_hash) VALUES (lower(:e), :r, :h) "
               "RETURNING id",
            soci::use(address.value()), soci::use(role_text), soci::use(hash), soci::into(id);
        storage::record_audit(sql, {"system",
                                    "user.created",
                                    "user",
                                    id,
                                    nullptr,
                                    {{"email", address.value()}, {"role", role_text}}});
        return Actor{id, address.value(), role};
    });
}

Result<Login> login(storage::Database& db, const std::string& email, const std::string& password) {
    std::string address = email;
    std::transform(address.begin(), address.end(), address.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    struct Account {
        long long id = 0;
        std::string role;
        std::string hash;
        int recent_failures = 0;
        bool found = false;
    };
    auto account = db.transact([&](soci::session& sql) -> Result<Account> {
        Account found;
        std::string window = std::to_string(failed_login_window.count()) + " minutes";
        sql << "SELECT count(*)::integer FROM login_failures WHERE email = lower(:e)"
               " AND failed_at > now() - CAST(:w AS interval)",
            soci::use(address), soci::use(window), soci::into(found.recent_failures);
        soci::indicator indicator = soci::i_null;
        sql << "SELECT id, role, password_hash FROM users WHERE email = lower(:e) AND disabled_at "
               "IS NULL",
            soci::use(address), soci::into(found.id), soci::into(found.role),
            soci::into(found.hash, indicator);
        found.found = sql.got_data();
        return found;
    });
    if (!account) {
        return account.error();
    }
    if (account->recent_failures >= max_failed_logins) {
        return Error{ErrorCategory::too_many_requests,
                     "too_many_attempts",
                     "Trop de tentatives de connexion. Réessayez dans quelques minutes.",
                     {},
                     {}};
    }
    bool valid =
        verify_password(account->found ? account->hash : decoy_hash(), password) && account->found;
    if (!valid) {
        // Committed (an error result would roll it back): the failure must count.
        auto recorded = db.transact([&](soci::session& sql) -> Result<Done> {
            sql << "INSERT INTO login_failures (email) VALUES (lower(:e))", soci::use(address);
            return Done{};
        });
        return recorded ? bad_credentials() : recorded.error();
    }
    return db.transact([&](soci::session& sql) -> Result<Login> {
        Login result;
        result.token = random_token();
        std::string hash = sha256_hex(result.token);
        std::string lifetime = std::to_string(token_lifetime.count()) + " hours";
        sql << "INSERT INTO auth_tokens (token_hash, user_id, expires_at)"
               " VALUES (:h, :u, now() + CAST(:l AS interval))"
               " RETURNING to_char(expires_at AT TIME ZONE 'UTC', "
               "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
            soci::use(hash), soci::use(account->id), soci::use(lifetime),
            soci::into(result.expires_at);
        result.actor = {account->id, address, parse_role(account->role).value_or(Role::staff)};
        return result;
    });
}

Result<Done> logout(storage::Database& db, const std::string& token) {
    auto actor = authenticate(db, token, {Role::admin, Role::staff, Role::accountant});
    if (!actor) {
        return actor.error();
    }
    return db.transact([&](soci::session& sql) -> Result<Done> {
        std::string hash = sha256_hex(token);
        sql << "UPDATE auth_tokens SET revoked_at = now() WHERE token_hash = :h", soci::use(hash);
        return Done{};
    });
}

Result<Actor> authenticate(storage::Database& db, const std::string& token,
                           const std::vector<Role>& allowed) {
    if (token.empty()) {
        return unauthenticated();
    }
    auto actor = db.transact([&](soci::session& sql) -> Result<Actor> {
        std::string hash = sha256_hex(token);
        Actor found;
        long long id = 0;
        std::string role;
        sql << "SELECT u.id, u.email, u.role FROM auth_tokens t JOIN users u ON u.id = t.user_id"
               " WHERE t.token_hash = :h AND t.revoked_at IS NULL AND t.expires_at > now()"
               " AND u.disabled_at IS NULL",
            soci::use(hash), soci::into(id), soci::into(found.email), soci::into(role);
        if (!sql.got_data()) {
            return Error{ErrorCategory::unauthenticated,
                         "invalid_token",
                         "Votre session a expiré. Veuillez vous reconnecter.",
                         {},
                         {}};
        }
        found.user_id = id;
        found.role = parse_role(role).value_or(Role::staff);
        return found;
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

bool any_admin(storage::Database& db) {
    auto found = db.transact([&](soci::session& sql) -> Result<bool> {
        int count = 0;
        sql << "SELECT count(*)::integer FROM users WHERE role = 'admin' AND disabled_at IS NULL",
            soci::into(count);
        return count > 0;
    });
    return found.ok() && found.value();
}

}  // namespace formations::app

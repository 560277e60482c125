#include "service/storage/account_repository.hpp"

#include "service/storage/rows.hpp"

namespace formations::storage {

std::optional<std::int64_t> insert_account(soci::session& sql, const std::string& email,
                                           const std::string& role,
                                           const std::string& password_hash, Instant at) {
    std::string address = email, role_text = role, hash = password_hash, now = timestamp(at);
    long long id = 0;
    sql << "INSERT INTO users (email, role, password_hash, created_at)"
           " VALUES (lower(:e), :r, :h, CAST(:at AS timestamptz))"
           " ON CONFLICT (email) DO NOTHING RETURNING id",
        soci::use(address), soci::use(role_text), soci::use(hash), soci::use(now), soci::into(id);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return id;
}

std::optional<Account> find_active_account(soci::session& sql, const std::string& email) {
    std::string address = email;
    Account account;
    long long id = 0;
    int referent = 0;
    sql << "SELECT id, email, role, password_hash,"
           " CASE WHEN disability_referent THEN 1 ELSE 0 END FROM users"
           " WHERE email = lower(:e) AND disabled_at IS NULL",
        soci::use(address), soci::into(id), soci::into(account.email), soci::into(account.role),
        soci::into(account.password_hash), soci::into(referent);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    account.id = id;
    account.disability_referent = referent == 1;
    return account;
}

bool any_active_admin(soci::session& sql) {
    int count = 0;
    sql << "SELECT count(*)::integer FROM users WHERE role = 'admin' AND disabled_at IS NULL",
        soci::into(count);
    return count > 0;
}

int login_failures_since(soci::session& sql, const std::string& email, Instant since) {
    std::string address = email, from = timestamp(since);
    int count = 0;
    sql << "SELECT count(*)::integer FROM login_failures WHERE email = lower(:e)"
           " AND failed_at > CAST(:since AS timestamptz)",
        soci::use(address), soci::use(from), soci::into(count);
    return count;
}

void record_login_failure(soci::session& sql, const std::string& email, Instant at) {
    std::string address = email, now = timestamp(at);
    sql << "INSERT INTO login_failures (email, failed_at)"
           " VALUES (lower(:e), CAST(:at AS timestamptz))",
        soci::use(address), soci::use(now);
}

void insert_token(soci::session& sql, const std::string& token_hash, std::int64_t account_id,
                  Instant at, Instant expires_at) {
    std::string hash = token_hash, created = timestamp(at), expires = timestamp(expires_at);
    long long id = account_id;
    sql << "INSERT INTO auth_tokens (token_hash, user_id, created_at, expires_at)"
           " VALUES (:h, :u, CAST(:created AS timestamptz), CAST(:expires AS timestamptz))",
        soci::use(hash), soci::use(id), soci::use(created), soci::use(expires);
}

std::optional<Account> account_of_token(soci::session& sql, const std::string& token_hash,
                                        Instant now) {
    std::string hash = token_hash, at = timestamp(now);
    Account account;
    long long id = 0;
    int referent = 0;
    sql << "SELECT u.id, u.email, u.role, CASE WHEN u.disability_referent THEN 1 ELSE 0 END"
           " FROM auth_tokens t JOIN users u ON u.id = t.user_id"
           " WHERE t.token_hash = :h AND t.revoked_at IS NULL"
           " AND t.expires_at > CAST(:now AS timestamptz) AND u.disabled_at IS NULL",
        soci::use(hash), soci::use(at), soci::into(id), soci::into(account.email),
        soci::into(account.role), soci::into(referent);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    account.id = id;
    account.disability_referent = referent == 1;
    return account;
}

bool set_disability_referent(soci::session& sql, std::int64_t account_id, bool referent) {
    long long id = account_id;
    int flag = referent ? 1 : 0;
    soci::statement update = (sql.prepare << "UPDATE users SET disability_referent = (:flag = 1)"
                                             " WHERE id = :id",
                              soci::use(flag), soci::use(id));
    update.execute(true);
    return update.get_affected_rows() > 0;
}

void revoke_token(soci::session& sql, const std::string& token_hash, Instant at) {
    std::string hash = token_hash, now = timestamp(at);
    sql << "UPDATE auth_tokens SET revoked_at = CAST(:at AS timestamptz) WHERE token_hash = :h",
        soci::use(now), soci::use(hash);
}

}  // namespace formations::storage

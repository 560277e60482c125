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

namespace {

// An instant read as microseconds since the epoch (NULL: none).
std::optional<Instant> instant_of_micros(long long micros, soci::indicator indicator) {
    if (indicator == soci::i_null) {
        return std::nullopt;
    }
    return Instant{} + std::chrono::microseconds(micros);
}

}  // namespace

LoginFailureCounts login_failure_counts(soci::session& sql, const std::string& email,
                                        const std::string& client, Instant client_account_since,
                                        Instant client_since, Instant account_since,
                                        Instant known_since) {
    std::string address = email, from = client, pair_since = timestamp(client_account_since),
                any_since = timestamp(client_since), strangers_since = timestamp(account_since),
                known = timestamp(known_since);
    LoginFailureCounts counts;
    long long last = 0;
    soci::indicator indicator = soci::i_null;
    const std::string latest =
        "count(*)::integer, (extract(epoch FROM max(failed_at)) * 1000000)::bigint";
    sql << "SELECT " + latest +
               " FROM login_failures WHERE email = lower(:e) AND client = :c"
               " AND failed_at > CAST(:since AS timestamptz)",
        soci::use(address), soci::use(from), soci::use(pair_since),
        soci::into(counts.client_account), soci::into(last, indicator);
    counts.client_account_last = instant_of_micros(last, indicator);
    sql << "SELECT " + latest +
               " FROM login_failures WHERE client = :c AND failed_at > CAST(:since AS timestamptz)",
        soci::use(from), soci::use(any_since), soci::into(counts.client),
        soci::into(last, indicator);
    counts.client_last = instant_of_micros(last, indicator);
    sql << "SELECT " + latest +
               " FROM login_failures f WHERE f.email = lower(:e)"
               " AND f.failed_at > CAST(:since AS timestamptz)"
               " AND NOT EXISTS (SELECT 1 FROM login_clients k WHERE k.email = f.email"
               " AND k.client = f.client AND k.last_success_at > CAST(:known AS timestamptz))",
        soci::use(address), soci::use(strangers_since), soci::use(known),
        soci::into(counts.strangers), soci::into(last, indicator);
    counts.strangers_last = instant_of_micros(last, indicator);
    int known_count = 0;
    sql << "SELECT count(*)::integer FROM login_clients WHERE email = lower(:e) AND client = :c"
           " AND last_success_at > CAST(:known AS timestamptz)",
        soci::use(address), soci::use(from), soci::use(known), soci::into(known_count);
    counts.known_client = known_count > 0;
    return counts;
}

void record_login_failure(soci::session& sql, const std::string& email, const std::string& client,
                          Instant at, Instant purge_before) {
    std::string address = email, from = client, now = timestamp(at),
                before = timestamp(purge_before);
    sql << "INSERT INTO login_failures (email, client, failed_at)"
           " VALUES (lower(:e), :c, CAST(:at AS timestamptz))",
        soci::use(address), soci::use(from), soci::use(now);
    sql << "DELETE FROM login_failures WHERE failed_at < CAST(:before AS timestamptz)",
        soci::use(before);
}

void record_login_success(soci::session& sql, const std::string& email, const std::string& client,
                          Instant at, Instant forget_before) {
    std::string address = email, from = client, now = timestamp(at),
                before = timestamp(forget_before);
    sql << "INSERT INTO login_clients (email, client, last_success_at)"
           " VALUES (lower(:e), :c, CAST(:at AS timestamptz))"
           " ON CONFLICT (email, client) DO UPDATE SET last_success_at = excluded.last_success_at",
        soci::use(address), soci::use(from), soci::use(now);
    sql << "DELETE FROM login_failures WHERE email = lower(:e) AND client = :c", soci::use(address),
        soci::use(from);
    sql << "DELETE FROM login_clients WHERE last_success_at < CAST(:before AS timestamptz)",
        soci::use(before);
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

std::vector<std::string> disability_referent_emails(soci::session& sql) {
    soci::rowset<std::string> rows =
        (sql.prepare << "SELECT email FROM users WHERE disability_referent AND disabled_at IS NULL"
                        " ORDER BY id");
    return {rows.begin(), rows.end()};
}

}  // namespace formations::storage

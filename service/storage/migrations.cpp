#include "service/storage/migrations.hpp"

#include <algorithm>
#include <stdexcept>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include "service/storage/embedded_sql.hpp"
#include "service/storage/rows.hpp"

namespace formations::storage {
namespace {

constexpr std::string_view migrations_folder = "migrations/";
constexpr std::string_view up_suffix = ".up.sql";
// Arbitrary but fixed: identifies "formations is migrating" among advisory locks.
constexpr long long migration_lock_key = 0x666f726d6174;

Migration parse_migration(const EmbeddedSql& file) {
    auto name = file.path.substr(migrations_folder.size());
    auto underscore = name.find('_');
    if (underscore != 6 || !name.ends_with(up_suffix)) {
        throw std::logic_error("badly named migration: " + std::string(file.path));
    }
    int version = std::stoi(std::string(name.substr(0, underscore)));
    auto label = name.substr(underscore + 1, name.size() - underscore - 1 - up_suffix.size());
    return {version, std::string(label), file.text};
}

void ensure_migrations_table(soci::session& sql) {
    execute_script(sql,
                   "SET LOCAL client_min_messages = warning;"
                   "CREATE TABLE IF NOT EXISTS schema_migrations ("
                   " version INTEGER PRIMARY KEY,"
                   " name TEXT NOT NULL,"
                   " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
}

int applied_version(soci::session& sql) {
    int version = 0;
    soci::indicator indicator = soci::i_ok;
    sql << "SELECT max(version) FROM schema_migrations", soci::into(version, indicator);
    return indicator == soci::i_null ? 0 : version;
}

}  // namespace

const std::vector<Migration>& known_migrations() {
    static const std::vector<Migration> migrations = [] {
        std::vector<Migration> found;
        for (const auto& file : embedded_sql()) {
            if (file.path.starts_with(migrations_folder)) {
                found.push_back(parse_migration(file));
            }
        }
        std::sort(found.begin(), found.end(),
                  [](const auto& a, const auto& b) { return a.version < b.version; });
        for (std::size_t i = 0; i < found.size(); ++i) {
            if (found[i].version != static_cast<int>(i) + 1) {
                throw std::logic_error("migration versions must be 1, 2, 3… without gaps");
            }
        }
        return found;
    }();
    return migrations;
}

void execute_script(soci::session& sql, std::string_view script) {
    auto* backend = static_cast<soci::postgresql_session_backend*>(sql.get_backend());
    std::string text(script);
    PGresult* result = PQexec(backend->conn_, text.c_str());
    auto status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        std::string message = PQresultErrorMessage(result);
        const char* sqlstate = PQresultErrorField(result, PG_DIAG_SQLSTATE);
        PQclear(result);
        throw soci::postgresql_soci_error(message, sqlstate ? sqlstate : "XX000");
    }
    PQclear(result);
}

SchemaStatus schema_status(soci::session& sql) {
    int expected = known_migrations().empty() ? 0 : known_migrations().back().version;
    int exists = 0;
    sql << "SELECT count(*) FROM pg_tables WHERE tablename = 'schema_migrations'",
        soci::into(exists);
    return {exists ? applied_version(sql) : 0, expected};
}

std::vector<int> apply_migrations(soci::session& sql) {
    std::vector<int> applied;
    for (const auto& migration : known_migrations()) {
        soci::transaction transaction(sql);
        sql << "SELECT pg_advisory_xact_lock(" << migration_lock_key << ")";
        ensure_migrations_table(sql);
        int done = 0;
        sql << "SELECT count(*) FROM schema_migrations WHERE version = :v",
            soci::use(migration.version), soci::into(done);
        if (done == 0) {
            execute_script(sql, migration.sql);
            sql << "INSERT INTO schema_migrations (version, name) VALUES (:v, :n)",
                soci::use(migration.version), soci::use(migration.name);
            applied.push_back(migration.version);
        }
        transaction.commit();
    }
    return applied;
}

void apply_seed(soci::session& sql, bool demo, Instant at) {
    std::string seeded_at = timestamp(at);
    sql << "SELECT set_config('formations.seeded_at', :at, true)", soci::use(seeded_at);
    execute_script(sql, embedded_sql_file("seed/base.sql"));
    if (demo) {
        execute_script(sql, embedded_sql_file("seed/demo.sql"));
    }
}

std::string_view embedded_sql_file(std::string_view path) {
    for (const auto& file : embedded_sql()) {
        if (file.path == path) {
            return file.text;
        }
    }
    throw std::logic_error("missing embedded SQL: " + std::string(path));
}

}  // namespace formations::storage

#pragma once
// Schema migrations: numbered SQL files (sql/migrations/NNNNNN_name.up.sql), append-only, each
// applied in its own transaction together with its row in schema_migrations. Concurrent
// `migrate` runs are serialised by an advisory lock, so two processes starting together are safe.
// Example: `apply_migrations(sql)` then `schema_status(sql).current()`.

#include <string>
#include <string_view>
#include <vector>

#include "service/domain/clock.hpp"
#include "service/storage/database.hpp"

namespace formations::storage {

struct Migration {
    int version;
    std::string name;
    std::string_view sql;
};

// The migrations compiled into this binary, in version order.
const std::vector<Migration>& known_migrations();

struct SchemaStatus {
    int database_version;  // highest applied version, 0 for an empty database
    int expected_version;  // highest version this binary knows
    bool current() const { return database_version == expected_version; }
};

SchemaStatus schema_status(soci::session& sql);

// Applies pending migrations; returns the versions applied by this call.
std::vector<int> apply_migrations(soci::session& sql);

// In the caller's transaction, loads sql/seed/base.sql (the 2019 catalogue) and, with `demo`,
// sql/seed/demo.sql (fictional member organisations); each is idempotent. Rows created now are
// dated `at` (the scripts read it as current_setting('formations.seeded_at')).
void apply_seed(soci::session& sql, bool demo, Instant at);

// Runs a script of several statements on the session's connection, bypassing SOCI's statement
// parsing (which would read `:name` in function bodies as bind variables).
void execute_script(soci::session& sql, std::string_view script);

}  // namespace formations::storage

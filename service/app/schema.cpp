#include "service/app/schema.hpp"

#include "service/storage/migrations.hpp"

namespace formations::app {

Result<SchemaState> schema_state(storage::Database& db) {
    storage::SchemaStatus status{};
    if (auto error =
            db.with_session([&](soci::session& sql) { status = storage::schema_status(sql); })) {
        return *error;
    }
    return SchemaState{status.database_version, status.expected_version};
}

Result<std::vector<int>> migrate(storage::Database& db) {
    std::vector<int> applied;
    if (auto error = db.with_session(
            [&](soci::session& sql) { applied = storage::apply_migrations(sql); })) {
        return *error;
    }
    return applied;
}

}  // namespace formations::app

#pragma once
// The database's schema: whether it is the one this binary was built for (readiness probe,
// `serve`), and bringing it there (`formations migrate`: the numbered migrations of sql/, each
// in its own transaction, serialised across processes).

#include <vector>

#include "service/app/use_case.hpp"

namespace formations::app {

struct SchemaState {
    int database_version = 0;  // highest applied migration, 0 for an empty database
    int expected_version = 0;  // highest migration this binary knows
    bool current() const { return database_version == expected_version; }
};

Result<SchemaState> schema_state(storage::Database& db);

// Applies the pending migrations; returns the versions applied by this call.
Result<std::vector<int>> migrate(storage::Database& db);

}  // namespace formations::app

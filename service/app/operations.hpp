#pragma once
// What /metrics reports about the stored data and the database pool.

#include <vector>

#include "service/app/use_case.hpp"
#include "service/domain/operations.hpp"

namespace formations::app {

// Read in one read-only transaction.
Result<std::vector<domain::StoredFigure>> stored_figures(storage::Database& db);
domain::PoolUse pool_use(const storage::Database& db);

}  // namespace formations::app

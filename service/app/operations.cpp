#include "service/app/operations.hpp"

#include "service/storage/operations_repository.hpp"

namespace formations::app {

Result<std::vector<domain::StoredFigure>> stored_figures(storage::Database& db) {
    return db.transact([](soci::session& sql) -> Result<std::vector<domain::StoredFigure>> {
        storage::make_read_only(sql);
        return storage::stored_figures(sql);
    });
}

domain::PoolUse pool_use(const storage::Database& db) {
    return db.pool_use();
}

}  // namespace formations::app

#include "service/app/audit.hpp"

#include <algorithm>

#include "service/storage/audit_repository.hpp"

namespace formations::app {

Result<AuditPage> read_audit(storage::Database& db, const domain::AuditFilter& filter) {
    auto bounded = filter;
    bounded.limit = std::clamp(filter.limit, 1, 500);
    return db.transact([&](soci::session& sql) -> Result<AuditPage> {
        AuditPage page;
        page.events = storage::audit_events(sql, bounded);
        if (static_cast<int>(page.events.size()) == bounded.limit) {
            page.next_before_id = page.events.back().id;
        }
        return page;
    });
}

}  // namespace formations::app

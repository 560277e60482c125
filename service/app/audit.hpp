#pragma once
// Reading the audit trail (admins): who did what, when, with the state before and after.

#include <cstdint>
#include <optional>
#include <vector>

#include "service/app/use_case.hpp"
#include "service/domain/audit.hpp"

namespace formations::app {

struct AuditPage {
    std::vector<domain::AuditEvent> events;      // newest first
    std::optional<std::int64_t> next_before_id;  // the next page's `before_id`, if there may be one
};

Result<AuditPage> read_audit(storage::Database& db, const domain::AuditFilter& filter);

}  // namespace formations::app

#pragma once
// Reading the audit trail (admins): who did what, when, with the state before and after.

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "service/app/error.hpp"
#include "service/storage/database.hpp"

namespace formations::app {

struct AuditQuery {
    std::optional<std::string> entity;  // "registration", "session", "invoice", …
    std::optional<std::int64_t> entity_id;
    std::optional<std::string> actor;
    std::optional<std::int64_t> before_id;  // paging: entries older than this id
    int limit = 100;                        // at most 500
};

// Newest first: {"events": [{id, occurred_at, actor, action, entity, entity_id, before, after}],
// "next_before_id": id or null}.
Result<nlohmann::json> read_audit(storage::Database& db, const AuditQuery& query);

}  // namespace formations::app

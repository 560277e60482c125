#pragma once
// One entry of the audit trail as admins read it: who did what, when, with the state before and
// after as the trail stored it (JSON text, "null" when there was nothing).

#include <cstdint>
#include <optional>
#include <string>

namespace formations::domain {

struct AuditEvent {
    std::int64_t id = 0;
    std::string occurred_at;  // ISO 8601, UTC
    std::string actor;        // "trainee", "system", "user:<e-mail>"
    std::string action;       // "registration.created", …
    std::string entity;
    std::int64_t entity_id = 0;
    std::string before_json;
    std::string after_json;
};

// Which entries to read, newest first; absent members match everything.
struct AuditFilter {
    std::optional<std::string> entity;  // "registration", "session", "invoice", …
    std::optional<std::int64_t> entity_id;
    std::optional<std::string> actor;
    std::optional<std::int64_t> before_id;  // paging: entries older than this id
    int limit = 100;                        // 1 to 500
};

}  // namespace formations::domain

#pragma once
// The règlement intérieur's versions (migration course_documents): append-only.

#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "service/domain/clock.hpp"

namespace formations::storage {

struct InternalRulesVersion {
    int version = 0;
    std::string text;
    std::string published_at;  // ISO 8601, UTC
    std::string published_by;
};

std::optional<InternalRulesVersion> latest_internal_rules(soci::session& sql);
// Every version published, the latest first.
std::vector<InternalRulesVersion> internal_rules_versions(soci::session& sql);
// `version` is the latest's + 1: a version taken by another transaction meanwhile is refused by
// the primary key (SQLSTATE 23505, a conflict the caller reports).
void insert_internal_rules(soci::session& sql, int version, const std::string& text, Instant at,
                           const std::string& actor);

}  // namespace formations::storage

#pragma once
// The SQL files of sql/ (migrations and seeds), compiled into the binary by embed_sql.cmake.

#include <string_view>
#include <vector>

namespace formations::storage {

struct EmbeddedSql {
    std::string_view path;  // relative to sql/, e.g. "migrations/000001_create_catalogue.up.sql"
    std::string_view text;
};

const std::vector<EmbeddedSql>& embedded_sql();

}  // namespace formations::storage

#pragma once
// The SQL files of sql/ (migrations, seeds and queries shared with the benchmarks), compiled into
// the binary by embed_sql.cmake.

#include <string_view>
#include <vector>

namespace formations::storage {

struct EmbeddedSql {
    std::string_view path;  // relative to sql/, e.g. "migrations/000001_create_catalogue.up.sql"
    std::string_view text;
};

const std::vector<EmbeddedSql>& embedded_sql();

// The text of one of them ("queries/fec_postings.sql"); throws std::logic_error if missing.
std::string_view embedded_sql_file(std::string_view path);

}  // namespace formations::storage

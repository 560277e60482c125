#include "tests/support/refusal.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

namespace formations::testing {

std::string refusal(soci::session& sql, const std::string& statement) {
    auto* backend = static_cast<soci::postgresql_session_backend*>(sql.get_backend());
    PGresult* result = PQexec(backend->conn_, statement.c_str());
    auto status = PQresultStatus(result);
    std::string outcome = "accepted";
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        const char* sqlstate = PQresultErrorField(result, PG_DIAG_SQLSTATE);
        const char* constraint = PQresultErrorField(result, PG_DIAG_CONSTRAINT_NAME);
        outcome = sqlstate ? sqlstate : "?????";
        if (constraint) {
            outcome += std::string(" ") + constraint;
        }
    }
    PQclear(result);
    return outcome;
}

}  // namespace formations::testing

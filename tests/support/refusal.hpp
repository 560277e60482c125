#pragma once
// Runs a statement the database must refuse, and says what refused it, from the server's error
// fields (PG_DIAG_SQLSTATE, PG_DIAG_CONSTRAINT_NAME), never from the message, whose language
// follows lc_messages. Examples:
//   refusal(sql, "UPDATE sessions SET capacity = 1") == "23514 sessions_check2"
//   refusal(sql, "DELETE FROM invoices") == "42501"   (a trigger: no constraint)
//   refusal(sql, "SELECT 1") == "accepted"

#include <string>

namespace soci {
class session;
}  // namespace soci

namespace formations::testing {

std::string refusal(soci::session& sql, const std::string& statement);

}  // namespace formations::testing

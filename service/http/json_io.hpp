#pragma once
// The JSON contract of /api/v1: strict reading of request bodies (types checked, unknown fields
// refused, depth limited) and the representations of sessions, registrations and errors.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "service/app/accounts.hpp"
#include "service/app/billing.hpp"
#include "service/app/catalogue.hpp"
#include "service/app/error.hpp"
#include "service/app/registrations.hpp"
#include "service/app/roster.hpp"
#include "service/app/session_admin.hpp"

namespace formations::http {

// Parses a body into JSON; invalid JSON, invalid UTF-8 or nesting deeper than a few levels is an
// `invalid_json` error.
app::Result<nlohmann::json> parse_json_body(std::string_view body);

app::Result<app::RegistrationRequest> read_registration_request(const nlohmann::json& body);

app::Result<app::PaymentInput> read_payment_request(const nlohmann::json& body);
// {email, password}
app::Result<std::pair<std::string, std::string>> read_login_request(const nlohmann::json& body);

app::Result<app::SessionInput> read_session_input(const nlohmann::json& body);
app::Result<app::SessionChanges> read_session_changes(const nlohmann::json& body);
// {"session_id": N} for a move
app::Result<std::int64_t> read_move_request(const nlohmann::json& body);
// {"tier": "member"} for a tier correction
app::Result<pricing::Tier> read_tier_request(const nlohmann::json& body);

nlohmann::json roster_json(const app::Roster& roster);
nlohmann::json user_json(const app::Actor& actor);
nlohmann::json session_json(const app::SessionView& view);
nlohmann::json registration_json(const app::RegistrationView& view);
// `token`: the registration token that lets a trainee download the PDF (none for staff views).
nlohmann::json invoice_json(const app::InvoiceView& view, const std::string& token = {});
nlohmann::json error_json(const app::Error& error);

int http_status(app::ErrorCategory category);

}  // namespace formations::http

#pragma once
// The JSON contract of /api/v1: strict reading of request bodies (types checked, unknown fields
// refused, depth limited) and the representations of sessions, registrations and errors.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "service/app/catalogue.hpp"
#include "service/app/error.hpp"
#include "service/app/registrations.hpp"

namespace formations::http {

// Parses a body into JSON; invalid JSON, invalid UTF-8 or nesting deeper than a few levels is an
// `invalid_json` error.
app::Result<nlohmann::json> parse_json_body(std::string_view body);

app::Result<app::RegistrationRequest> read_registration_request(const nlohmann::json& body);

nlohmann::json session_json(const app::SessionView& view);
nlohmann::json registration_json(const app::RegistrationView& view);
nlohmann::json error_json(const app::Error& error);

int http_status(app::ErrorCategory category);

}  // namespace formations::http

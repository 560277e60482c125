#pragma once
// Test helper: staff accounts created in-process and logged in through the API.

#include <map>
#include <string>

#include "service/app/accounts.hpp"
#include "tests/support/http_client.hpp"

namespace formations::testing {

// Creates the account (password fixed for tests) and logs in; returns the bearer token.
std::string staff_token(const std::string& database_url, int port, const std::string& email,
                        app::Role role);

// Logs an account made by staff_token in again, on another server (a token lasts 12 hours of the
// clock of the server that gave it).
std::string login(int port, const std::string& email);

std::map<std::string, std::string> bearer(const std::string& token);

// A request with a JSON body (none when `body` is null) and, with a `token`, its bearer.
HttpResponse call(int port, const std::string& method, const std::string& path,
                  const nlohmann::json& body = nullptr, const std::string& token = "");

}  // namespace formations::testing

#include "tests/support/staff_client.hpp"

#include <stdexcept>

#include "service/storage/database.hpp"
#include "tests/support/test_clock.hpp"

namespace formations::testing {

namespace {

const std::string password = "mot de passe de test";

}  // namespace

std::string staff_token(const std::string& database_url, int port, const std::string& email,
                        app::Role role) {
    storage::Database database(database_url, 1);
    auto created = app::create_user(database, test_clock(), email, role, password);
    if (!created) {
        throw std::runtime_error("cannot create " + email + ": " + created.error().message);
    }
    return login(port, email);
}

std::string login(int port, const std::string& email) {
    auto response =
        post_json(port, "/api/v1/auth/login", {{"email", email}, {"password", password}});
    if (response.status != 200) {
        throw std::runtime_error("cannot log in " + email + ": " + response.body);
    }
    return response.json()["token"];
}

std::map<std::string, std::string> bearer(const std::string& token) {
    return {{"Authorization", "Bearer " + token}};
}

HttpResponse call(int port, const std::string& method, const std::string& path,
                  const nlohmann::json& body, const std::string& token) {
    auto headers = token.empty() ? std::map<std::string, std::string>{} : bearer(token);
    headers["Content-Type"] = "application/json";
    return http_request(port, method, path, body.is_null() ? "" : body.dump(), headers);
}

}  // namespace formations::testing

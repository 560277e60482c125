#include "tests/support/contract_signing.hpp"

#include <stdexcept>

#include "service/app/tokens.hpp"

namespace formations::testing {

HttpResponse sign_contract(int port, const std::string& token) {
    const std::string path = "/api/v1/registrations/" + token + "/contract";
    auto contract = http_request(port, "GET", path);
    auto pdf = http_request(port, "GET", path + ".pdf");
    if (contract.status != 200 || pdf.status != 200) {
        throw std::runtime_error("sign_contract: the contract of " + token + " answered " +
                                 std::to_string(contract.status) + " / " +
                                 std::to_string(pdf.status) + ": " + contract.body);
    }
    return post_json(
        port, path + "/signature",
        {{"pdf_sha256", app::sha256_hex(pdf.body)}, {"statement", contract.json()["statement"]}},
        {{"User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Test/1.0"}});
}

HttpResponse register_and_sign(int port, const nlohmann::json& body,
                               const std::map<std::string, std::string>& headers) {
    auto registered = post_json(port, "/api/v1/registrations", body, headers);
    if (registered.status != 201 || body.value("funding", "") != "self" ||
        registered.json().value("status", "") != "confirmed") {
        return registered;
    }
    const std::string token = registered.json()["token"];
    auto signed_ = sign_contract(port, token);
    if (signed_.status != 201) {
        throw std::runtime_error("register_and_sign: the signature answered " +
                                 std::to_string(signed_.status) + ": " + signed_.body);
    }
    registered.body = http_request(port, "GET", "/api/v1/registrations/" + token).body;
    return registered;
}

std::vector<std::string> convention_links_sent(soci::session& sql, long long registration) {
    soci::rowset<std::string> rows =
        (sql.prepare << "SELECT facts->'convention'->>'token' FROM outbox_messages"
                        " WHERE kind = 'convention_to_sign' AND registration_id = " +
                            std::to_string(registration) + " ORDER BY id");
    return {rows.begin(), rows.end()};
}

nlohmann::json convention_signature(int port, const std::string& link) {
    const std::string path = "/api/v1/convention-links/" + link;
    auto convention = http_request(port, "GET", path);
    auto pdf = http_request(port, "GET", path + "/convention.pdf");
    if (convention.status != 200 || pdf.status != 200) {
        throw std::runtime_error("convention_signature: the convention of " + link + " answered " +
                                 std::to_string(convention.status) + " / " +
                                 std::to_string(pdf.status) + ": " + convention.body);
    }
    return {{"pdf_sha256", app::sha256_hex(pdf.body)},
            {"statement", convention.json()["statement"]}};
}

HttpResponse sign_convention(int port, const std::string& link, const nlohmann::json& body) {
    return post_json(port, "/api/v1/convention-links/" + link + "/signature", body,
                     {{"User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Signataire/1.0"}});
}

}  // namespace formations::testing

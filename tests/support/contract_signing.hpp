#pragma once
// Test helper: a self-funded trainee signs their training contract through the API, as the
// personal page does — reads the contract, downloads its PDF, sends the PDF's SHA-256 and the
// sentence shown. The signature concludes the sale: the invoice (with its échéancier) is issued
// by it, so a test about a self-funded trainee's invoice registers, then signs.

#include <string>
#include <vector>

#include <soci/soci.h>

#include "tests/support/http_client.hpp"

namespace formations::testing {

// The answer of POST /api/v1/registrations/{token}/contract/signature (201 when signed).
HttpResponse sign_contract(int port, const std::string& token);

// POST /api/v1/registrations with `body`, then, when it gave a self-funded seat, sign_contract:
// the registration's answer (its status) with the body of GET /api/v1/registrations/{token}
// after the signature, so its "invoices" hold the invoice issued by the signature. Any other
// answer (a waiting list, an employer, a refusal) is returned as it came. Throws when the
// signature is refused.
HttpResponse register_and_sign(int port, const nlohmann::json& body,
                               const std::map<std::string, std::string>& headers = {});

// The tokens of the convention signature links sent to a registration's signatory, oldest first
// (the outbox keeps the message's facts; the database keeps only each token's hash).
std::vector<std::string> convention_links_sent(soci::session& sql, long long registration);

// What the convention page sends for `link`: the SHA-256 of the PDF it shows and the sentence it
// shows. Throws when the page or the PDF does not answer 200.
nlohmann::json convention_signature(int port, const std::string& link);

// POST /api/v1/convention-links/{link}/signature with `body`, as the signatory's browser.
HttpResponse sign_convention(int port, const std::string& link, const nlohmann::json& body);

}  // namespace formations::testing

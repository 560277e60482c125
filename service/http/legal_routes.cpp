// The public pages' contact, terms of sale, privacy notice and legal notice (issue 13), from
// configuration or built from the organisation's settings (app/legal_pages.hpp).
#include "service/app/legal_pages.hpp"
#include "service/http/json_io.hpp"
#include "service/http/routes.hpp"

namespace formations::http {

using nlohmann::json;

void add_legal_routes(Routes& routes, Context& context) {
    // Computed once: the settings do not change while the process runs.
    const auto pages = app::legal_pages(context.legal, context.billing);
    const json body = {{"contact",
                        {{"name", pages.contact.name},
                         {"address", pages.contact.address},
                         {"email", pages.contact.email},
                         {"phone", nullable(pages.contact.phone)}}},
                       {"terms_of_sale", pages.terms_of_sale},
                       {"privacy_notice", pages.privacy_notice},
                       {"legal_notice", pages.legal_notice}};
    routes.add("GET", "/api/v1/legal", [body](const Request&) { return json_reply(200, body); });
}

}  // namespace formations::http

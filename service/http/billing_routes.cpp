// Billing routes: invoice PDFs (trainee by token, staff by login) and payments.
#include "service/app/billing.hpp"
#include "service/app/tokens.hpp"
#include "service/http/json_body.hpp"
#include "service/http/json_io.hpp"
#include "service/http/routes.hpp"

namespace formations::http {

void add_billing_routes(Routes& routes, Context& context) {
    routes.add("GET", "/api/v1/invoices/:file", [&context](const Request& request) {
        const std::string suffix = ".pdf";
        auto file = request.param("file");
        auto token = request.query_value("token");
        auto not_found = Error::not_found("invoice_not_found", "Cette facture est introuvable.");
        if (!file.ends_with(suffix)) {
            return error_reply(not_found);
        }
        if (token) {
            if (!app::looks_like_token(*token)) {
                return error_reply(not_found);
            }
        } else if (auto actor = authenticate(context, request, staff_roles); !actor) {
            return error_reply(actor.error());
        }
        auto number = file.substr(0, file.size() - suffix.size());
        return pdf_reply(app::invoice_pdf(context.database, context.clock, number, token),
                         number + ".pdf");
    });

    routes.add(
        "POST", "/api/v1/invoices/:number/payments",
        staff_route(
            context, staff_roles, [&context](const Request& request, const app::Actor& actor) {
                auto payment = read_body(request, read_payment_request);
                if (!payment) {
                    return error_reply(payment.error());
                }
                return reply_with(
                    app::record_payment(context.database, context.clock, request.param("number"),
                                        payment.value(), actor.audit_name()),
                    201, [](const app::InvoiceView& view) { return invoice_json(view); });
            }));
}

}  // namespace formations::http

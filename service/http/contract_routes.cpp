// The training contract of a self-funded trainee: read (JSON and PDF) by the trainee through
// their token or by staff through the registration's id; signed by the trainee only.

#include <nlohmann/json.hpp>

#include "service/app/contracts.hpp"
#include "service/domain/iso8601.hpp"
#include "service/http/json_body.hpp"
#include "service/http/json_io.hpp"
#include "service/http/routes.hpp"

namespace formations::http {
namespace {

using nlohmann::json;

json contract_json(const app::ContractView& view) {
    json signature = nullptr;
    if (view.signature) {
        json schedule = json::array();
        for (const auto& instalment : view.signature->schedule) {
            schedule.push_back({{"due_on", format_date(instalment.due_on)},
                                {"amount_cents", instalment.amount.cents()}});
        }
        signature = {{"signed_at", view.signature->signed_at},
                     {"pdf_sha256", view.signature->pdf_sha256},
                     {"statement", view.signature->statement},
                     {"withdrawal_ends_on", format_date(view.signature->withdrawal_ends_on)},
                     {"payment_schedule", schedule},
                     {"withdrawn_at", nullable(view.signature->withdrawn_at)},
                     {"withdrawal_open", view.signature->withdrawal_open}};
    }
    return {{"registration_id", view.registration_id},
            {"reference", view.reference},
            {"pdf_sha256", view.pdf_sha256},
            {"created_at", view.created_at},
            {"statement", view.statement},
            {"signed", view.signature.has_value()},
            {"signature", signature}};
}

// The trainee's token of the path: staff (a numeric id) do not sign nor withdraw for them.
Result<std::string> trainee_token(Context& context, const Request& request) {
    auto access = registration_access(context, request, staff_roles);
    if (!access) {
        return access.error();
    }
    if (!std::holds_alternative<std::string>(access->key)) {
        return Error{ErrorCategory::forbidden,
                     "trainee_only",
                     "Seul·e le ou la stagiaire peut signer son contrat ou se rétracter.",
                     {},
                     {}};
    }
    return std::get<std::string>(access->key);
}

}  // namespace

void add_contract_routes(Routes& routes, Context& context) {
    // Renders the contract's PDF on its first request: on the document workers.
    routes.add(
        "GET", "/api/v1/registrations/:ref/contract",
        [&context](const Request& request) {
            auto access = registration_access(context, request, staff_roles);
            if (!access) {
                return error_reply(access.error());
            }
            return reply_with(app::training_contract(context.database, context.clock,
                                                     context.billing, access->key),
                              200, contract_json);
        },
        Workers::documents);

    routes.add("GET", "/api/v1/registrations/:ref/contract.pdf",
               [&context](const Request& request) {
                   auto access = registration_access(context, request, staff_roles);
                   if (!access) {
                       return error_reply(access.error());
                   }
                   return pdf_reply(app::training_contract_pdf(context.database, context.clock,
                                                               context.billing, access->key),
                                    "contrat-de-formation.pdf");
               });

    // Only the trainee signs, with their token: staff cannot sign on their behalf.
    routes.add("POST", "/api/v1/registrations/:ref/contract/signature",
               [&context](const Request& request) {
                   auto token = trainee_token(context, request);
                   if (!token) {
                       return error_reply(token.error());
                   }
                   auto evidence = read_body(request, read_signature);
                   if (!evidence) {
                       return error_reply(evidence.error());
                   }
                   evidence->client_address = request.client_address;
                   evidence->user_agent = request.header("user-agent").value_or("");
                   return reply_with(
                       app::sign_training_contract(context.database, context.clock, context.billing,
                                                   token.value(), evidence.value()),
                       201, contract_json);
               });

    // Withdrawal within the period, by the trainee only; no body.
    routes.add("POST", "/api/v1/registrations/:ref/contract/withdrawal",
               [&context](const Request& request) {
                   auto token = trainee_token(context, request);
                   if (!token) {
                       return error_reply(token.error());
                   }
                   return reply_with(
                       app::withdraw_from_contract(
                           context.database, context.clock, context.billing, token.value(),
                           {request.client_address, request.header("user-agent").value_or("")}),
                       200, contract_json);
               });
}

}  // namespace formations::http

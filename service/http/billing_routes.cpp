// Billing routes: invoice PDFs (trainee by token, staff by login) and payments.
#include "service/app/billing.hpp"
#include "service/http/routes.hpp"

namespace formations::http {

using namespace Pistache;
using nlohmann::json;

void add_billing_routes(Rest::Router& router, Context& context) {
    route(router, Http::Method::Get, "/api/v1/invoices/:file",
          [&context](const Rest::Request& request, Http::ResponseWriter response) {
              auto file = request.param(":file").as<std::string>();
              auto token = request.query().get("token");
              auto bearer = bearer_token(request);
              offload(context, request, std::move(response), [&context, file, token, bearer] {
                  const std::string suffix = ".pdf";
                  auto not_found =
                      app::Error::not_found("invoice_not_found", "Cette facture est introuvable.");
                  if (!file.ends_with(suffix)) {
                      return error_reply(not_found);
                  }
                  if (token) {
                      if (!looks_like_token(*token)) {
                          return error_reply(not_found);
                      }
                  } else if (auto actor = app::authenticate(context.database, bearer, staff_roles);
                             !actor) {
                      return error_reply(actor.error());
                  }
                  auto number = file.substr(0, file.size() - suffix.size());
                  auto pdf = app::invoice_pdf(context.database, number, token);
                  if (!pdf) {
                      return error_reply(pdf.error());
                  }
                  return Reply{
                      200,
                      std::move(pdf.value()),
                      "application/pdf",
                      {{"Content-Disposition", "inline; filename=\"" + number + ".pdf\""}}};
              });
          });

    route(router, Http::Method::Post, "/api/v1/invoices/:number/payments",
          [&context](const Rest::Request& request, Http::ResponseWriter response) {
              if (auto error = check_json_request(request)) {
                  send(response, error_reply(*error));
                  return;
              }
              auto number = request.param(":number").as<std::string>();
              auto bearer = bearer_token(request);
              offload(context, request, std::move(response),
                      [&context, number, bearer, body = request.body()] {
                          auto actor = app::authenticate(context.database, bearer, staff_roles);
                          if (!actor) {
                              return error_reply(actor.error());
                          }
                          auto parsed = parse_json_body(body);
                          if (!parsed) {
                              return error_reply(parsed.error());
                          }
                          auto payment = read_payment_request(parsed.value());
                          if (!payment) {
                              return error_reply(payment.error());
                          }
                          return reply_with(
                              app::record_payment(context.database, number, payment.value(),
                                                  actor->audit_name(), context.today()),
                              201, [](const app::InvoiceView& view) { return invoice_json(view); });
                      });
          });
}

}  // namespace formations::http

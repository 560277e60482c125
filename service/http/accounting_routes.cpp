// Accountants' routes (roles accountant and admin): invoice list and overdue view, CSV / FEC /
// PDF-archive exports of a period (streamed), yearly training report figures.
#include "invoices/billing_settings.hpp"
#include "service/app/accounting.hpp"
#include "service/app/input_rules.hpp"
#include "service/domain/iso8601.hpp"
#include "service/http/json_body.hpp"
#include "service/http/json_io.hpp"
#include "service/http/routes.hpp"

namespace formations::http {

using nlohmann::json;

namespace {

const std::vector<app::Role> accounting_roles = {app::Role::accountant, app::Role::admin};

json document_json(const domain::LedgerDocument& document,
                   const invoices::AccountingSettings& settings) {
    auto item = invoice_json(app::make_invoice_view(document.invoice));
    item["registration_id"] = document.invoice.registration_id;
    item["session"] = {{"id", document.session_id},
                       {"reference", document.session_reference},
                       {"starts_on", format_date(document.session_starts_on)}};
    item["buyer_siret"] = nullable(document.buyer_siret);
    item["customer_account"] = app::customer_account(settings, document);
    return item;
}

json contact_json(const std::optional<domain::BuyerContact>& contact) {
    if (!contact) {
        return nullptr;
    }
    return {{"address", contact->address},
            {"trainee_name", contact->trainee_name},
            {"email", contact->email},
            {"phone", nullable(contact->phone)}};
}

Result<domain::LedgerFilter> ledger_filter(const Request& request) {
    domain::LedgerFilter filter;
    auto from = query_date(request, "from");
    if (!from) {
        return from.error();
    }
    filter.from = from.value();
    auto to = query_date(request, "to");
    if (!to) {
        return to.error();
    }
    filter.to = to.value();
    if (filter.from && filter.to && *filter.to < *filter.from) {
        return Error::invalid("invalid_period",
                              "La période est à l'envers : le premier jour (du) doit précéder le "
                              "dernier (au).",
                              "to");
    }
    filter.kind = request.query_value("kind");
    if (filter.kind && *filter.kind != "invoice" && *filter.kind != "credit_note") {
        return Error::invalid("invalid_kind", "Le type doit être invoice ou credit_note.", "kind");
    }
    filter.status = request.query_value("status");
    if (filter.status && !app::is_document_status(*filter.status)) {
        return Error::invalid("invalid_status",
                              "Le statut doit être unpaid, partially_paid, paid, credited ou "
                              "issued.",
                              "status");
    }
    if (auto search = request.query_value("q")) {
        // Checked like every typed text (UTF-8, no control characters, at most 200 characters).
        auto normalised = app::normalise_text(*search, "q", 200);
        if (!normalised) {
            return normalised.error();
        }
        filter.search = normalised.value();
    }
    auto page = query_page(request, app::default_ledger_page, app::max_ledger_page);
    if (!page) {
        return page.error();
    }
    filter.limit = page->limit;
    filter.offset = page->offset;
    return filter;
}

}  // namespace

void add_accounting_routes(Routes& routes, Context& context) {
    // Next to /api/v1/invoices/:file (the PDFs): Pistache tries fixed segments before parameters,
    // and accounting_test checks that this one is reached.
    routes.add(
        "GET", "/api/v1/invoices/overdue",
        staff_route(context, accounting_roles, [&context](const Request&, auto&) {
            const auto& settings = context.billing.accounting;
            return reply_with(
                app::overdue_report(context.database, context.clock, settings), 200,
                [&](const app::OverdueReport& report) {
                    json invoices = json::array();
                    for (const auto& document : report.invoices) {
                        auto item = document_json(document, settings);
                        // Per instalment: since the first one not paid, for what fell due.
                        const auto since =
                            document.overdue ? document.overdue->since : document.invoice.due_on;
                        item["days_overdue"] = (report.as_of - since).days();
                        item["overdue_since"] = format_date(since);
                        item["overdue_cents"] = document.overdue
                                                    ? document.overdue->amount_cents
                                                    : app::amount_due(document.invoice).cents();
                        item["contact"] = contact_json(document.contact);
                        json reminders = json::array();
                        if (auto sent = report.reminders.find(document.invoice.id);
                            sent != report.reminders.end()) {
                            for (const auto& reminder : sent->second) {
                                reminders.push_back(
                                    {{"message_id", reminder.id},
                                     {"number", reminder.facts.reminder
                                                    ? json(reminder.facts.reminder->number)
                                                    : json(nullptr)},
                                     {"status", reminder.status},
                                     {"recipient", reminder.recipient.email},
                                     {"created_at", reminder.created_at},
                                     {"sent_at", nullable(reminder.sent_at)},
                                     {"resend_of", reminder.resend_of ? json(*reminder.resend_of)
                                                                      : json(nullptr)}});
                            }
                        }
                        item["reminders"] = reminders;
                        invoices.push_back(std::move(item));
                    }
                    json buyers = json::array();
                    for (const auto& buyer : report.buyers) {
                        buyers.push_back({{"customer_account", buyer.customer_account},
                                          {"buyer_name", buyer.name},
                                          {"payer", buyer.payer},
                                          {"buyer_siret", nullable(buyer.siret)},
                                          {"invoices", buyer.invoices},
                                          {"amount_due_cents", buyer.amount_due.cents()},
                                          {"amount_overdue_cents", buyer.amount_overdue.cents()},
                                          {"oldest_due_on", format_date(buyer.oldest_due_on)},
                                          {"contact", contact_json(buyer.contact)}});
                    }
                    return json{{"as_of", format_date(report.as_of)},
                                {"total_due_cents", report.total_due.cents()},
                                {"total_overdue_cents", report.total_overdue.cents()},
                                {"buyers", buyers},
                                {"invoices", invoices}};
                });
        }));

    routes.add("GET", "/api/v1/invoices",
               staff_route(context, accounting_roles, [&context](const Request& request, auto&) {
                   auto filter = ledger_filter(request);
                   if (!filter) {
                       return error_reply(filter.error());
                   }
                   return reply_with(
                       app::list_documents(context.database, filter.value()), 200,
                       [&](const domain::LedgerPage& page) {
                           json items = json::array();
                           for (const auto& document : page.items) {
                               items.push_back(document_json(document, context.billing.accounting));
                           }
                           return json{{"items", items},
                                       {"total", page.total},
                                       {"limit", filter->limit},
                                       {"offset", filter->offset}};
                       });
               }));

    // An invoice's payments, refunds and reversals: every staff role (staff record payments).
    routes.add("GET", "/api/v1/invoices/:number/payments",
               staff_route(context, staff_roles, [&context](const Request& request, auto&) {
                   return reply_with(
                       app::payment_history(context.database, request.param("number")), 200,
                       payment_history_json);
               }));

    routes.add(
        "POST", "/api/v1/invoices/:number/refunds",
        staff_route(
            context, accounting_roles, [&context](const Request& request, const app::Actor& actor) {
                auto refund = read_body(request, read_refund_request);
                if (!refund) {
                    return error_reply(refund.error());
                }
                return reply_with(
                    app::record_refund(context.database, context.clock, request.param("number"),
                                       refund.value(), actor.audit_name()),
                    201, payment_history_json);
            }));

    routes.add(
        "POST", "/api/v1/invoices/:number/payments/:id/reversal",
        staff_route(
            context, accounting_roles, [&context](const Request& request, const app::Actor& actor) {
                auto id = id_param(request);
                if (!id) {
                    return error_reply(Error::not_found(
                        "payment_not_found", "Ce règlement est introuvable sur cette facture."));
                }
                auto reversal = read_body(request, read_reversal_request);
                if (!reversal) {
                    return error_reply(reversal.error());
                }
                return reply_with(
                    app::reverse_payment(context.database, context.clock, request.param("number"),
                                         *id, reversal.value(), actor.audit_name()),
                    201, payment_history_json);
            }));

    routes.add("GET", "/api/v1/accounting/closures",
               staff_route(context, accounting_roles, [&context](const Request&, auto&) {
                   return reply_with(app::closing_state(context.database), 200, closing_json);
               }));

    routes.add("POST", "/api/v1/accounting/closures",
               staff_route(context, accounting_roles,
                           [&context](const Request& request, const app::Actor& actor) {
                               auto through = read_body(request, read_closing_request);
                               if (!through) {
                                   return error_reply(through.error());
                               }
                               return reply_with(app::close_period(context.database, context.clock,
                                                                   actor, through.value()),
                                                 201, closing_json);
                           }));

    add_period_export(
        routes, context, accounting_roles, "/api/v1/exports/invoices.csv",
        [&context](ResponseChannel& channel, const domain::Period& period, const Request&) {
            return stream_body(
                channel, "text/csv; charset=utf-8",
                {{"Content-Disposition", attachment(period_file("factures", period, ".csv"))}},
                [&](const app::Sink& sink) {
                    return app::write_invoices_csv(context.database, context.billing, period, sink);
                });
        });

    add_period_export(
        routes, context, accounting_roles, "/api/v1/exports/fec",
        [&context](ResponseChannel& channel, const domain::Period& period,
                   const Request& request) -> Streamed {
            auto encoding =
                app::parse_fec_encoding(request.query_value("encoding").value_or("latin9"));
            if (!encoding) {
                return {error_reply(Error::invalid(
                    "invalid_encoding",
                    "Le jeu de caractères doit être latin9 (ISO 8859-15) ou utf-8.", "encoding"))};
            }
            return stream_body(
                channel, "text/plain; charset=" + std::string(app::charset_of(*encoding)),
                {{"Content-Disposition", attachment(app::fec_file_name(context.billing, period))}},
                [&](const app::Sink& sink) {
                    return app::write_fec(context.database, context.billing, period, sink,
                                          *encoding);
                });
        });

    add_period_export(
        routes, context, accounting_roles, "/api/v1/exports/invoices.zip",
        [&context](ResponseChannel& channel, const domain::Period& period,
                   const Request&) -> Streamed {
            TemporaryFile archive;
            auto written =
                app::write_invoices_zip(context.database, context.clock, period, archive.path());
            if (!written) {
                return {error_reply(written.error())};
            }
            return stream_file(
                channel, "application/zip",
                {{"Content-Disposition", attachment(period_file("factures", period, ".zip"))}},
                archive.path());
        });

    routes.add(
        "GET", "/api/v1/reports/bpf",
        staff_route(context, accounting_roles, [&context](const Request& request, auto&) {
            auto year_text = request.query_value("year");
            if (!year_text) {
                return error_reply(
                    Error::invalid("year_required", "Indiquez l'année (year=AAAA).", "year"));
            }
            auto year = app::read_year(*year_text);
            if (!year) {
                return error_reply(year.error());
            }
            auto format = request.query_value("format").value_or("json");
            if (format != "json" && format != "csv") {
                return error_reply(
                    Error::invalid("invalid_format", "Le format doit être json ou csv.", "format"));
            }
            auto report =
                app::training_report(context.database, context.billing.accounting, year.value());
            if (!report) {
                return error_reply(report.error());
            }
            if (format == "csv") {
                return Reply{200,
                             app::training_report_csv(report.value()),
                             "text/csv; charset=utf-8",
                             {{"Content-Disposition", attachment("bpf-" + *year_text + ".csv")}}};
            }
            return json_reply(200, training_report_json(report.value()));
        }));
}

}  // namespace formations::http

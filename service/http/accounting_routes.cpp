// Accountants' routes (roles accountant and admin): invoice list and overdue view, CSV / FEC /
// PDF-archive exports of a period (streamed), yearly training report figures.
#include <stdlib.h>
#include <unistd.h>
#include <filesystem>
#include <fstream>

#include "invoices/fec.hpp"
#include "service/app/accounting.hpp"
#include "service/http/routes.hpp"
#include "service/http/streaming.hpp"
#include "service/storage/rows.hpp"

namespace formations::http {

using namespace Pistache;
using nlohmann::json;

namespace {

const std::vector<app::Role> accounting_roles = {app::Role::accountant, app::Role::admin};

std::string attachment(const std::string& file_name) {
    return "attachment; filename=\"" + file_name + "\"";
}

json document_json(const storage::LedgerDocument& document,
                   const invoices::AccountingSettings& settings) {
    auto item = invoice_json(app::make_invoice_view(document.invoice));
    item["registration_id"] = document.invoice.registration_id;
    item["session"] = {{"id", document.session_id},
                       {"reference", document.session_reference},
                       {"starts_on", storage::iso(document.session_starts_on)}};
    item["buyer_siret"] = document.buyer_siret ? json(*document.buyer_siret) : json(nullptr);
    item["customer_account"] = invoices::fec::customer_account(
        settings, document.invoice.payer, document.buyer_siret, document.trainee_id);
    return item;
}

std::optional<app::Error> authenticate(Context& context, const std::string& bearer) {
    auto actor = app::authenticate(context.database, bearer, accounting_roles);
    if (!actor) {
        return actor.error();
    }
    return std::nullopt;
}

app::Result<storage::Period> period_of(const Rest::Request& request) {
    return app::read_period(query_text(request, "year"), query_text(request, "from"),
                            query_text(request, "to"));
}

// A file name of the temporary directory, removed when the object goes away.
class TemporaryFile {
  public:
    TemporaryFile() {
        auto pattern = (std::filesystem::temp_directory_path() / "formations-XXXXXX").string();
        int fd = mkstemp(pattern.data());
        if (fd < 0) {
            throw std::runtime_error("cannot create a temporary file");
        }
        close(fd);
        path_ = pattern;
    }
    ~TemporaryFile() {
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
    }
    TemporaryFile(const TemporaryFile&) = delete;
    TemporaryFile& operator=(const TemporaryFile&) = delete;
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

using Writer = std::shared_ptr<Http::ResponseWriter>;

// GET `path`: an export of the period of the query (year, or from and to) for accountants. On a
// worker, once the bearer token and the period are checked, `produce` streams it through `writer`.
void add_period_export(
    Rest::Router& router, Context& context, const std::string& path,
    std::function<Streamed(const Writer& writer, const storage::Period& period)> produce) {
    route(router, Http::Method::Get, path,
          [&context, produce](const Rest::Request& request, Http::ResponseWriter response) {
              offload_stream(context, request, std::move(response),
                             [&context, produce, request_copy = request,
                              bearer = bearer_token(request)](const Writer& writer) -> Streamed {
                                 if (auto error = authenticate(context, bearer)) {
                                     return {error_reply(*error)};
                                 }
                                 auto period = period_of(request_copy);
                                 if (!period) {
                                     return {error_reply(period.error())};
                                 }
                                 return produce(writer, period.value());
                             });
          });
}

}  // namespace

void add_accounting_routes(Rest::Router& router, Context& context) {
    // Next to /api/v1/invoices/:file (the PDFs): Pistache tries fixed segments before parameters,
    // and accounting_test checks that this one is reached.
    route(
        router, Http::Method::Get, "/api/v1/invoices/overdue",
        staff_route(context, accounting_roles, [&context](const Rest::Request&, const app::Actor&) {
            const auto& settings = context.billing.accounting;
            return reply_with(
                app::overdue_report(context.database, settings, context.today()), 200,
                [&](const app::OverdueReport& report) {
                    json invoices = json::array();
                    for (const auto& document : report.invoices) {
                        auto item = document_json(document, settings);
                        item["days_overdue"] = (report.as_of - document.invoice.due_on).days();
                        invoices.push_back(std::move(item));
                    }
                    json buyers = json::array();
                    for (const auto& buyer : report.buyers) {
                        buyers.push_back(
                            {{"customer_account", buyer.customer_account},
                             {"buyer_name", buyer.name},
                             {"payer", buyer.payer},
                             {"buyer_siret", buyer.siret ? json(*buyer.siret) : json(nullptr)},
                             {"invoices", buyer.invoices},
                             {"amount_due_cents", buyer.amount_due.cents()},
                             {"oldest_due_on", storage::iso(buyer.oldest_due_on)}});
                    }
                    return json{{"as_of", storage::iso(report.as_of)},
                                {"total_due_cents", report.total_due.cents()},
                                {"buyers", buyers},
                                {"invoices", invoices}};
                });
        }));

    route(router, Http::Method::Get, "/api/v1/invoices",
          staff_route(context, accounting_roles,
                      [&context](const Rest::Request& request, const app::Actor&) {
                          app::LedgerQuery query{
                              query_text(request, "from"),   query_text(request, "to"),
                              query_text(request, "status"), query_text(request, "kind"),
                              query_text(request, "limit"),  query_text(request, "offset")};
                          auto filter = app::read_ledger_filter(query);
                          if (!filter) {
                              return error_reply(filter.error());
                          }
                          return reply_with(app::list_documents(context.database, filter.value()),
                                            200, [&](const storage::LedgerPage& page) {
                                                json items = json::array();
                                                for (const auto& document : page.items) {
                                                    items.push_back(document_json(
                                                        document, context.billing.accounting));
                                                }
                                                return json{{"items", items},
                                                            {"total", page.total},
                                                            {"limit", filter->limit},
                                                            {"offset", filter->offset}};
                                            });
                      }));

    add_period_export(
        router, context, "/api/v1/exports/invoices.csv",
        [&context](const Writer& writer, const storage::Period& period) {
            auto name =
                "factures-" + storage::iso(period.from) + "-" + storage::iso(period.to) + ".csv";
            return stream_body(
                writer, "text/csv; charset=utf-8", {{"Content-Disposition", attachment(name)}},
                [&](const app::Sink& sink) {
                    return app::write_invoices_csv(context.database, context.billing, period, sink);
                });
        });

    add_period_export(
        router, context, "/api/v1/exports/fec",
        [&context](const Writer& writer, const storage::Period& period) {
            auto name = app::fec_file_name(context.billing, period);
            return stream_body(
                writer, "text/plain; charset=utf-8", {{"Content-Disposition", attachment(name)}},
                [&](const app::Sink& sink) {
                    return app::write_fec(context.database, context.billing, period, sink);
                });
        });

    add_period_export(
        router, context, "/api/v1/exports/invoices.zip",
        [&context](const Writer& writer, const storage::Period& period) -> Streamed {
            TemporaryFile archive;
            auto written = app::write_invoices_zip(context.database, period, archive.path());
            if (!written) {
                return {error_reply(written.error())};
            }
            auto name =
                "factures-" + storage::iso(period.from) + "-" + storage::iso(period.to) + ".zip";
            return stream_body(
                writer, "application/zip", {{"Content-Disposition", attachment(name)}},
                [&](const app::Sink& sink) -> app::Result<app::Done> {
                    std::ifstream in(archive.path(), std::ios::binary);
                    std::vector<char> piece(64 * 1024);
                    while (in) {
                        in.read(piece.data(), static_cast<std::streamsize>(piece.size()));
                        if (in.gcount() > 0) {
                            sink(std::string_view(piece.data(),
                                                  static_cast<std::size_t>(in.gcount())));
                        }
                    }
                    if (in.bad()) {
                        return app::Error::internal("cannot read " + archive.path());
                    }
                    return app::Done{};
                });
        });

    route(router, Http::Method::Get, "/api/v1/reports/bpf",
          staff_route(context, accounting_roles,
                      [&context](const Rest::Request& request, const app::Actor&) {
                          auto year_text = query_text(request, "year");
                          if (!year_text) {
                              return error_reply(app::Error::invalid(
                                  "year_required", "Indiquez l'année (year=AAAA).", "year"));
                          }
                          auto year = app::read_year(*year_text);
                          if (!year) {
                              return error_reply(year.error());
                          }
                          auto format = query_text(request, "format").value_or("json");
                          if (format != "json" && format != "csv") {
                              return error_reply(app::Error::invalid(
                                  "invalid_format", "Le format doit être json ou csv.", "format"));
                          }
                          auto report = app::training_report(context.database, year.value());
                          if (!report) {
                              return error_reply(report.error());
                          }
                          if (format == "csv") {
                              return Reply{200,
                                           app::training_report_csv(report.value()),
                                           "text/csv; charset=utf-8",
                                           {{"Content-Disposition",
                                             attachment("bpf-" + *year_text + ".csv")}}};
                          }
                          return json_reply(200, app::training_report_json(report.value()));
                      }));
}

}  // namespace formations::http

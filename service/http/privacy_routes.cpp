// Personal data (admins): finding a trainee and erasing them on request; and the Qualiopi audit
// export of a period (admins and staff).
#include "service/app/personal_data.hpp"
#include "service/app/qualiopi_export.hpp"
#include "service/http/json_io.hpp"
#include "service/http/routes.hpp"

namespace formations::http {

using nlohmann::json;

namespace {

const std::vector<app::Role> admins = {app::Role::admin};

json trainee_json(const app::TraineeRecord& t) {
    return {{"id", t.id},
            {"email", t.email},
            {"first_name", t.first_name},
            {"last_name", t.last_name},
            {"registrations", t.registrations},
            {"ongoing_registrations", t.ongoing_registrations},
            {"invoices", t.invoices},
            {"contracts", t.contracts},
            {"erased_at", nullable(t.erased_at)}};
}

}  // namespace

void add_privacy_routes(Routes& routes, Context& context) {
    routes.add("GET", "/api/v1/trainees",
               staff_route(context, admins, [&context](const Request& request, auto&) {
                   return reply_with(app::find_trainees(context.database, context.clock,
                                                        request.query_value("q").value_or("")),
                                     200, [](const std::vector<app::TraineeRecord>& trainees) {
                                         json items = json::array();
                                         for (const auto& trainee : trainees) {
                                             items.push_back(trainee_json(trainee));
                                         }
                                         return json{{"trainees", items}};
                                     });
               }));

    routes.add(
        "POST", "/api/v1/trainees/:id/erase",
        staff_route(context, admins, [&context](const Request& request, const app::Actor& actor) {
            auto id = id_param(request);
            if (!id) {
                return error_reply(
                    Error::not_found("trainee_not_found", "Cette personne est introuvable."));
            }
            return reply_with(
                app::erase_trainee(context.database, context.clock, actor.audit_name(), *id), 200,
                [](const app::ErasureReport& report) {
                    return json{{"trainee", trainee_json(report.trainee)},
                                {"anonymised",
                                 {{"registrations", report.registrations},
                                  {"answers", report.answers},
                                  {"accommodations", report.accommodations},
                                  {"complaints", report.complaints},
                                  {"messages", report.messages},
                                  {"signatories", report.signatories}}}};
                });
        }));

    add_period_export(
        routes, context, session_managers, "/api/v1/exports/qualiopi.zip",
        [&context](ResponseChannel& channel, const domain::Period& period,
                   const Request&) -> Streamed {
            TemporaryFile archive;
            auto written = app::write_qualiopi_zip(context.database, context.clock, context.billing,
                                                   period, archive.path());
            if (!written) {
                return {error_reply(written.error())};
            }
            return stream_file(
                channel, "application/zip",
                {{"Content-Disposition", attachment(period_file("qualiopi", period, ".zip"))}},
                archive.path());
        });
}

}  // namespace formations::http

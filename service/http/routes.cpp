#include "service/http/routes.hpp"

#include "service/app/accounting.hpp"
#include "service/app/tokens.hpp"
#include "service/domain/iso8601.hpp"

namespace formations::http {
void Routes::add(std::string method, std::string path, Handler handler, Workers workers) {
    if (path.ends_with(".pdf")) {
        workers = Workers::documents;
    }
    routes_.push_back({std::move(method), std::move(path), std::move(handler), {}, workers});
}

void Routes::add_stream(std::string path, StreamHandler handler) {
    routes_.push_back({"GET", std::move(path), {}, std::move(handler), Workers::documents});
}

Result<app::Actor> authenticate(Context& context, const Request& request,
                                const std::vector<app::Role>& roles) {
    auto token = staff_token(request);
    if (!token) {
        return token.error();
    }
    return app::authenticate(context.database, context.clock, token.value(), roles);
}

Result<RegistrationAccess> registration_access(Context& context, const Request& request,
                                               const std::vector<app::Role>& roles) {
    auto segment = request.param("ref");
    if (auto id = parse_id(segment)) {
        auto actor = authenticate(context, request, roles);
        if (!actor) {
            return actor.error();
        }
        return RegistrationAccess{*id, {actor->audit_name(), true}};
    }
    if (!app::looks_like_token(segment)) {
        return app::registration_not_found();
    }
    return RegistrationAccess{segment, {}};
}

void add_period_export(Routes& routes, Context& context, std::vector<app::Role> roles,
                       const std::string& path, PeriodExport produce) {
    routes.add_stream(path,
                      [&context, roles = std::move(roles), produce](
                          const Request& request, ResponseChannel& channel) -> Streamed {
                          auto actor = authenticate(context, request, roles);
                          if (!actor) {
                              return {error_reply(actor.error())};
                          }
                          auto period = app::read_period(request.query_value("year"),
                                                         request.query_value("from"),
                                                         request.query_value("to"));
                          if (!period) {
                              return {error_reply(period.error())};
                          }
                          return produce(channel, period.value(), request);
                      });
}

std::string period_file(const std::string& stem, const domain::Period& period,
                        const std::string& extension) {
    return stem + "-" + format_date(period.from) + "-" + format_date(period.to) + extension;
}

Reply pdf_reply(Result<std::string> pdf, const std::string& file_name) {
    if (!pdf) {
        return error_reply(pdf.error());
    }
    return Reply{200,
                 std::move(pdf.value()),
                 "application/pdf",
                 {{"Content-Disposition", "inline; filename=\"" + file_name + "\""}}};
}

std::string attachment(const std::string& file_name) {
    return "attachment; filename=\"" + file_name + "\"";
}

}  // namespace formations::http

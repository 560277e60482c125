#include "service/http/routes.hpp"

#include "service/app/tokens.hpp"

namespace formations::http {
void Routes::add(std::string method, std::string path, Handler handler) {
    routes_.push_back({std::move(method), std::move(path), std::move(handler), {}});
}

void Routes::add_stream(std::string path, StreamHandler handler) {
    routes_.push_back({"GET", std::move(path), {}, std::move(handler)});
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

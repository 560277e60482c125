// The training convention of an employer-funded seat: the employer's signatory reads and signs it
// through their link (/api/v1/convention-links/{token}…, no login: the link is the key); staff
// read it by the registration's id, attach a scanned signed copy, send a new link, and list the
// conventions not signed yet.

#include <nlohmann/json.hpp>

#include "service/app/conventions.hpp"
#include "service/domain/iso8601.hpp"
#include "service/http/json_body.hpp"
#include "service/http/json_io.hpp"
#include "service/http/routes.hpp"

namespace formations::http {
namespace {

using nlohmann::json;

json signatory_json(const std::optional<domain::Signatory>& signatory) {
    if (!signatory) {
        return nullptr;
    }
    return {{"name", signatory->name}, {"role", signatory->role}, {"email", signatory->email}};
}

json convention_json(const app::ConventionView& view) {
    json signature = nullptr;
    if (view.signature) {
        signature = {{"method", view.signature->method},
                     {"signed_at", view.signature->signed_at},
                     {"pdf_sha256", nullable(view.signature->pdf_sha256)},
                     {"statement", nullable(view.signature->statement)},
                     {"scan_sha256", nullable(view.signature->scan_sha256)},
                     {"recorded_by", nullable(view.signature->recorded_by)}};
    }
    return {{"registration_id", view.registration_id},
            {"reference", view.reference},
            {"pdf_sha256", view.pdf_sha256},
            {"created_at", view.created_at},
            {"statement", view.statement},
            {"employer_name", view.employer_name},
            {"trainee_name", view.trainee_name},
            {"course_title", view.course_title},
            {"starts_on", format_date(view.starts_on)},
            {"ends_on", format_date(view.ends_on)},
            {"signatory", signatory_json(view.signatory)},
            {"signed", view.signature.has_value()},
            {"signature", signature}};
}

json unsigned_json(const std::vector<domain::UnsignedConvention>& list) {
    json items = json::array();
    for (const auto& entry : list) {
        items.push_back({{"registration_id", entry.registration_id},
                         {"session_id", entry.session_id},
                         {"session_reference", entry.session_reference},
                         {"course_title", entry.course_title},
                         {"starts_on", format_date(entry.starts_on)},
                         {"trainee_name", entry.trainee_name},
                         {"employer_name", entry.employer_name},
                         {"signatory", signatory_json(entry.signatory)},
                         {"links_sent", entry.links_sent},
                         {"last_link_at", nullable(entry.last_link_at)}});
    }
    return {{"conventions", items}};
}

// The registration's id of a staff path (/api/v1/registrations/:ref/…).
Result<std::int64_t> registration_id(const Request& request) {
    if (auto id = id_param(request, "ref")) {
        return *id;
    }
    return app::registration_not_found();
}

// A scanned copy: application/pdf, at most app::max_scan_bytes (the HTTP front refuses a larger
// Content-Length first).
std::optional<Error> check_scan_request(const Request& request) {
    if (request.body.size() > app::max_scan_bytes) {
        return payload_too_large("Le fichier est trop volumineux (1 Mio au maximum).");
    }
    if (request.media_type() != "application/pdf") {
        return unsupported_media_type(
            "Le corps de la requête doit être la convention signée au format PDF "
            "(Content-Type: application/pdf).");
    }
    return std::nullopt;
}

}  // namespace

void add_convention_routes(Routes& routes, Context& context) {
    // The views and the signed copy render the convention's PDF when it was never opened: on the
    // document workers, like the PDFs.
    // Staff.
    routes.add("GET", "/api/v1/registrations/:ref/convention",
               staff_route(context, staff_roles,
                           [&context](const Request& request, const app::Actor&) {
                               auto id = registration_id(request);
                               if (!id) {
                                   return error_reply(id.error());
                               }
                               return reply_with(
                                   app::training_convention(context.database, context.clock,
                                                            context.billing, id.value()),
                                   200, convention_json);
                           }),
               Workers::documents);
    routes.add(
        "GET", "/api/v1/registrations/:ref/convention.pdf",
        staff_route(context, staff_roles, [&context](const Request& request, const app::Actor&) {
            auto id = registration_id(request);
            if (!id) {
                return error_reply(id.error());
            }
            return pdf_reply(app::training_convention_pdf(context.database, context.clock,
                                                          context.billing, id.value()),
                             "convention-de-formation.pdf");
        }));
    routes.add(
        "POST", "/api/v1/registrations/:ref/convention/link",
        staff_route(
            context, session_managers, [&context](const Request& request, const app::Actor& actor) {
                auto id = registration_id(request);
                if (!id) {
                    return error_reply(id.error());
                }
                return reply_with(
                    app::send_convention_link(context.database, context.clock, actor, id.value()),
                    201, [](const app::LinkSent& sent) {
                        return json{{"email", sent.email}, {"message_id", sent.message_id}};
                    });
            }));
    routes.add("PUT", "/api/v1/registrations/:ref/convention/signed-copy",
               staff_route(context, session_managers,
                           [&context](const Request& request, const app::Actor& actor) {
                               auto id = registration_id(request);
                               if (!id) {
                                   return error_reply(id.error());
                               }
                               if (auto error = check_scan_request(request)) {
                                   return error_reply(*error);
                               }
                               return reply_with(
                                   app::attach_signed_copy(context.database, context.clock,
                                                           context.billing, actor, id.value(),
                                                           request.body),
                                   201, convention_json);
                           }),
               Workers::documents);
    routes.add(
        "GET", "/api/v1/registrations/:ref/convention/signed-copy.pdf",
        staff_route(context, staff_roles, [&context](const Request& request, const app::Actor&) {
            auto id = registration_id(request);
            if (!id) {
                return error_reply(id.error());
            }
            return pdf_reply(app::signed_copy(context.database, id.value()),
                             "convention-signee.pdf");
        }));
    routes.add("GET", "/api/v1/conventions/unsigned",
               staff_route(context, staff_roles, [&context](const Request&, const app::Actor&) {
                   return reply_with(app::unsigned_conventions(context.database, context.clock),
                                     200, unsigned_json);
               }));

    // The signatory, through their link.
    routes.add(
        "GET", "/api/v1/convention-links/:token",
        [&context](const Request& request) {
            return reply_with(app::convention_of_link(context.database, context.clock,
                                                      context.billing, request.param("token")),
                              200, convention_json);
        },
        Workers::documents);
    routes.add("GET", "/api/v1/convention-links/:token/convention.pdf",
               [&context](const Request& request) {
                   return pdf_reply(
                       app::convention_pdf_of_link(context.database, context.clock, context.billing,
                                                   request.param("token")),
                       "convention-de-formation.pdf");
               });
    routes.add("POST", "/api/v1/convention-links/:token/signature",
               [&context](const Request& request) {
                   auto evidence = read_body(request, read_signature);
                   if (!evidence) {
                       return error_reply(evidence.error());
                   }
                   evidence->client_address = request.client_address;
                   evidence->user_agent = request.header("user-agent").value_or("");
                   return reply_with(app::sign_convention(context.database, context.clock,
                                                          request.param("token"), evidence.value()),
                                     201, convention_json);
               });
}

}  // namespace formations::http

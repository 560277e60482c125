// Attendance and the documents of a registration: half-day marks, the sign-in sheet, the
// convocation before the course (sent now by staff, or downloaded), the certificate and the
// attestation after it.
#include "service/app/attendance.hpp"
#include "service/app/catalogue.hpp"
#include "service/app/completion_documents.hpp"
#include "service/app/course_documents.hpp"
#include "service/app/reminders.hpp"
#include "service/domain/iso8601.hpp"
#include "service/http/json_body.hpp"
#include "service/http/routes.hpp"

namespace formations::http {

using nlohmann::json;

namespace {

json attendance_json(const app::SessionAttendance& attendance) {
    json trainees = json::array();
    for (const auto& trainee : attendance.trainees) {
        json marks = json::array();
        for (const auto& mark : trainee.marks) {
            marks.push_back(
                {{"date", format_date(mark.day)}, {"half", mark.half}, {"present", mark.present}});
        }
        const auto& r = trainee.registration;
        trainees.push_back({{"registration_id", r.id},
                            {"status", r.status},
                            {"first_name", r.trainee.first_name},
                            {"last_name", r.trainee.last_name},
                            {"marks", marks},
                            {"attended_hours", trainee.attended_minutes / 60.0}});
    }
    const auto& s = attendance.session;
    json days = json::array();
    for (auto day = s.starts_on; day <= s.ends_on; day += boost::gregorian::days(1)) {
        days.push_back(format_date(day));
    }
    return {{"session_id", s.id},
            {"days", days},
            {"half_day_hours", s.half_day_minutes / 60.0},
            {"trainees", trainees}};
}

// [{registration_id, date, half, present}, …] or {"marks": [...]}.
Result<std::vector<domain::AttendanceMark>> read_marks(const json& body) {
    const json& list = body.is_object() && body.contains("marks") ? body["marks"] : body;
    if (!list.is_array()) {
        return Error::invalid("invalid_json", "Le corps doit être une liste de demi-journées.",
                              "marks");
    }
    std::vector<domain::AttendanceMark> marks;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto& item = list[i];
        auto field = "marks[" + std::to_string(i) + "]";
        auto invalid = Error::invalid("invalid_mark",
                                      "Chaque demi-journée indique registration_id, date "
                                      "(AAAA-MM-JJ, entre 2000 et 2100), half (am/pm) et "
                                      "present (true/false).",
                                      field);
        if (!item.is_object() || item.size() != 4 || !item.contains("registration_id") ||
            !item["registration_id"].is_number_integer() || !item.contains("date") ||
            !item["date"].is_string() || !item.contains("half") || !item["half"].is_string() ||
            !item.contains("present") || !item["present"].is_boolean()) {
            return invalid;
        }
        auto day = parse_date(item["date"].get<std::string>());
        if (!day) {
            return invalid;
        }
        marks.push_back({item["registration_id"].get<std::int64_t>(), *day,
                         item["half"].get<std::string>(), item["present"].get<bool>()});
    }
    return marks;
}

}  // namespace

void add_attendance_routes(Routes& routes, Context& context) {
    routes.add("GET", "/api/v1/sessions/:id/attendance",
               staff_route(context, staff_roles, [&context](const Request& request, auto&) {
                   auto id = id_param(request);
                   if (!id) {
                       return error_reply(app::session_not_found());
                   }
                   return reply_with(app::session_attendance(context.database, *id), 200,
                                     attendance_json);
               }));

    routes.add("PUT", "/api/v1/sessions/:id/attendance",
               staff_route(context, session_managers,
                           [&context](const Request& request, const app::Actor& actor) {
                               auto id = id_param(request);
                               if (!id) {
                                   return error_reply(app::session_not_found());
                               }
                               auto marks = read_body(request, read_marks);
                               if (!marks) {
                                   return error_reply(marks.error());
                               }
                               return reply_with(
                                   app::record_attendance(context.database, context.clock, actor,
                                                          *id, marks.value()),
                                   200, attendance_json);
                           }));

    routes.add("GET", "/api/v1/sessions/:id/sign-in-sheet.pdf",
               staff_route(context, staff_roles, [&context](const Request& request, auto&) {
                   auto id = id_param(request);
                   if (!id) {
                       return error_reply(app::session_not_found());
                   }
                   return pdf_reply(app::sign_in_sheet_pdf(context.database, context.billing, *id),
                                    "emargement-" + std::to_string(*id) + ".pdf");
               }));

    // The convocation now, to each confirmed trainee who has not received it (no body).
    routes.add("POST", "/api/v1/sessions/:id/convocations",
               staff_route(context, session_managers,
                           [&context](const Request& request, const app::Actor& actor) {
                               auto id = id_param(request);
                               if (!id) {
                                   return error_reply(app::session_not_found());
                               }
                               return reply_with(app::send_convocations(context.database,
                                                                        context.clock, actor, *id),
                                                 200, [](const app::ConvocationsSent& sent) {
                                                     return json{{"sent", sent.sent}};
                                                 });
                           }));

    routes.add("GET", "/api/v1/sessions/:id/certificates.pdf",
               staff_route(context, staff_roles, [&context](const Request& request, auto&) {
                   auto id = id_param(request);
                   if (!id) {
                       return error_reply(app::session_not_found());
                   }
                   return pdf_reply(app::session_certificates_pdf(context.database, context.clock,
                                                                  context.billing, *id),
                                    "certificats-" + std::to_string(*id) + ".pdf");
               }));

    // Staff by registration id, or the trainee by their token.
    routes.add(
        "GET", "/api/v1/registrations/:ref/certificate.pdf", [&context](const Request& request) {
            auto access = registration_access(context, request, staff_roles);
            if (!access) {
                return error_reply(access.error());
            }
            return pdf_reply(
                app::certificate_pdf(context.database, context.clock, context.billing, access->key),
                "certificat-de-realisation.pdf");
        });

    // The attestation de fin de formation (L6353-1): staff by id, the trainee by their token.
    routes.add(
        "GET", "/api/v1/registrations/:ref/attestation.pdf", [&context](const Request& request) {
            auto access = registration_access(context, request, staff_roles);
            if (!access) {
                return error_reply(access.error());
            }
            return pdf_reply(
                app::attestation_pdf(context.database, context.clock, context.billing, access->key),
                "attestation-de-fin-de-formation.pdf");
        });

    routes.add(
        "GET", "/api/v1/registrations/:ref/convocation.pdf", [&context](const Request& request) {
            auto access = registration_access(context, request, staff_roles);
            if (!access) {
                return error_reply(access.error());
            }
            return pdf_reply(app::convocation_pdf(context.database, context.billing, access->key),
                             "convocation.pdf");
        });
}

}  // namespace formations::http

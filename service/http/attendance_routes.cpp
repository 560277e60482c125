// Attendance and the documents made from it: half-day marks, the sign-in sheet, certificates.
#include "service/app/attendance.hpp"
#include "service/http/routes.hpp"
#include "service/storage/rows.hpp"

namespace formations::http {

using namespace Pistache;
using nlohmann::json;

namespace {

Reply pdf_reply(app::Result<std::string> pdf, const std::string& file_name) {
    if (!pdf) {
        return error_reply(pdf.error());
    }
    return Reply{200,
                 std::move(pdf.value()),
                 "application/pdf",
                 {{"Content-Disposition", "inline; filename=\"" + file_name + "\""}}};
}

json attendance_json(const app::SessionAttendance& attendance) {
    json trainees = json::array();
    for (const auto& trainee : attendance.trainees) {
        json marks = json::array();
        for (const auto& mark : trainee.marks) {
            marks.push_back(
                {{"date", storage::iso(mark.day)}, {"half", mark.half}, {"present", mark.present}});
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
        days.push_back(storage::iso(day));
    }
    return {{"session_id", s.id},
            {"days", days},
            {"half_day_hours", s.half_day_minutes / 60.0},
            {"trainees", trainees}};
}

// [{registration_id, date, half, present}, …] or {"marks": [...]}.
app::Result<std::vector<app::AttendanceMark>> read_marks(const json& body) {
    const json& list = body.is_object() && body.contains("marks") ? body["marks"] : body;
    if (!list.is_array()) {
        return app::Error::invalid("invalid_json", "Le corps doit être une liste de demi-journées.",
                                   "marks");
    }
    std::vector<app::AttendanceMark> marks;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto& item = list[i];
        auto field = "marks[" + std::to_string(i) + "]";
        auto invalid = app::Error::invalid(
            "invalid_mark",
            "Chaque demi-journée indique registration_id, date (AAAA-MM-JJ), half (am/pm) et "
            "present (true/false).",
            field);
        if (!item.is_object() || item.size() != 4 || !item.contains("registration_id") ||
            !item["registration_id"].is_number_integer() || !item.contains("date") ||
            !item["date"].is_string() || !item.contains("half") || !item["half"].is_string() ||
            !item.contains("present") || !item["present"].is_boolean()) {
            return invalid;
        }
        app::AttendanceMark mark;
        mark.registration_id = item["registration_id"].get<std::int64_t>();
        mark.half = item["half"].get<std::string>();
        mark.present = item["present"].get<bool>();
        try {
            auto text = item["date"].get<std::string>();
            if (text.size() != 10) {
                return invalid;
            }
            mark.day = boost::gregorian::from_simple_string(text);
        } catch (const std::exception&) {
            return invalid;
        }
        marks.push_back(std::move(mark));
    }
    return marks;
}

}  // namespace

void add_attendance_routes(Rest::Router& router, Context& context) {
    route(router, Http::Method::Get, "/api/v1/sessions/:id/attendance",
          staff_route(context, staff_roles,
                      [&context](const Rest::Request& request, const app::Actor&) {
                          auto id = id_param(request);
                          if (!id) {
                              return error_reply(app::session_not_found());
                          }
                          return reply_with(app::session_attendance(context.database, *id), 200,
                                            attendance_json);
                      }));

    route(router, Http::Method::Put, "/api/v1/sessions/:id/attendance",
          staff_json_route(
              context, session_managers,
              [&context](const Rest::Request& request, const app::Actor& actor, const json& body) {
                  auto id = id_param(request);
                  if (!id) {
                      return error_reply(app::session_not_found());
                  }
                  auto marks = read_marks(body);
                  if (!marks) {
                      return error_reply(marks.error());
                  }
                  return reply_with(
                      app::record_attendance(context.database, actor, *id, marks.value()), 200,
                      attendance_json);
              }));

    route(router, Http::Method::Get, "/api/v1/sessions/:id/sign-in-sheet.pdf",
          staff_route(
              context, staff_roles, [&context](const Rest::Request& request, const app::Actor&) {
                  auto id = id_param(request);
                  if (!id) {
                      return error_reply(app::session_not_found());
                  }
                  return pdf_reply(app::sign_in_sheet_pdf(context.database, context.billing, *id),
                                   "emargement-" + std::to_string(*id) + ".pdf");
              }));

    route(router, Http::Method::Get, "/api/v1/sessions/:id/certificates.pdf",
          staff_route(
              context, staff_roles, [&context](const Rest::Request& request, const app::Actor&) {
                  auto id = id_param(request);
                  if (!id) {
                      return error_reply(app::session_not_found());
                  }
                  return pdf_reply(app::session_certificates_pdf(context.database, context.billing,
                                                                 *id, context.today()),
                                   "certificats-" + std::to_string(*id) + ".pdf");
              }));

    // Staff by registration id, or the trainee by their token.
    route(router, Http::Method::Get, "/api/v1/registrations/:ref/certificate.pdf",
          [&context](const Rest::Request& request, Http::ResponseWriter response) {
              auto ref = request.param(":ref").as<std::string>();
              offload(context, request, std::move(response),
                      [&context, ref, bearer = bearer_token(request)] {
                          auto access = registration_access(context, ref, bearer, staff_roles);
                          if (!access) {
                              return error_reply(access.error());
                          }
                          return pdf_reply(app::certificate_pdf(context.database, context.billing,
                                                                access->key, context.today()),
                                           "certificat-de-realisation.pdf");
                      });
          });
}

}  // namespace formations::http

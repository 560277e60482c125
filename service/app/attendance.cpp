#include "service/app/attendance.hpp"

#include <map>

#include "invoices/billing_settings.hpp"
#include "invoices/french_format.hpp"
#include "invoices/sign_in_sheet_pdf.hpp"
#include "service/app/catalogue.hpp"
#include "service/app/detail/organisation.hpp"
#include "service/domain/time_zone.hpp"
#include "service/storage/attendance_repository.hpp"
#include "service/storage/audit_repository.hpp"
#include "service/storage/registration_repository.hpp"
#include "service/storage/session_repository.hpp"

namespace formations::app {
namespace {

using detail::organisation_of;

SessionAttendance load(soci::session& sql, const domain::Session& session) {
    SessionAttendance result{session, {}, {}};
    for (const auto& [id, at] : storage::cancellations_of_session(sql, session.id)) {
        result.cancelled_on[id] = local_date(at);
    }
    std::map<std::int64_t, std::vector<domain::AttendanceMark>> marks;
    for (auto& mark : storage::attendance_of_session(sql, session.id)) {
        marks[mark.registration_id].push_back(std::move(mark));
    }
    for (auto& registration : storage::registrations_of_session(sql, session.id)) {
        auto found = marks.find(registration.id);
        if (registration.status != "confirmed" && found == marks.end()) {
            continue;
        }
        TraineeAttendance trainee{std::move(registration), {}, 0};
        if (found != marks.end()) {
            trainee.marks = std::move(found->second);
            for (const auto& mark : trainee.marks) {
                trainee.attended_minutes += mark.present ? session.half_day_minutes : 0;
            }
        }
        result.trainees.push_back(std::move(trainee));
    }
    return result;
}

}  // namespace

Result<SessionAttendance> session_attendance(storage::Database& db, std::int64_t session_id) {
    return db.transact([&](soci::session& sql) -> Result<SessionAttendance> {
        auto session = storage::find_session(sql, session_id);
        if (!session) {
            return session_not_found();
        }
        return load(sql, *session);
    });
}

Result<SessionAttendance> record_attendance(storage::Database& db, const Clock& clock,
                                            const Actor& actor, std::int64_t session_id,
                                            const std::vector<domain::AttendanceMark>& marks) {
    if (marks.empty() || marks.size() > 2000) {
        return Error::invalid("invalid_marks", "Indiquez entre 1 et 2000 demi-journées.", "marks");
    }
    const auto now = clock.now();
    return db.transact([&](soci::session& sql) -> Result<SessionAttendance> {
        // The session lock orders this with cancellations and moves of its registrations.
        auto session = storage::find_session(sql, session_id, /*lock=*/true);
        if (!session) {
            return session_not_found();
        }
        std::map<std::int64_t, std::string> status_of;
        for (const auto& registration : storage::registrations_of_session(sql, session_id)) {
            status_of[registration.id] = registration.status;
        }
        for (std::size_t i = 0; i < marks.size(); ++i) {
            const auto& mark = marks[i];
            auto field = "marks[" + std::to_string(i) + "]";
            auto status = status_of.find(mark.registration_id);
            if (status == status_of.end() || status->second != "confirmed") {
                return Error::invalid("registration_not_confirmed",
                                      "Seules les inscriptions confirmées de cette session peuvent "
                                      "être émargées.",
                                      field + ".registration_id");
            }
            if (mark.day < session->starts_on || mark.day > session->ends_on) {
                return Error::invalid("day_outside_session",
                                      "Cette date n'est pas un jour de la session.",
                                      field + ".date");
            }
            if (mark.half != "am" && mark.half != "pm") {
                return Error::invalid("invalid_half_day",
                                      "La demi-journée doit être « am » (matin) ou « pm » "
                                      "(après-midi).",
                                      field + ".half");
            }
            storage::record_attendance(sql, mark, actor.audit_name(), now.instant);
        }
        storage::audit_attendance(sql, {actor.audit_name(), now.instant}, session_id, marks);
        return load(sql, *session);
    });
}

Result<std::string> sign_in_sheet_pdf(storage::Database& db,
                                      const invoices::BillingSettings& settings,
                                      std::int64_t session_id) {
    auto attendance = session_attendance(db, session_id);
    if (!attendance) {
        return attendance.error();
    }
    const auto& session = attendance->session;
    invoices::SignInSheet sheet;
    sheet.organisation = organisation_of(settings);
    sheet.course_title = session.course_title;
    sheet.session_reference = session.reference;
    sheet.place = session.place;
    sheet.trainer = session.trainer.value_or("");
    for (auto day = session.starts_on; day <= session.ends_on; day += boost::gregorian::days(1)) {
        sheet.days.push_back(day);
    }
    sheet.half_day_minutes = session.half_day_minutes;
    sheet.morning = session.hours.morning();
    sheet.afternoon = session.hours.afternoon();
    for (const auto& trainee : attendance->trainees) {
        const auto& registration = trainee.registration;
        invoices::SignInSheet::Row row{
            registration.trainee.last_name + " " + registration.trainee.first_name,
            registration.employer ? registration.employer->name : ""};
        if (registration.status != "confirmed") {
            // Cancelled after attending: listed for the half-days attended only.
            std::vector<invoices::HalfDaySlot> attended;
            for (const auto& mark : trainee.marks) {
                if (mark.present) {
                    attended.push_back({mark.day, mark.half == "am"
                                                      ? invoices::HalfDayPart::morning
                                                      : invoices::HalfDayPart::afternoon});
                }
            }
            if (attended.empty()) {
                continue;
            }
            row.half_days = std::move(attended);
            auto cancelled = attendance->cancelled_on.find(registration.id);
            row.remark =
                cancelled == attendance->cancelled_on.end()
                    ? "Inscription annulée"
                    : "Inscription annulée le " + invoices::format_date_fr(cancelled->second);
        }
        sheet.trainees.push_back(std::move(row));
    }
    // Rendering is CPU work on this worker thread, after the transaction has ended; the
    // renderer orders the rows (French alphabetical order) and splits a long session in parts.
    return invoices::render_sign_in_sheet_pdf(sheet);
}

}  // namespace formations::app

#pragma once
// The public sheet of a course (Qualiopi indicator 1) as staff write it, one version of it as
// published, and the course it describes. Prices and results are not part of a version: they
// come from the price list and from the service's own data when the sheet is shown.

#include <cstdint>
#include <optional>
#include <string>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "service/domain/session.hpp"

namespace formations::domain {

struct Course {
    std::int64_t id = 0;
    std::string code;
    std::string title;
    int duration_minutes = 0;
    int half_day_minutes = 210;
    std::string programme;
};

struct CourseSheetContent {
    std::string programme;
    std::string objectives;  // one objective per line
    std::string prerequisites;
    std::string audience;
    DailyHours daily_hours;  // the course's usual hours: a new session's, until staff move them
    std::string teaching_methods;
    std::string assessment_methods;
    int access_delay_days = 1;  // registrations close this many days before the first day
    std::string accessibility;
    std::string referent_name;
    std::string referent_email;
    std::optional<std::string> referent_phone;
    std::string contact;  // pedagogical and administrative contact

    friend bool operator==(const CourseSheetContent&, const CourseSheetContent&) = default;
};

struct CourseSheet {
    Course course;
    int version = 0;
    CourseSheetContent content;
    std::string published_at;             // ISO 8601, UTC
    boost::gregorian::date published_on;  // the business date of published_at
    std::string published_by;
};

// A confirmed trainee of a session that ended, for the completion rate of a course (indicator 2):
// the minutes attended and planned, and whether any attendance was recorded for the session.
struct TraineeOutcome {
    std::int64_t registration_id = 0;
    bool attendance_recorded = false;
    int attended_minutes = 0;
    int planned_minutes = 0;
};

}  // namespace formations::domain

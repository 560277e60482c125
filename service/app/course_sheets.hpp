#pragma once
// The public sheet of each course (Qualiopi indicators 1 and 2). Staff publish versions of its
// text, each kept for good; anyone reads the version in force today or on any past day, with the
// price of each tier in force that day and the course's results computed by the service over the
// twelve months before it: trainees, completion rate (attendance), satisfaction rate (the
// trainees' survey). Example:
//   auto sheet = course_sheet(db, clock, "CAE", date(2026, 1, 15));  // as it was that day

#include <optional>
#include <string>
#include <vector>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "pricing/price_list.hpp"
#include "service/app/accounts.hpp"
#include "service/app/session_admin.hpp"
#include "service/app/survey_results.hpp"
#include "service/app/use_case.hpp"
#include "service/domain/course_sheet.hpp"

namespace formations::app {

// What staff send; checked and trimmed by validate_sheet.
struct CourseSheetInput {
    std::string programme;
    std::string objectives;
    std::string prerequisites;
    std::string audience;
    HoursChanges daily_hours;  // all four times
    std::string teaching_methods;
    std::string assessment_methods;
    int access_delay_days = 1;
    std::string accessibility;
    std::string referent_name;
    std::string referent_email;
    std::optional<std::string> referent_phone;
    std::string contact;
};

// Pure: every text present, within its length, no control characters (line breaks allowed in the
// long texts); the four daily hours given, in order; the referent's e-mail and phone valid; the
// access delay from 1 (the day before) to 365 days (a session takes no registration on its first
// day). Publishing also checks that each half-day lasts the course's half-day.
Result<domain::CourseSheetContent> validate_sheet(const CourseSheetInput& input);

struct PublishedSheet {
    domain::CourseSheet sheet;
    boost::gregorian::date as_of;  // the day the sheet, its prices and results are read for
    pricing::TierPrices prices;
    CourseResults results;
};

Error course_not_found();

Result<std::vector<domain::Course>> list_courses(storage::Database& db);

// The sheet in force on `as_of` (default today; never a future day).
Result<PublishedSheet> course_sheet(storage::Database& db, const Clock& clock,
                                    const std::string& course_code,
                                    std::optional<boost::gregorian::date> as_of);

// Every version, oldest first.
Result<std::vector<domain::CourseSheet>> course_sheet_versions(storage::Database& db,
                                                               const std::string& course_code);

struct Publication {
    domain::CourseSheet sheet;
    bool published = false;  // false: the text was that of the current version, nothing changed
};

// A new version, unless the text is the current one's. `base_version`: the version the editor
// started from (0 for none); another one published meanwhile is a 409 `sheet_changed`.
Result<Publication> publish_course_sheet(storage::Database& db, const Clock& clock,
                                         const Actor& actor, const std::string& course_code,
                                         std::optional<int> base_version,
                                         const CourseSheetInput& input);

// Pure: the sheet's sections in French, titled, in the order they are read (the text below, the
// programme PDF).
struct SheetSection {
    std::string title;
    std::string body;
};
std::vector<SheetSection> course_sheet_sections(const PublishedSheet& sheet);
// Pure: the sheet as plain text in French (the audit export and the download).
std::string course_sheet_text(const PublishedSheet& sheet);
// Pure: "9h00–12h30 et 13h30–17h00", as the sign-in sheet prints them.
std::string daily_hours_text(const domain::DailyHours& hours);
// Pure: "Inscription possible jusqu'à la veille du premier jour de la session."
std::string access_delay_text(int days);

}  // namespace formations::app

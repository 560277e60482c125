#pragma once
// Courses and the versions of their public sheet (append-only), and what the results of a course
// sheet are computed from. Every function runs inside the caller's transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "service/domain/clock.hpp"
#include "service/domain/course_sheet.hpp"
#include "service/storage/database.hpp"

namespace formations::storage {

std::vector<domain::Course> list_courses(soci::session& sql);
// With `lock`, the course row is locked (SELECT … FOR UPDATE): publishing a version of its sheet
// or of a questionnaire is decided one after the other.
std::optional<domain::Course> find_course(soci::session& sql, const std::string& code,
                                          bool lock = false);

struct SheetVersion {
    int version = 0;
    domain::CourseSheetContent content;
    std::string published_at;  // ISO 8601, UTC
    std::string published_by;
};

// The version published last before `before`, or the latest one.
std::optional<SheetVersion> sheet_in_force(soci::session& sql, std::int64_t course_id,
                                           std::optional<Instant> before = std::nullopt);
// Every version, oldest first.
std::vector<SheetVersion> sheet_versions(soci::session& sql, std::int64_t course_id);
void insert_sheet_version(soci::session& sql, std::int64_t course_id, int version,
                          const domain::CourseSheetContent& content, Instant at,
                          const std::string& actor);

// Confirmed trainees of the course's sessions (not cancelled) that ended from `from` to `to`.
std::vector<domain::TraineeOutcome> trainee_outcomes(soci::session& sql, std::int64_t course_id,
                                                     boost::gregorian::date from,
                                                     boost::gregorian::date to);

}  // namespace formations::storage

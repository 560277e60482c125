#pragma once
// Half-day attendance rows: one per registration, day and half-day (am / pm).

#include <cstdint>
#include <string>
#include <vector>

#include <soci/soci.h>
#include <boost/date_time/gregorian/gregorian.hpp>

namespace formations::storage {

struct AttendanceRow {
    std::int64_t registration_id = 0;
    boost::gregorian::date day;
    std::string half;  // am / pm
    bool present = false;
};

std::vector<AttendanceRow> attendance_of_session(soci::session& sql, std::int64_t session_id);

// Creates or replaces the mark of one half-day.
void record_attendance(soci::session& sql, const AttendanceRow& mark, const std::string& actor);

}  // namespace formations::storage

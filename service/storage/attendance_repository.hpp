#pragma once
// Half-day attendance rows: one per registration, day and half-day (am / pm).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "service/domain/attendance.hpp"
#include "service/domain/clock.hpp"
#include "service/storage/database.hpp"

namespace formations::storage {

std::vector<domain::AttendanceMark> attendance_of_session(soci::session& sql,
                                                          std::int64_t session_id);

// When each cancelled registration of the session was cancelled.
std::map<std::int64_t, Instant> cancellations_of_session(soci::session& sql,
                                                         std::int64_t session_id);

// Creates or replaces the mark of one half-day.
void record_attendance(soci::session& sql, const domain::AttendanceMark& mark,
                       const std::string& actor, Instant at);

}  // namespace formations::storage

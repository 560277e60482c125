#pragma once
// Half-day attendance and the sign-in sheet of a session. Hours attended are present half-days ×
// the course's half-day length (3 half-days of 3,5 h → 10,5 h); the certificates made from them
// are in completion_documents.hpp.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "service/app/accounts.hpp"
#include "service/app/registrations.hpp"
#include "service/app/use_case.hpp"
#include "service/domain/attendance.hpp"
#include "service/domain/registration.hpp"
#include "service/domain/session.hpp"

namespace formations::app {

struct TraineeAttendance {
    domain::Registration registration;
    std::vector<domain::AttendanceMark> marks;
    int attended_minutes = 0;
};

struct SessionAttendance {
    domain::Session session;
    std::vector<TraineeAttendance> trainees;  // confirmed registrations, and any with marks
    // When the cancelled registrations among them were cancelled (business dates).
    std::map<std::int64_t, boost::gregorian::date> cancelled_on;
};

Result<SessionAttendance> session_attendance(storage::Database& db, std::int64_t session_id);

// All or nothing: every mark must name a confirmed registration of the session, a day of the
// session and "am" or "pm".
Result<SessionAttendance> record_attendance(storage::Database& db, const Clock& clock,
                                            const Actor& actor, std::int64_t session_id,
                                            const std::vector<domain::AttendanceMark>& marks);

// Every confirmed trainee for every half-day, and a trainee cancelled after attending for the
// half-days attended only, with the date of the cancellation; the session's daily hours; a
// session longer than one sheet in parts.
Result<std::string> sign_in_sheet_pdf(storage::Database& db,
                                      const invoices::BillingSettings& settings,
                                      std::int64_t session_id);
}  // namespace formations::app

#pragma once
// Half-day attendance and the documents made from it: the sign-in sheet of a session and the
// certificates of completion (certificat de réalisation), which state the hours actually
// attended: present half-days × the course's half-day length (3 half-days of 3,5 h → 10,5 h).

#include <cstdint>
#include <string>
#include <vector>

#include <boost/date_time/gregorian/gregorian.hpp>

#include "invoices/billing_settings.hpp"
#include "service/app/accounts.hpp"
#include "service/app/error.hpp"
#include "service/app/registrations.hpp"
#include "service/storage/attendance_repository.hpp"
#include "service/storage/database.hpp"
#include "service/storage/registration_repository.hpp"
#include "service/storage/session_repository.hpp"

namespace formations::app {

struct AttendanceMark {
    std::int64_t registration_id = 0;
    boost::gregorian::date day;
    std::string half;  // am / pm
    bool present = false;
};

struct TraineeAttendance {
    storage::RegistrationRow registration;
    std::vector<storage::AttendanceRow> marks;
    int attended_minutes = 0;
};

struct SessionAttendance {
    storage::SessionRow session;
    std::vector<TraineeAttendance> trainees;  // confirmed registrations, and any with marks
};

Result<SessionAttendance> session_attendance(storage::Database& db, std::int64_t session_id);

// All or nothing: every mark must name a confirmed registration of the session, a day of the
// session and "am" or "pm".
Result<SessionAttendance> record_attendance(storage::Database& db, const Actor& actor,
                                            std::int64_t session_id,
                                            const std::vector<AttendanceMark>& marks);

Result<std::string> sign_in_sheet_pdf(storage::Database& db,
                                      const invoices::BillingSettings& settings,
                                      std::int64_t session_id);
Result<std::string> certificate_pdf(storage::Database& db,
                                    const invoices::BillingSettings& settings,
                                    const RegistrationKey& key, boost::gregorian::date today);
// Every certificate of the session in one file, one per page.
Result<std::string> session_certificates_pdf(storage::Database& db,
                                             const invoices::BillingSettings& settings,
                                             std::int64_t session_id, boost::gregorian::date today);

}  // namespace formations::app

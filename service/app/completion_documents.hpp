#pragma once
// The documents a trainee receives after the course, fixed at issue like invoices:
//   - the certificat de réalisation (official model, for funders): the hours attended;
//   - the attestation de fin de formation (Code du travail L6353-1): the objectives, nature and
//     duration of the action and the results of the assessment (the trainee's end-of-course
//     self-assessment, evaluations.hpp).
// Either is issued on first download, only once the session's last day is over (Paris time, from
// the clock), for the half-days attended before today; its snapshot and PDF are stored, so every
// later download returns the same bytes with the same "Fait le". When what it would say changes
// (an attendance correction, a late self-assessment), the next download issues a new version;
// earlier versions stay stored.
//
// Concurrency: issuing takes the session's row lock, as recording attendance does, so versions
// are numbered one after the other and always match the attendance they read.

#include <cstdint>
#include <string>

#include "invoices/billing_settings.hpp"
#include "service/app/registrations.hpp"
#include "service/app/use_case.hpp"

namespace formations::app {

// Errors: registration_not_found, course_not_over (409, before the day after the last day),
// no_attendance (409, no half-day attended).
Result<std::string> certificate_pdf(storage::Database& db, const Clock& clock,
                                    const invoices::BillingSettings& settings,
                                    const RegistrationKey& key);
Result<std::string> attestation_pdf(storage::Database& db, const Clock& clock,
                                    const invoices::BillingSettings& settings,
                                    const RegistrationKey& key);
// Every certificate of the session in one file, one page each, each as issued (issuing those
// not issued yet). Errors: session_not_found, course_not_over, no_attendance.
Result<std::string> session_certificates_pdf(storage::Database& db, const Clock& clock,
                                             const invoices::BillingSettings& settings,
                                             std::int64_t session_id);

}  // namespace formations::app

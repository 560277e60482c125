#pragma once
// The audit trail (table audit_events, append-only): every state change with who made it, when
// (the clock's instant), and the state before and after. The stored form (JSON objects) is this
// file's business: use cases hand over typed values. Every function runs inside the caller's
// transaction, so an entry commits with the change it describes or not at all.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "service/domain/attendance.hpp"
#include "service/domain/audit.hpp"
#include "service/domain/clock.hpp"
#include "service/domain/complaint.hpp"
#include "service/domain/organisation.hpp"
#include "service/domain/payment.hpp"
#include "service/domain/questionnaire.hpp"
#include "service/domain/registration.hpp"
#include "service/domain/session.hpp"
#include "service/storage/database.hpp"

namespace formations::storage {

// Who did it ("trainee", "system", "user:<e-mail>") and when.
struct Audit {
    std::string actor;
    Instant at;
};

// What the trail keeps of a registration's state (JSON text), as audit_registration stores it.
std::string registration_state(const domain::Registration& registration);

// `before` is null for a creation.
void audit_registration(soci::session& sql, const Audit& audit, std::string_view action,
                        const domain::Registration* before, const domain::Registration& after);
void audit_session(soci::session& sql, const Audit& audit, std::string_view action,
                   const domain::Session* before, const domain::Session& after);
void audit_organisation(soci::session& sql, const Audit& audit, std::string_view action,
                        const domain::Organisation* before, const domain::Organisation& after);

// contract.signed / contract.withdrawn: the registration and the SHA-256 of the contract's PDF.
void audit_contract(soci::session& sql, const Audit& audit, std::string_view action,
                    std::int64_t registration_id, const std::string& pdf_sha256);

// agreement.superseded: the registration and the reference of its contract or convention a move
// superseded.
void audit_agreement_superseded(soci::session& sql, const Audit& audit,
                                std::int64_t registration_id, const std::string& reference);
// registration.cancellation_fee_waived: a cancellation that kept no fee, and why (the session
// edit the person did not accept).
void audit_cancellation_fee_waived(soci::session& sql, const Audit& audit,
                                   std::int64_t registration_id, const std::string& reason);
// invoice.issued / credit_note.issued: the number, the registration or the corrected invoice,
// the total.
void audit_invoice_issued(soci::session& sql, const Audit& audit, std::int64_t invoice_id,
                          const std::string& number, std::int64_t registration_id,
                          std::int64_t total_cents);
void audit_credit_note_issued(soci::session& sql, const Audit& audit, std::int64_t invoice_id,
                              const std::string& number, const std::string& corrects,
                              std::int64_t total_cents);
void audit_payment(soci::session& sql, const Audit& audit, std::int64_t payment_id,
                   const std::string& invoice_number, std::int64_t amount_cents,
                   const std::string& method);
// refund.recorded / payment.reversed: the entry, its invoice, its signed amount and, for a
// reversal, the entry it cancels and why.
void audit_payment_entry(soci::session& sql, const Audit& audit, std::string_view action,
                         const domain::PaymentEntry& entry, const std::string& invoice_number);
void audit_closure(soci::session& sql, const Audit& audit, std::int64_t closure_id,
                   boost::gregorian::date closed_through);
void audit_user_created(soci::session& sql, const Audit& audit, std::int64_t user_id,
                        const std::string& email, std::string_view role);
void audit_attendance(soci::session& sql, const Audit& audit, std::int64_t session_id,
                      const std::vector<domain::AttendanceMark>& marks);
// message.resent: the new message, the one it repeats and to whom.
void audit_message_resent(soci::session& sql, const Audit& audit, std::int64_t message_id,
                          std::int64_t resend_of, const std::string& recipient);

// Qualiopi evidence. The trail names what changed, never what people wrote: no answers, no
// accommodation needs, no complaint texts (personal data, some of it sensitive).
void audit_course_sheet_published(soci::session& sql, const Audit& audit, std::int64_t course_id,
                                  const std::string& course_code, int version);
void audit_questionnaire_configured(soci::session& sql, const Audit& audit, std::int64_t course_id,
                                    domain::QuestionnaireKind kind, int version);
// questionnaire.answered / questionnaire.updated, on the registration.
void audit_questionnaire_answered(soci::session& sql, const Audit& audit,
                                  std::int64_t registration_id, domain::QuestionnaireKind kind,
                                  bool updated);
// accommodation.requested / accommodation.updated, with the status before and after.
void audit_accommodation(soci::session& sql, const Audit& audit, std::string_view action,
                         std::int64_t request_id, const std::optional<std::string>& status_before,
                         const std::string& status_after);
// complaint.received / complaint.updated: kind, channel, status, whether answered, improvement
// status.
void audit_complaint(soci::session& sql, const Audit& audit, std::string_view action,
                     const domain::Complaint* before, const domain::Complaint& after);
// Changes of many rows at once (trainee.erased, personal_data.anonymised): what was counted.
void audit_counts(soci::session& sql, const Audit& audit, std::string_view action,
                  std::string_view entity, std::int64_t entity_id,
                  const std::vector<std::pair<std::string, int>>& counts);
void audit_referent_flag(soci::session& sql, const Audit& audit, std::int64_t user_id,
                         bool disability_referent);

// Newest first.
std::vector<domain::AuditEvent> audit_events(soci::session& sql, const domain::AuditFilter& filter);

}  // namespace formations::storage

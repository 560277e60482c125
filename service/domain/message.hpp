#pragma once
// The e-mails the service owes people. A state change (a registration, a cancellation, a
// payment…) names the kind of news and hands over the facts it was made of; both are kept in
// the outbox with the change, and the French wording is applied from them when the message is
// sent (app/messages.hpp). Facts are frozen: a session moved after the message was queued does
// not change what the message says.
// Example (inside a use case, see app/detail/outbox.hpp):
//   auto facts = detail::registration_facts(sql, registration, session);
//   detail::add_documents(sql, facts, registration.id, invoice_ids);
//   detail::notify(sql, now, "trainee", MessageKind::registration_confirmed, registration, facts);

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "invoices/attendance_documents.hpp"

namespace formations::domain {

enum class MessageKind {
    registration_confirmed,   // a seat: the invoice attached, the session's .ics
    registration_waitlisted,  // on the waiting list, with the position
    promoted,  // an offered seat accepted (or confirmed by staff): the invoice, the .ics
    registration_cancelled,  // the credit note attached when one was issued
    registration_moved,      // to another session: the credit note, the new invoice, the .ics
    tier_corrected,          // the credit note and the invoice at the right price
    session_changed,         // staff changed the dates or the place: the .ics again
    session_cancelled,       // staff cancelled the session: the credit note
    payment_received,        // a payment recorded on an invoice
    refund_recorded,         // money paid back after a credit note
    certificate_available,   // the training is over and attendance is recorded
    convocation_reminder,    // some days before the first day: the .ics
    payment_reminder,        // an invoice past its due date: the invoice attached
    lost_link,               // the personal links of every registration of an address
    contract_withdrawn,      // a self-funded trainee withdrew within 10 days: the credit note
    contract_signed,         // a self-funded trainee signed: the invoice and its échéancier
    seat_released,           // a contract left unsigned past its hold: the credit note
    // Waiting-list offers (app/offers.cpp):
    seat_offered,    // a freed seat held for the first person in line until a deadline
    offer_expired,   // the deadline passed without an answer: the seat goes to the next person
    offer_declined,  // the person declined the seat: the registration is cancelled
    // Qualiopi evidence (issue 16), queued by the scheduler after the course:
    evaluation_invitation,       // the self-assessment and satisfaction survey, after the last day
    employer_survey_invitation,  // the employer's cold survey, weeks later, for the trainee to pass
                                 // on
    complaint_received,          // a complaint acknowledged to its author, with its follow-up link
    // To the disability referents: a need to read on their page. Neither the need nor the
    // person is in the message (health data stays in the service, behind the referent's login).
    accommodation_requested,
    // To the employer's signatory: the link to read and sign the training convention online.
    convention_to_sign,
};

std::string_view to_string(MessageKind kind);
std::optional<MessageKind> parse_message_kind(std::string_view text);

// A session as the message describes it.
struct SessionFacts {
    std::int64_t id = 0;
    std::string reference;
    std::string course_title;
    boost::gregorian::date starts_on;
    boost::gregorian::date ends_on;
    std::string place;
    int duration_minutes = 0;
    // The hours of every day.
    invoices::TimeSpan morning{{9, 0}, {12, 30}};
    invoices::TimeSpan afternoon{{13, 30}, {17, 0}};
};

// An invoice or credit note the message speaks of, and attaches (its stored PDF, never
// re-priced) unless it is a funding body's (app/detail/outbox.hpp, add_documents).
struct DocumentFacts {
    std::int64_t invoice_id = 0;
    std::string number;
    std::string kind;  // invoice / credit_note
    std::int64_t total_cents = 0;
    boost::gregorian::date issued_on;
    boost::gregorian::date due_on;
    std::string payer;  // trainee / employer / funding_body
    std::string buyer_name;
    std::string corrects_number;  // a credit note: the invoice it corrects
    bool attached = true;
};

// One registration of a lost-link message.
struct LinkFacts {
    std::string token;
    std::string status;  // confirmed / waitlisted / cancelled
    SessionFacts session;
};

// A payment received, or a refund paid back.
struct PaymentFacts {
    std::string invoice_number;
    std::string payer;  // trainee / employer
    std::string buyer_name;
    std::int64_t amount_cents = 0;  // positive
    boost::gregorian::date paid_on;
    std::string method;  // transfer / cheque / card / funding_body
    // What remains due on the invoice (a payment), or to refund (a refund).
    std::int64_t remaining_cents = 0;
};

struct ReminderFacts {
    int number = 1;  // the first, second… reminder of that invoice's first unpaid instalment
    std::int64_t amount_due_cents = 0;
    int days_overdue = 0;
    // An invoice with an échéancier: the first instalment not paid, and what is due today of
    // the instalments past their date.
    std::optional<boost::gregorian::date> instalment_due_on{};
    std::int64_t overdue_cents = 0;
};

// A questionnaire the message invites to answer: its kind (self_assessment, satisfaction,
// employer), the token of its link (the registration's, or the employer's survey link) and the
// last day it can be answered.
struct SurveyFacts {
    std::string kind;
    std::string token;
    boost::gregorian::date closes_on;
};

// A complaint acknowledged: its follow-up link's token, its subject and when it was received.
struct ComplaintFacts {
    std::string token;
    std::string subject;
    boost::gregorian::date received_on;
};

// A training convention to sign: the signatory's link token, the convention's reference, the
// employer and the trainee it names.
struct ConventionFacts {
    std::string token;
    std::string reference;
    std::string employer_name;
    std::string trainee_name;
};

// Everything a message may say. Which parts a kind uses is the wording's business; the parts a
// kind does not use stay empty.
struct MessageFacts {
    std::string first_name;
    std::string last_name;
    std::optional<std::int64_t> registration_id;  // none for a lost-link message
    std::string token;                            // the registration's personal link
    // confirmed / offered / waitlisted / cancelled; for a cancellation, what was cancelled (a seat
    // or a place on the waiting list).
    std::string status;
    std::optional<int> waitlist_position;
    std::string funding;  // self / employer
    std::optional<std::string> employer_name;
    std::string tier;
    std::int64_t price_cents = 0;
    bool by_staff = false;  // the change was made by staff on the person's behalf
    std::optional<SessionFacts> session;
    std::optional<SessionFacts> previous_session;  // before a move, or before staff changed it
    // session_changed: the contract or convention in force was superseded, a new one is to sign.
    bool agreement_superseded = false;
    std::vector<DocumentFacts> documents;  // attached, in this order
    std::optional<PaymentFacts> payment;
    std::optional<ReminderFacts> reminder;
    std::vector<LinkFacts> registrations;  // lost_link
    std::vector<SurveyFacts> surveys;      // evaluation and employer survey invitations
    std::optional<ComplaintFacts> complaint;
    std::optional<ConventionFacts> convention;  // convention_to_sign
    // seat_offered: the instant the offer ends (ISO 8601, UTC).
    std::optional<std::string> offer_expires_at;
};

// The recipient of a message once anonymised (storage/personal_data_repository.cpp): such a
// message cannot be sent again.
inline constexpr std::string_view anonymised_recipient = "anonyme@anonyme.invalid";

struct Recipient {
    std::string email;
    std::string name;
};

// A message of the outbox as staff list it. Instants are ISO 8601 UTC text.
struct OutboxMessage {
    std::int64_t id = 0;
    MessageKind kind = MessageKind::registration_confirmed;
    Recipient recipient;
    std::optional<std::int64_t> registration_id;
    std::optional<std::int64_t> session_id;
    std::optional<std::int64_t> invoice_id;
    MessageFacts facts;
    std::string message_key;
    std::optional<std::int64_t> resend_of;
    std::string status;  // pending / sending / sent / failed
    int attempts = 0;
    std::string created_at;
    std::string created_by;
    std::string next_attempt_at;
    std::optional<std::string> sent_at;
    std::optional<std::string> failed_at;
    std::optional<std::string> last_error;
};

// Which messages to list, newest first; absent members match everything.
struct MessageFilter {
    std::optional<std::int64_t> registration_id;
    std::optional<std::int64_t> session_id;
    std::optional<std::int64_t> invoice_id;
    std::optional<std::string> status;  // pending / sending / sent / failed
    std::optional<MessageKind> kind;
    int limit = 50;
    int offset = 0;
};

}  // namespace formations::domain

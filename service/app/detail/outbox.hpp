#pragma once
// Inside the app only: how a use case says "this state change tells this person this". In the
// use case's own transaction, name the kind of news and hand over the facts it needs: the message
// is written to the outbox with the change and commits with it, or not at all. Nothing is sent
// from a transaction: after the commit, the senders of every process deliver it
// (mail_delivery.hpp), retried until the SMTP server takes it.
//
// The facts are frozen here, as the change left them. The wording (subject, text, HTML, the .ics)
// is applied when the message is sent, from those facts (messages.hpp): a message queued before
// an upgrade that improves the wording goes out with the better wording, but never with
// different facts. Attached invoices and credit notes are their stored PDFs, rendered from their
// snapshot, never priced again.
//
// Example, in a use case that just gave a seat and issued its invoices:
//   auto facts = detail::registration_facts(sql, registration, session);
//   detail::add_documents(sql, facts, registration.id, issue_invoices(…));
//   detail::notify(sql, now, actor, MessageKind::registration_confirmed, registration, facts);
//
// A new kind of message (a waiting-list offer, a contract to sign, a survey…): add the kind to
// domain/message.hpp, its wording to messages.cpp (one case of write_body), any new fact to
// MessageFacts and its stored form (storage/outbox_repository.cpp), then call notify() — or
// queue_message() for someone other than the trainee — from the use case. A message due because
// time passed (a reminder, a survey some weeks after the course) is queued by the scheduler
// (reminders.hpp) with a `once_key`, so that the schedulers of several processes queue it once.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "service/domain/clock.hpp"
#include "service/domain/invoice.hpp"
#include "service/domain/message.hpp"
#include "service/domain/registration.hpp"
#include "service/domain/session.hpp"
#include "service/storage/database.hpp"
#include "service/storage/outbox_repository.hpp"

namespace formations::app::detail {

domain::SessionFacts session_facts(const domain::Session& session);

// The person, the registration's link, status (and waiting-list position), funding and price,
// and its session.
domain::MessageFacts registration_facts(soci::session& sql,
                                        const domain::Registration& registration,
                                        const domain::Session& session);
// The same when the caller knows the waiting-list position (a registration it just decided).
domain::MessageFacts registration_facts(const domain::Registration& registration,
                                        const domain::Session& session,
                                        std::optional<int> waitlist_position);

// The invoices and credit notes `invoice_ids` of the registration, in that order, as its
// message describes them. Those addressed to the trainee or to the employer are attached (the
// trainee passes the employer's on); a funding body's are named but not attached: it is billed
// directly, and the trainee has nothing to pay or pass on.
void add_documents(soci::session& sql, domain::MessageFacts& facts, std::int64_t registration_id,
                   const std::vector<std::int64_t>& invoice_ids);
// The same, for documents the caller has just issued.
void add_documents(domain::MessageFacts& facts, const std::vector<domain::Invoice>& invoices);

struct OutgoingMessage {
    domain::MessageKind kind = domain::MessageKind::registration_confirmed;
    domain::Recipient to;
    domain::MessageFacts facts;
    // What it is about, for the staff's lists: set by notify() from the registration.
    std::optional<std::int64_t> registration_id;
    std::optional<std::int64_t> session_id;
    std::optional<std::int64_t> invoice_id;
    // Queued at most once with this key, whichever process tries.
    std::optional<std::string> once_key;
    std::optional<std::int64_t> resend_of;  // a staff resend of that message
};

// The stored form of `message`, queued by `actor`: what queue_message stores, or what a statement
// that stores it with the change it tells of takes (storage::register_seat); and the message as
// queued once stored with `id`, due now.
storage::NewMessage new_message(const std::string& actor, const OutgoingMessage& message);
domain::OutboxMessage queued_message(const storage::NewMessage& row, std::int64_t id,
                                     const Now& now);

// Writes `message` to the outbox in the caller's transaction, due now. `actor` names who made
// the change, as the audit trail does. Its id, or nullopt when its once_key was taken already.
std::optional<std::int64_t> queue_message(soci::session& sql, const Now& now,
                                          const std::string& actor, const OutgoingMessage& message);

// A message to the registration's trainee (at the address and name given for that registration),
// about that registration and the facts' session.
OutgoingMessage message_to_trainee(domain::MessageKind kind,
                                   const domain::Registration& registration,
                                   const domain::MessageFacts& facts);

// queue_message(sql, now, actor, message_to_trainee(kind, registration, facts)).
void notify(soci::session& sql, const Now& now, const std::string& actor, domain::MessageKind kind,
            const domain::Registration& registration, const domain::MessageFacts& facts);

// Tells the trainee of money recorded on an invoice of their registration: payment_received or
// refund_recorded, `movement` saying how much, when, how and what remains. Also when the
// employer pays or is paid back (the trainee is the one person the service can write to about
// it); never for a funding body's invoice, which concerns the trainee no more than it is sent
// to them.
void notify_money_movement(soci::session& sql, const Now& now, const std::string& actor,
                           domain::MessageKind kind, const domain::Invoice& invoice,
                           const domain::PaymentFacts& movement);

}  // namespace formations::app::detail

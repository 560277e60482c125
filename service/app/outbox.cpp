#include "service/app/detail/outbox.hpp"

#include <algorithm>
#include <stdexcept>

#include "service/app/tokens.hpp"
#include "service/domain/iso8601.hpp"
#include "service/storage/invoice_repository.hpp"
#include "service/storage/outbox_repository.hpp"
#include "service/storage/registration_repository.hpp"
#include "service/storage/session_repository.hpp"

namespace formations::app::detail {

domain::SessionFacts session_facts(const domain::Session& session) {
    domain::SessionFacts facts;
    facts.id = session.id;
    facts.reference = session.reference;
    facts.course_title = session.course_title;
    facts.starts_on = session.starts_on;
    facts.ends_on = session.ends_on;
    facts.place = session.place;
    facts.duration_minutes = session.duration_minutes;
    facts.morning = session.hours.morning();
    facts.afternoon = session.hours.afternoon();
    return facts;
}

domain::MessageFacts registration_facts(soci::session& sql,
                                        const domain::Registration& registration,
                                        const domain::Session& session) {
    std::optional<int> position;
    if (registration.status == "waitlisted" && registration.waitlist_order) {
        position =
            storage::waitlist_position(sql, registration.session_id, *registration.waitlist_order);
    }
    return registration_facts(registration, session, position);
}

domain::MessageFacts registration_facts(const domain::Registration& registration,
                                        const domain::Session& session,
                                        std::optional<int> waitlist_position) {
    domain::MessageFacts facts;
    facts.first_name = registration.trainee.first_name;
    facts.last_name = registration.trainee.last_name;
    facts.registration_id = registration.id;
    facts.token = registration.token;
    facts.status = registration.status;
    facts.waitlist_position = waitlist_position;
    facts.funding = pricing::to_string(registration.funding);
    if (registration.employer) {
        facts.employer_name = registration.employer->name;
    }
    facts.tier = pricing::to_string(registration.tier);
    facts.price_cents = registration.price_cents;
    facts.session = session_facts(session);
    return facts;
}

void add_documents(domain::MessageFacts& facts, const std::vector<domain::Invoice>& invoices) {
    for (const auto& invoice : invoices) {
        facts.documents.push_back({invoice.id, invoice.number, invoice.kind, invoice.total_cents,
                                   invoice.issued_on, invoice.due_on, invoice.payer,
                                   invoice.buyer_name, invoice.corrects_number.value_or(""),
                                   invoice.payer != "funding_body"});
    }
}

void add_documents(soci::session& sql, domain::MessageFacts& facts, std::int64_t registration_id,
                   const std::vector<std::int64_t>& invoice_ids) {
    if (invoice_ids.empty()) {
        return;
    }
    auto stored = storage::invoices_of_registration(sql, registration_id);
    std::vector<domain::Invoice> documents;
    for (auto id : invoice_ids) {
        auto invoice = std::find_if(stored.begin(), stored.end(),
                                    [id](const domain::Invoice& i) { return i.id == id; });
        if (invoice == stored.end()) {
            throw std::logic_error("invoice " + std::to_string(id) + " is not of registration " +
                                   std::to_string(registration_id));
        }
        documents.push_back(*invoice);
    }
    add_documents(facts, documents);
}

storage::NewMessage new_message(const std::string& actor, const OutgoingMessage& message) {
    storage::NewMessage row;
    row.kind = message.kind;
    row.recipient = message.to;
    row.registration_id = message.registration_id;
    row.session_id = message.session_id;
    row.invoice_id = message.invoice_id;
    row.facts = message.facts;
    row.message_key = random_token().substr(0, 24);
    row.once_key = message.once_key;
    row.resend_of = message.resend_of;
    row.created_by = actor;
    return row;
}

domain::OutboxMessage queued_message(const storage::NewMessage& row, std::int64_t id,
                                     const Now& now) {
    domain::OutboxMessage queued;
    queued.id = id;
    queued.kind = row.kind;
    queued.recipient = row.recipient;
    queued.registration_id = row.registration_id;
    queued.session_id = row.session_id;
    queued.invoice_id = row.invoice_id;
    queued.facts = row.facts;
    queued.message_key = row.message_key;
    queued.status = "pending";
    queued.created_at = queued.next_attempt_at = format_instant(now.instant);
    queued.created_by = row.created_by;
    return queued;
}

std::optional<std::int64_t> queue_message(soci::session& sql, const Now& now,
                                          const std::string& actor,
                                          const OutgoingMessage& message) {
    return storage::insert_message(sql, new_message(actor, message), now.instant);
}

OutgoingMessage message_to_trainee(domain::MessageKind kind,
                                   const domain::Registration& registration,
                                   const domain::MessageFacts& facts) {
    OutgoingMessage message;
    message.kind = kind;
    message.to = {registration.trainee.email,
                  registration.trainee.first_name + " " + registration.trainee.last_name};
    message.facts = facts;
    message.registration_id = registration.id;
    message.session_id = facts.session ? std::optional(facts.session->id) : std::nullopt;
    return message;
}

void notify(soci::session& sql, const Now& now, const std::string& actor, domain::MessageKind kind,
            const domain::Registration& registration, const domain::MessageFacts& facts) {
    queue_message(sql, now, actor, message_to_trainee(kind, registration, facts));
}

void notify_money_movement(soci::session& sql, const Now& now, const std::string& actor,
                           domain::MessageKind kind, const domain::Invoice& invoice,
                           const domain::PaymentFacts& movement) {
    if (invoice.payer == "funding_body") {
        return;
    }
    auto registration = storage::find_registration_by_id(sql, invoice.registration_id);
    auto session =
        registration ? storage::find_session(sql, registration->session_id) : std::nullopt;
    if (!session) {
        return;
    }
    auto facts = registration_facts(sql, *registration, *session);
    facts.payment = movement;
    auto message = message_to_trainee(kind, *registration, facts);
    message.invoice_id = invoice.id;
    queue_message(sql, now, actor, message);
}

}  // namespace formations::app::detail

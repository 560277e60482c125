#include "service/app/mail_delivery.hpp"

#include <atomic>

#include "service/app/billing.hpp"
#include "service/app/course_documents.hpp"
#include "service/app/messages.hpp"
#include "service/domain/iso8601.hpp"
#include "service/domain/time_zone.hpp"
#include "service/mail/address.hpp"
#include "service/mail/calendar.hpp"
#include "service/mail/smtp.hpp"
#include "service/storage/outbox_repository.hpp"

namespace formations::app {
namespace {

using namespace std::chrono;

// The calendar's SEQUENCE: minutes from 2020 to the message's creation, so that every later
// message about the same registration's days (a change, a move) updates the earlier ones.
int calendar_sequence(Instant created) {
    auto since = floor<minutes>(created - sys_days(year{2020} / January / 1));
    return static_cast<int>(std::max<long long>(0, since.count()));
}

mail::Calendar calendar_of(const MailSettings& settings, const domain::OutboxMessage& message,
                           CalendarAction action, Instant created) {
    const auto& facts = message.facts;
    const auto& session = *facts.session;
    mail::Calendar calendar;
    calendar.method = action == CalendarAction::cancel ? mail::CalendarMethod::cancel
                                                       : mail::CalendarMethod::publish;
    calendar.organizer_name = settings.from.name;
    calendar.organizer_email = settings.from.address;
    calendar.stamp = created;
    calendar.sequence = calendar_sequence(created);
    auto domain = std::string(mail::domain_of(settings.from.address));
    std::string link = facts.token.empty() ? "" : personal_link(settings, facts.token);
    int day_number = 0;
    for (auto day = session.starts_on; day <= session.ends_on; day += boost::gregorian::days(1)) {
        ++day_number;
        mail::CalendarEvent event;
        // The same UIDs for the n-th day of the same registration, whatever the session: a move
        // or a change of dates updates the days already in the person's calendar.
        event.uid = "formations-registration-" + std::to_string(facts.registration_id.value_or(0)) +
                    "-day-" + std::to_string(day_number) + "@" + domain;
        event.start = local_instant(day, session.morning.start.hour, session.morning.start.minute);
        event.end = local_instant(day, session.afternoon.end.hour, session.afternoon.end.minute);
        event.summary = "Formation « " + session.course_title + " »";
        event.location = session.place;
        event.description = "Formation « " + session.course_title + " » (" + session.reference +
                            "), jour " + std::to_string(day_number) + "." +
                            (link.empty() ? "" : "\nVotre inscription : " + link);
        event.url = link;
        calendar.events.push_back(std::move(event));
    }
    return calendar;
}

// Everything the message carries, or the reason it cannot be written (a permanent failure).
struct Written {
    mail::Mail mail;
    std::optional<std::string> problem;
};

Result<Written> write(storage::Database& db, const Clock& clock, const MailSettings& settings,
                      const invoices::BillingSettings& billing,
                      const domain::OutboxMessage& message) {
    Written written;
    auto to = mail::smtp_address(message.recipient.email, "recipient");
    if (!to) {
        written.problem = "adresse du destinataire inutilisable : " + to.error().message;
        return written;
    }
    auto created = parse_instant(message.created_at);
    if (!created) {
        return Error::internal("message " + std::to_string(message.id) + ": bad created_at");
    }
    auto rendered = render_message(settings, message.kind, message.facts);
    auto& mail = written.mail;
    mail.from_address = settings.from.address;
    mail.from_name = settings.from.name;
    if (settings.reply_to) {
        mail.reply_to_address = settings.reply_to->address;
        mail.reply_to_name = settings.reply_to->name;
    }
    mail.to_address = to.value();
    mail.to_name = message.recipient.name;
    mail.subject = rendered.subject;
    mail.message_id = message_id(settings, message);
    mail.date = *created;
    mail.text = rendered.text;
    mail.html = rendered.html;
    for (const auto& document : message.facts.documents) {
        if (!document.attached) {
            continue;  // a funding body's: named in the text only
        }
        // The stored bytes (rendered from the invoice's snapshot on first need, then kept).
        auto pdf = invoice_pdf(db, clock, document.number, std::nullopt);
        if (!pdf) {
            return pdf.error();
        }
        mail.attachments.push_back({document.number + ".pdf", "application/pdf", pdf.value()});
    }
    // The programme and the règlement intérieur the agreement refers to (L6352-3): with a
    // self-funded seat's confirmation (its contract) and with the employer signatory's link to
    // the convention.
    const bool self_funded_seat = (message.kind == domain::MessageKind::registration_confirmed ||
                                   message.kind == domain::MessageKind::promoted) &&
                                  message.facts.funding == "self";
    if ((self_funded_seat || message.kind == domain::MessageKind::convention_to_sign) &&
        message.facts.registration_id) {
        auto enclosures = contract_enclosures(db, clock, billing, *message.facts.registration_id);
        if (!enclosures) {
            return enclosures.error();
        }
        for (auto& enclosure : enclosures.value()) {
            mail.attachments.push_back(
                {enclosure.file_name, "application/pdf", std::move(enclosure.pdf)});
        }
    }
    // The convocation as a PDF beside the text: the session as it is when the message leaves.
    if (message.kind == domain::MessageKind::convocation_reminder &&
        message.facts.registration_id) {
        auto pdf = convocation_pdf(db, billing, *message.facts.registration_id);
        if (pdf) {
            mail.attachments.push_back({"convocation.pdf", "application/pdf", pdf.value()});
        } else if (pdf.error().code != "no_convocation") {
            return pdf.error();
        }
    }
    if (rendered.calendar != CalendarAction::none && message.facts.session) {
        mail.attachments.push_back(
            {"formation.ics",
             std::string("text/calendar; charset=utf-8; method=") +
                 (rendered.calendar == CalendarAction::cancel ? "CANCEL" : "PUBLISH"),
             mail::calendar_file(calendar_of(settings, message, rendered.calendar, *created))});
    }
    return written;
}

struct Counters {
    std::atomic<long> sent{0};
    std::atomic<long> retried{0};
    std::atomic<long> failed{0};
    std::atomic<long> lost{0};
};
Counters counters;

void count(DeliveryStep step) {
    switch (step) {
        case DeliveryStep::sent:
            ++counters.sent;
            break;
        case DeliveryStep::retried:
            ++counters.retried;
            break;
        case DeliveryStep::failed:
            ++counters.failed;
            break;
        case DeliveryStep::lost:
            ++counters.lost;
            break;
        case DeliveryStep::idle:
            break;
    }
}

// Records the outcome of the attempt; `lost` when another sender took the message over.
Result<DeliveryAttempt> record(storage::Database& db, const Clock& clock,
                               const MailSettings& settings, const domain::OutboxMessage& message,
                               mail::Delivery outcome, const std::string& detail) {
    const auto now = clock.now();
    bool out_of_attempts = message.attempts >= settings.max_attempts;
    DeliveryAttempt delivery{outcome == mail::Delivery::sent ? DeliveryStep::sent
                             : outcome == mail::Delivery::permanent_failure || out_of_attempts
                                 ? DeliveryStep::failed
                                 : DeliveryStep::retried,
                             message.id, message.kind, message.attempts, detail};
    if (delivery.step == DeliveryStep::failed && out_of_attempts &&
        outcome != mail::Delivery::permanent_failure) {
        delivery.detail =
            "abandonné après " + std::to_string(message.attempts) + " tentatives : " + detail;
    }
    auto recorded = db.transact([&](soci::session& sql) -> Result<bool> {
        switch (delivery.step) {
            case DeliveryStep::sent:
                return storage::record_sent(sql, message.id, message.attempts, now.instant);
            case DeliveryStep::retried:
                return storage::record_retry(sql, message.id, message.attempts,
                                             now.instant + retry_delay(settings, message.attempts),
                                             detail);
            default:
                return storage::record_failure(sql, message.id, message.attempts, now.instant,
                                               delivery.detail);
        }
    });
    if (!recorded) {
        return recorded.error();
    }
    if (!recorded.value()) {
        delivery.step = DeliveryStep::lost;
        delivery.detail = "taken over by another sender meanwhile";
    }
    count(delivery.step);
    return delivery;
}

}  // namespace

std::chrono::seconds retry_delay(const MailSettings& settings, int attempts) {
    auto delay = settings.first_retry;
    for (int i = 1; i < attempts && delay < settings.max_retry; ++i) {
        delay *= 2;
    }
    return std::min(delay, settings.max_retry);
}

Result<DeliveryAttempt> deliver_next(storage::Database& db, const Clock& clock,
                                     const MailSettings& settings,
                                     const invoices::BillingSettings& billing) {
    const auto now = clock.now();
    auto claimed =
        db.transact([&](soci::session& sql) -> Result<std::optional<domain::OutboxMessage>> {
            return storage::claim_due_message(sql, now.instant, now.instant + settings.lease);
        });
    if (!claimed) {
        return claimed.error();
    }
    if (!claimed.value()) {
        return DeliveryAttempt{};
    }
    const auto& message = *claimed.value();
    if (message.attempts > settings.max_attempts) {
        // Its last attempt never finished (the sender died): no more.
        return record(db, clock, settings, message, mail::Delivery::permanent_failure,
                      "abandonné : la dernière tentative ne s'est pas terminée");
    }
    Result<Written> written = Written{};
    try {
        written = write(db, clock, settings, billing, message);
    } catch (const std::exception& error) {
        // A message that cannot be written (its facts unreadable, a library refusing them)
        // will not be written better next time.
        return record(db, clock, settings, message, mail::Delivery::permanent_failure,
                      std::string("message impossible à composer : ") + error.what());
    }
    if (!written) {
        // The database failed while reading attachments: the message is due again later.
        return record(db, clock, settings, message, mail::Delivery::temporary_failure,
                      written.error().detail);
    }
    if (written->problem) {
        return record(db, clock, settings, message, mail::Delivery::permanent_failure,
                      *written->problem);
    }
    auto result = mail::send_mail({*settings.smtp_url}, written->mail);
    return record(db, clock, settings, message, result.outcome, result.detail);
}

DeliveryCounts delivery_counts() {
    return {counters.sent.load(), counters.retried.load(), counters.failed.load(),
            counters.lost.load()};
}

}  // namespace formations::app

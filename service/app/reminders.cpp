#include "service/app/reminders.hpp"

#include "pricing/payment_reminder.hpp"
#include "service/app/billing.hpp"
#include "service/app/catalogue.hpp"
#include "service/app/detail/contract_holds.hpp"
#include "service/app/detail/offers.hpp"
#include "service/app/detail/outbox.hpp"
#include "service/app/detail/survey_invitations.hpp"
#include "service/domain/iso8601.hpp"
#include "service/domain/time_zone.hpp"
#include "service/storage/accounting_repository.hpp"
#include "service/storage/audit_repository.hpp"
#include "service/storage/outbox_repository.hpp"
#include "service/storage/registration_repository.hpp"
#include "service/storage/session_repository.hpp"

namespace formations::app {
namespace {

using boost::gregorian::date;
using boost::gregorian::days;
using domain::MessageKind;

// Sessions ended longer ago than this are not announced as "certificate available".
constexpr int certificate_notice_window_days = 30;

struct Loaded {
    domain::Registration registration;
    domain::Session session;
};

std::optional<Loaded> load(soci::session& sql, std::int64_t registration_id) {
    auto registration = storage::find_registration_by_id(sql, registration_id);
    if (!registration) {
        return std::nullopt;
    }
    auto session = storage::find_session(sql, registration->session_id);
    if (!session) {
        return std::nullopt;
    }
    return Loaded{std::move(*registration), std::move(*session)};
}

std::string key(std::string_view prefix, std::int64_t a, std::int64_t b) {
    return std::string(prefix) + ":" + std::to_string(a) + ":" + std::to_string(b);
}

// The convocation of `found`, once per registration and session whoever queues it.
bool queue_convocation(soci::session& sql, const Now& now, const std::string& actor,
                       const Loaded& found) {
    auto message = detail::message_to_trainee(
        MessageKind::convocation_reminder, found.registration,
        detail::registration_facts(sql, found.registration, found.session));
    message.once_key = key("convocation", found.registration.id, found.session.id);
    return detail::queue_message(sql, now, actor, message).has_value();
}

int queue_convocations(soci::session& sql, const MailSettings& settings, const Now& now) {
    int queued = 0;
    int window = settings.convocation_reminder_days;
    for (const auto& candidate :
         storage::confirmed_without_message(sql, MessageKind::convocation_reminder,
                                            now.today + days(1), now.today + days(window))) {
        auto found = load(sql, candidate.registration_id);
        if (!found ||
            !convocation_due(found->session.starts_on, candidate.confirmed_at, now.today, window)) {
            continue;
        }
        queued += queue_convocation(sql, now, "system", *found) ? 1 : 0;
    }
    return queued;
}

// Per instalment: the reminders of an invoice count from its first instalment not paid
// (domain::Overdue::since), so once that one is paid, the next one past its date gets its own
// reminders after its own delay. An instalment not yet due is never reminded. Each next reminder
// of an instalment waits the cadence after the previous one was sent (or queued), whatever the
// instalment's lateness (pricing::payment_reminder_due).
int queue_payment_reminders(soci::session& sql, const MailSettings& settings, const Now& now) {
    int queued = 0;
    auto sent = storage::messages_per_once_stem(sql, MessageKind::payment_reminder);
    for (const auto& overdue : storage::overdue_invoices(sql, now.today)) {
        const auto& invoice = overdue.invoice;
        if (invoice.payer == "funding_body") {
            continue;  // the accountants chase a funding body; the trainee owes it nothing
        }
        const auto due_on = overdue.overdue ? overdue.overdue->since : invoice.due_on;
        const auto stem =
            "payment_reminder:" + std::to_string(invoice.id) + ":" + format_date(due_on);
        std::optional<date> last_reminded_on;
        int already = 0;
        if (auto previous = sent.find(stem); previous != sent.end()) {
            last_reminded_on = local_date(previous->second.last_at);
            already = previous->second.count;
        }
        auto number = pricing::payment_reminder_due(due_on, last_reminded_on, already, now.today,
                                                    settings.payment_reminder_days,
                                                    settings.payment_reminder_count);
        if (!number) {
            continue;
        }
        auto found = load(sql, invoice.registration_id);
        if (!found) {
            continue;
        }
        auto facts = detail::registration_facts(sql, found->registration, found->session);
        detail::add_documents(sql, facts, found->registration.id, {invoice.id});
        facts.reminder =
            domain::ReminderFacts{*number, make_invoice_view(invoice).settlement.amount_due.cents(),
                                  static_cast<int>((now.today - due_on).days())};
        if (!invoice.instalments.empty() && overdue.overdue) {
            facts.reminder->instalment_due_on = due_on;
            facts.reminder->overdue_cents = overdue.overdue->amount_cents;
        }
        auto message =
            detail::message_to_trainee(MessageKind::payment_reminder, found->registration, facts);
        message.invoice_id = invoice.id;
        message.once_key = stem + ":" + std::to_string(*number);
        queued += detail::queue_message(sql, now, "system", message) ? 1 : 0;
    }
    return queued;
}

int queue_certificate_notices(soci::session& sql, const Now& now) {
    int queued = 0;
    for (auto id : storage::attended_without_message(
             sql, MessageKind::certificate_available,
             now.today - days(certificate_notice_window_days), now.today - days(1))) {
        auto found = load(sql, id);
        if (!found) {
            continue;
        }
        auto message = detail::message_to_trainee(
            MessageKind::certificate_available, found->registration,
            detail::registration_facts(sql, found->registration, found->session));
        message.once_key = key("certificate", id, found->session.id);
        queued += detail::queue_message(sql, now, "system", message) ? 1 : 0;
    }
    return queued;
}

}  // namespace

bool convocation_due(date starts_on, Instant confirmed_at, date today, int window) {
    if (window <= 0) {
        return false;
    }
    auto first = starts_on - days(window);
    if (today < first || today >= starts_on) {
        return false;
    }
    return confirmed_at < local_instant(first, 0, 0);
}

Result<ConvocationsSent> send_convocations(storage::Database& db, const Clock& clock,
                                           const Actor& actor, std::int64_t session_id) {
    const auto now = clock.now();
    return db.transact([&](soci::session& sql) -> Result<ConvocationsSent> {
        auto session = storage::find_session(sql, session_id, /*lock=*/true);
        if (!session) {
            return session_not_found();
        }
        if (session->status == pricing::SessionStatus::cancelled) {
            return Error::conflict("session_cancelled", "Cette session est annulée.");
        }
        if (now.today > session->ends_on) {
            return Error::conflict("session_over",
                                   "Cette session est terminée : les convocations ne sont plus "
                                   "envoyées.");
        }
        ConvocationsSent result;
        for (const auto& candidate : storage::confirmed_without_message(
                 sql, MessageKind::convocation_reminder, session->starts_on, session->starts_on)) {
            auto registration = storage::find_registration_by_id(sql, candidate.registration_id);
            if (registration && registration->session_id == session->id &&
                queue_convocation(sql, now, actor.audit_name(), {*registration, *session})) {
                ++result.sent;
            }
        }
        storage::audit_counts(sql, {actor.audit_name(), now.instant}, "session.convocations_sent",
                              "session", session->id, {{"sent", result.sent}});
        return result;
    });
}

Result<SchedulerPass> run_scheduler(storage::Database& db, const Clock& clock,
                                    const MailSettings& settings,
                                    const invoices::BillingSettings& billing,
                                    const EvaluationDelays& delays) {
    const auto now = clock.now();
    return db.transact([&](soci::session& sql) -> Result<SchedulerPass> {
        SchedulerPass pass;
        if (!storage::try_lock_scheduler(sql)) {
            return pass;
        }
        pass.ran = true;
        if (settings.convocation_reminder_days > 0) {
            pass.convocations = queue_convocations(sql, settings, now);
        }
        if (settings.payment_reminder_days > 0 && settings.payment_reminder_count > 0) {
            pass.payment_reminders = queue_payment_reminders(sql, settings, now);
        }
        pass.certificates = queue_certificate_notices(sql, now);
        pass.survey_invitations = detail::queue_survey_invitations(sql, now, delays);
        pass.released_seats =
            detail::release_unsigned_seats(sql, billing, clock, now, settings.contract_hold_days);
        pass.expired_offers = detail::expire_offers(sql, billing, clock, now);
        return pass;
    });
}

}  // namespace formations::app

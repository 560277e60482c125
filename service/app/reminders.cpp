#include "service/app/reminders.hpp"

#include <chrono>
#include <map>

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

// The convocation of `candidate` if it is due today.
bool queue_convocation_if_due(soci::session& sql, const MailSettings& settings, const Now& now,
                              const storage::Candidate& candidate) {
    auto found = load(sql, candidate.registration_id);
    return found &&
           convocation_due(found->session.starts_on, candidate.confirmed_at, now.today,
                           settings.convocation_reminder_days) &&
           queue_convocation(sql, now, "system", *found);
}

// The next reminder of `overdue` if one is due today, `sent` the reminders queued so far.
//
// Per instalment: the reminders of an invoice count from its first instalment not paid
// (domain::Overdue::since), so once that one is paid, the next one past its date gets its own
// reminders after its own delay. An instalment not yet due is never reminded. Each next reminder
// of an instalment waits the cadence after the previous one was sent (or queued), whatever the
// instalment's lateness (pricing::payment_reminder_due).
bool queue_payment_reminder(soci::session& sql, const MailSettings& settings, const Now& now,
                            const std::map<std::string, storage::OnceStemTally>& sent,
                            const domain::LedgerDocument& overdue) {
    const auto& invoice = overdue.invoice;
    if (invoice.payer == "funding_body") {
        return false;  // the accountants chase a funding body; the trainee owes it nothing
    }
    const auto due_on = overdue.overdue ? overdue.overdue->since : invoice.due_on;
    const auto stem = "payment_reminder:" + std::to_string(invoice.id) + ":" + format_date(due_on);
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
        return false;
    }
    auto found = load(sql, invoice.registration_id);
    if (!found) {
        return false;
    }
    auto facts = detail::registration_facts(sql, found->registration, found->session);
    // The invoice as the ledger read it: reading it again with every document of its
    // registration cost a query per reminder that grew with that registration's documents.
    detail::add_documents(facts, {invoice});
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
    return detail::queue_message(sql, now, "system", message).has_value();
}

bool queue_certificate_notice(soci::session& sql, const Now& now, std::int64_t registration_id) {
    auto found = load(sql, registration_id);
    if (!found) {
        return false;
    }
    auto message = detail::message_to_trainee(
        MessageKind::certificate_available, found->registration,
        detail::registration_facts(sql, found->registration, found->session));
    message.once_key = key("certificate", registration_id, found->session.id);
    return detail::queue_message(sql, now, "system", message).has_value();
}

// The items of a pass are done in units, each one transaction committed on its own: what a
// stopped pass did stays done, and the next pass goes on from there. A unit ends after
// `items_per_unit` items, or after the first item that ends `unit_time` after it began, whichever
// comes first, so that a stop waits for one unit, whatever an item costs. Measured on the 2-core
// machine, fsync on, 2 000 convocations (README, "The scheduler on stop"): units of one item
// take twice the time of one transaction for the pass (a commit costs what an item does); units
// of 50 take the same time as one transaction, and last about 100 ms.
constexpr std::size_t items_per_unit = 50;
constexpr std::chrono::milliseconds unit_time{250};

// A pass: its connection (holding the scheduler's lock) and its stop request. Each step reads its
// items in a transaction, then does them unit by unit, looking for a stop before each unit.
class Pass {
  public:
    Pass(storage::Database& db, soci::session& sql, std::stop_token stop)
        : db_(db), sql_(sql), stop_(std::move(stop)) {}

    // Whether a stop request left items undone.
    bool stopped_early() const { return stopped_early_; }

    // The items `read` returns, each given to `one` (true: it did something): how many did.
    template <typename Read, typename One>
    Result<int> run(Read&& read, One&& one) {
        if (stop_.stop_requested()) {
            stopped_early_ = true;
            return 0;
        }
        auto items = db_.transact_on(
            sql_, [&](soci::session& sql) { return Result<decltype(read(sql))>(read(sql)); });
        if (!items) {
            return items.error();
        }
        const auto& all = items.value();
        int done = 0;
        for (std::size_t first = 0, next = 0; first < all.size(); first = next) {
            if (stop_.stop_requested()) {
                stopped_early_ = true;
                break;
            }
            // Run again from `first` when the transaction is retried.
            auto unit = db_.transact_on(sql_, [&](soci::session& sql) -> Result<int> {
                using steady = std::chrono::steady_clock;
                const auto ends = steady::now() + unit_time;
                int count = 0;
                next = first;
                do {
                    count += one(sql, all[next]) ? 1 : 0;
                    ++next;
                } while (next < all.size() && next - first < items_per_unit &&
                         steady::now() < ends);
                return count;
            });
            if (!unit) {
                return unit.error();
            }
            done += unit.value();
        }
        return done;
    }

  private:
    storage::Database& db_;
    soci::session& sql_;
    std::stop_token stop_;
    bool stopped_early_ = false;
};

// Each kind of item in turn, unit by unit; a step that fails ends the pass (what the units
// before it committed stays done).
Result<SchedulerPass> run_pass(Pass pass, const Clock& clock, const MailSettings& settings,
                               const invoices::BillingSettings& billing,
                               const EvaluationDelays& delays, const Now& now) {
    SchedulerPass done;
    done.ran = true;
    auto step = [&](int& count, auto&& read, auto&& one) -> std::optional<Error> {
        auto result = pass.run(read, one);
        if (!result) {
            return result.error();
        }
        count = result.value();
        return std::nullopt;
    };
    const int window = settings.convocation_reminder_days;
    std::optional<Error> failed;
    if (window > 0) {
        failed = step(
            done.convocations,
            [&](soci::session& sql) {
                return storage::confirmed_without_message(sql, MessageKind::convocation_reminder,
                                                          now.today + days(1),
                                                          now.today + days(window));
            },
            [&](soci::session& sql, const storage::Candidate& candidate) {
                return queue_convocation_if_due(sql, settings, now, candidate);
            });
    }
    if (!failed && settings.payment_reminder_days > 0 && settings.payment_reminder_count > 0) {
        std::map<std::string, storage::OnceStemTally> sent;
        failed = step(
            done.payment_reminders,
            [&](soci::session& sql) {
                sent = storage::messages_per_once_stem(sql, MessageKind::payment_reminder);
                return storage::overdue_invoices(sql, now.today);
            },
            [&](soci::session& sql, const domain::LedgerDocument& overdue) {
                return queue_payment_reminder(sql, settings, now, sent, overdue);
            });
    }
    if (!failed) {
        failed = step(
            done.certificates,
            [&](soci::session& sql) {
                return storage::attended_without_message(
                    sql, MessageKind::certificate_available,
                    now.today - days(certificate_notice_window_days), now.today - days(1));
            },
            [&](soci::session& sql, std::int64_t id) {
                return queue_certificate_notice(sql, now, id);
            });
    }
    if (!failed) {
        failed = step(
            done.survey_invitations,
            [&](soci::session& sql) { return detail::survey_invitations_due(sql, now, delays); },
            [&](soci::session& sql, const detail::SurveyInvitation& invitation) {
                return detail::queue_survey_invitation(sql, now, delays, invitation);
            });
    }
    if (!failed) {
        failed = step(
            done.released_seats,
            [&](soci::session& sql) {
                return detail::unsigned_seats_past_hold(sql, now, settings.contract_hold_days);
            },
            [&](soci::session& sql, std::int64_t id) {
                return detail::release_unsigned_seat(sql, billing, clock, now, id);
            });
    }
    if (!failed) {
        failed = step(
            done.expired_offers,
            [&](soci::session& sql) { return detail::expired_offers(sql, now); },
            [&](soci::session& sql, std::int64_t id) {
                return detail::expire_offer(sql, billing, clock, now, id);
            });
    }
    if (failed) {
        return *failed;
    }
    done.stopped = pass.stopped_early();
    return done;
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
                                    const EvaluationDelays& delays, std::stop_token stop) {
    const auto now = clock.now();
    Result<SchedulerPass> outcome = SchedulerPass{};
    auto failed = db.with_session([&](soci::session& connection) {
        auto lock = storage::SchedulerLock::try_take(connection);
        if (!lock) {
            return;  // another process is running a pass
        }
        outcome = run_pass(Pass(db, connection, stop), clock, settings, billing, delays, now);
    });
    if (failed) {
        return *failed;
    }
    return outcome;
}

}  // namespace formations::app

#pragma once
// The scheduler: messages due because time passed, queued by every process of the service once a
// minute. A pass holds an advisory lock for its whole length (a pass already running elsewhere is
// skipped, storage::SchedulerLock) and commits its work in units of a few dozen items, each
// item's messages, seat releases and audit entries in one unit's transaction: a pass stopped
// (SIGTERM) or killed keeps what its committed units did, and the next pass goes on from there.
// It looks for a stop request before each unit, so that a stop waits for one unit at most. Every
// message it queues has a once_key and every seat is released under its rows' locks, read again
// there, so that even two passes racing queue each message once and release each seat once:
//   - the convocation, `convocation_reminder_days` before a session's first day, to each person
//     with a seat confirmed before that day began (a seat confirmed later came with a
//     confirmation that says it all);
//   - payment reminders of an invoice still unpaid: the n-th once `payment_reminder_days` × n
//     days have passed since its due date, at most `payment_reminder_count`, numbered in the
//     order sent (after a pause, one reminder, not a burst); to the trainee, who is asked to
//     pass it on when their employer pays (a funding body's invoice is the accountants' to
//     chase: the trainee owes it nothing);
//   - "your certificate is available": the day after a session's last day, to each person with
//     a half-day attended (sessions ended within the last 30 days, so that no old session is
//     announced when this feature arrives);
//   - the invitations to the self-assessment and satisfaction survey, and to the employer's cold
//     survey, when they open after the course (detail/survey_invitations.hpp);
//   - the release of self-funded seats whose contract is still unsigned past its hold
//     (FORMATIONS_CONTRACT_HOLD_DAYS), to the waiting list;
//   - the end of waiting-list offers past their deadline, each seat offered to the next person
//     (detail/offers.hpp).
// Dates are the business dates of the clock's reading (Europe/Paris), never the database's.

#include <optional>
#include <stop_token>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "service/app/accounts.hpp"
#include "service/app/evaluation_schedule.hpp"
#include "service/app/mail_settings.hpp"
#include "service/app/use_case.hpp"

namespace formations::app {

// Whether the convocation of a session starting on `starts_on` is due `today` for a seat
// confirmed at `confirmed_at`: from `days` days before the first day to the day before it, and
// only for a seat confirmed before the first of those days began. Never with `days` <= 0.
bool convocation_due(boost::gregorian::date starts_on, Instant confirmed_at,
                     boost::gregorian::date today, int days);

struct SchedulerPass {
    bool ran = false;      // false: another process holds the scheduler's lock
    bool stopped = false;  // a stop request ended it before its last item (the counts: done)
    int convocations = 0;
    int payment_reminders = 0;
    int certificates = 0;
    int survey_invitations = 0;
    int released_seats = 0;  // unsigned contracts past their hold (detail/contract_holds.hpp)
    int expired_offers = 0;  // waiting-list offers past their deadline (detail/offers.hpp)
};

// Staff, from the session page: the convocation sent now (through the outbox, its PDF attached)
// to every person with a confirmed seat of the session who has not received one — the same
// once_key as the scheduler's, so that nobody gets it twice, whoever sends it first, and a second
// click sends nothing. `sent`: the messages queued now. Allowed until the session's last day.
// Errors: session_not_found, session_cancelled, session_over.
struct ConvocationsSent {
    int sent = 0;
};
Result<ConvocationsSent> send_convocations(storage::Database& db, const Clock& clock,
                                           const Actor& actor, std::int64_t session_id);

// One pass. `stop`: asked by the caller's thread to end (between two units) and return what was
// done; the next pass, in this process or another, does the rest.
Result<SchedulerPass> run_scheduler(storage::Database& db, const Clock& clock,
                                    const MailSettings& settings,
                                    const invoices::BillingSettings& billing,
                                    const EvaluationDelays& delays, std::stop_token stop = {});

}  // namespace formations::app

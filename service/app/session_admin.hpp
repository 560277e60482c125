#pragma once
// Staff use cases on sessions: create, edit (raising the capacity gives the new seats to the
// waiting list, in order, each invoiced; lowering it below the seats taken is refused; new
// dates, hours or place re-issue the agreements to sign), and
// cancel (every registration is cancelled and its invoice credited, in one transaction).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "pricing/registration_window.hpp"
#include "service/app/accounts.hpp"
#include "service/app/catalogue.hpp"
#include "service/app/use_case.hpp"
#include "service/domain/session.hpp"

namespace formations::app {

// Times of day as minutes after midnight; what is not given keeps its value (on creation: the
// course's usual hours, those of its sheet (course_sheets.hpp), else 9h00–12h30 and
// 13h30–17h00). Each half-day must keep the course's half-day length.
struct HoursChanges {
    std::optional<int> morning_start;
    std::optional<int> morning_end;
    std::optional<int> afternoon_start;
    std::optional<int> afternoon_end;

    domain::DailyHours applied_to(domain::DailyHours hours) const;
};

// Pure: the half-days in order and, when `half_day_minutes` is given, each that long.
std::optional<Error> check_daily_hours(const domain::DailyHours& hours,
                                       std::optional<int> half_day_minutes);

struct SessionInput {
    std::string course_code = "CAE";
    // Default: <course>-<YYYY-MM-DD>, then -2, -3… when other sessions start that day.
    std::optional<std::string> reference;
    boost::gregorian::date starts_on;
    boost::gregorian::date ends_on;
    std::optional<boost::gregorian::date> registration_deadline;  // default: the day before
    std::string place;
    int capacity = 12;
    std::optional<std::string> trainer;
    HoursChanges hours;
};

// Only what is given changes. `trainer` set to an empty string clears it.
struct SessionChanges {
    std::optional<boost::gregorian::date> starts_on;
    std::optional<boost::gregorian::date> ends_on;
    std::optional<boost::gregorian::date> registration_deadline;
    std::optional<std::string> place;
    std::optional<int> capacity;
    std::optional<std::string> trainer;
    std::optional<pricing::SessionStatus> status;  // open or closed (cancel has its own use case)
    HoursChanges hours;
    // Not a change: the `confirmation` of a preview (EditMode::preview) of this very edit. When
    // given, the edit is refused (409 edit_preview_stale, nothing written) unless it would do
    // exactly what that preview said, on the session as it was then.
    std::optional<std::string> confirmation;
};

Result<SessionView> create_session(storage::Database& db, const Clock& clock, const Actor& actor,
                                   const SessionInput& input);
// What an edit of the session does to its registrations, counted as it does it. Only an edit of
// the dates, daily hours or place (detail::agreement_terms_differ) tells people and supersedes
// agreements; a higher capacity offers seats to the waiting list.
struct EditConsequences {
    int people_told = 0;                    // each registration not cancelled: session_changed
    int contracts_superseded = 0;           // self-funded trainees' contracts, to sign again
    int contracts_superseded_signed = 0;    //   of which were signed
    int conventions_superseded = 0;         // employers' conventions, to sign again
    int conventions_superseded_signed = 0;  //   of which were signed
    int invoices_credited = 0;              // self-funded invoices, each by its own credit note
    std::int64_t credited_cents = 0;        //   what those credit notes total
    int signatory_links = 0;                // employers' signatories e-mailed a new link
    int seats_offered = 0;                  // seats offered to the waiting list (more capacity)

    int agreements_superseded() const { return contracts_superseded + conventions_superseded; }
};

// An edit of the dates, daily hours or place supersedes the registrations' contracts and
// conventions in force, to be signed again (session_admin.cpp: tell_session_changed).
struct SessionEdited {
    SessionView before;   // the session as the edit found it
    SessionView session;  // as edited
    EditConsequences consequences;
    // A digest of the session as found, as edited, and of what the edit did to each registration:
    // the same for a preview and the edit that follows it when nothing changed in between.
    std::string confirmation;
};

// `apply` commits the edit. `preview` runs the very same use case and rolls it back
// (Database::rehearse): the answer is what the edit would do now, and nothing is written — no
// e-mail queued, no audit entry, no credit note, no invoice number taken. Bad input gets the same
// errors either way.
enum class EditMode { apply, preview };
Result<SessionEdited> update_session(storage::Database& db, const Clock& clock,
                                     const invoices::BillingSettings& billing, const Actor& actor,
                                     std::int64_t id, const SessionChanges& changes,
                                     EditMode mode = EditMode::apply);
Result<SessionView> cancel_session(storage::Database& db, const Clock& clock,
                                   const invoices::BillingSettings& billing, const Actor& actor,
                                   std::int64_t id);

// What cancelling a session would do, for the confirmation staff are asked before: the people
// whose registration ends, each told by e-mail (confirmed seats, seats offered from the waiting
// list and not answered yet, the waiting list) and the invoices credited.
struct CancellationPreview {
    int confirmed = 0;
    int offered = 0;
    int waitlisted = 0;
    int invoices = 0;                 // open invoices, each credited by its own credit note
    std::int64_t invoiced_cents = 0;  // their total
};
Result<CancellationPreview> preview_session_cancellation(storage::Database& db, std::int64_t id);

// Pure: what deserves a second thought about the days of a session (French sentences, empty when
// nothing): a day in the past, on a weekend or a French public holiday (pricing/calendar.hpp).
std::vector<std::string> date_warnings(boost::gregorian::date today,
                                       boost::gregorian::date starts_on,
                                       boost::gregorian::date ends_on);

// The same for the session's days as of today's date (the clock read once); `ends_on` defaults
// to the day after `starts_on`, as on creation.
std::vector<std::string> session_date_warnings(const Clock& clock, boost::gregorian::date starts_on,
                                               std::optional<boost::gregorian::date> ends_on);

}  // namespace formations::app

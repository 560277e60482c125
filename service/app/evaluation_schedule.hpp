#pragma once
// When each questionnaire of a registration can be answered, from the session's dates and the
// configured delays, as of a day the caller reads from the clock. Pure and unit-tested: the
// trainee's page, the staff's follow-up and (once e-mail exists) the invitations all ask here.
//
//   needs            from the registration until the session's first day (then read-only)
//   self_assessment  from the last day, for `open_days`
//   satisfaction     from the last day + `trainee_survey_days`, for `open_days`
//   employer         from the last day + `employer_survey_days`, for `open_days`; only when an
//                    employer pays
//
// The needs questionnaire is for confirmed and waitlisted registrations; the others for
// confirmed ones only; nothing for a cancelled registration or session. An invitation is due on
// `opens_on` (EvaluationWindow), and a reminder makes sense while the window is `open`.
// Example (delays 0 / 60 / 45, session 2026-06-11 → 12, confirmed, today 2026-06-12):
//   evaluation_window(satisfaction, facts, false, today, delays).availability == open,
//   opens_on 2026-06-12, closes_on 2026-07-27.

#include <optional>
#include <string>
#include <string_view>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "pricing/registration_window.hpp"
#include "service/domain/questionnaire.hpp"

namespace formations::app {

struct EvaluationDelays {
    int trainee_survey_days = 0;    // FORMATIONS_TRAINEE_SURVEY_DELAY_DAYS
    int employer_survey_days = 60;  // FORMATIONS_EMPLOYER_SURVEY_DELAY_DAYS
    int open_days = 45;             // FORMATIONS_SURVEY_OPEN_DAYS
};

enum class Availability {
    not_applicable,  // not for this registration
    upcoming,        // opens later
    open,            // can be answered now
    answered,        // answered (still changeable while `can_answer`)
    closed,          // the window ended without an answer
};
std::string_view to_string(Availability availability);

struct RegistrationFacts {
    std::string status;  // confirmed / waitlisted / cancelled
    bool employer_funded = false;
    boost::gregorian::date registered_on;
    pricing::SessionStatus session_status = pricing::SessionStatus::open;
    boost::gregorian::date starts_on;
    boost::gregorian::date ends_on;
};

struct EvaluationWindow {
    Availability availability = Availability::not_applicable;
    std::optional<boost::gregorian::date> opens_on;
    std::optional<boost::gregorian::date> closes_on;  // the last day it can be answered
    bool can_answer = false;
};

EvaluationWindow evaluation_window(domain::QuestionnaireKind kind, const RegistrationFacts& facts,
                                   bool answered, boost::gregorian::date today,
                                   const EvaluationDelays& delays);

}  // namespace formations::app

#include "service/app/evaluation_schedule.hpp"

namespace formations::app {

using boost::gregorian::date;
using boost::gregorian::days;
using domain::QuestionnaireKind;

std::string_view to_string(Availability availability) {
    switch (availability) {
        case Availability::not_applicable:
            return "not_applicable";
        case Availability::upcoming:
            return "upcoming";
        case Availability::open:
            return "open";
        case Availability::answered:
            return "answered";
        case Availability::closed:
            return "closed";
    }
    return "not_applicable";
}

EvaluationWindow evaluation_window(QuestionnaireKind kind, const RegistrationFacts& facts,
                                   bool answered, date today, const EvaluationDelays& delays) {
    EvaluationWindow window;
    if (facts.status == "cancelled" || facts.session_status == pricing::SessionStatus::cancelled) {
        return window;
    }
    if (kind == QuestionnaireKind::needs) {
        if (facts.status != "confirmed" && facts.status != "offered" &&
            facts.status != "waitlisted") {
            return window;
        }
        window.opens_on = facts.registered_on;
        window.closes_on = facts.starts_on;
    } else {
        if (facts.status != "confirmed" ||
            (kind == QuestionnaireKind::employer && !facts.employer_funded)) {
            return window;
        }
        int delay = kind == QuestionnaireKind::satisfaction ? delays.trainee_survey_days
                    : kind == QuestionnaireKind::employer   ? delays.employer_survey_days
                                                            : 0;
        window.opens_on = facts.ends_on + days(delay);
        window.closes_on = *window.opens_on + days(delays.open_days);
    }
    bool within = today >= *window.opens_on && today <= *window.closes_on;
    // The needs can be corrected until the first day; a survey is answered once.
    window.can_answer = within && (!answered || kind == QuestionnaireKind::needs);
    if (answered) {
        window.availability = Availability::answered;
    } else if (today < *window.opens_on) {
        window.availability = Availability::upcoming;
    } else if (within) {
        window.availability = Availability::open;
    } else {
        window.availability = Availability::closed;
    }
    return window;
}

}  // namespace formations::app

// When each questionnaire can be answered, from the session's dates and the delays: the rule the
// trainee's page, the staff's follow-up and the future e-mail invitations share.
#include "service/app/evaluation_schedule.hpp"

#include <doctest/doctest.h>

#include <boost/date_time/gregorian/gregorian.hpp>

using namespace formations;
using app::Availability;
using boost::gregorian::date;
using domain::QuestionnaireKind;

namespace {

// Registered on 20 May, a session on Thursday 11 and Friday 12 June 2026.
app::RegistrationFacts confirmed(bool employer = false) {
    return {"confirmed",       employer,         date(2026, 5, 20), pricing::SessionStatus::open,
            date(2026, 6, 11), date(2026, 6, 12)};
}

const app::EvaluationDelays delays{0, 60, 45};

app::EvaluationWindow window(QuestionnaireKind kind, const app::RegistrationFacts& facts,
                             date today, bool answered = false) {
    return app::evaluation_window(kind, facts, answered, today, delays);
}

}  // namespace

TEST_CASE("the needs questionnaire is open from the registration to the first day") {
    auto facts = confirmed();
    auto on_registration = window(QuestionnaireKind::needs, facts, date(2026, 5, 20));
    CHECK(on_registration.availability == Availability::open);
    CHECK(on_registration.opens_on == date(2026, 5, 20));
    CHECK(on_registration.closes_on == date(2026, 6, 11));
    CHECK(on_registration.can_answer);
    CHECK(window(QuestionnaireKind::needs, facts, date(2026, 6, 11)).can_answer);
    auto too_late = window(QuestionnaireKind::needs, facts, date(2026, 6, 12));
    CHECK(too_late.availability == Availability::closed);
    CHECK_FALSE(too_late.can_answer);

    SUBCASE("answered, it can still be corrected until the first day") {
        auto answered = window(QuestionnaireKind::needs, facts, date(2026, 6, 1), true);
        CHECK(answered.availability == Availability::answered);
        CHECK(answered.can_answer);
        CHECK_FALSE(window(QuestionnaireKind::needs, facts, date(2026, 6, 12), true).can_answer);
    }
    SUBCASE("a waitlisted trainee answers it too") {
        facts.status = "waitlisted";
        CHECK(window(QuestionnaireKind::needs, facts, date(2026, 6, 1)).availability ==
              Availability::open);
    }
}

TEST_CASE("self-assessment and satisfaction open on the last day, for the configured days") {
    auto facts = confirmed();
    for (auto kind : {QuestionnaireKind::self_assessment, QuestionnaireKind::satisfaction}) {
        CAPTURE(to_string(kind));
        CHECK(window(kind, facts, date(2026, 6, 11)).availability == Availability::upcoming);
        auto last_day = window(kind, facts, date(2026, 6, 12));
        CHECK(last_day.availability == Availability::open);
        CHECK(last_day.opens_on == date(2026, 6, 12));
        CHECK(last_day.closes_on == date(2026, 7, 27));
        CHECK(window(kind, facts, date(2026, 7, 27)).can_answer);
        CHECK(window(kind, facts, date(2026, 7, 28)).availability == Availability::closed);
        // Answered once, never again.
        auto answered = window(kind, facts, date(2026, 6, 13), true);
        CHECK(answered.availability == Availability::answered);
        CHECK_FALSE(answered.can_answer);
    }
}

TEST_CASE("a delay moves the trainees' survey after the last day") {
    app::EvaluationDelays later{2, 60, 10};
    auto survey = app::evaluation_window(QuestionnaireKind::satisfaction, confirmed(), false,
                                         date(2026, 6, 13), later);
    CHECK(survey.availability == Availability::upcoming);
    CHECK(survey.opens_on == date(2026, 6, 14));
    CHECK(survey.closes_on == date(2026, 6, 24));
    // The self-assessment stays on the last day.
    CHECK(app::evaluation_window(QuestionnaireKind::self_assessment, confirmed(), false,
                                 date(2026, 6, 12), later)
              .availability == Availability::open);
}

TEST_CASE("the employers' cold survey opens weeks later, for employer-funded trainees only") {
    auto employer = window(QuestionnaireKind::employer, confirmed(true), date(2026, 8, 10));
    CHECK(employer.availability == Availability::upcoming);
    CHECK(employer.opens_on == date(2026, 8, 11));  // 12 June + 60 days
    CHECK(employer.closes_on == date(2026, 9, 25));
    CHECK(window(QuestionnaireKind::employer, confirmed(true), date(2026, 8, 11)).can_answer);
    // Across New Year: a December session is surveyed in February.
    auto december = confirmed(true);
    december.starts_on = date(2026, 12, 30);
    december.ends_on = date(2026, 12, 31);
    CHECK(window(QuestionnaireKind::employer, december, date(2027, 3, 1)).opens_on ==
          date(2027, 3, 1));
    CHECK(window(QuestionnaireKind::employer, confirmed(false), date(2026, 8, 11)).availability ==
          Availability::not_applicable);
}

TEST_CASE("nothing for a cancelled registration or session, no survey for the waiting list") {
    auto cancelled = confirmed(true);
    cancelled.status = "cancelled";
    auto session_cancelled = confirmed(true);
    session_cancelled.session_status = pricing::SessionStatus::cancelled;
    auto waiting = confirmed(true);
    waiting.status = "waitlisted";
    for (auto kind : domain::questionnaire_kinds) {
        CAPTURE(to_string(kind));
        CHECK(window(kind, cancelled, date(2026, 6, 1)).availability ==
              Availability::not_applicable);
        CHECK(window(kind, session_cancelled, date(2026, 6, 1)).availability ==
              Availability::not_applicable);
        if (kind != QuestionnaireKind::needs) {
            CHECK(window(kind, waiting, date(2026, 8, 11)).availability ==
                  Availability::not_applicable);
        }
    }
}

#pragma once
// Questionnaires as people answer them and staff follow them (Qualiopi indicators 4, 8, 10, 11,
// 26, 30): the trainee answers the positioning and needs questionnaire after registering, and
// the self-assessment and satisfaction survey at the end of the course, from their personal page
// (their registration token); an employer answers the cold survey through a link of its own;
// staff configure the questions of each course, read the needs on the roster, follow who
// answered with the links to copy, and read the results per session and per course; the
// disability referent alone reads and handles the accommodation needs.
//
// When each questionnaire opens is evaluation_schedule.hpp's rule, from the clock, read once per
// use case. E-mail invitations (issue 10, once its outbox exists) are one call each: see
// pending_evaluations.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "service/app/accounts.hpp"
#include "service/app/evaluation_schedule.hpp"
#include "service/app/questionnaire_rules.hpp"
#include "service/app/survey_results.hpp"
#include "service/app/use_case.hpp"
#include "service/domain/course_sheet.hpp"
#include "service/domain/questionnaire.hpp"
#include "service/domain/registration.hpp"
#include "service/domain/session.hpp"

namespace formations::app {

// A questionnaire as one person sees it: when it can be answered, the questions to ask now, and
// what they answered.
struct QuestionnaireState {
    domain::QuestionnaireKind kind = domain::QuestionnaireKind::needs;
    EvaluationWindow window;
    domain::Questionnaire questionnaire;
    std::optional<domain::Response> response;
};

struct TraineeQuestionnaires {
    domain::Registration registration;
    domain::Session session;
    // needs, self_assessment, satisfaction: those that apply to the registration.
    std::vector<QuestionnaireState> items;
    std::optional<domain::AccommodationRequest> accommodation;  // their own request
};

struct Submission {
    int version = 0;  // the version of the questions answered (a newer one is a 409)
    AnswerInput answers;
    // The needs questionnaire only: an accommodation need related to a disability, for the
    // referent. Absent or blank leaves an earlier request as it is.
    std::optional<std::string> accommodation;
};

// By the registration's token.
Result<TraineeQuestionnaires> trainee_questionnaires(storage::Database& db, const Clock& clock,
                                                     const EvaluationDelays& delays,
                                                     const std::string& token);
Result<TraineeQuestionnaires> answer_questionnaire(storage::Database& db, const Clock& clock,
                                                   const EvaluationDelays& delays,
                                                   const std::string& token,
                                                   domain::QuestionnaireKind kind,
                                                   const Submission& submission);

struct EmployerSurvey {
    domain::Registration registration;
    domain::Session session;
    QuestionnaireState state;
};

// By the employer's survey token.
Result<EmployerSurvey> employer_survey(storage::Database& db, const Clock& clock,
                                       const EvaluationDelays& delays, const std::string& token);
Result<EmployerSurvey> answer_employer_survey(storage::Database& db, const Clock& clock,
                                              const EvaluationDelays& delays,
                                              const std::string& token,
                                              const Submission& submission);

// --- Staff ---

// The questions asked now for that course: the latest version staff configured, else the
// built-in ones (version 0).
Result<domain::Questionnaire> current_questionnaire(storage::Database& db,
                                                    const std::string& course_code,
                                                    domain::QuestionnaireKind kind);
// A new version. `base_version`: the version the editor started from (another one published
// meanwhile is a 409 `questionnaire_changed`).
Result<domain::Questionnaire> configure_questionnaire(storage::Database& db, const Clock& clock,
                                                      const Actor& actor,
                                                      const std::string& course_code,
                                                      domain::QuestionnaireKind kind,
                                                      std::optional<int> base_version,
                                                      const std::vector<QuestionInput>& questions);

// The positioning and needs answers of a session's registrations (not cancelled), for staff and
// the trainer. Never the accommodation needs: those are the referent's.
struct NeedsEntry {
    domain::Registration registration;
    std::optional<domain::Response> response;
};
struct SessionNeeds {
    domain::Session session;
    std::vector<NeedsEntry> entries;
};
Result<SessionNeeds> session_needs(storage::Database& db, std::int64_t session_id);

struct EvaluationStatus {
    domain::QuestionnaireKind kind = domain::QuestionnaireKind::needs;
    EvaluationWindow window;
    std::optional<std::string> answered_at;  // ISO 8601, UTC
};
struct EvaluationEntry {
    domain::Registration registration;
    std::vector<EvaluationStatus> statuses;     // every kind, in order
    std::optional<std::string> employer_token;  // employer-funded registrations
};
struct SessionEvaluations {
    domain::Session session;
    std::vector<EvaluationEntry> entries;  // registrations not cancelled
    std::vector<SurveyResult> results;     // self_assessment, satisfaction, employer
};
// Who answered what, the links to copy (employers' tokens are made here when missing), and the
// session's results.
Result<SessionEvaluations> session_evaluations(storage::Database& db, const Clock& clock,
                                               const EvaluationDelays& delays,
                                               std::int64_t session_id);

struct CourseEvaluations {
    domain::Course course;
    boost::gregorian::date from;
    boost::gregorian::date to;
    std::vector<SurveyResult> results;  // self_assessment, satisfaction, employer
};
// Results of the course's sessions whose last day is from `from` to `to`.
Result<CourseEvaluations> course_evaluations(storage::Database& db, const std::string& course_code,
                                             boost::gregorian::date from,
                                             boost::gregorian::date to);

// A questionnaire open today and not answered: what the staff's follow-up lists, and what the
// e-mail invitations and reminders of issue 10 will walk through (one message per entry, on
// `window.opens_on` for the invitation).
struct PendingEvaluation {
    domain::Registration registration;
    domain::Session session;
    domain::QuestionnaireKind kind = domain::QuestionnaireKind::needs;
    EvaluationWindow window;
    std::optional<std::string> employer_token;
};
Result<std::vector<PendingEvaluation>> pending_evaluations(storage::Database& db,
                                                           const Clock& clock,
                                                           const EvaluationDelays& delays);

// --- The disability referent (accounts flagged disability_referent only; 403 otherwise) ---

inline constexpr const char* accommodation_statuses[] = {"new", "in_progress", "arranged",
                                                         "closed"};

// Newest first; `status` empty for all.
Result<std::vector<domain::AccommodationRequest>> accommodation_requests(storage::Database& db,
                                                                         const Actor& actor,
                                                                         const std::string& status);
// `notes`: what was arranged (nullopt leaves them as they are; blank clears them).
Result<domain::AccommodationRequest> update_accommodation_request(
    storage::Database& db, const Clock& clock, const Actor& actor, std::int64_t id,
    const std::string& status, const std::optional<std::string>& notes);

}  // namespace formations::app

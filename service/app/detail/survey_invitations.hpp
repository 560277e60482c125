#pragma once
// Inside the app only: the scheduler's part of the Qualiopi evidence (reminders.hpp runs it in
// its pass, under its advisory lock). After a session's last day, each confirmed trainee is
// invited once to the self-assessment and the satisfaction survey, when the satisfaction survey
// opens (FORMATIONS_TRAINEE_SURVEY_DELAY_DAYS after the last day); and, for an employer-funded
// registration, the employer's cold survey when it opens (FORMATIONS_EMPLOYER_SURVEY_DELAY_DAYS).
// The employer's link goes to the trainee, to pass on: the service knows the employer's name and
// address, not its e-mail (as with its invoices, see reminders.hpp). Each has a once_key, and a
// questionnaire already answered or closed is not offered.

#include <cstdint>
#include <vector>

#include "service/app/evaluation_schedule.hpp"
#include "service/domain/clock.hpp"
#include "service/domain/message.hpp"
#include "service/storage/database.hpp"

namespace formations::app::detail {

// A registration that may be owed an invitation of `kind` (evaluation_invitation or
// employer_survey_invitation).
struct SurveyInvitation {
    domain::MessageKind kind = domain::MessageKind::evaluation_invitation;
    std::int64_t registration_id = 0;
};
std::vector<SurveyInvitation> survey_invitations_due(soci::session& sql, const Now& now,
                                                     const EvaluationDelays& delays);
// Queues the invitation if a survey is open for it: false when there is none, or when it was
// queued already.
bool queue_survey_invitation(soci::session& sql, const Now& now, const EvaluationDelays& delays,
                             const SurveyInvitation& invitation);

}  // namespace formations::app::detail

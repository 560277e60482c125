#pragma once
// Results of questionnaires, computed from the answers (pure, unit-tested): per question, the
// number of answers, the distribution and mean of scores, the count of each option, the free
// comments; and the rates a course sheet publishes (Qualiopi indicator 2): completion from
// attendance, satisfaction from the overall rating of the trainees' survey.
// Example: 3 overall ratings 5, 4 and 2 → satisfaction Rate{2, 3}, percent_tenths() == 667.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "service/domain/course_sheet.hpp"
#include "service/domain/questionnaire.hpp"

namespace formations::app {

// `count` out of `total`.
struct Rate {
    int count = 0;
    int total = 0;
    // Tenths of a percent, rounded half up (667 for 2 out of 3); nullopt when total is 0.
    std::optional<int> percent_tenths() const;
    friend bool operator==(const Rate&, const Rate&) = default;
};

// "66,7 %", or "—" without data.
std::string percent_text(const Rate& rate);

struct QuestionResult {
    std::string question_id;
    std::string label;
    domain::QuestionType type = domain::QuestionType::text;
    int answers = 0;
    std::array<int, 5> scores{};  // how many gave 1, 2, 3, 4, 5
    int score_sum = 0;
    std::vector<std::pair<std::string, int>> choices;  // options in the order first met
    std::vector<std::string> comments;                 // free texts, oldest first

    // Hundredths (425 for a mean of 4,25), nullopt without scores.
    std::optional<int> mean_hundredths() const;
    Rate satisfied() const;  // scores of 4 and 5 out of all scores
};

struct SurveyResult {
    domain::QuestionnaireKind kind = domain::QuestionnaireKind::satisfaction;
    int responses = 0;
    std::vector<QuestionResult> questions;  // in the order first met
    // From the overall rating (surveys only).
    std::optional<Rate> satisfaction;
};

// `responses` of one kind, oldest first. Questions are matched by id and label, so a question
// reworded in a later version of the questionnaire gets its own line.
SurveyResult summarise(domain::QuestionnaireKind kind,
                       const std::vector<domain::Response>& responses);

// "4,25" from 425.
std::string hundredths_text(int hundredths);

// --- The results of a course sheet (indicator 2) ---

struct CourseResults {
    boost::gregorian::date as_of;
    boost::gregorian::date from;  // sessions that ended from `from` to `as_of`
    int trainees = 0;
    // Trainees who attended every planned hour, among those of sessions with attendance recorded
    // (without any, completion is unknown, not zero).
    Rate completion;
    Rate satisfaction;  // overall ratings of 4 or 5 among the trainees' answers
};

// The twelve months up to `as_of`: sessions that ended from `as_of` − 1 year + 1 day.
boost::gregorian::date results_window_start(boost::gregorian::date as_of);

CourseResults course_results(boost::gregorian::date as_of,
                             const std::vector<domain::TraineeOutcome>& outcomes,
                             const std::vector<int>& overall_scores);

}  // namespace formations::app

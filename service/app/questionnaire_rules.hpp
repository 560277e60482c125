#pragma once
// The rules of questionnaires, pure and unit-tested: what staff may configure (at most 30
// questions of three types, options for a choice), the questions the service asks when staff
// changed nothing, and the checks of a person's answers against the questions they were asked.
// Every survey (satisfaction of trainees, cold survey of employers) starts with the overall
// rating from 1 to 5 that the satisfaction rate is computed from: staff cannot remove it.
// Example:
//   auto questions = default_questions(QuestionnaireKind::needs, {});
//   auto answers = validate_answers(questions, {{"q1", {std::nullopt, 3}}, {"q2", {"…", {}}}});

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "service/domain/error.hpp"
#include "service/domain/questionnaire.hpp"

namespace formations::app {

inline constexpr std::size_t max_questions = 30;
inline constexpr std::size_t max_question_label = 300;
inline constexpr std::size_t max_options = 12;
inline constexpr std::size_t max_option_label = 100;
inline constexpr std::size_t max_text_answer = 2000;
inline constexpr int lowest_score = 1;
inline constexpr int highest_score = 5;
// The overall rating of every survey; a score of 4 or 5 counts as satisfied.
inline constexpr const char* overall_question_id = "overall";
inline constexpr int satisfied_score = 4;

// One question as staff typed it.
struct QuestionInput {
    std::string label;
    std::string type;  // text / choice / scale
    std::vector<std::string> options;
    bool required = false;
};

// Whether a questionnaire of that kind opens with the overall rating.
bool has_overall_rating(domain::QuestionnaireKind kind);
domain::Question overall_question(domain::QuestionnaireKind kind);

// Checked and normalised (trimmed, no control characters), numbered q1, q2… in order, the
// overall rating first for the surveys. Errors name the field: "questions[2].options".
Result<std::vector<domain::Question>> validate_questions(domain::QuestionnaireKind kind,
                                                         const std::vector<QuestionInput>& input);

// The objectives of a course sheet, one per non-empty line, without list marks ("- ", "• ").
std::vector<std::string> objective_lines(const std::string& objectives);

// The questions asked when staff configured none. The self-assessment asks one score per
// objective of the course sheet.
std::vector<domain::Question> default_questions(domain::QuestionnaireKind kind,
                                                const std::vector<std::string>& objectives);

// A value as sent: a text (free text, or the option chosen) or a number (a score).
struct AnswerValue {
    std::optional<std::string> text;
    std::optional<long long> number;
};
using AnswerInput = std::map<std::string, AnswerValue>;

// One answer per question answered, in the order of the questions; every required question
// answered, nothing for a question that does not exist. Errors name "answers.<id>".
Result<std::vector<domain::Answer>> validate_answers(const std::vector<domain::Question>& questions,
                                                     const AnswerInput& input);

}  // namespace formations::app

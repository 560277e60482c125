#include "service/app/survey_results.hpp"

#include <algorithm>

#include <boost/date_time/gregorian/gregorian_types.hpp>

#include "service/app/questionnaire_rules.hpp"

namespace formations::app {

std::optional<int> Rate::percent_tenths() const {
    if (total <= 0) {
        return std::nullopt;
    }
    return static_cast<int>((static_cast<long long>(count) * 2000 + total) / (2 * total));
}

std::string percent_text(const Rate& rate) {
    auto tenths = rate.percent_tenths();
    if (!tenths) {
        return "—";
    }
    auto text = std::to_string(*tenths / 10);
    if (*tenths % 10 != 0) {
        text += "," + std::to_string(*tenths % 10);
    }
    return text + "\u00a0%";
}

std::string hundredths_text(int hundredths) {
    auto fraction = std::to_string(hundredths % 100);
    return std::to_string(hundredths / 100) + "," + (fraction.size() < 2 ? "0" : "") + fraction;
}

std::optional<int> QuestionResult::mean_hundredths() const {
    int count = 0;
    for (int n : scores) {
        count += n;
    }
    if (count == 0) {
        return std::nullopt;
    }
    return (score_sum * 200 + count) / (2 * count);
}

Rate QuestionResult::satisfied() const {
    Rate rate;
    for (int score = lowest_score; score <= highest_score; ++score) {
        rate.total += scores[score - 1];
        rate.count += score >= satisfied_score ? scores[score - 1] : 0;
    }
    return rate;
}

SurveyResult summarise(domain::QuestionnaireKind kind,
                       const std::vector<domain::Response>& responses) {
    SurveyResult result;
    result.kind = kind;
    for (const auto& response : responses) {
        if (response.kind != kind) {
            continue;
        }
        ++result.responses;
        for (const auto& answer : response.answers) {
            auto found = std::find_if(
                result.questions.begin(), result.questions.end(), [&](const QuestionResult& q) {
                    return q.question_id == answer.question_id && q.label == answer.label;
                });
            if (found == result.questions.end()) {
                QuestionResult question;
                question.question_id = answer.question_id;
                question.label = answer.label;
                question.type = answer.type;
                result.questions.push_back(std::move(question));
                found = std::prev(result.questions.end());
            }
            auto& question = *found;
            ++question.answers;
            if (answer.score && *answer.score >= lowest_score && *answer.score <= highest_score) {
                ++question.scores[*answer.score - 1];
                question.score_sum += *answer.score;
            } else if (answer.text && answer.type == domain::QuestionType::choice) {
                auto option = std::find_if(question.choices.begin(), question.choices.end(),
                                           [&](const auto& c) { return c.first == *answer.text; });
                if (option == question.choices.end()) {
                    question.choices.emplace_back(*answer.text, 1);
                } else {
                    ++option->second;
                }
            } else if (answer.text) {
                question.comments.push_back(*answer.text);
            }
        }
    }
    if (has_overall_rating(kind)) {
        Rate overall;
        for (const auto& question : result.questions) {
            if (question.question_id == overall_question_id) {
                auto rate = question.satisfied();
                overall.count += rate.count;
                overall.total += rate.total;
            }
        }
        result.satisfaction = overall;
    }
    return result;
}

boost::gregorian::date results_window_start(boost::gregorian::date as_of) {
    return as_of - boost::gregorian::years(1) + boost::gregorian::days(1);
}

CourseResults course_results(boost::gregorian::date as_of,
                             const std::vector<domain::TraineeOutcome>& outcomes,
                             const std::vector<int>& overall_scores) {
    CourseResults results;
    results.as_of = as_of;
    results.from = results_window_start(as_of);
    results.trainees = static_cast<int>(outcomes.size());
    for (const auto& outcome : outcomes) {
        if (outcome.attendance_recorded) {
            ++results.completion.total;
            if (outcome.planned_minutes > 0 &&
                outcome.attended_minutes >= outcome.planned_minutes) {
                ++results.completion.count;
            }
        }
    }
    for (int score : overall_scores) {
        if (score >= lowest_score && score <= highest_score) {
            ++results.satisfaction.total;
            results.satisfaction.count += score >= satisfied_score ? 1 : 0;
        }
    }
    return results;
}

}  // namespace formations::app

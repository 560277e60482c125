#include "service/http/evidence_json.hpp"

#include "service/domain/iso8601.hpp"

namespace formations::http {

using nlohmann::json;

json rate_json(const app::Rate& rate) {
    auto tenths = rate.percent_tenths();
    return {{"count", rate.count},
            {"total", rate.total},
            {"percent", tenths ? json(*tenths / 10.0) : json(nullptr)}};
}

json questionnaire_json(const domain::Questionnaire& questionnaire) {
    json questions = json::array();
    for (const auto& q : questionnaire.questions) {
        questions.push_back({{"id", q.id},
                             {"label", q.label},
                             {"type", domain::to_string(q.type)},
                             {"options", q.options},
                             {"required", q.required}});
    }
    auto optional = [](const std::optional<std::string>& value) {
        return value ? json(*value) : json(nullptr);
    };
    return {{"kind", domain::to_string(questionnaire.kind)},
            {"version", questionnaire.version},
            {"built_in", questionnaire.version == 0},
            {"created_at", optional(questionnaire.created_at)},
            {"questions", questions}};
}

json response_json(const domain::Response& response) {
    json answers = json::object();
    for (const auto& answer : response.answers) {
        if (answer.score) {
            answers[answer.question_id] = *answer.score;
        } else if (answer.text) {
            answers[answer.question_id] = *answer.text;
        }
    }
    json labels = json::array();
    for (const auto& answer : response.answers) {
        labels.push_back({{"id", answer.question_id},
                          {"label", answer.label},
                          {"type", domain::to_string(answer.type)},
                          {"value", answer.score  ? json(*answer.score)
                                    : answer.text ? json(*answer.text)
                                                  : json(nullptr)}});
    }
    return {{"submitted_at", response.submitted_at},
            {"updated_at", response.updated_at},
            {"version", response.questionnaire_version},
            {"answers", answers},
            {"answered", labels}};
}

json window_json(const app::EvaluationWindow& window) {
    auto day = [](const std::optional<boost::gregorian::date>& value) {
        return value ? json(format_date(*value)) : json(nullptr);
    };
    return {{"availability", app::to_string(window.availability)},
            {"opens_on", day(window.opens_on)},
            {"closes_on", day(window.closes_on)},
            {"can_answer", window.can_answer}};
}

json survey_result_json(const app::SurveyResult& result) {
    json questions = json::array();
    for (const auto& q : result.questions) {
        json choices = json::array();
        for (const auto& [option, count] : q.choices) {
            choices.push_back({{"option", option}, {"count", count}});
        }
        auto mean = q.mean_hundredths();
        json item = {
            {"id", q.question_id},  {"label", q.label},       {"type", domain::to_string(q.type)},
            {"answers", q.answers}, {"comments", q.comments}, {"choices", choices}};
        if (q.type == domain::QuestionType::scale) {
            item["scores"] = q.scores;
            item["mean"] = mean ? json(*mean / 100.0) : json(nullptr);
            item["satisfied"] = rate_json(q.satisfied());
        }
        questions.push_back(std::move(item));
    }
    return {{"kind", domain::to_string(result.kind)},
            {"responses", result.responses},
            {"satisfaction", result.satisfaction ? rate_json(*result.satisfaction) : json(nullptr)},
            {"questions", questions}};
}

}  // namespace formations::http

#pragma once
// The JSON of questionnaires, answers, their windows and results, shared by the routes of
// course_routes.cpp and evaluation_routes.cpp (their readers: evidence_readers.hpp).

#include <nlohmann/json.hpp>

#include "service/app/evaluations.hpp"
#include "service/app/survey_results.hpp"
#include "service/domain/questionnaire.hpp"
#include "service/http/request.hpp"

namespace formations::http {

// {count, total, percent}: percent with one decimal, null without data.
nlohmann::json rate_json(const app::Rate& rate);
// {id, label, type, options, required} for each question, with the version.
nlohmann::json questionnaire_json(const domain::Questionnaire& questionnaire);
// {submitted_at, updated_at, version, answers: {id: value}} (a score or a text).
nlohmann::json response_json(const domain::Response& response);
nlohmann::json window_json(const app::EvaluationWindow& window);
nlohmann::json survey_result_json(const app::SurveyResult& result);

}  // namespace formations::http

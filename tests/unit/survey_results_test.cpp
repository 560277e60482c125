// Results of questionnaires and the rates a course sheet publishes, with concrete numbers.
#include "service/app/survey_results.hpp"

#include <doctest/doctest.h>

#include <boost/date_time/gregorian/gregorian.hpp>

using namespace formations;
using boost::gregorian::date;
using domain::QuestionnaireKind;
using domain::QuestionType;

namespace {

domain::Response satisfaction(int overall, std::optional<std::string> recommend = {},
                              std::optional<std::string> comment = {}) {
    domain::Response response;
    response.kind = QuestionnaireKind::satisfaction;
    response.answers.push_back({"overall", "Satisfait·e ?", QuestionType::scale, {}, overall});
    if (recommend) {
        response.answers.push_back(
            {"q1", "Recommanderiez-vous ?", QuestionType::choice, recommend, {}});
    }
    if (comment) {
        response.answers.push_back({"q2", "Améliorations ?", QuestionType::text, comment, {}});
    }
    return response;
}

}  // namespace

TEST_CASE("rates in tenths of a percent, rounded half up") {
    CHECK(app::Rate{2, 3}.percent_tenths() == 667);
    CHECK(app::Rate{1, 3}.percent_tenths() == 333);
    CHECK(app::Rate{1, 8}.percent_tenths() == 125);
    CHECK(app::Rate{3, 3}.percent_tenths() == 1000);
    CHECK(app::Rate{0, 0}.percent_tenths() == std::nullopt);
    CHECK(app::percent_text({2, 3}) == "66,7\u00a0%");
    CHECK(app::percent_text({1, 2}) == "50\u00a0%");
    CHECK(app::percent_text({0, 0}) == "—");
    CHECK(app::hundredths_text(425) == "4,25");
    CHECK(app::hundredths_text(400) == "4,00");
    CHECK(app::hundredths_text(307) == "3,07");
}

TEST_CASE("a survey's results: scores, options, comments and the satisfaction rate") {
    auto result = app::summarise(QuestionnaireKind::satisfaction,
                                 {satisfaction(5, "Oui", "Plus d'exemples"), satisfaction(4, "Oui"),
                                  satisfaction(2, "Non", "Salle trop petite")});
    CHECK(result.responses == 3);
    REQUIRE(result.questions.size() == 3);
    const auto& overall = result.questions[0];
    CHECK(overall.answers == 3);
    CHECK(overall.scores == std::array<int, 5>{0, 1, 0, 1, 1});
    CHECK(overall.mean_hundredths() == 367);  // 11 / 3 = 3,666…
    CHECK(overall.satisfied() == app::Rate{2, 3});
    CHECK(result.questions[1].choices ==
          std::vector<std::pair<std::string, int>>{{"Oui", 2}, {"Non", 1}});
    CHECK(result.questions[2].comments ==
          std::vector<std::string>{"Plus d'exemples", "Salle trop petite"});
    REQUIRE(result.satisfaction);
    CHECK(*result.satisfaction == app::Rate{2, 3});
}

TEST_CASE("no answer yet: no rate, no mean") {
    auto result = app::summarise(QuestionnaireKind::satisfaction, {});
    CHECK(result.responses == 0);
    CHECK(result.questions.empty());
    CHECK(result.satisfaction == app::Rate{0, 0});
    CHECK(app::summarise(QuestionnaireKind::needs, {}).satisfaction == std::nullopt);
}

TEST_CASE("a question reworded in a new version has its own line") {
    auto old_version = satisfaction(4);
    auto new_version = satisfaction(5);
    new_version.answers[0].label = "Globalement, satisfait·e ?";
    auto result = app::summarise(QuestionnaireKind::satisfaction, {old_version, new_version});
    CHECK(result.questions.size() == 2);
    CHECK(*result.satisfaction == app::Rate{2, 2});
}

TEST_CASE("course results over twelve months: trainees, completion, satisfaction") {
    CHECK(app::results_window_start(date(2026, 6, 30)) == date(2025, 7, 1));
    CHECK(app::results_window_start(date(2028, 2, 29)) == date(2027, 3, 1));
    auto results = app::course_results(date(2026, 6, 30),
                                       {{1, true, 840, 840},
                                        {2, true, 630, 840},
                                        {3, true, 840, 840},
                                        {4, false, 0, 840}},  // a session without attendance
                                       {5, 4, 3, 5});
    CHECK(results.trainees == 4);
    CHECK(results.completion == app::Rate{2, 3});
    CHECK(results.satisfaction == app::Rate{3, 4});
    CHECK(results.from == date(2025, 7, 1));
}

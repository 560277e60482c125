// Questionnaires: what staff may configure, the built-in questions, a person's answers checked
// against the questions they were asked.
#include "service/app/questionnaire_rules.hpp"

#include <doctest/doctest.h>

using namespace formations;
using app::AnswerInput;
using app::AnswerValue;
using app::QuestionInput;
using domain::QuestionnaireKind;
using domain::QuestionType;

namespace {

AnswerValue text(std::string value) {
    return {std::move(value), std::nullopt};
}
AnswerValue score(long long value) {
    return {std::nullopt, value};
}

std::string field_of(const Result<std::vector<domain::Question>>& result) {
    return result ? "accepted" : result.error().code + " " + result.error().field;
}

std::string field_of(const Result<std::vector<domain::Answer>>& result) {
    return result ? "accepted" : result.error().code + " " + result.error().field;
}

const std::vector<domain::Question> asked = {
    {"q1", "Vos connaissances ?", QuestionType::scale, {}, true},
    {"q2", "Votre situation ?", QuestionType::choice, {"Salarié·e", "Porteur de projet"}, true},
    {"q3", "Vos attentes ?", QuestionType::text, {}, false},
};

}  // namespace

TEST_CASE("staff questions are numbered in order and trimmed") {
    auto questions = app::validate_questions(
        QuestionnaireKind::needs, {{"  Vos attentes ?  ", "text", {}, true},
                                   {"Votre niveau", "scale", {}, false},
                                   {"Votre statut", "choice", {" Salarié ", "Indépendant"}, true}});
    REQUIRE(questions);
    REQUIRE(questions->size() == 3);
    CHECK(questions.value()[0] ==
          domain::Question{"q1", "Vos attentes ?", QuestionType::text, {}, true});
    CHECK(questions.value()[1].id == "q2");
    CHECK(questions.value()[1].type == QuestionType::scale);
    CHECK(questions.value()[2].options == std::vector<std::string>{"Salarié", "Indépendant"});
}

TEST_CASE("a survey always opens with the overall rating, which staff cannot remove") {
    auto questions = app::validate_questions(QuestionnaireKind::satisfaction,
                                             {{"Le lieu ?", "scale", {}, true}});
    REQUIRE(questions);
    REQUIRE(questions->size() == 2);
    CHECK(questions.value()[0].id == "overall");
    CHECK(questions.value()[0].type == QuestionType::scale);
    CHECK(questions.value()[0].required);
    CHECK(questions.value()[1].id == "q1");
    // Nothing but the overall rating is a valid survey; an empty positioning questionnaire is not.
    CHECK(app::validate_questions(QuestionnaireKind::employer, {})->size() == 1);
    CHECK(field_of(app::validate_questions(QuestionnaireKind::needs, {})) ==
          "no_questions questions");
}

TEST_CASE("badly configured questions are refused with the field to fix") {
    using K = QuestionnaireKind;
    CHECK(field_of(app::validate_questions(K::needs, {{"Niveau", "stars", {}, true}})) ==
          "invalid_question_type questions[0].type");
    CHECK(field_of(app::validate_questions(
              K::needs, {{"Ok", "text", {}, true}, {"   ", "text", {}, true}})) ==
          "required questions[1].label");
    CHECK(field_of(app::validate_questions(K::needs, {{"Statut", "choice", {"Seul"}, true}})) ==
          "invalid_options questions[0].options");
    CHECK(field_of(app::validate_questions(K::needs, {{"Statut", "choice", {"A", " A"}, true}})) ==
          "duplicate_option questions[0].options");
    CHECK(field_of(app::validate_questions(K::needs, {{"Attentes", "text", {"A", "B"}, true}})) ==
          "invalid_options questions[0].options");
    CHECK(
        field_of(app::validate_questions(K::needs, {{std::string(301, 'x'), "text", {}, true}})) ==
        "too_long questions[0].label");
    std::vector<QuestionInput> many(31, QuestionInput{"Question", "text", {}, false});
    CHECK(field_of(app::validate_questions(K::needs, many)) == "too_many_questions questions");
    CHECK(field_of(app::validate_questions(K::needs, {{"Ligne\u0007", "text", {}, true}})) ==
          "invalid_characters questions[0].label");
}

TEST_CASE("objectives are read one per line, without list marks") {
    CHECK(app::objective_lines("- Connaître l'histoire des CAE\n\n• Situer le parcours d'un "
                               "porteur\r\n  * Lire un bilan  \n") ==
          std::vector<std::string>{"Connaître l'histoire des CAE",
                                   "Situer le parcours d'un porteur", "Lire un bilan"});
    CHECK(app::objective_lines("").empty());
}

TEST_CASE("the built-in self-assessment asks one score per objective of the sheet") {
    auto questions = app::default_questions(QuestionnaireKind::self_assessment,
                                            {"Définir une CAE", "Lire un bilan"});
    REQUIRE(questions.size() == 3);
    CHECK(questions[0].label == "À l'issue de la formation, je suis capable de : Définir une CAE");
    CHECK(questions[0].type == QuestionType::scale);
    CHECK(questions[1].id == "q2");
    CHECK(questions[2].type == QuestionType::text);
    // Without a sheet: one question about the objectives as a whole.
    CHECK(app::default_questions(QuestionnaireKind::self_assessment, {}).size() == 2);
}

TEST_CASE("every built-in questionnaire is itself valid") {
    for (auto kind : domain::questionnaire_kinds) {
        auto questions = app::default_questions(kind, {"Un objectif"});
        std::vector<QuestionInput> input;
        for (const auto& q : questions) {
            if (q.id != "overall") {
                input.push_back({q.label, std::string(to_string(q.type)), q.options, q.required});
            }
        }
        auto again = app::validate_questions(kind, input);
        REQUIRE_MESSAGE(again, to_string(kind));
        CHECK(again.value() == questions);
        CHECK((questions.front().id == "overall") == app::has_overall_rating(kind));
    }
}

TEST_CASE("answers follow the questions, required ones answered") {
    auto answers = app::validate_answers(asked, AnswerInput{{"q1", score(4)},
                                                            {"q2", text("Salarié·e")},
                                                            {"q3", text("  Apprendre\r\nvite ")}});
    REQUIRE(answers);
    REQUIRE(answers->size() == 3);
    CHECK(answers.value()[0] ==
          domain::Answer{"q1", "Vos connaissances ?", QuestionType::scale, {}, 4});
    CHECK(answers.value()[1].text == "Salarié·e");
    CHECK(answers.value()[2].text == "Apprendre\nvite");

    // An optional question left blank is not stored.
    auto without = app::validate_answers(
        asked, {{"q1", score(1)}, {"q2", text("Porteur de projet")}, {"q3", text("   ")}});
    REQUIRE(without);
    CHECK(without->size() == 2);
}

TEST_CASE("wrong answers are refused on the question they answer") {
    CHECK(field_of(app::validate_answers(asked, {{"q2", text("Salarié·e")}})) ==
          "answer_required answers.q1");
    CHECK(field_of(app::validate_answers(asked, {{"q1", score(6)}, {"q2", text("Salarié·e")}})) ==
          "invalid_answer answers.q1");
    CHECK(field_of(app::validate_answers(asked, {{"q1", score(0)}, {"q2", text("Salarié·e")}})) ==
          "invalid_answer answers.q1");
    CHECK(field_of(app::validate_answers(asked, {{"q1", text("4")}, {"q2", text("Salarié·e")}})) ==
          "invalid_answer answers.q1");
    CHECK(field_of(app::validate_answers(asked, {{"q1", score(3)}, {"q2", text("Retraité")}})) ==
          "invalid_answer answers.q2");
    CHECK(field_of(app::validate_answers(
              asked, {{"q1", score(3)}, {"q2", text("Salarié·e")}, {"q3", score(2)}})) ==
          "invalid_answer answers.q3");
    CHECK(field_of(app::validate_answers(
              asked, {{"q1", score(3)}, {"q2", text("Salarié·e")}, {"q9", text("?")}})) ==
          "unknown_question answers.q9");
    CHECK(field_of(app::validate_answers(asked, {{"q1", score(3)},
                                                 {"q2", text("Salarié·e")},
                                                 {"q3", text(std::string(2001, 'a'))}})) ==
          "too_long answers.q3");
}

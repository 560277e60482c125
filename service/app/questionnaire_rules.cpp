#include "service/app/questionnaire_rules.hpp"

#include <algorithm>
#include <set>

#include "service/app/input_rules.hpp"

namespace formations::app {
namespace {

using domain::Question;
using domain::QuestionnaireKind;
using domain::QuestionType;

Question scale(std::string id, std::string label, bool required = true) {
    return {std::move(id), std::move(label), QuestionType::scale, {}, required};
}

Question text(std::string id, std::string label, bool required = false) {
    return {std::move(id), std::move(label), QuestionType::text, {}, required};
}

Question choice(std::string id, std::string label, std::vector<std::string> options,
                bool required = true) {
    return {std::move(id), std::move(label), QuestionType::choice, std::move(options), required};
}

// q1, q2… after the overall rating when there is one.
std::vector<Question> numbered(QuestionnaireKind kind, std::vector<Question> questions) {
    std::vector<Question> result;
    if (has_overall_rating(kind)) {
        result.push_back(overall_question(kind));
    }
    int number = 0;
    for (auto& question : questions) {
        question.id = "q" + std::to_string(++number);
        result.push_back(std::move(question));
    }
    return result;
}

Error invalid_answer(const std::string& id, const std::string& message) {
    return Error::invalid("invalid_answer", message, "answers." + id);
}

}  // namespace

bool has_overall_rating(QuestionnaireKind kind) {
    return kind == QuestionnaireKind::satisfaction || kind == QuestionnaireKind::employer;
}

Question overall_question(QuestionnaireKind kind) {
    return scale(overall_question_id,
                 kind == QuestionnaireKind::employer
                     ? "Dans l'ensemble, êtes-vous satisfait·e de la formation suivie par votre "
                       "salarié·e ?"
                     : "Dans l'ensemble, êtes-vous satisfait·e de la formation ?");
}

Result<std::vector<Question>> validate_questions(QuestionnaireKind kind,
                                                 const std::vector<QuestionInput>& input) {
    if (input.empty() && !has_overall_rating(kind)) {
        return Error::invalid("no_questions", "Indiquez au moins une question.", "questions");
    }
    if (input.size() > max_questions) {
        return Error::invalid(
            "too_many_questions",
            "Un questionnaire compte au plus " + std::to_string(max_questions) + " questions.",
            "questions");
    }
    std::vector<Question> questions;
    for (std::size_t i = 0; i < input.size(); ++i) {
        const auto& given = input[i];
        auto field = "questions[" + std::to_string(i) + "]";
        auto label = normalise_text(given.label, field + ".label", max_question_label);
        if (!label) {
            return label.error();
        }
        auto type = domain::parse_question_type(given.type);
        if (!type) {
            return Error::invalid("invalid_question_type",
                                  "Le type de question doit être text (réponse libre), choice "
                                  "(choix parmi des options) ou scale (note de 1 à 5).",
                                  field + ".type");
        }
        Question question{{}, label.value(), *type, {}, given.required};
        if (*type == QuestionType::choice) {
            if (given.options.size() < 2 || given.options.size() > max_options) {
                return Error::invalid("invalid_options",
                                      "Une question à choix propose de 2 à " +
                                          std::to_string(max_options) + " options.",
                                      field + ".options");
            }
            std::set<std::string> seen;
            for (std::size_t k = 0; k < given.options.size(); ++k) {
                auto option =
                    normalise_text(given.options[k], field + ".options[" + std::to_string(k) + "]",
                                   max_option_label);
                if (!option) {
                    return option.error();
                }
                if (!seen.insert(option.value()).second) {
                    return Error::invalid("duplicate_option",
                                          "Deux options de la question sont identiques.",
                                          field + ".options");
                }
                question.options.push_back(option.value());
            }
        } else if (!given.options.empty()) {
            return Error::invalid("invalid_options",
                                  "Seule une question à choix propose des options.",
                                  field + ".options");
        }
        questions.push_back(std::move(question));
    }
    return numbered(kind, std::move(questions));
}

std::vector<std::string> objective_lines(const std::string& objectives) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= objectives.size()) {
        auto end = objectives.find('\n', start);
        if (end == std::string::npos) {
            end = objectives.size();
        }
        std::string line = objectives.substr(start, end - start);
        // List marks people type: "- ", "* ", "• ", "– ".
        for (std::string mark : {"- ", "* ", "• ", "– "}) {
            auto first = line.find_first_not_of(" \t");
            if (first != std::string::npos && line.compare(first, mark.size(), mark) == 0) {
                line = line.substr(first + mark.size());
            }
        }
        auto first = line.find_first_not_of(" \t\r");
        if (first != std::string::npos) {
            auto last = line.find_last_not_of(" \t\r");
            lines.push_back(line.substr(first, last - first + 1));
        }
        start = end + 1;
    }
    return lines;
}

std::vector<Question> default_questions(QuestionnaireKind kind,
                                        const std::vector<std::string>& objectives) {
    switch (kind) {
        case QuestionnaireKind::needs:
            return numbered(
                kind,
                {scale({},
                       "Comment évaluez-vous aujourd'hui vos connaissances sur le sujet de la "
                       "formation ? (1 : aucune, 5 : très bonnes)"),
                 choice({}, "Quelle est votre situation ?",
                        {"Je porte un projet de création",
                         "Je travaille dans une structure "
                         "existante",
                         "J'accompagne des porteurs de projet", "Autre situation"}),
                 text({}, "Qu'attendez-vous de cette formation ?", true),
                 text({}, "Décrivez votre projet ou votre contexte professionnel."),
                 text({},
                      "Souhaitez-vous que certains points soient particulièrement "
                      "abordés ?")});
        case QuestionnaireKind::self_assessment: {
            std::vector<Question> questions;
            for (const auto& objective : objectives) {
                auto label = "À l'issue de la formation, je suis capable de : " + objective;
                if (utf8_length(label).value_or(0) <= max_question_label) {
                    questions.push_back(scale({}, label));
                }
            }
            if (questions.empty()) {
                questions.push_back(
                    scale({},
                          "Dans quelle mesure avez-vous atteint les objectifs de la "
                          "formation ?"));
            }
            questions.push_back(text({}, "Un commentaire sur ce que vous avez acquis ?"));
            return numbered(kind, std::move(questions));
        }
        case QuestionnaireKind::satisfaction:
            return numbered(kind, {scale({}, "Les contenus ont-ils répondu à vos attentes ?"),
                                   scale({}, "Comment jugez-vous l'animation et la pédagogie ?"),
                                   scale({},
                                         "Comment jugez-vous l'organisation (lieu, horaires, "
                                         "supports) ?"),
                                   choice({}, "Recommanderiez-vous cette formation ?",
                                          {"Oui", "Peut-être", "Non"}),
                                   text({}, "Que faudrait-il améliorer ?")});
        case QuestionnaireKind::employer:
            return numbered(kind,
                            {scale({},
                                   "La formation a-t-elle été utile dans le travail de votre "
                                   "salarié·e ?"),
                             text({}, "Quels effets avez-vous observés depuis la formation ?"),
                             text({}, "Que faudrait-il améliorer ?")});
    }
    return {};
}

Result<std::vector<domain::Answer>> validate_answers(const std::vector<Question>& questions,
                                                     const AnswerInput& input) {
    std::set<std::string> known;
    for (const auto& question : questions) {
        known.insert(question.id);
    }
    for (const auto& [id, value] : input) {
        if (!known.contains(id)) {
            return Error::invalid("unknown_question", "Cette question n'existe pas.",
                                  "answers." + id);
        }
    }
    std::vector<domain::Answer> answers;
    for (const auto& question : questions) {
        auto given = input.find(question.id);
        bool blank = given == input.end() ||
                     (!given->second.number &&
                      (!given->second.text ||
                       given->second.text->find_first_not_of(" \t\r\n") == std::string::npos));
        if (blank) {
            if (question.required) {
                return Error::invalid("answer_required", "Répondez à cette question.",
                                      "answers." + question.id);
            }
            continue;
        }
        const auto& value = given->second;
        domain::Answer answer{question.id, question.label, question.type, {}, {}};
        switch (question.type) {
            case QuestionType::scale:
                if (!value.number || *value.number < lowest_score ||
                    *value.number > highest_score) {
                    return invalid_answer(question.id, "Choisissez une note de 1 à 5.");
                }
                answer.score = static_cast<int>(*value.number);
                break;
            case QuestionType::choice:
                if (!value.text || std::find(question.options.begin(), question.options.end(),
                                             *value.text) == question.options.end()) {
                    return invalid_answer(question.id, "Choisissez l'une des options proposées.");
                }
                answer.text = *value.text;
                break;
            case QuestionType::text: {
                if (!value.text) {
                    return invalid_answer(question.id, "La réponse doit être un texte.");
                }
                auto text = normalise_text(*value.text, "answers." + question.id, max_text_answer,
                                           /*multiline=*/true);
                if (!text) {
                    return text.error();
                }
                answer.text = text.value();
                break;
            }
        }
        answers.push_back(std::move(answer));
    }
    return answers;
}

}  // namespace formations::app

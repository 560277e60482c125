#pragma once
// Questionnaires of a course and the answers given to them (Qualiopi indicators 4, 8, 11, 30):
// the positioning and needs questionnaire answered after registering, the self-assessment against
// the objectives and the satisfaction survey at the end of the course, and the employers' cold
// survey weeks later. A question is a free text, a choice among options or a score from 1 to 5.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace formations::domain {

enum class QuestionnaireKind { needs, self_assessment, satisfaction, employer };
inline constexpr std::array<QuestionnaireKind, 4> questionnaire_kinds = {
    QuestionnaireKind::needs, QuestionnaireKind::self_assessment, QuestionnaireKind::satisfaction,
    QuestionnaireKind::employer};

inline std::string_view to_string(QuestionnaireKind kind) {
    switch (kind) {
        case QuestionnaireKind::needs:
            return "needs";
        case QuestionnaireKind::self_assessment:
            return "self_assessment";
        case QuestionnaireKind::satisfaction:
            return "satisfaction";
        case QuestionnaireKind::employer:
            return "employer";
    }
    return "needs";
}

inline std::optional<QuestionnaireKind> parse_questionnaire_kind(std::string_view text) {
    for (auto kind : questionnaire_kinds) {
        if (to_string(kind) == text) {
            return kind;
        }
    }
    return std::nullopt;
}

enum class QuestionType { text, choice, scale };

inline std::string_view to_string(QuestionType type) {
    switch (type) {
        case QuestionType::text:
            return "text";
        case QuestionType::choice:
            return "choice";
        case QuestionType::scale:
            return "scale";
    }
    return "text";
}

inline std::optional<QuestionType> parse_question_type(std::string_view text) {
    for (auto type : {QuestionType::text, QuestionType::choice, QuestionType::scale}) {
        if (to_string(type) == text) {
            return type;
        }
    }
    return std::nullopt;
}

struct Question {
    std::string id;  // "q1", "q2"… by position; "overall" for the rating every survey has
    std::string label;
    QuestionType type = QuestionType::text;
    std::vector<std::string> options;  // for a choice
    bool required = false;

    friend bool operator==(const Question&, const Question&) = default;
};

struct Questionnaire {
    std::int64_t course_id = 0;
    QuestionnaireKind kind = QuestionnaireKind::needs;
    int version = 0;  // 0: the service's built-in questions (staff never changed them)
    std::vector<Question> questions;
    std::optional<std::string> created_at;  // ISO 8601, UTC; none for the built-in version
    std::optional<std::string> created_by;
};

// One answer as stored: the question as it was asked, and its value (the text or the option
// chosen, or the score from 1 to 5). An unanswered optional question is not stored.
struct Answer {
    std::string question_id;
    std::string label;
    QuestionType type = QuestionType::text;
    std::optional<std::string> text;
    std::optional<int> score;

    friend bool operator==(const Answer&, const Answer&) = default;
};

struct Response {
    std::int64_t id = 0;
    QuestionnaireKind kind = QuestionnaireKind::needs;
    std::optional<std::int64_t> registration_id;  // none once anonymised
    std::int64_t session_id = 0;
    std::int64_t course_id = 0;
    int questionnaire_version = 0;
    std::vector<Answer> answers;
    std::string submitted_at;  // ISO 8601, UTC
    std::string updated_at;
};

// An accommodation need related to a disability, as the disability referent reads it.
struct AccommodationRequest {
    std::int64_t id = 0;
    std::optional<std::int64_t> registration_id;
    std::int64_t session_id = 0;
    std::string session_reference;
    std::string course_title;
    std::string starts_on;                    // YYYY-MM-DD
    std::optional<std::string> trainee_name;  // none once anonymised
    std::optional<std::string> trainee_email;
    std::optional<std::string> trainee_phone;
    std::optional<std::string> needs;
    std::string status;  // new / in_progress / arranged / closed
    std::optional<std::string> referent_notes;
    std::string requested_at;
    std::string updated_at;
    std::optional<std::string> handled_at;
    std::optional<std::string> handled_by;
};

}  // namespace formations::domain

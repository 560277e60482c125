#include "service/http/evidence_readers.hpp"

#include <set>
#include <string>

#include "service/http/json_body.hpp"

namespace formations::http {

using nlohmann::json;

namespace {

const std::set<std::string> public_fields = {
    "kind", "author_role", "author_name", "author_email", "subject", "description", "session_id"};
const std::set<std::string> staff_fields = {"kind",    "author_role", "author_name", "author_email",
                                            "subject", "description", "session_id",  "channel"};
const std::set<std::string> trainee_fields = {"kind", "subject", "description"};

}  // namespace

Result<app::ComplaintInput> read_complaint(const json& body, ComplaintSource source) {
    auto object = JsonObject::of(body, source == ComplaintSource::public_page ? public_fields
                                       : source == ComplaintSource::staff     ? staff_fields
                                                                              : trainee_fields);
    if (!object) {
        return object.error();
    }
    app::ComplaintInput input;
    for (auto [name, into] :
         {std::pair{"kind", &input.kind}, std::pair{"author_role", &input.author_role},
          std::pair{"channel", &input.channel}}) {
        auto text = object->optional_text(name);
        if (!text) {
            return text.error();
        }
        if (text.value()) {
            *into = *text.value();
        }
    }
    for (auto [name, into] : {std::pair{"author_name", &input.author_name},
                              std::pair{"author_email", &input.author_email}}) {
        auto text = object->optional_text(name);
        if (!text) {
            return text.error();
        }
        *into = text.value();
    }
    for (auto [name, into] :
         {std::pair{"subject", &input.subject}, std::pair{"description", &input.description}}) {
        auto text = object->text(name);
        if (!text) {
            return text.error();
        }
        *into = text.value();
    }
    if (object->has("session_id") && body.at("session_id") != nullptr) {
        auto session = object->id("session_id");
        if (!session) {
            return session.error();
        }
        input.session_id = session.value();
    }
    return input;
}

Result<app::ComplaintChanges> read_complaint_changes(const json& body) {
    auto object =
        JsonObject::of(body, {"status", "answer", "improvement_action", "improvement_status"});
    if (!object) {
        return object.error();
    }
    app::ComplaintChanges changes;
    for (auto [name, into] : {std::pair{"status", &changes.status},
                              std::pair{"improvement_status", &changes.improvement_status}}) {
        auto text = object->optional_text(name);
        if (!text) {
            return text.error();
        }
        *into = text.value();
    }
    // null or "" clears.
    for (auto [name, into] : {std::pair{"answer", &changes.answer},
                              std::pair{"improvement_action", &changes.improvement_action}}) {
        auto text = object->nullable_text(name);
        if (!text) {
            return text.error();
        }
        *into = text.value();
    }
    return changes;
}

Result<app::Submission> read_submission(const json& body, bool accommodation_allowed) {
    std::set<std::string> known = {"version", "answers"};
    if (accommodation_allowed) {
        known.insert("accommodation");
    }
    auto object = JsonObject::of(body, known);
    if (!object) {
        return object.error();
    }
    app::Submission submission;
    auto version = object->integer("version", "un numéro de version");
    if (!version) {
        return version.error();
    }
    submission.version = static_cast<int>(version.value());
    const auto& answers =
        body.is_object() && body.contains("answers") ? body.at("answers") : nlohmann::json();
    if (answers.is_null()) {
        return Error::invalid("required", "Ce champ est obligatoire.", "answers");
    }
    if (!answers.is_object()) {
        return Error::invalid("invalid_type",
                              "Le champ doit être un objet (une réponse par question).", "answers");
    }
    for (const auto& [id, value] : answers.items()) {
        if (value.is_null()) {
            continue;
        }
        if (value.is_string()) {
            submission.answers[id] = {value.get<std::string>(), std::nullopt};
        } else if (value.is_number_integer()) {
            submission.answers[id] = {std::nullopt, value.get<long long>()};
        } else {
            return Error::invalid("invalid_answer",
                                  "La réponse doit être un texte ou une note entière.",
                                  "answers." + id);
        }
    }
    auto accommodation = object->optional_text("accommodation");
    if (!accommodation) {
        return accommodation.error();
    }
    submission.accommodation = accommodation.value();
    return submission;
}

}  // namespace formations::http

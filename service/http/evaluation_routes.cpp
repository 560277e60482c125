// Questionnaires as trainees and employers answer them (by the token of their link), as staff
// follow them (who answered, the links to copy, the results of a session), and the accommodation
// needs the disability referent handles.
#include "service/app/evaluations.hpp"
#include "service/app/tokens.hpp"
#include "service/domain/iso8601.hpp"
#include "service/http/evidence_json.hpp"
#include "service/http/evidence_readers.hpp"
#include "service/http/json_body.hpp"
#include "service/http/json_io.hpp"
#include "service/http/routes.hpp"

namespace formations::http {

using nlohmann::json;

namespace {

// The pages people answer on (web/). Tokens travel in the #fragment, never to a server log.
std::string questionnaire_link(domain::QuestionnaireKind kind, const std::string& token) {
    return "/questionnaire.html?type=" + std::string(domain::to_string(kind)) + "#" + token;
}
std::string employer_link(const std::string& token) {
    return "/avis-employeur.html#" + token;
}

json session_summary(const domain::Session& s) {
    return {{"id", s.id},
            {"reference", s.reference},
            {"course", {{"code", s.course_code}, {"title", s.course_title}}},
            {"starts_on", format_date(s.starts_on)},
            {"ends_on", format_date(s.ends_on)},
            {"place", s.place},
            {"trainer", nullable(s.trainer)}};
}

json person_json(const domain::Registration& r) {
    return {{"first_name", r.trainee.first_name}, {"last_name", r.trainee.last_name}};
}

json state_json(const app::QuestionnaireState& state) {
    return {{"kind", domain::to_string(state.kind)},
            {"window", window_json(state.window)},
            {"questionnaire", questionnaire_json(state.questionnaire)},
            {"response", state.response ? response_json(*state.response) : json(nullptr)}};
}

json trainee_json(const app::TraineeQuestionnaires& view) {
    json items = json::array();
    for (const auto& item : view.items) {
        items.push_back(state_json(item));
    }
    json accommodation = nullptr;
    if (view.accommodation) {
        const auto& a = *view.accommodation;
        accommodation = {{"needs", nullable(a.needs)},
                         {"status", a.status},
                         {"requested_at", a.requested_at},
                         {"updated_at", a.updated_at}};
    }
    return {{"registration",
             {{"id", view.registration.id},
              {"status", view.registration.status},
              {"trainee", person_json(view.registration)}}},
            {"session", session_summary(view.session)},
            {"questionnaires", items},
            {"accommodation", accommodation}};
}

json employer_json(const app::EmployerSurvey& survey) {
    const auto& r = survey.registration;
    return {{"trainee", person_json(r)},
            {"employer", r.employer ? json{{"name", r.employer->name}} : json(nullptr)},
            {"session", session_summary(survey.session)},
            {"survey", state_json(survey.state)}};
}

json accommodation_json(const domain::AccommodationRequest& a) {
    return {{"id", a.id},
            {"registration_id", a.registration_id ? json(*a.registration_id) : json(nullptr)},
            {"session",
             {{"id", a.session_id},
              {"reference", a.session_reference},
              {"course_title", a.course_title},
              {"starts_on", a.starts_on}}},
            {"trainee",
             {{"name", nullable(a.trainee_name)},
              {"email", nullable(a.trainee_email)},
              {"phone", nullable(a.trainee_phone)}}},
            {"needs", nullable(a.needs)},
            {"status", a.status},
            {"referent_notes", nullable(a.referent_notes)},
            {"requested_at", a.requested_at},
            {"updated_at", a.updated_at},
            {"handled_at", nullable(a.handled_at)},
            {"handled_by", nullable(a.handled_by)},
            {"anonymised", !a.needs.has_value()}};
}

// The trainee's token from the path, or the 404 of an unknown registration.
Result<std::string> trainee_token(const Request& request) {
    auto token = request.param("ref");
    if (!app::looks_like_token(token)) {
        return app::registration_not_found();
    }
    return token;
}

Result<std::string> employer_token(const Request& request) {
    auto token = request.param("token");
    if (!app::looks_like_token(token)) {
        return Error::not_found("survey_not_found", "Ce questionnaire est introuvable.");
    }
    return token;
}

}  // namespace

void add_evaluation_routes(Routes& routes, Context& context) {
    routes.add(
        "GET", "/api/v1/registrations/:ref/questionnaires", [&context](const Request& request) {
            auto token = trainee_token(request);
            if (!token) {
                return error_reply(token.error());
            }
            return reply_with(app::trainee_questionnaires(context.database, context.clock,
                                                          context.evaluations, token.value()),
                              200, trainee_json);
        });

    routes.add("PUT", "/api/v1/registrations/:ref/questionnaires/:kind",
               [&context](const Request& request) {
                   auto token = trainee_token(request);
                   if (!token) {
                       return error_reply(token.error());
                   }
                   auto kind = domain::parse_questionnaire_kind(request.param("kind"));
                   if (!kind) {
                       return error_reply(Error::not_found("questionnaire_not_found",
                                                           "Ce questionnaire n'existe pas."));
                   }
                   auto submission = read_body(request, [&](const json& body) {
                       return read_submission(body, *kind == domain::QuestionnaireKind::needs);
                   });
                   if (!submission) {
                       return error_reply(submission.error());
                   }
                   return reply_with(app::answer_questionnaire(context.database, context.clock,
                                                               context.evaluations, token.value(),
                                                               *kind, submission.value()),
                                     200, trainee_json);
               });

    routes.add("GET", "/api/v1/employer-surveys/:token", [&context](const Request& request) {
        auto token = employer_token(request);
        if (!token) {
            return error_reply(token.error());
        }
        return reply_with(app::employer_survey(context.database, context.clock, context.evaluations,
                                               token.value()),
                          200, employer_json);
    });

    routes.add("PUT", "/api/v1/employer-surveys/:token", [&context](const Request& request) {
        auto token = employer_token(request);
        if (!token) {
            return error_reply(token.error());
        }
        auto submission =
            read_body(request, [](const json& body) { return read_submission(body, false); });
        if (!submission) {
            return error_reply(submission.error());
        }
        return reply_with(
            app::answer_employer_survey(context.database, context.clock, context.evaluations,
                                        token.value(), submission.value()),
            200, employer_json);
    });

    // The positioning and needs answers of the session (admin, staff: not accountants).
    routes.add(
        "GET", "/api/v1/sessions/:id/needs",
        staff_route(context, session_managers, [&context](const Request& request, auto&) {
            auto id = id_param(request);
            if (!id) {
                return error_reply(app::session_not_found());
            }
            return reply_with(
                app::session_needs(context.database, *id), 200, [](const app::SessionNeeds& needs) {
                    json entries = json::array();
                    for (const auto& entry : needs.entries) {
                        entries.push_back(
                            {{"registration_id", entry.registration.id},
                             {"status", entry.registration.status},
                             {"trainee", person_json(entry.registration)},
                             {"response",
                              entry.response ? response_json(*entry.response) : json(nullptr)}});
                    }
                    return json{{"session", session_summary(needs.session)},
                                {"registrations", entries}};
                });
        }));

    // Who answered what, with the links to copy, and the session's results.
    routes.add(
        "GET", "/api/v1/sessions/:id/evaluations",
        staff_route(context, session_managers, [&context](const Request& request, auto&) {
            auto id = id_param(request);
            if (!id) {
                return error_reply(app::session_not_found());
            }
            return reply_with(
                app::session_evaluations(context.database, context.clock, context.evaluations, *id),
                200, [](const app::SessionEvaluations& evaluations) {
                    json entries = json::array();
                    for (const auto& entry : evaluations.entries) {
                        const auto& r = entry.registration;
                        json statuses = json::object();
                        for (const auto& status : entry.statuses) {
                            auto item = window_json(status.window);
                            item["answered_at"] = nullable(status.answered_at);
                            statuses[std::string(domain::to_string(status.kind))] = item;
                        }
                        json links = {{"personal_page", "/mon-inscription.html#" + r.token}};
                        for (auto kind : {domain::QuestionnaireKind::needs,
                                          domain::QuestionnaireKind::self_assessment,
                                          domain::QuestionnaireKind::satisfaction}) {
                            links[std::string(domain::to_string(kind))] =
                                questionnaire_link(kind, r.token);
                        }
                        links["employer"] = entry.employer_token
                                                ? json(employer_link(*entry.employer_token))
                                                : json(nullptr);
                        entries.push_back(
                            {{"registration_id", r.id},
                             {"status", r.status},
                             {"trainee", person_json(r)},
                             {"employer", r.employer ? json(r.employer->name) : json(nullptr)},
                             {"questionnaires", statuses},
                             {"links", links}});
                    }
                    json results = json::array();
                    for (const auto& result : evaluations.results) {
                        results.push_back(survey_result_json(result));
                    }
                    return json{{"session", session_summary(evaluations.session)},
                                {"registrations", entries},
                                {"results", results}};
                });
        }));

    // Every questionnaire open today and not answered, across sessions.
    routes.add(
        "GET", "/api/v1/evaluations/pending",
        staff_route(context, session_managers, [&context](const Request&, auto&) {
            return reply_with(
                app::pending_evaluations(context.database, context.clock, context.evaluations), 200,
                [](const std::vector<app::PendingEvaluation>& pending) {
                    json items = json::array();
                    for (const auto& entry : pending) {
                        const auto& r = entry.registration;
                        bool employer = entry.kind == domain::QuestionnaireKind::employer;
                        items.push_back(
                            {{"registration_id", r.id},
                             {"trainee", person_json(r)},
                             {"employer", r.employer ? json(r.employer->name) : json(nullptr)},
                             {"session", session_summary(entry.session)},
                             {"kind", domain::to_string(entry.kind)},
                             {"window", window_json(entry.window)},
                             {"link", employer ? employer_link(entry.employer_token.value_or(""))
                                               : questionnaire_link(entry.kind, r.token)}});
                    }
                    return json{{"pending", items}};
                });
        }));

    // The disability referent only (app: 403 referent_only for other accounts).
    routes.add(
        "GET", "/api/v1/accommodations",
        staff_route(context, staff_roles,
                    [&context](const Request& request, const app::Actor& actor) {
                        return reply_with(
                            app::accommodation_requests(context.database, actor,
                                                        request.query_value("status").value_or("")),
                            200, [](const std::vector<domain::AccommodationRequest>& requests) {
                                json items = json::array();
                                for (const auto& item : requests) {
                                    items.push_back(accommodation_json(item));
                                }
                                return json{{"requests", items}};
                            });
                    }));

    routes.add(
        "PATCH", "/api/v1/accommodations/:id",
        staff_route(
            context, staff_roles, [&context](const Request& request, const app::Actor& actor) {
                auto id = id_param(request);
                if (!id) {
                    return error_reply(Error::not_found("accommodation_not_found",
                                                        "Cette demande est introuvable."));
                }
                auto body = json_body(request);
                if (!body) {
                    return error_reply(body.error());
                }
                auto object = JsonObject::of(body.value(), {"status", "referent_notes"});
                if (!object) {
                    return error_reply(object.error());
                }
                auto status = object->text("status");
                if (!status) {
                    return error_reply(status.error());
                }
                auto notes = object->nullable_text("referent_notes");
                if (!notes) {
                    return error_reply(notes.error());
                }
                return reply_with(
                    app::update_accommodation_request(context.database, context.clock, actor, *id,
                                                      status.value(), notes.value()),
                    200, accommodation_json);
            }));
}

}  // namespace formations::http

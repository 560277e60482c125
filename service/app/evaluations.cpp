#include "service/app/evaluations.hpp"

#include <algorithm>
#include <map>

#include "service/app/catalogue.hpp"
#include "service/app/course_sheets.hpp"
#include "service/app/detail/outbox.hpp"
#include "service/app/detail/survey_invitations.hpp"
#include "service/app/input_rules.hpp"
#include "service/app/registrations.hpp"
#include "service/app/tokens.hpp"
#include "service/domain/iso8601.hpp"
#include "service/domain/time_zone.hpp"
#include "service/storage/account_repository.hpp"
#include "service/storage/audit_repository.hpp"
#include "service/storage/course_sheet_repository.hpp"
#include "service/storage/outbox_repository.hpp"
#include "service/storage/questionnaire_repository.hpp"
#include "service/storage/registration_repository.hpp"
#include "service/storage/session_repository.hpp"

namespace formations::app {
namespace {

using domain::QuestionnaireKind;
using storage::Lock;

constexpr std::size_t max_accommodation_text = 4000;
constexpr std::size_t max_referent_notes = 4000;

// What a trainee answers from their page (the employer's survey has its own link).
constexpr QuestionnaireKind trainee_kinds[] = {
    QuestionnaireKind::needs, QuestionnaireKind::self_assessment, QuestionnaireKind::satisfaction};
constexpr QuestionnaireKind result_kinds[] = {QuestionnaireKind::self_assessment,
                                              QuestionnaireKind::satisfaction,
                                              QuestionnaireKind::employer};

Error survey_not_found() {
    return Error::not_found("survey_not_found", "Ce questionnaire est introuvable.");
}

// Routes a new or changed accommodation need to the disability referents (Qualiopi indicator
// 26): a message to each, in the answer's transaction, that says which session and where to read
// it, never the need nor the person.
void notify_referents(soci::session& sql, const Now& now, const std::string& actor,
                      const domain::Session& session) {
    for (const auto& email : storage::disability_referent_emails(sql)) {
        detail::OutgoingMessage message;
        message.kind = domain::MessageKind::accommodation_requested;
        message.to = {email, ""};
        message.facts.session = detail::session_facts(session);
        message.session_id = session.id;
        detail::queue_message(sql, now, actor, message);
    }
}

Error referent_only() {
    return {ErrorCategory::forbidden,
            "referent_only",
            "Seul·e le ou la référent·e handicap accède aux demandes d'aménagement.",
            {},
            {}};
}

// The questions of a course asked now: configured by staff, else built in (the self-assessment
// then asks about the objectives of the sheet in force).
domain::Questionnaire questions_for(soci::session& sql, std::int64_t course_id,
                                    QuestionnaireKind kind) {
    if (auto configured = storage::configured_questionnaire(sql, course_id, kind)) {
        return std::move(*configured);
    }
    std::vector<std::string> objectives;
    if (kind == QuestionnaireKind::self_assessment) {
        if (auto sheet = storage::sheet_in_force(sql, course_id)) {
            objectives = objective_lines(sheet->content.objectives);
        }
    }
    return {course_id, kind, 0, default_questions(kind, objectives), std::nullopt, std::nullopt};
}

RegistrationFacts facts_of(const domain::Registration& registration,
                           const domain::Session& session) {
    auto created = parse_instant(registration.created_at);
    return {registration.status,
            registration.funding == pricing::Funding::employer,
            created ? local_date(*created) : session.starts_on,
            session.status,
            session.starts_on,
            session.ends_on};
}

QuestionnaireState state_of(soci::session& sql, QuestionnaireKind kind,
                            const domain::Registration& registration,
                            const domain::Session& session, boost::gregorian::date today,
                            const EvaluationDelays& delays) {
    QuestionnaireState state;
    state.kind = kind;
    state.response = storage::find_response(sql, registration.id, kind);
    state.window = evaluation_window(kind, facts_of(registration, session),
                                     state.response.has_value(), today, delays);
    state.questionnaire = questions_for(sql, session.course_id, kind);
    return state;
}

Result<domain::Session> session_of(soci::session& sql, const domain::Registration& registration) {
    auto session = storage::find_session(sql, registration.session_id);
    if (!session) {
        return Error::internal("session " + std::to_string(registration.session_id) + " vanished");
    }
    return std::move(*session);
}

Result<TraineeQuestionnaires> load_trainee(soci::session& sql, domain::Registration registration,
                                           boost::gregorian::date today,
                                           const EvaluationDelays& delays) {
    auto session = session_of(sql, registration);
    if (!session) {
        return session.error();
    }
    TraineeQuestionnaires result;
    for (auto kind : trainee_kinds) {
        auto state = state_of(sql, kind, registration, session.value(), today, delays);
        if (state.window.availability != Availability::not_applicable) {
            result.items.push_back(std::move(state));
        }
    }
    result.accommodation = storage::accommodation_of_registration(sql, registration.id);
    result.registration = std::move(registration);
    result.session = std::move(session.value());
    return result;
}

// Records the answers of `registration` to `kind` (checked against the window and the
// questions); a needs questionnaire may be answered again until it closes.
std::optional<Error> record_answers(soci::session& sql, QuestionnaireKind kind,
                                    const domain::Registration& registration,
                                    const domain::Session& session, const Submission& submission,
                                    const EvaluationDelays& delays, const Now& now,
                                    const std::string& actor) {
    auto state = state_of(sql, kind, registration, session, now.today, delays);
    const auto& window = state.window;
    if (window.availability == Availability::not_applicable) {
        return Error::conflict("questionnaire_not_applicable",
                               "Ce questionnaire ne concerne pas cette inscription.");
    }
    if (!window.can_answer) {
        if (now.today > *window.closes_on) {
            return Error::conflict("questionnaire_closed",
                                   "Ce questionnaire est clos : il n'est plus possible d'y "
                                   "répondre.");
        }
        if (now.today < *window.opens_on) {
            return Error::conflict("questionnaire_not_open_yet",
                                   "Ce questionnaire n'est pas encore ouvert.");
        }
        return Error::conflict("already_answered", "Vous avez déjà répondu à ce questionnaire.");
    }
    if (submission.version != state.questionnaire.version) {
        return Error::conflict("questionnaire_changed",
                               "Les questions ont changé depuis l'ouverture de la page : "
                               "rechargez-la.",
                               "version");
    }
    auto answers = validate_answers(state.questionnaire.questions, submission.answers);
    if (!answers) {
        return answers.error();
    }
    std::optional<std::string> accommodation;
    if (submission.accommodation &&
        submission.accommodation->find_first_not_of(" \t\r\n") != std::string::npos) {
        if (kind != QuestionnaireKind::needs) {
            return Error::invalid("unexpected_accommodation",
                                  "Les besoins d'aménagement se déclarent avec le questionnaire "
                                  "de positionnement.",
                                  "accommodation");
        }
        auto text = normalise_text(*submission.accommodation, "accommodation",
                                   max_accommodation_text, /*multiline=*/true);
        if (!text) {
            return text.error();
        }
        accommodation = text.value();
    }
    const storage::Audit audit{actor, now.instant};
    if (state.response) {
        storage::replace_answers(sql, state.response->id, state.questionnaire.version,
                                 answers.value(), now.instant);
    } else {
        storage::NewResponse response{kind,
                                      registration.id,
                                      session.id,
                                      session.course_id,
                                      state.questionnaire.version,
                                      answers.value()};
        if (!storage::insert_response(sql, response, now.instant)) {
            return Error::conflict("already_answered",
                                   "Vous avez déjà répondu à ce questionnaire.");
        }
    }
    storage::audit_questionnaire_answered(sql, audit, registration.id, kind,
                                          state.response.has_value());
    if (accommodation) {
        auto before = storage::accommodation_of_registration(sql, registration.id);
        storage::save_accommodation_needs(sql, registration.id, session.id, *accommodation,
                                          now.instant);
        auto after = storage::accommodation_of_registration(sql, registration.id);
        storage::audit_accommodation(
            sql, audit, before ? "accommodation.updated" : "accommodation.requested", after->id,
            before ? std::optional(before->status) : std::nullopt, after->status);
        if (!before || before->needs != after->needs) {
            notify_referents(sql, now, actor, session);
        }
    }
    return std::nullopt;
}

Result<EmployerSurvey> load_employer(soci::session& sql, const std::string& token,
                                     boost::gregorian::date today, const EvaluationDelays& delays,
                                     Lock lock) {
    auto registration_id = storage::registration_of_employer_token(sql, token);
    if (!registration_id) {
        return survey_not_found();
    }
    auto registration = storage::find_registration_by_id(sql, *registration_id, lock);
    if (!registration) {
        return survey_not_found();
    }
    auto session = session_of(sql, *registration);
    if (!session) {
        return session.error();
    }
    auto state =
        state_of(sql, QuestionnaireKind::employer, *registration, session.value(), today, delays);
    return EmployerSurvey{std::move(*registration), std::move(session.value()), std::move(state)};
}

std::optional<std::string> employer_token_of(soci::session& sql,
                                             const domain::Registration& registration, Instant at) {
    if (registration.funding != pricing::Funding::employer) {
        return std::nullopt;
    }
    return storage::employer_survey_token(sql, registration.id, random_token(), at);
}

std::vector<SurveyResult> summaries(const std::vector<domain::Response>& responses) {
    std::vector<SurveyResult> results;
    for (auto kind : result_kinds) {
        results.push_back(summarise(kind, responses));
    }
    return results;
}

Result<domain::Course> course_named(soci::session& sql, const std::string& code,
                                    bool lock = false) {
    auto course = storage::find_course(sql, code, lock);
    if (!course) {
        return course_not_found();
    }
    return std::move(*course);
}

}  // namespace

Result<TraineeQuestionnaires> trainee_questionnaires(storage::Database& db, const Clock& clock,
                                                     const EvaluationDelays& delays,
                                                     const std::string& token) {
    const auto today = clock.now().today;
    return db.transact([&](soci::session& sql) -> Result<TraineeQuestionnaires> {
        auto registration = storage::find_registration_by_token(sql, token);
        if (!registration) {
            return registration_not_found();
        }
        return load_trainee(sql, std::move(*registration), today, delays);
    });
}

Result<TraineeQuestionnaires> answer_questionnaire(storage::Database& db, const Clock& clock,
                                                   const EvaluationDelays& delays,
                                                   const std::string& token, QuestionnaireKind kind,
                                                   const Submission& submission) {
    if (kind == QuestionnaireKind::employer) {
        return Error::not_found("questionnaire_not_found",
                                "Ce questionnaire s'adresse à l'employeur, par son propre lien.");
    }
    const auto now = clock.now();
    return db.transact([&](soci::session& sql) -> Result<TraineeQuestionnaires> {
        // The registration's lock orders two submissions of the same person.
        auto registration = storage::find_registration_by_token(sql, token, Lock::for_update);
        if (!registration) {
            return registration_not_found();
        }
        auto session = session_of(sql, *registration);
        if (!session) {
            return session.error();
        }
        if (auto error = record_answers(sql, kind, *registration, session.value(), submission,
                                        delays, now, "trainee")) {
            return *error;
        }
        return load_trainee(sql, std::move(*registration), now.today, delays);
    });
}

Result<EmployerSurvey> employer_survey(storage::Database& db, const Clock& clock,
                                       const EvaluationDelays& delays, const std::string& token) {
    const auto today = clock.now().today;
    return db.transact([&](soci::session& sql) -> Result<EmployerSurvey> {
        return load_employer(sql, token, today, delays, Lock::none);
    });
}

Result<EmployerSurvey> answer_employer_survey(storage::Database& db, const Clock& clock,
                                              const EvaluationDelays& delays,
                                              const std::string& token,
                                              const Submission& submission) {
    const auto now = clock.now();
    return db.transact([&](soci::session& sql) -> Result<EmployerSurvey> {
        auto survey = load_employer(sql, token, now.today, delays, Lock::for_update);
        if (!survey) {
            return survey.error();
        }
        if (auto error = record_answers(sql, QuestionnaireKind::employer, survey->registration,
                                        survey->session, submission, delays, now, "employer")) {
            return *error;
        }
        return load_employer(sql, token, now.today, delays, Lock::none);
    });
}

Result<domain::Questionnaire> current_questionnaire(storage::Database& db,
                                                    const std::string& course_code,
                                                    QuestionnaireKind kind) {
    return db.transact([&](soci::session& sql) -> Result<domain::Questionnaire> {
        auto course = course_named(sql, course_code);
        if (!course) {
            return course.error();
        }
        return questions_for(sql, course->id, kind);
    });
}

Result<domain::Questionnaire> configure_questionnaire(storage::Database& db, const Clock& clock,
                                                      const Actor& actor,
                                                      const std::string& course_code,
                                                      QuestionnaireKind kind,
                                                      std::optional<int> base_version,
                                                      const std::vector<QuestionInput>& input) {
    auto questions = validate_questions(kind, input);
    if (!questions) {
        return questions.error();
    }
    const auto now = clock.now();
    return db.transact([&](soci::session& sql) -> Result<domain::Questionnaire> {
        auto course = course_named(sql, course_code, /*lock=*/true);
        if (!course) {
            return course.error();
        }
        auto current = questions_for(sql, course->id, kind);
        if (base_version && *base_version != current.version) {
            return Error::conflict("questionnaire_changed",
                                   "Le questionnaire a été modifié entre-temps (version " +
                                       std::to_string(current.version) +
                                       ") : rechargez-le avant d'enregistrer.",
                                   "version");
        }
        if (current.questions == questions.value()) {
            return current;
        }
        int version = current.version + 1;
        storage::insert_questionnaire(sql, course->id, kind, version, questions.value(),
                                      now.instant, actor.email);
        storage::audit_questionnaire_configured(sql, {actor.audit_name(), now.instant}, course->id,
                                                kind, version);
        return questions_for(sql, course->id, kind);
    });
}

Result<SessionNeeds> session_needs(storage::Database& db, std::int64_t session_id) {
    return db.transact([&](soci::session& sql) -> Result<SessionNeeds> {
        auto session = storage::find_session(sql, session_id);
        if (!session) {
            return session_not_found();
        }
        std::map<std::int64_t, domain::Response> answers;
        for (auto& response :
             storage::responses_of_session(sql, session_id, QuestionnaireKind::needs)) {
            if (response.registration_id) {
                answers.emplace(*response.registration_id, std::move(response));
            }
        }
        SessionNeeds result{*session, {}};
        for (auto& registration : storage::registrations_of_session(sql, session_id)) {
            if (registration.status == "cancelled") {
                continue;
            }
            NeedsEntry entry{std::move(registration), std::nullopt};
            if (auto found = answers.find(entry.registration.id); found != answers.end()) {
                entry.response = std::move(found->second);
            }
            result.entries.push_back(std::move(entry));
        }
        return result;
    });
}

Result<SessionEvaluations> session_evaluations(storage::Database& db, const Clock& clock,
                                               const EvaluationDelays& delays,
                                               std::int64_t session_id) {
    const auto now = clock.now();
    return db.transact([&](soci::session& sql) -> Result<SessionEvaluations> {
        auto session = storage::find_session(sql, session_id);
        if (!session) {
            return session_not_found();
        }
        auto responses = storage::responses_of_session(sql, session_id);
        SessionEvaluations result{*session, {}, summaries(responses)};
        for (auto& registration : storage::registrations_of_session(sql, session_id)) {
            if (registration.status == "cancelled") {
                continue;
            }
            EvaluationEntry entry;
            auto facts = facts_of(registration, *session);
            for (auto kind : domain::questionnaire_kinds) {
                auto answered =
                    std::find_if(responses.begin(), responses.end(), [&](const auto& r) {
                        return r.kind == kind && r.registration_id == registration.id;
                    });
                bool found = answered != responses.end();
                entry.statuses.push_back(
                    {kind, evaluation_window(kind, facts, found, now.today, delays),
                     found ? std::optional(answered->submitted_at) : std::nullopt});
            }
            entry.employer_token = employer_token_of(sql, registration, now.instant);
            entry.registration = std::move(registration);
            result.entries.push_back(std::move(entry));
        }
        return result;
    });
}

Result<CourseEvaluations> course_evaluations(storage::Database& db, const std::string& course_code,
                                             boost::gregorian::date from,
                                             boost::gregorian::date to) {
    if (to < from) {
        return Error::invalid("invalid_period", "La fin de la période précède son début.", "to");
    }
    return db.transact([&](soci::session& sql) -> Result<CourseEvaluations> {
        auto course = course_named(sql, course_code);
        if (!course) {
            return course.error();
        }
        CourseEvaluations result{course.value(), from, to, {}};
        for (auto kind : result_kinds) {
            result.results.push_back(
                summarise(kind, storage::responses_of_course(sql, course->id, kind, from, to)));
        }
        return result;
    });
}

Result<std::vector<PendingEvaluation>> pending_evaluations(storage::Database& db,
                                                           const Clock& clock,
                                                           const EvaluationDelays& delays) {
    const auto now = clock.now();
    // Every window that can still be open today started with a session at most this long ago.
    auto reach =
        std::max(delays.trainee_survey_days, delays.employer_survey_days) + delays.open_days + 366;
    return db.transact([&](soci::session& sql) -> Result<std::vector<PendingEvaluation>> {
        std::vector<PendingEvaluation> pending;
        for (const auto& session :
             storage::sessions_starting_after(sql, now.today - boost::gregorian::days(reach))) {
            auto responses = storage::responses_of_session(sql, session.id);
            for (const auto& registration : storage::registrations_of_session(sql, session.id)) {
                auto facts = facts_of(registration, session);
                for (auto kind : domain::questionnaire_kinds) {
                    bool answered =
                        std::any_of(responses.begin(), responses.end(), [&](const auto& r) {
                            return r.kind == kind && r.registration_id == registration.id;
                        });
                    auto window = evaluation_window(kind, facts, answered, now.today, delays);
                    if (window.availability != Availability::open) {
                        continue;
                    }
                    PendingEvaluation entry{registration, session, kind, window, std::nullopt};
                    if (kind == QuestionnaireKind::employer) {
                        entry.employer_token = employer_token_of(sql, registration, now.instant);
                    }
                    pending.push_back(std::move(entry));
                }
            }
        }
        return pending;
    });
}

Result<std::vector<domain::AccommodationRequest>> accommodation_requests(
    storage::Database& db, const Actor& actor, const std::string& status) {
    if (!actor.disability_referent) {
        return referent_only();
    }
    if (!status.empty() &&
        std::none_of(std::begin(accommodation_statuses), std::end(accommodation_statuses),
                     [&](const char* known) { return status == known; })) {
        return Error::invalid("invalid_status",
                              "Le statut doit être new, in_progress, arranged ou closed.",
                              "status");
    }
    return db.transact(
        [&](soci::session& sql) -> Result<std::vector<domain::AccommodationRequest>> {
            return storage::list_accommodations(sql, status);
        });
}

Result<domain::AccommodationRequest> update_accommodation_request(
    storage::Database& db, const Clock& clock, const Actor& actor, std::int64_t id,
    const std::string& status, const std::optional<std::string>& notes) {
    if (!actor.disability_referent) {
        return referent_only();
    }
    if (std::none_of(std::begin(accommodation_statuses), std::end(accommodation_statuses),
                     [&](const char* known) { return status == known; })) {
        return Error::invalid("invalid_status",
                              "Le statut doit être new, in_progress, arranged ou closed.",
                              "status");
    }
    std::optional<std::string> clean_notes;
    if (notes && notes->find_first_not_of(" \t\r\n") != std::string::npos) {
        auto text = normalise_text(*notes, "referent_notes", max_referent_notes, true);
        if (!text) {
            return text.error();
        }
        clean_notes = text.value();
    }
    const auto now = clock.now();
    return db.transact([&](soci::session& sql) -> Result<domain::AccommodationRequest> {
        auto request = storage::find_accommodation(sql, id, /*lock=*/true);
        if (!request) {
            return Error::not_found("accommodation_not_found", "Cette demande est introuvable.");
        }
        if (!request->registration_id) {
            return Error::conflict("anonymised", "Cette demande a été anonymisée.");
        }
        auto kept_notes = notes ? clean_notes : request->referent_notes;
        storage::update_accommodation(sql, id, status, kept_notes, now.instant, actor.email);
        storage::audit_accommodation(sql, {actor.audit_name(), now.instant},
                                     "accommodation.updated", id, request->status, status);
        return storage::find_accommodation(sql, id).value();
    });
}

namespace detail {

std::vector<SurveyInvitation> survey_invitations_due(soci::session& sql, const Now& now,
                                                     const EvaluationDelays& delays) {
    // Every window open today belongs to a session that ended at most this long ago.
    const auto first = now.today - boost::gregorian::days(std::max(delays.trainee_survey_days,
                                                                   delays.employer_survey_days) +
                                                          delays.open_days);
    const auto last = now.today - boost::gregorian::days(1);  // after the last day
    std::vector<SurveyInvitation> due;
    for (auto kind : {domain::MessageKind::evaluation_invitation,
                      domain::MessageKind::employer_survey_invitation}) {
        for (auto id : storage::ended_without_message(sql, kind, first, last)) {
            due.push_back({kind, id});
        }
    }
    return due;
}

bool queue_survey_invitation(soci::session& sql, const Now& now, const EvaluationDelays& delays,
                             const SurveyInvitation& invitation) {
    const bool employer = invitation.kind == domain::MessageKind::employer_survey_invitation;
    auto registration = storage::find_registration_by_id(sql, invitation.registration_id);
    auto session =
        registration ? storage::find_session(sql, registration->session_id) : std::nullopt;
    if (!session) {
        return false;
    }
    auto window_of = [&](QuestionnaireKind kind) {
        return state_of(sql, kind, *registration, *session, now.today, delays).window;
    };
    // Due when the satisfaction survey (or the employer's) opens; then offers what is open.
    auto due = window_of(employer ? QuestionnaireKind::employer : QuestionnaireKind::satisfaction);
    if (due.availability == Availability::not_applicable ||
        due.availability == Availability::upcoming) {
        return false;
    }
    std::vector<domain::SurveyFacts> surveys;
    if (employer) {
        if (due.availability == Availability::open) {
            surveys.push_back(
                {"employer", *employer_token_of(sql, *registration, now.instant), *due.closes_on});
        }
    } else {
        for (auto kind : {QuestionnaireKind::self_assessment, QuestionnaireKind::satisfaction}) {
            auto window = window_of(kind);
            if (window.availability == Availability::open) {
                surveys.push_back(
                    {std::string(domain::to_string(kind)), registration->token, *window.closes_on});
            }
        }
    }
    if (surveys.empty()) {
        return false;  // answered or closed meanwhile: nothing to ask
    }
    auto message = message_to_trainee(invitation.kind, *registration,
                                      registration_facts(sql, *registration, *session));
    message.facts.surveys = std::move(surveys);
    message.once_key = std::string(employer ? "employer_survey:" : "evaluation:") +
                       std::to_string(registration->id) + ":" + std::to_string(session->id);
    return queue_message(sql, now, "system", message).has_value();
}

}  // namespace detail

}  // namespace formations::app

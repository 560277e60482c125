#include "service/storage/questionnaire_repository.hpp"

#include <nlohmann/json.hpp>

#include "service/storage/rows.hpp"

namespace formations::storage {
namespace {

using nlohmann::json;

std::string kind_text(domain::QuestionnaireKind kind) {
    return std::string(domain::to_string(kind));
}

json questions_json(const std::vector<domain::Question>& questions) {
    json list = json::array();
    for (const auto& q : questions) {
        list.push_back({{"id", q.id},
                        {"label", q.label},
                        {"type", domain::to_string(q.type)},
                        {"options", q.options},
                        {"required", q.required}});
    }
    return list;
}

std::vector<domain::Question> questions_of(const std::string& text) {
    std::vector<domain::Question> questions;
    for (const auto& item : json::parse(text)) {
        questions.push_back({item.at("id").get<std::string>(), item.at("label").get<std::string>(),
                             domain::parse_question_type(item.at("type").get<std::string>())
                                 .value_or(domain::QuestionType::text),
                             item.at("options").get<std::vector<std::string>>(),
                             item.at("required").get<bool>()});
    }
    return questions;
}

json answers_json(const std::vector<domain::Answer>& answers) {
    json list = json::array();
    for (const auto& a : answers) {
        json item = {
            {"id", a.question_id}, {"label", a.label}, {"type", domain::to_string(a.type)}};
        if (a.text) {
            item["text"] = *a.text;
        }
        if (a.score) {
            item["score"] = *a.score;
        }
        list.push_back(std::move(item));
    }
    return list;
}

std::vector<domain::Answer> answers_of(const std::string& text) {
    std::vector<domain::Answer> answers;
    for (const auto& item : json::parse(text)) {
        domain::Answer answer{item.at("id").get<std::string>(),
                              item.at("label").get<std::string>(),
                              domain::parse_question_type(item.at("type").get<std::string>())
                                  .value_or(domain::QuestionType::text),
                              {},
                              {}};
        if (item.contains("text")) {
            answer.text = item["text"].get<std::string>();
        }
        if (item.contains("score")) {
            answer.score = item["score"].get<int>();
        }
        answers.push_back(std::move(answer));
    }
    return answers;
}

std::string select_questionnaires() {
    return "SELECT course_id, kind, version, questions::text AS questions, " +
           utc_text("created_at") + " AS created_at, created_by FROM questionnaires";
}

domain::Questionnaire to_questionnaire(const soci::row& row) {
    return {row.get<long long>("course_id"),
            domain::parse_questionnaire_kind(row.get<std::string>("kind"))
                .value_or(domain::QuestionnaireKind::needs),
            row.get<int>("version"),
            questions_of(row.get<std::string>("questions")),
            row.get<std::string>("created_at"),
            row.get<std::string>("created_by")};
}

std::string select_responses() {
    return "SELECT q.id, q.kind, q.registration_id, q.session_id, q.course_id,"
           " q.questionnaire_version, q.answers::text AS answers, " +
           utc_text("q.submitted_at") + " AS submitted_at, " + utc_text("q.updated_at") +
           " AS updated_at FROM questionnaire_responses q";
}

domain::Response to_response(const soci::row& row) {
    domain::Response response;
    response.id = row.get<long long>("id");
    response.kind = domain::parse_questionnaire_kind(row.get<std::string>("kind"))
                        .value_or(domain::QuestionnaireKind::needs);
    response.registration_id = optional_bigint(row, "registration_id");
    response.session_id = row.get<long long>("session_id");
    response.course_id = row.get<long long>("course_id");
    response.questionnaire_version = row.get<int>("questionnaire_version");
    response.answers = answers_of(row.get<std::string>("answers"));
    response.submitted_at = row.get<std::string>("submitted_at");
    response.updated_at = row.get<std::string>("updated_at");
    return response;
}

std::vector<domain::Response> responses(soci::rowset<soci::row>& rows) {
    std::vector<domain::Response> result;
    for (const auto& row : rows) {
        result.push_back(to_response(row));
    }
    return result;
}

std::string select_accommodations() {
    return "SELECT a.id, a.registration_id, a.session_id, s.reference AS session_reference,"
           " c.title AS course_title, s.starts_on::text AS starts_on,"
           " CASE WHEN r.id IS NULL THEN NULL"
           "      ELSE r.trainee_first_name || ' ' || r.trainee_last_name END AS trainee_name,"
           " t.email AS trainee_email, r.trainee_phone AS trainee_phone, a.needs, a.status,"
           " a.referent_notes, " +
           utc_text("a.requested_at") + " AS requested_at, " + utc_text("a.updated_at") +
           " AS updated_at, " + utc_text("a.handled_at") +
           " AS handled_at, a.handled_by"
           " FROM accommodation_requests a JOIN sessions s ON s.id = a.session_id"
           " JOIN courses c ON c.id = s.course_id"
           " LEFT JOIN registrations r ON r.id = a.registration_id"
           " LEFT JOIN trainees t ON t.id = r.trainee_id";
}

domain::AccommodationRequest to_accommodation(const soci::row& row) {
    domain::AccommodationRequest a;
    a.id = row.get<long long>("id");
    a.registration_id = optional_bigint(row, "registration_id");
    a.session_id = row.get<long long>("session_id");
    a.session_reference = row.get<std::string>("session_reference");
    a.course_title = row.get<std::string>("course_title");
    a.starts_on = row.get<std::string>("starts_on");
    a.trainee_name = optional_text(row, "trainee_name");
    a.trainee_email = optional_text(row, "trainee_email");
    a.trainee_phone = optional_text(row, "trainee_phone");
    a.needs = optional_text(row, "needs");
    a.status = row.get<std::string>("status");
    a.referent_notes = optional_text(row, "referent_notes");
    a.requested_at = row.get<std::string>("requested_at");
    a.updated_at = row.get<std::string>("updated_at");
    a.handled_at = optional_text(row, "handled_at");
    a.handled_by = optional_text(row, "handled_by");
    return a;
}

std::optional<domain::AccommodationRequest> one_accommodation(soci::session& sql,
                                                              const std::string& where,
                                                              long long key) {
    soci::row row;
    sql << select_accommodations() + " WHERE " + where, soci::use(key), soci::into(row);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return to_accommodation(row);
}

}  // namespace

std::optional<domain::Questionnaire> configured_questionnaire(soci::session& sql,
                                                              std::int64_t course_id,
                                                              domain::QuestionnaireKind kind) {
    long long course = course_id;
    std::string code = kind_text(kind);
    soci::row row;
    sql << select_questionnaires() +
               " WHERE course_id = :course AND kind = :kind ORDER BY version DESC LIMIT 1",
        soci::use(course), soci::use(code), soci::into(row);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return to_questionnaire(row);
}

std::vector<domain::Questionnaire> questionnaire_history(soci::session& sql,
                                                         std::int64_t course_id) {
    long long course = course_id;
    soci::rowset<soci::row> rows =
        (sql.prepare << select_questionnaires() +
                            " WHERE course_id = :course ORDER BY kind, version",
         soci::use(course));
    std::vector<domain::Questionnaire> result;
    for (const auto& row : rows) {
        result.push_back(to_questionnaire(row));
    }
    return result;
}

void insert_questionnaire(soci::session& sql, std::int64_t course_id,
                          domain::QuestionnaireKind kind, int version,
                          const std::vector<domain::Question>& questions, Instant at,
                          const std::string& actor) {
    long long course = course_id;
    int number = version;
    std::string code = kind_text(kind), text = questions_json(questions).dump(),
                created = timestamp(at), by = actor;
    sql << "INSERT INTO questionnaires (course_id, kind, version, questions, created_at,"
           " created_by) VALUES (:course, :kind, :version, CAST(:questions AS jsonb),"
           " CAST(:created AS timestamptz), :by)",
        soci::use(course), soci::use(code), soci::use(number), soci::use(text), soci::use(created),
        soci::use(by);
}

std::optional<domain::Response> find_response(soci::session& sql, std::int64_t registration_id,
                                              domain::QuestionnaireKind kind) {
    long long registration = registration_id;
    std::string code = kind_text(kind);
    soci::row row;
    sql << select_responses() + " WHERE q.registration_id = :registration AND q.kind = :kind",
        soci::use(registration), soci::use(code), soci::into(row);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return to_response(row);
}

std::vector<domain::Response> responses_of_registration(soci::session& sql,
                                                        std::int64_t registration_id) {
    long long registration = registration_id;
    soci::rowset<soci::row> rows =
        (sql.prepare << select_responses() +
                            " WHERE q.registration_id = :registration ORDER BY q.id",
         soci::use(registration));
    return responses(rows);
}

std::vector<domain::Response> responses_of_session(soci::session& sql, std::int64_t session_id,
                                                   std::optional<domain::QuestionnaireKind> kind) {
    long long session = session_id;
    std::string code = kind ? kind_text(*kind) : "";
    soci::rowset<soci::row> rows =
        (sql.prepare << select_responses() +
                            " WHERE q.session_id = :session"
                            " AND (CAST(:kind AS text) = '' OR q.kind = CAST(:kind2 AS text))"
                            " ORDER BY q.submitted_at, q.id",
         soci::use(session), soci::use(code), soci::use(code));
    return responses(rows);
}

std::vector<domain::Response> responses_of_course(soci::session& sql, std::int64_t course_id,
                                                  domain::QuestionnaireKind kind,
                                                  boost::gregorian::date from,
                                                  boost::gregorian::date to) {
    long long course = course_id;
    std::string code = kind_text(kind), first = iso(from), last = iso(to);
    soci::rowset<soci::row> rows =
        (sql.prepare << select_responses() +
                            " JOIN sessions s ON s.id = q.session_id"
                            " WHERE q.course_id = :course AND q.kind = :kind"
                            " AND s.ends_on BETWEEN CAST(:first AS date) AND CAST(:last AS date)"
                            " ORDER BY q.submitted_at, q.id",
         soci::use(course), soci::use(code), soci::use(first), soci::use(last));
    return responses(rows);
}

std::optional<std::int64_t> insert_response(soci::session& sql, const NewResponse& response,
                                            Instant at) {
    long long registration = response.registration_id, session = response.session_id,
              course = response.course_id, id = 0;
    int version = response.questionnaire_version;
    std::string code = kind_text(response.kind), answers = answers_json(response.answers).dump(),
                now = timestamp(at);
    sql << "INSERT INTO questionnaire_responses (kind, registration_id, session_id, course_id,"
           " questionnaire_version, answers, submitted_at, updated_at) VALUES (:kind,"
           " :registration, :session, :course, :version, CAST(:answers AS jsonb),"
           " CAST(:submitted AS timestamptz), CAST(:updated AS timestamptz))"
           " ON CONFLICT DO NOTHING RETURNING id",
        soci::use(code), soci::use(registration), soci::use(session), soci::use(course),
        soci::use(version), soci::use(answers), soci::use(now), soci::use(now), soci::into(id);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return id;
}

void replace_answers(soci::session& sql, std::int64_t response_id, int questionnaire_version,
                     const std::vector<domain::Answer>& answers, Instant at) {
    long long id = response_id;
    int version = questionnaire_version;
    std::string text = answers_json(answers).dump(), now = timestamp(at);
    sql << "UPDATE questionnaire_responses SET answers = CAST(:answers AS jsonb),"
           " questionnaire_version = :version, updated_at = CAST(:now AS timestamptz)"
           " WHERE id = :id",
        soci::use(text), soci::use(version), soci::use(now), soci::use(id);
}

std::string employer_survey_token(soci::session& sql, std::int64_t registration_id,
                                  const std::string& token, Instant at) {
    long long registration = registration_id;
    std::string candidate = token, now = timestamp(at);
    sql << "INSERT INTO employer_survey_tokens (registration_id, token, created_at)"
           " VALUES (:registration, :token, CAST(:now AS timestamptz))"
           " ON CONFLICT (registration_id) DO NOTHING",
        soci::use(registration), soci::use(candidate), soci::use(now);
    return find_employer_survey_token(sql, registration_id).value_or(token);
}

std::optional<std::string> find_employer_survey_token(soci::session& sql,
                                                      std::int64_t registration_id) {
    long long registration = registration_id;
    std::string token;
    sql << "SELECT token FROM employer_survey_tokens WHERE registration_id = :registration",
        soci::use(registration), soci::into(token);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return token;
}

std::optional<std::int64_t> registration_of_employer_token(soci::session& sql,
                                                           const std::string& token) {
    std::string key = token;
    long long registration = 0;
    sql << "SELECT registration_id FROM employer_survey_tokens WHERE token = :token",
        soci::use(key), soci::into(registration);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return registration;
}

std::optional<domain::AccommodationRequest> accommodation_of_registration(
    soci::session& sql, std::int64_t registration_id) {
    return one_accommodation(sql, "a.registration_id = :key", registration_id);
}

std::optional<domain::AccommodationRequest> find_accommodation(soci::session& sql, std::int64_t id,
                                                               bool lock) {
    if (lock) {
        long long key = id, locked = 0;
        sql << "SELECT id FROM accommodation_requests WHERE id = :id FOR UPDATE", soci::use(key),
            soci::into(locked);
        if (!sql.got_data()) {
            return std::nullopt;
        }
    }
    return one_accommodation(sql, "a.id = :key", id);
}

std::vector<domain::AccommodationRequest> accommodations_of_session(soci::session& sql,
                                                                    std::int64_t session_id) {
    long long session = session_id;
    soci::rowset<soci::row> rows =
        (sql.prepare << select_accommodations() + " WHERE a.session_id = :session ORDER BY a.id",
         soci::use(session));
    std::vector<domain::AccommodationRequest> result;
    for (const auto& row : rows) {
        result.push_back(to_accommodation(row));
    }
    return result;
}

std::vector<domain::AccommodationRequest> list_accommodations(soci::session& sql,
                                                              const std::string& status) {
    std::string filter = status;
    soci::rowset<soci::row> rows =
        (sql.prepare
             << select_accommodations() +
                    " WHERE (CAST(:status AS text) = '' OR a.status = CAST(:status2 AS text))"
                    " ORDER BY a.requested_at DESC, a.id DESC LIMIT 500",
         soci::use(filter), soci::use(filter));
    std::vector<domain::AccommodationRequest> result;
    for (const auto& row : rows) {
        result.push_back(to_accommodation(row));
    }
    return result;
}

void save_accommodation_needs(soci::session& sql, std::int64_t registration_id,
                              std::int64_t session_id, const std::string& needs, Instant at) {
    long long registration = registration_id, session = session_id;
    std::string text = needs, now = timestamp(at);
    sql << "INSERT INTO accommodation_requests (registration_id, session_id, needs, requested_at,"
           " updated_at) VALUES (:registration, :session, :needs, CAST(:requested AS timestamptz),"
           " CAST(:updated AS timestamptz))"
           " ON CONFLICT (registration_id) DO UPDATE SET needs = EXCLUDED.needs,"
           " updated_at = EXCLUDED.updated_at",
        soci::use(registration), soci::use(session), soci::use(text), soci::use(now),
        soci::use(now);
}

void update_accommodation(soci::session& sql, std::int64_t id, const std::string& status,
                          const std::optional<std::string>& notes, Instant at,
                          const std::string& actor) {
    long long key = id;
    std::string code = status, text = notes.value_or(""), now = timestamp(at), by = actor;
    soci::indicator notes_indicator = notes ? soci::i_ok : soci::i_null;
    // Handled (arranged or closed): dated once; reopened: no longer handled.
    sql << "UPDATE accommodation_requests SET status = :status, referent_notes = :notes,"
           " updated_at = CAST(:now AS timestamptz),"
           " handled_at = CASE WHEN :status2 IN ('arranged', 'closed')"
           "   THEN COALESCE(handled_at, CAST(:now2 AS timestamptz)) END,"
           " handled_by = CASE WHEN :status3 IN ('arranged', 'closed') THEN :by END"
           " WHERE id = :id",
        soci::use(code), soci::use(text, notes_indicator), soci::use(now), soci::use(code),
        soci::use(now), soci::use(code), soci::use(by), soci::use(key);
}

}  // namespace formations::storage

#pragma once
// Questionnaires configured by staff (versions, append-only), the answers given to them, the
// employers' survey links and the accommodation requests read by the disability referent. Every
// function runs inside the caller's transaction. The stored form of questions and answers
// (JSON arrays) is this file's business: callers hand over and get back typed values.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "service/domain/clock.hpp"
#include "service/domain/questionnaire.hpp"
#include "service/storage/database.hpp"

namespace formations::storage {

// --- Questionnaires ---

// The latest version staff configured, if any.
std::optional<domain::Questionnaire> configured_questionnaire(soci::session& sql,
                                                              std::int64_t course_id,
                                                              domain::QuestionnaireKind kind);
// Every configured version of every kind of the course, oldest first.
std::vector<domain::Questionnaire> questionnaire_history(soci::session& sql,
                                                         std::int64_t course_id);
void insert_questionnaire(soci::session& sql, std::int64_t course_id,
                          domain::QuestionnaireKind kind, int version,
                          const std::vector<domain::Question>& questions, Instant at,
                          const std::string& actor);

// --- Answers ---

std::optional<domain::Response> find_response(soci::session& sql, std::int64_t registration_id,
                                              domain::QuestionnaireKind kind);
std::vector<domain::Response> responses_of_registration(soci::session& sql,
                                                        std::int64_t registration_id);
// Of one session, or of the sessions of a course whose last day is from `from` to `to`; of one
// kind or all (nullopt); oldest first.
std::vector<domain::Response> responses_of_session(
    soci::session& sql, std::int64_t session_id,
    std::optional<domain::QuestionnaireKind> kind = std::nullopt);
std::vector<domain::Response> responses_of_course(soci::session& sql, std::int64_t course_id,
                                                  domain::QuestionnaireKind kind,
                                                  boost::gregorian::date from,
                                                  boost::gregorian::date to);

struct NewResponse {
    domain::QuestionnaireKind kind = domain::QuestionnaireKind::needs;
    std::int64_t registration_id = 0;
    std::int64_t session_id = 0;
    std::int64_t course_id = 0;
    int questionnaire_version = 0;
    std::vector<domain::Answer> answers;
};
// nullopt when the registration already answered that questionnaire (also when a concurrent
// transaction did first: ON CONFLICT waits for it).
std::optional<std::int64_t> insert_response(soci::session& sql, const NewResponse& response,
                                            Instant at);
void replace_answers(soci::session& sql, std::int64_t response_id, int questionnaire_version,
                     const std::vector<domain::Answer>& answers, Instant at);

// --- Employers' survey links ---

// The link's token of an employer-funded registration, made now (`token`) if it has none.
std::string employer_survey_token(soci::session& sql, std::int64_t registration_id,
                                  const std::string& token, Instant at);
std::optional<std::string> find_employer_survey_token(soci::session& sql,
                                                      std::int64_t registration_id);
std::optional<std::int64_t> registration_of_employer_token(soci::session& sql,
                                                           const std::string& token);

// --- Accommodation requests ---

std::optional<domain::AccommodationRequest> accommodation_of_registration(
    soci::session& sql, std::int64_t registration_id);
std::optional<domain::AccommodationRequest> find_accommodation(soci::session& sql, std::int64_t id,
                                                               bool lock = false);
std::vector<domain::AccommodationRequest> accommodations_of_session(soci::session& sql,
                                                                    std::int64_t session_id);
// Newest first; `status` empty for all.
std::vector<domain::AccommodationRequest> list_accommodations(soci::session& sql,
                                                              const std::string& status);
// Creates the request of a registration or replaces its text.
void save_accommodation_needs(soci::session& sql, std::int64_t registration_id,
                              std::int64_t session_id, const std::string& needs, Instant at);
void update_accommodation(soci::session& sql, std::int64_t id, const std::string& status,
                          const std::optional<std::string>& notes, Instant at,
                          const std::string& actor);

}  // namespace formations::storage

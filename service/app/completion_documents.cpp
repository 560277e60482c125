#include "service/app/completion_documents.hpp"

#include <map>
#include <optional>

#include <nlohmann/json.hpp>

#include "invoices/certificate_pdf.hpp"
#include "invoices/completion_json.hpp"
#include "invoices/french_format.hpp"
#include "service/app/catalogue.hpp"
#include "service/app/detail/organisation.hpp"
#include "service/app/detail/registration_key.hpp"
#include "service/storage/attendance_repository.hpp"
#include "service/storage/completion_document_repository.hpp"
#include "service/storage/course_sheet_repository.hpp"
#include "service/storage/questionnaire_repository.hpp"
#include "service/storage/registration_repository.hpp"
#include "service/storage/session_repository.hpp"

namespace formations::app {
namespace {

using nlohmann::json;
using storage::CompletionKind;

// Where the course has no published sheet (course_sheets.hpp).
constexpr const char* default_assessment =
    "Évaluation des acquis en fin de formation par un questionnaire d'auto-évaluation au regard "
    "des objectifs, et un échange avec le formateur.";

Error course_not_over(boost::gregorian::date last_day) {
    return Error::conflict("course_not_over",
                           "La formation n'est pas terminée : ce document pourra être établi à "
                           "partir du " +
                               invoices::format_date_fr(last_day + boost::gregorian::days(1)) +
                               ", lendemain du dernier jour de la session.");
}

Error no_attendance() {
    return Error::conflict("no_attendance",
                           "Aucune présence n'est enregistrée : le certificat de réalisation ne "
                           "peut pas être établi.");
}

// Present half-days before today, by registration: a half-day not over yet attests nothing.
std::map<std::int64_t, int> attended_minutes(soci::session& sql, const domain::Session& session,
                                             boost::gregorian::date today) {
    std::map<std::int64_t, int> minutes;
    for (const auto& mark : storage::attendance_of_session(sql, session.id)) {
        if (mark.present && mark.day < today) {
            minutes[mark.registration_id] += session.half_day_minutes;
        }
    }
    return minutes;
}

invoices::Certificate facts_of(const invoices::BillingSettings& settings,
                               const domain::Registration& registration,
                               const domain::Session& session, int minutes,
                               boost::gregorian::date today) {
    invoices::Certificate facts;
    facts.organisation = detail::organisation_of(settings);
    facts.trainee_name = registration.trainee.first_name + " " + registration.trainee.last_name;
    if (registration.employer) {
        facts.employer = registration.employer->name;
    }
    facts.course_title = session.course_title;
    facts.starts_on = session.starts_on;
    facts.ends_on = session.ends_on;
    facts.planned_minutes = session.duration_minutes;
    facts.attended_minutes = minutes;
    facts.issued_on = today;
    return facts;
}

// The trainee's end-of-course self-assessment, one line per answer.
std::vector<std::string> assessment_results(soci::session& sql, std::int64_t registration_id) {
    std::vector<std::string> results;
    auto response =
        storage::find_response(sql, registration_id, domain::QuestionnaireKind::self_assessment);
    if (response) {
        for (const auto& answer : response->answers) {
            if (answer.score) {
                results.push_back(answer.label + " : " + std::to_string(*answer.score) + "/5");
            } else if (answer.text) {
                results.push_back(answer.label + " : " + *answer.text);
            }
        }
    }
    if (results.empty()) {
        results.push_back(
            "Le stagiaire n'a pas répondu au questionnaire d'auto-évaluation des acquis de fin de "
            "formation ; la formation a été suivie pour la durée indiquée ci-dessus.");
    }
    return results;
}

json snapshot_of(soci::session& sql, const invoices::BillingSettings& settings,
                 const domain::Registration& registration, const domain::Session& session,
                 int minutes, boost::gregorian::date today, CompletionKind kind) {
    auto facts = facts_of(settings, registration, session, minutes, today);
    if (kind == CompletionKind::certificate) {
        return invoices::to_json(facts);
    }
    invoices::Attestation attestation{std::move(facts), "", default_assessment, {}};
    if (auto sheet = storage::sheet_in_force(sql, session.course_id)) {
        attestation.objectives = sheet->content.objectives;
        attestation.assessment_methods = sheet->content.assessment_methods;
    }
    attestation.results = assessment_results(sql, registration.id);
    return invoices::to_json(attestation);
}

std::string render(const json& snapshot, CompletionKind kind) {
    return kind == CompletionKind::certificate
               ? invoices::render_certificate_pdf(invoices::certificate_from_json(snapshot))
               : invoices::render_attestation_pdf(invoices::attestation_from_json(snapshot));
}

// The document as issued: the latest version when it says what it would say now, else a new
// version. The caller holds the session's lock and checked that the course is over.
storage::IssuedDocument issued(soci::session& sql, const Now& now,
                               const invoices::BillingSettings& settings,
                               const domain::Registration& registration,
                               const domain::Session& session, int minutes, CompletionKind kind) {
    auto snapshot = snapshot_of(sql, settings, registration, session, minutes, now.today, kind);
    auto latest = storage::latest_completion_document(sql, registration.id, kind);
    if (latest &&
        invoices::content_of(json::parse(latest->snapshot)) == invoices::content_of(snapshot)) {
        return std::move(*latest);
    }
    storage::IssuedDocument document{latest ? latest->version + 1 : 1, snapshot.dump(),
                                     render(snapshot, kind), ""};
    storage::insert_completion_document(sql, registration.id, kind, document.version,
                                        document.snapshot, document.pdf, now.instant);
    return document;
}

Result<std::string> registration_document(storage::Database& db, const Clock& clock,
                                          const invoices::BillingSettings& settings,
                                          const RegistrationKey& key, CompletionKind kind) {
    const auto now = clock.now();
    return db.transact([&](soci::session& sql) -> Result<std::string> {
        auto registration = detail::registration_by_key(sql, key);
        if (!registration) {
            return registration_not_found();
        }
        auto session = storage::find_session(sql, registration->session_id, /*lock=*/true);
        if (!session) {
            return session_not_found();
        }
        if (now.today <= session->ends_on) {
            return course_not_over(session->ends_on);
        }
        const int minutes = attended_minutes(sql, *session, now.today)[registration->id];
        if (minutes == 0) {
            return no_attendance();
        }
        return issued(sql, now, settings, *registration, *session, minutes, kind).pdf;
    });
}

}  // namespace

Result<std::string> certificate_pdf(storage::Database& db, const Clock& clock,
                                    const invoices::BillingSettings& settings,
                                    const RegistrationKey& key) {
    return registration_document(db, clock, settings, key, CompletionKind::certificate);
}

Result<std::string> attestation_pdf(storage::Database& db, const Clock& clock,
                                    const invoices::BillingSettings& settings,
                                    const RegistrationKey& key) {
    return registration_document(db, clock, settings, key, CompletionKind::attestation);
}

Result<std::string> session_certificates_pdf(storage::Database& db, const Clock& clock,
                                             const invoices::BillingSettings& settings,
                                             std::int64_t session_id) {
    const auto now = clock.now();
    return db.transact([&](soci::session& sql) -> Result<std::string> {
        auto session = storage::find_session(sql, session_id, /*lock=*/true);
        if (!session) {
            return session_not_found();
        }
        if (now.today <= session->ends_on) {
            return course_not_over(session->ends_on);
        }
        auto minutes = attended_minutes(sql, *session, now.today);
        std::vector<invoices::Certificate> certificates;
        for (const auto& registration : storage::registrations_of_session(sql, session_id)) {
            auto found = minutes.find(registration.id);
            if (found == minutes.end()) {
                continue;
            }
            auto document = issued(sql, now, settings, registration, *session, found->second,
                                   CompletionKind::certificate);
            certificates.push_back(invoices::certificate_from_json(json::parse(document.snapshot)));
        }
        if (certificates.empty()) {
            return no_attendance();
        }
        return invoices::render_certificates_pdf(certificates);
    });
}

}  // namespace formations::app

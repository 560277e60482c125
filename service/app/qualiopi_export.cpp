#include "service/app/qualiopi_export.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "invoices/french_format.hpp"
#include "service/app/attendance.hpp"
#include "service/app/completion_documents.hpp"
#include "service/app/course_sheets.hpp"
#include "service/app/csv.hpp"
#include "service/app/detail/zip_archive.hpp"
#include "service/app/questionnaire_rules.hpp"
#include "service/app/survey_results.hpp"
#include "service/domain/iso8601.hpp"
#include "service/domain/time_zone.hpp"
#include "service/storage/attendance_repository.hpp"
#include "service/storage/complaint_repository.hpp"
#include "service/storage/contract_repository.hpp"
#include "service/storage/convention_repository.hpp"
#include "service/storage/course_sheet_repository.hpp"
#include "service/storage/questionnaire_repository.hpp"
#include "service/storage/registration_repository.hpp"
#include "service/storage/session_repository.hpp"

namespace formations::app {
namespace {

using boost::gregorian::date;
using domain::QuestionnaireKind;

constexpr const char* readme_template =
    R"(Export Qualiopi – preuves tenues par le service d'inscription
==============================================================

Période : du {from} au {to}. Fichier produit le {today}.
Sessions retenues : celles dont le premier jour tombe dans la période (hors sessions annulées).
Réclamations retenues : celles reçues pendant la période.
Les fichiers CSV s'ouvrent dans LibreOffice ou Excel (UTF-8, séparateur « ; »).

Indicateurs 1 et 2 – information publique et résultats : 01-02-fiches/
  <CODE>-fiche-au-<date>.txt   la fiche telle qu'en vigueur le dernier jour de la période, avec
                               les tarifs de ce jour et les résultats calculés par le service
                               (stagiaires, taux d'achèvement, taux de satisfaction, datés)
  <CODE>-version-<N>.txt       chaque version en vigueur pendant la période
  versions.csv                 l'historique des versions et leurs dates de publication

Indicateurs 4 et 8 – analyse du besoin et positionnement : 04-08-positionnement/
  questionnaires.csv           les questions de chaque formation, version par version
  reponses.csv                 les réponses de chaque stagiaire (une ligne par question)

Indicateur 9 – conditions de déroulement : 09-contrats/
  <REFERENCE>.pdf              contrats de formation signés en ligne (stagiaires autofinancés),
                               tels que signés, octet pour octet ; un contrat remplacé par un
                               changement de session (déplacement, session modifiée) reste une
                               preuve : <REFERENCE>-<VERSION>.pdf
  signatures.csv               pour chacun : fichier, signé le, empreinte SHA-256 du PDF signé,
                               phrase confirmée, rétractation éventuelle, remplacé le

Indicateur 9 – conventions de formation : 09-conventions/
  <REFERENCE>.pdf              conventions signées avec les employeurs, telles que signées en
                               ligne ou établies pour une signature sur papier ; une convention
                               remplacée (déplacement, session modifiée) reste une preuve :
                               <REFERENCE>-<VERSION>.pdf
  <REFERENCE>-copie-signee.pdf la copie signée sur papier jointe par l'équipe, octet pour octet
  signatures.csv               pour chacune : fichier, employeur, signée en ligne ou sur papier,
                               le, empreinte SHA-256 du PDF signé ou de la copie, phrase
                               confirmée, jointe par, remplacée le

Indicateurs 10 et 26 – adaptation et handicap : 10-26-amenagements/
  demandes.csv                 demandes d'aménagement : dates, suite donnée ; leur contenu reste
                               consultable par le ou la référent·e handicap seulement

Indicateur 11 – atteinte des objectifs : 11-auto-evaluation/
  reponses.csv, synthese.csv   auto-évaluations de fin de formation et leur synthèse

Indicateur 12 – assiduité : 12-emargement/
  presences.csv                présences par stagiaire et par demi-journée
  certificats-<SESSION>.pdf    certificats de réalisation (heures réellement suivies)

Indicateur 30 – recueil des appréciations : 30-satisfaction/
  stagiaires-reponses.csv      questionnaires de satisfaction des stagiaires
  employeurs-reponses.csv      questionnaires « à froid » des employeurs
  synthese.csv                 résultats par session et par formation

Indicateurs 31 et 32 – réclamations et améliorations : 31-32-reclamations/
  registre.csv                 réclamations et incidents, réponses apportées, actions
                               d'amélioration décidées, avec leurs dates et statuts

Les données personnelles anonymisées (durée de conservation écoulée ou effacement sur demande)
apparaissent comme « anonymisé ».
)";

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
    return text;
}

// "2026-05-12T08:30:00Z" → "12/05/2026 10:30" (business time zone).
std::string local_text(const std::optional<std::string>& iso_instant) {
    if (!iso_instant) {
        return "";
    }
    auto instant = parse_instant(*iso_instant);
    if (!instant) {
        return *iso_instant;
    }
    auto local = local_time(*instant);
    char clock[8];
    std::snprintf(clock, sizeof clock, "%02d:%02d", local.hour, local.minute);
    return invoices::format_date_fr(local.date) + " " + clock;
}

std::string answer_text(const domain::Answer& answer) {
    if (answer.score) {
        return std::to_string(*answer.score) + "/5";
    }
    if (answer.text) {
        return *answer.text;
    }
    return "(texte effacé)";
}

std::string kind_label(QuestionnaireKind kind) {
    switch (kind) {
        case QuestionnaireKind::needs:
            return "Positionnement et besoins";
        case QuestionnaireKind::self_assessment:
            return "Auto-évaluation";
        case QuestionnaireKind::satisfaction:
            return "Satisfaction des stagiaires";
        case QuestionnaireKind::employer:
            return "Questionnaire à froid des employeurs";
    }
    return "";
}

std::string type_label(domain::QuestionType type) {
    switch (type) {
        case domain::QuestionType::text:
            return "Réponse libre";
        case domain::QuestionType::choice:
            return "Choix";
        case domain::QuestionType::scale:
            return "Note de 1 à 5";
    }
    return "";
}

std::string status_label(const std::string& status) {
    static const std::map<std::string, std::string> labels = {
        {"received", "Reçue"},
        {"in_progress", "En cours"},
        {"answered", "Réponse apportée"},
        {"closed", "Close"},
        {"new", "Nouvelle"},
        {"arranged", "Aménagement mis en place"},
        {"planned", "Décidée"},
        {"done", "Réalisée"},
    };
    auto found = labels.find(status);
    return found == labels.end() ? status : found->second;
}

std::string role_label(const std::string& role) {
    static const std::map<std::string, std::string> labels = {
        {"trainee", "Stagiaire"},      {"employer", "Employeur"}, {"funder", "Financeur"},
        {"trainer", "Formateur·rice"}, {"staff", "Équipe"},       {"other", "Autre"}};
    auto found = labels.find(role);
    return found == labels.end() ? role : found->second;
}

std::string channel_label(const std::string& channel) {
    static const std::map<std::string, std::string> labels = {
        {"public_form", "Formulaire public"},
        {"trainee_page", "Page personnelle du stagiaire"},
        {"email", "E-mail"},
        {"phone", "Téléphone"},
        {"letter", "Courrier"},
        {"in_person", "De vive voix"}};
    auto found = labels.find(channel);
    return found == labels.end() ? channel : found->second;
}

// A session of the period with what the export reads of it.
struct SessionEvidence {
    domain::Session session;
    std::map<std::int64_t, domain::Registration> registrations;
    std::vector<domain::Response> responses;
    std::vector<domain::AccommodationRequest> accommodations;
    std::vector<domain::AttendanceMark> marks;
    // The signed training contracts of its self-funded trainees and conventions of its
    // employer-funded ones, with their signatures: the ones in force and those a move or a
    // session edit superseded (signed, they stay evidence).
    std::vector<storage::SignedContractVersion> contracts;
    std::vector<storage::SignedConventionVersion> conventions;
};

struct CourseEvidence {
    domain::Course course;
    std::vector<storage::SheetVersion> versions;
    std::vector<domain::Questionnaire> questionnaires;  // configured, every version
    std::map<QuestionnaireKind, std::vector<domain::Response>> responses;
};

struct Evidence {
    std::vector<CourseEvidence> courses;
    std::vector<SessionEvidence> sessions;
    std::vector<domain::Complaint> complaints;
};

Evidence gather(soci::session& sql, const domain::Period& period) {
    Evidence evidence;
    for (auto& course : storage::list_courses(sql)) {
        CourseEvidence entry{course,
                             storage::sheet_versions(sql, course.id),
                             storage::questionnaire_history(sql, course.id),
                             {}};
        for (auto kind : domain::questionnaire_kinds) {
            entry.responses[kind] =
                storage::responses_of_course(sql, course.id, kind, period.from, period.to);
        }
        evidence.courses.push_back(std::move(entry));
    }
    for (auto& session :
         storage::sessions_starting_after(sql, period.from - boost::gregorian::days(1))) {
        if (session.starts_on > period.to) {
            continue;
        }
        SessionEvidence entry;
        for (auto& registration : storage::registrations_of_session(sql, session.id)) {
            entry.registrations.emplace(registration.id, std::move(registration));
        }
        entry.responses = storage::responses_of_session(sql, session.id);
        entry.accommodations = storage::accommodations_of_session(sql, session.id);
        entry.marks = storage::attendance_of_session(sql, session.id);
        for (const auto& [id, registration] : entry.registrations) {
            for (auto& version : storage::signed_contract_versions(sql, id)) {
                entry.contracts.push_back(std::move(version));
            }
            for (auto& version : storage::signed_convention_versions(sql, id)) {
                entry.conventions.push_back(std::move(version));
            }
        }
        entry.session = std::move(session);
        evidence.sessions.push_back(std::move(entry));
    }
    storage::ComplaintFilter filter;
    filter.received_from = local_instant(period.from, 0, 0);
    filter.received_before = local_instant(period.to + boost::gregorian::days(1), 0, 0);
    filter.limit = 500;
    for (;;) {
        auto page = storage::list_complaints(sql, filter);
        evidence.complaints.insert(evidence.complaints.end(), page.items.begin(), page.items.end());
        filter.offset += filter.limit;
        if (page.items.empty() || filter.offset >= page.total) {
            break;
        }
    }
    std::reverse(evidence.complaints.begin(), evidence.complaints.end());  // oldest first
    return evidence;
}

std::string trainee_name(const SessionEvidence& session, const domain::Response& response) {
    if (!response.registration_id) {
        return "anonymisé";
    }
    auto found = session.registrations.find(*response.registration_id);
    if (found == session.registrations.end()) {
        return "";
    }
    return found->second.trainee.last_name + " " + found->second.trainee.first_name;
}

std::string answers_csv(const Evidence& evidence, std::initializer_list<QuestionnaireKind> kinds) {
    CsvWriter csv;
    csv.row({"Session", "Premier jour", "Questionnaire", "Stagiaire", "Employeur", "Répondu le",
             "Modifié le", "N° question", "Question", "Réponse"});
    for (const auto& session : evidence.sessions) {
        for (const auto& response : session.responses) {
            if (std::find(kinds.begin(), kinds.end(), response.kind) == kinds.end()) {
                continue;
            }
            std::string employer;
            if (response.registration_id) {
                auto found = session.registrations.find(*response.registration_id);
                if (found != session.registrations.end() && found->second.employer) {
                    employer = found->second.employer->name;
                }
            }
            for (const auto& answer : response.answers) {
                csv.row(
                    {session.session.reference, invoices::format_date_fr(session.session.starts_on),
                     kind_label(response.kind), trainee_name(session, response), employer,
                     local_text(response.submitted_at),
                     response.updated_at == response.submitted_at ? ""
                                                                  : local_text(response.updated_at),
                     answer.question_id, answer.label, answer_text(answer)});
            }
        }
    }
    return csv.str();
}

void summary_rows(CsvWriter& csv, const std::string& scope, const SurveyResult& result) {
    if (result.responses == 0) {
        csv.row({scope, kind_label(result.kind), "0", "", "", "", "", "", ""});
        return;
    }
    auto rate = result.satisfaction ? percent_text(*result.satisfaction) : "";
    for (const auto& question : result.questions) {
        std::string detail;
        if (question.type == domain::QuestionType::scale) {
            for (int score = 1; score <= 5; ++score) {
                detail += (score > 1 ? " ; " : "") + std::to_string(score) + " : " +
                          std::to_string(question.scores[score - 1]);
            }
        } else if (question.type == domain::QuestionType::choice) {
            for (const auto& [option, count] : question.choices) {
                detail += (detail.empty() ? "" : " ; ") + option + " : " + std::to_string(count);
            }
        } else {
            detail = std::to_string(question.comments.size()) + " commentaire(s)";
        }
        auto mean = question.mean_hundredths();
        auto satisfied = question.satisfied();
        csv.row({scope, kind_label(result.kind), std::to_string(result.responses), rate,
                 question.label, std::to_string(question.answers),
                 mean ? hundredths_text(*mean) : "",
                 satisfied.total > 0 ? percent_text(satisfied) : "", detail});
    }
}

std::string summary_csv(const Evidence& evidence, std::initializer_list<QuestionnaireKind> kinds) {
    CsvWriter csv;
    csv.row({"Périmètre", "Questionnaire", "Réponses", "Taux de satisfaction (note globale 4 ou 5)",
             "Question", "Réponses à la question", "Moyenne sur 5", "Notes de 4 ou 5", "Détail"});
    for (const auto& session : evidence.sessions) {
        for (auto kind : kinds) {
            summary_rows(csv, "Session " + session.session.reference,
                         summarise(kind, session.responses));
        }
    }
    for (const auto& course : evidence.courses) {
        for (auto kind : kinds) {
            summary_rows(
                csv, "Formation " + course.course.code + " (sessions terminées dans la période)",
                summarise(kind, course.responses.at(kind)));
        }
    }
    return csv.str();
}

std::string questionnaires_csv(soci::session& sql, const Evidence& evidence) {
    CsvWriter csv;
    csv.row({"Formation", "Questionnaire", "Version", "Publiée le", "Par", "N° question",
             "Question", "Type", "Options", "Obligatoire"});
    for (const auto& course : evidence.courses) {
        for (auto kind : domain::questionnaire_kinds) {
            std::vector<domain::Questionnaire> versions;
            for (const auto& q : course.questionnaires) {
                if (q.kind == kind) {
                    versions.push_back(q);
                }
            }
            if (versions.empty()) {  // the built-in questions, asked as long as staff change none
                std::vector<std::string> objectives;
                if (auto sheet = storage::sheet_in_force(sql, course.course.id)) {
                    objectives = objective_lines(sheet->content.objectives);
                }
                versions.push_back({course.course.id, kind, 0, default_questions(kind, objectives),
                                    std::nullopt, std::nullopt});
            }
            for (const auto& version : versions) {
                for (const auto& question : version.questions) {
                    std::string options;
                    for (const auto& option : question.options) {
                        options += (options.empty() ? "" : " | ") + option;
                    }
                    csv.row({course.course.code, kind_label(kind),
                             version.version == 0 ? "0 (questions par défaut)"
                                                  : std::to_string(version.version),
                             local_text(version.created_at), version.created_by.value_or(""),
                             question.id, question.label, type_label(question.type), options,
                             question.required ? "oui" : "non"});
                }
            }
        }
    }
    return csv.str();
}

std::string accommodations_csv(const Evidence& evidence) {
    CsvWriter csv;
    csv.row({"Session", "Premier jour", "Demande n°", "Reçue le", "Mise à jour le", "Suite donnée",
             "Traitée le", "Anonymisée"});
    for (const auto& session : evidence.sessions) {
        for (const auto& request : session.accommodations) {
            csv.row({session.session.reference, invoices::format_date_fr(session.session.starts_on),
                     std::to_string(request.id), local_text(request.requested_at),
                     local_text(request.updated_at), status_label(request.status),
                     local_text(request.handled_at), request.needs ? "non" : "oui"});
        }
    }
    return csv.str();
}

std::string attendance_csv(const Evidence& evidence) {
    CsvWriter csv;
    csv.row({"Session", "Formation", "Stagiaire", "Jour", "Demi-journée", "Présent·e"});
    for (const auto& session : evidence.sessions) {
        for (const auto& mark : session.marks) {
            auto found = session.registrations.find(mark.registration_id);
            std::string name =
                found == session.registrations.end()
                    ? ""
                    : found->second.trainee.last_name + " " + found->second.trainee.first_name;
            csv.row({session.session.reference, session.session.course_title, name,
                     invoices::format_date_fr(mark.day), mark.half == "am" ? "matin" : "après-midi",
                     mark.present ? "oui" : "non"});
        }
    }
    return csv.str();
}

// The file of a signed agreement without its extension: <REFERENCE> for the one in force; a
// superseded one names its version too (its reference does from version 2 on: CF-000012-2), so
// the first is CF-000012-1.
std::string agreement_file_stem(const std::string& reference, int version,
                                const std::optional<std::string>& superseded_at) {
    return superseded_at && version == 1 ? reference + "-1" : reference;
}

std::string contract_file_name(const storage::SignedContractVersion& signed_contract) {
    return agreement_file_stem(signed_contract.contract.reference, signed_contract.version,
                               signed_contract.superseded_at) +
           ".pdf";
}

// The convention as signed online, or the one signed on paper: <stem>.pdf its PDF as made, and
// <stem>-copie-signee.pdf the scanned signed copy beside it.
std::string convention_file_stem(const storage::SignedConventionVersion& signed_convention) {
    return agreement_file_stem(signed_convention.convention.reference, signed_convention.version,
                               signed_convention.superseded_at);
}

// "Lefèvre Zoé", or nothing when the registration is not the session's any more.
std::string trainee_of(const SessionEvidence& session, std::int64_t registration_id) {
    auto found = session.registrations.find(registration_id);
    return found == session.registrations.end()
               ? ""
               : found->second.trainee.last_name + " " + found->second.trainee.first_name;
}

std::string signatures_csv(const Evidence& evidence) {
    CsvWriter csv;
    csv.row({"Contrat", "Fichier", "Session", "Stagiaire", "Signé le",
             "Empreinte SHA-256 du PDF signé", "Phrase confirmée", "Rétractation le",
             "Remplacé le"});
    for (const auto& session : evidence.sessions) {
        for (const auto& signed_contract : session.contracts) {
            csv.row({signed_contract.contract.reference, contract_file_name(signed_contract),
                     session.session.reference,
                     trainee_of(session, signed_contract.contract.registration_id),
                     local_text(signed_contract.signature.signed_at),
                     signed_contract.signature.pdf_sha256, signed_contract.signature.statement,
                     local_text(signed_contract.withdrawn_at),
                     local_text(signed_contract.superseded_at)});
        }
    }
    return csv.str();
}

std::string convention_signatures_csv(const Evidence& evidence) {
    CsvWriter csv;
    csv.row({"Convention", "Fichier", "Session", "Stagiaire", "Employeur", "Signée", "Signée le",
             "Empreinte SHA-256 du PDF signé", "Phrase confirmée", "Copie signée jointe",
             "Empreinte SHA-256 de la copie", "Jointe par", "Remplacée le"});
    for (const auto& session : evidence.sessions) {
        for (const auto& signed_convention : session.conventions) {
            const auto& signature = signed_convention.signature;
            const auto id = signed_convention.convention.registration_id;
            auto found = session.registrations.find(id);
            const bool paper = signature.method == "paper";
            csv.row({signed_convention.convention.reference,
                     convention_file_stem(signed_convention) + ".pdf", session.session.reference,
                     trainee_of(session, id),
                     found != session.registrations.end() && found->second.employer
                         ? found->second.employer->name
                         : "",
                     paper ? "sur papier" : "en ligne", local_text(signature.signed_at),
                     signature.pdf_sha256.value_or(""), signature.statement.value_or(""),
                     paper ? convention_file_stem(signed_convention) + "-copie-signee.pdf" : "",
                     signature.scan_sha256.value_or(""), signature.recorded_by.value_or(""),
                     local_text(signed_convention.superseded_at)});
        }
    }
    return csv.str();
}

std::string complaints_csv(const Evidence& evidence) {
    CsvWriter csv;
    csv.row({"N°", "Type", "Reçue le", "Canal", "Émise par", "Session", "Objet", "Description",
             "Statut", "Réponse apportée", "Répondue le", "Action d'amélioration",
             "Suivi de l'action", "Décidée le", "Réalisée le", "Close le"});
    for (const auto& c : evidence.complaints) {
        csv.row({std::to_string(c.id), c.kind == "incident" ? "Incident" : "Réclamation",
                 local_text(c.received_at), channel_label(c.channel), role_label(c.author_role),
                 c.session_reference.value_or(""), c.subject, c.description, status_label(c.status),
                 c.answer.value_or(""), local_text(c.answered_at),
                 c.improvement_action.value_or(""),
                 c.improvement_status ? status_label(*c.improvement_status) : "",
                 local_text(c.improvement_decided_at), local_text(c.improvement_done_at),
                 local_text(c.closed_at)});
    }
    return csv.str();
}

}  // namespace

Result<Done> write_qualiopi_zip(storage::Database& db, const Clock& clock,
                                const invoices::BillingSettings& billing,
                                const domain::Period& period, const std::string& path) {
    const auto today = clock.now().today;
    // Everything read in one read-only transaction: one consistent picture of the period.
    struct Files {
        Evidence evidence;
        std::string questionnaires;
    };
    auto read = db.transact([&](soci::session& sql) -> Result<Files> {
        storage::make_read_only(sql);
        Files files;
        files.evidence = gather(sql, period);
        files.questionnaires = questionnaires_csv(sql, files.evidence);
        return files;
    });
    if (!read) {
        return read.error();
    }
    const auto& evidence = read->evidence;
    detail::ZipArchive zip(path);
    auto add = [&](const std::string& name, const std::string& bytes) {
        return zip.add(name, bytes);
    };

    auto readme =
        replace_all(readme_template, "{from}", invoices::format_long_date_fr(period.from));
    readme = replace_all(readme, "{to}", invoices::format_long_date_fr(period.to));
    readme = replace_all(readme, "{today}", invoices::format_long_date_fr(today));
    if (auto error = add("LISEZMOI.txt", readme)) {
        return *error;
    }

    // Indicators 1 and 2: the sheets.
    auto sheet_day = std::min(period.to, today);
    CsvWriter versions;
    versions.row({"Formation", "Version", "Publiée le", "Par", "En vigueur pendant la période"});
    for (const auto& course : evidence.courses) {
        auto period_start = local_instant(period.from, 0, 0);
        auto period_end = local_instant(period.to + boost::gregorian::days(1), 0, 0);
        for (std::size_t i = 0; i < course.versions.size(); ++i) {
            const auto& version = course.versions[i];
            auto published = parse_instant(version.published_at).value();
            auto replaced = i + 1 < course.versions.size()
                                ? parse_instant(course.versions[i + 1].published_at)
                                : std::nullopt;
            bool in_force = published < period_end && (!replaced || *replaced > period_start);
            versions.row({course.course.code, std::to_string(version.version),
                          local_text(version.published_at), version.published_by,
                          in_force ? "oui" : "non"});
            // The version's text as it read on the last day it was in force in the period.
            auto last_day =
                std::min(sheet_day,
                         replaced ? local_date(*replaced) - boost::gregorian::days(1) : sheet_day);
            if (in_force && last_day >= local_date(published)) {
                auto sheet = course_sheet(db, clock, course.course.code, last_day);
                if (sheet && sheet->sheet.version == version.version) {
                    if (auto error = add("01-02-fiches/" + course.course.code + "-version-" +
                                             std::to_string(version.version) + ".txt",
                                         course_sheet_text(sheet.value()))) {
                        return *error;
                    }
                }
            }
        }
        auto current = course_sheet(db, clock, course.course.code, sheet_day);
        if (current) {
            if (auto error = add("01-02-fiches/" + course.course.code + "-fiche-au-" +
                                     format_date(sheet_day) + ".txt",
                                 course_sheet_text(current.value()))) {
                return *error;
            }
        }
    }
    for (auto [name, bytes] : std::initializer_list<std::pair<std::string, std::string>>{
             {"01-02-fiches/versions.csv", versions.str()},
             {"04-08-positionnement/questionnaires.csv", read->questionnaires},
             {"04-08-positionnement/reponses.csv",
              answers_csv(evidence, {QuestionnaireKind::needs})},
             {"10-26-amenagements/demandes.csv", accommodations_csv(evidence)},
             {"11-auto-evaluation/reponses.csv",
              answers_csv(evidence, {QuestionnaireKind::self_assessment})},
             {"11-auto-evaluation/synthese.csv",
              summary_csv(evidence, {QuestionnaireKind::self_assessment})},
             {"12-emargement/presences.csv", attendance_csv(evidence)},
             {"30-satisfaction/stagiaires-reponses.csv",
              answers_csv(evidence, {QuestionnaireKind::satisfaction})},
             {"30-satisfaction/employeurs-reponses.csv",
              answers_csv(evidence, {QuestionnaireKind::employer})},
             {"30-satisfaction/synthese.csv",
              summary_csv(evidence,
                          {QuestionnaireKind::satisfaction, QuestionnaireKind::employer})},
             {"31-32-reclamations/registre.csv", complaints_csv(evidence)}}) {
        if (auto error = add(name, bytes)) {
            return *error;
        }
    }
    // Indicator 9: the signed contracts, the stored bytes that were signed.
    if (auto error = add("09-contrats/signatures.csv", signatures_csv(evidence))) {
        return *error;
    }
    for (const auto& session : evidence.sessions) {
        for (const auto& signed_contract : session.contracts) {
            if (auto error = add("09-contrats/" + contract_file_name(signed_contract),
                                 signed_contract.contract.pdf)) {
                return *error;
            }
        }
    }
    // And the signed conventions of employer-funded trainees, with the copies signed on paper.
    if (auto error = add("09-conventions/signatures.csv", convention_signatures_csv(evidence))) {
        return *error;
    }
    for (const auto& session : evidence.sessions) {
        for (const auto& signed_convention : session.conventions) {
            if (auto error =
                    add("09-conventions/" + convention_file_stem(signed_convention) + ".pdf",
                        signed_convention.convention.pdf)) {
                return *error;
            }
            if (signed_convention.scan) {
                if (auto error = add("09-conventions/" + convention_file_stem(signed_convention) +
                                         "-copie-signee.pdf",
                                     *signed_convention.scan)) {
                    return *error;
                }
            }
        }
    }
    // Indicator 12: the certificates of each session with attendance, as issued (those of a
    // session that is over and not yet issued are issued now; a session not over has none).
    for (const auto& session : evidence.sessions) {
        if (session.marks.empty()) {
            continue;
        }
        auto pdf = session_certificates_pdf(db, clock, billing, session.session.id);
        if (pdf) {
            if (auto error = add("12-emargement/certificats-" + session.session.reference + ".pdf",
                                 pdf.value())) {
                return *error;
            }
        } else if (pdf.error().code != "no_attendance" && pdf.error().code != "course_not_over") {
            return pdf.error();
        }
    }
    if (auto error = zip.close()) {
        return *error;
    }
    return Done{};
}

}  // namespace formations::app

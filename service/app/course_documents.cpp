#include "service/app/course_documents.hpp"

#include "invoices/french_format.hpp"
#include "invoices/information_pdf.hpp"
#include "service/app/catalogue.hpp"
#include "service/app/course_sheets.hpp"
#include "service/app/detail/organisation.hpp"
#include "service/app/detail/registration_key.hpp"
#include "service/app/input_rules.hpp"
#include "service/storage/course_sheet_repository.hpp"
#include "service/storage/internal_rules_repository.hpp"
#include "service/storage/registration_repository.hpp"
#include "service/storage/session_repository.hpp"

namespace formations::app {
namespace {

constexpr std::size_t max_rules_chars = 50000;

// Until staff publish their own: a règlement intérieur with the mentions of R6352-1 to R6352-15
// (health and safety, discipline and sanctions, the rights of defence, trainee representation
// for actions over 500 hours), in the organisation's name. Articles are separated by blank
// lines; a line starting with "Article" is a heading in the PDF.
std::string default_internal_rules(const invoices::BillingSettings& settings) {
    const std::string& name = settings.seller.name;
    return "Article 1 – Objet et champ d'application\n"
           "Le présent règlement intérieur est établi conformément aux articles L6352-3 à "
           "L6352-5 et R6352-1 à R6352-15 du Code du travail. Il s'applique à toute personne "
           "inscrite à une action de formation organisée par " +
           name +
           ", pour toute la durée de la formation, dans les locaux de l'organisme comme dans "
           "ceux où la formation est dispensée.\n\n"
           "Article 2 – Hygiène et sécurité\n"
           "Chaque stagiaire respecte les consignes d'hygiène et de sécurité en vigueur dans les "
           "locaux où se déroule la formation, notamment les consignes d'incendie et "
           "d'évacuation qui y sont affichées. Il est interdit de fumer ou de vapoter dans les "
           "locaux, et d'y introduire des boissons alcoolisées ou d'y pénétrer en état "
           "d'ivresse. Tout accident, même léger, survenu pendant la formation ou le trajet est "
           "signalé sans délai au formateur ou à la formatrice.\n\n"
           "Article 3 – Discipline\n"
           "Les stagiaires respectent les horaires communiqués dans la convocation et signent la "
           "feuille d'émargement chaque demi-journée. Toute absence ou tout retard est signalé à "
           "l'organisme et, pour un stagiaire salarié, à son employeur. Chacun adopte une "
           "attitude respectueuse envers les autres stagiaires et les intervenants et utilise "
           "avec soin le matériel mis à sa disposition. Les supports remis sont réservés à un "
           "usage personnel.\n\n"
           "Article 4 – Sanctions\n"
           "Tout manquement du stagiaire au présent règlement peut faire l'objet d'une sanction "
           "prononcée par le responsable de l'organisme : avertissement écrit, ou exclusion "
           "temporaire ou définitive de la formation (article R6352-3). Les amendes et autres "
           "sanctions pécuniaires sont interdites. L'employeur du stagiaire salarié, et le "
           "financeur le cas échéant, sont informés de la sanction prise.\n\n"
           "Article 5 – Garanties disciplinaires\n"
           "Aucune sanction ne peut être prononcée sans que le stagiaire ait été informé au "
           "préalable, par écrit, des griefs retenus contre lui. Lorsqu'une sanction autre "
           "qu'un avertissement est envisagée, il est convoqué à un entretien, peut s'y faire "
           "assister par une personne de son choix, et la sanction, motivée, lui est notifiée "
           "par écrit au plus tôt un jour franc et au plus tard quinze jours après l'entretien "
           "(articles R6352-4 à R6352-8).\n\n"
           "Article 6 – Représentation des stagiaires\n"
           "Pour les actions de formation d'une durée supérieure à 500 heures, un délégué "
           "titulaire et un délégué suppléant sont élus selon les articles R6352-9 à R6352-15. "
           "Les formations plus courtes n'en comportent pas.\n\n"
           "Article 7 – Publicité\n"
           "Le présent règlement est remis à chaque stagiaire avant son inscription définitive "
           "et publié sur la page de chaque formation.";
}

InternalRules rules_of(const std::optional<storage::InternalRulesVersion>& stored,
                       const invoices::BillingSettings& settings) {
    if (!stored) {
        return {0, default_internal_rules(settings), std::nullopt, std::nullopt};
    }
    return {stored->version, stored->text, stored->published_at, stored->published_by};
}

// Paragraphs separated by blank lines; a paragraph starting with "Article" is titled by its
// first line.
std::vector<invoices::InformationSection> rules_sections(const std::string& text) {
    std::vector<invoices::InformationSection> sections;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find("\n\n", start);
        std::string paragraph =
            text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        start = end == std::string::npos ? text.size() + 1 : end + 2;
        if (paragraph.find_first_not_of(" \n") == std::string::npos) {
            continue;
        }
        auto line_end = paragraph.find('\n');
        if (paragraph.rfind("Article", 0) == 0 && line_end != std::string::npos) {
            sections.push_back({paragraph.substr(0, line_end), paragraph.substr(line_end + 1)});
        } else {
            sections.push_back({"", paragraph});
        }
    }
    return sections;
}

Error no_convocation() {
    return Error::conflict("no_convocation",
                           "Pas de convocation : cette inscription n'a pas de place confirmée.");
}

invoices::Convocation convocation_of(const invoices::BillingSettings& settings,
                                     const domain::Registration& registration,
                                     const domain::Session& session,
                                     const std::optional<domain::CourseSheetContent>& sheet) {
    invoices::Convocation c;
    c.organisation = detail::organisation_of(settings);
    c.trainee_name = registration.trainee.first_name + " " + registration.trainee.last_name;
    c.course_title = session.course_title;
    c.session_reference = session.reference;
    c.starts_on = session.starts_on;
    c.ends_on = session.ends_on;
    c.morning = session.hours.morning();
    c.afternoon = session.hours.afternoon();
    c.duration_minutes = session.duration_minutes;
    c.place = session.place;
    c.trainer = session.trainer;
    // Without a published course sheet, the organisation's address answers every question.
    const std::string organisation_contact = settings.seller.name + " – " + settings.seller.email;
    c.access = sheet ? sheet->accessibility : "";
    c.contact = sheet && !sheet->contact.empty() ? sheet->contact : organisation_contact;
    c.disability_referent = sheet
                                ? sheet->referent_name + " – " + sheet->referent_email +
                                      (sheet->referent_phone ? " – " + *sheet->referent_phone : "")
                                : organisation_contact;
    return c;
}

}  // namespace

Result<InternalRules> internal_rules(storage::Database& db,
                                     const invoices::BillingSettings& settings) {
    return db.transact([&](soci::session& sql) -> Result<InternalRules> {
        return rules_of(storage::latest_internal_rules(sql), settings);
    });
}

Result<RulesPublication> publish_internal_rules(storage::Database& db, const Clock& clock,
                                                const Actor& actor,
                                                const invoices::BillingSettings& settings,
                                                const std::string& text) {
    auto normalised = normalise_text(text, "text", max_rules_chars, /*multiline=*/true);
    if (!normalised) {
        return Error::invalid("invalid_rules",
                              "Le règlement intérieur est un texte de 1 à 50 000 caractères, "
                              "sans caractère de contrôle.",
                              "text");
    }
    const auto now = clock.now();
    return db.transact([&](soci::session& sql) -> Result<RulesPublication> {
        auto current = storage::latest_internal_rules(sql);
        if (current && current->text == normalised.value()) {
            return RulesPublication{rules_of(current, settings), false};
        }
        const int version = current ? current->version + 1 : 1;
        storage::insert_internal_rules(sql, version, normalised.value(), now.instant,
                                       actor.audit_name());
        return RulesPublication{rules_of(storage::latest_internal_rules(sql), settings), true};
    });
}

Result<std::vector<InternalRules>> internal_rules_versions(storage::Database& db) {
    return db.transact([&](soci::session& sql) -> Result<std::vector<InternalRules>> {
        std::vector<InternalRules> versions;
        for (auto& stored : storage::internal_rules_versions(sql)) {
            versions.push_back({stored.version, std::move(stored.text),
                                std::move(stored.published_at), std::move(stored.published_by)});
        }
        return versions;
    });
}

Result<std::string> internal_rules_pdf(storage::Database& db,
                                       const invoices::BillingSettings& settings) {
    auto rules = internal_rules(db, settings);
    if (!rules) {
        return rules.error();
    }
    invoices::InformationDocument document;
    document.organisation = detail::organisation_of(settings);
    document.title = "Règlement intérieur";
    document.metadata_title = "Reglement interieur";
    document.subtitle = "applicable aux stagiaires (article L6352-3 du Code du travail)";
    document.sections = rules_sections(rules->text);
    document.footer_reference =
        "Règlement intérieur" +
        (rules->version > 0 ? ", version " + std::to_string(rules->version) : std::string());
    return invoices::render_information_pdf(document);
}

Result<std::string> programme_pdf(storage::Database& db, const Clock& clock,
                                  const invoices::BillingSettings& settings,
                                  const std::string& course_code) {
    invoices::InformationDocument document;
    document.organisation = detail::organisation_of(settings);
    document.title = "Programme de la formation";
    document.metadata_title = "Programme de la formation";
    auto sheet = course_sheet(db, clock, course_code, std::nullopt);
    if (sheet) {
        const auto& course = sheet->sheet.course;
        document.subtitle = course.title;
        for (auto& [title, body] : course_sheet_sections(sheet.value())) {
            document.sections.push_back({title, body});
        }
        document.footer_reference = "Programme " + course.code + ", version " +
                                    std::to_string(sheet->sheet.version) + " du " +
                                    invoices::format_date_fr(sheet->sheet.published_on);
        return invoices::render_information_pdf(document);
    }
    if (sheet.error().code != "sheet_not_published") {
        return sheet.error();
    }
    // No sheet published yet: the course's own programme, as the training contract prints it.
    auto course =
        db.transact([&](soci::session& sql) -> Result<std::pair<std::string, std::string>> {
            auto found = storage::find_course(sql, course_code);
            if (!found) {
                return course_not_found();
            }
            return std::pair{found->title, storage::course_programme(sql, found->id)};
        });
    if (!course) {
        return course.error();
    }
    document.subtitle = course->first;
    document.sections.push_back({"Programme", course->second});
    document.footer_reference = "Programme " + course_code;
    return invoices::render_information_pdf(document);
}

Result<std::vector<NamedPdf>> contract_enclosures(storage::Database& db, const Clock& clock,
                                                  const invoices::BillingSettings& settings,
                                                  std::int64_t registration_id) {
    auto course_code = db.transact([&](soci::session& sql) -> Result<std::string> {
        auto registration = storage::find_registration_by_id(sql, registration_id);
        if (!registration) {
            return registration_not_found();
        }
        auto session = storage::find_session(sql, registration->session_id);
        if (!session) {
            return session_not_found();
        }
        return session->course_code;
    });
    if (!course_code) {
        return course_code.error();
    }
    std::vector<NamedPdf> enclosures;
    auto programme = programme_pdf(db, clock, settings, course_code.value());
    if (programme) {
        enclosures.push_back({"programme.pdf", std::move(programme.value())});
    } else if (programme.error().code != "course_not_found") {
        return programme.error();
    }
    auto rules = internal_rules_pdf(db, settings);
    if (!rules) {
        return rules.error();
    }
    enclosures.push_back({"reglement-interieur.pdf", std::move(rules.value())});
    return enclosures;
}

Result<std::string> convocation_pdf(storage::Database& db,
                                    const invoices::BillingSettings& settings,
                                    const RegistrationKey& key) {
    auto convocation = db.transact([&](soci::session& sql) -> Result<invoices::Convocation> {
        auto registration = detail::registration_by_key(sql, key);
        if (!registration) {
            return registration_not_found();
        }
        if (registration->status != "confirmed") {
            return no_convocation();
        }
        auto session = storage::find_session(sql, registration->session_id);
        if (!session) {
            return session_not_found();
        }
        auto sheet = storage::sheet_in_force(sql, session->course_id);
        return convocation_of(settings, *registration, *session,
                              sheet ? std::optional(sheet->content) : std::nullopt);
    });
    if (!convocation) {
        return convocation.error();
    }
    // CPU work after the transaction, holding no connection.
    return invoices::render_information_pdf(invoices::convocation_document(convocation.value()));
}

}  // namespace formations::app

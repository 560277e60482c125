#include "service/app/course_sheets.hpp"

#include "invoices/french_format.hpp"
#include "invoices/sign_in_sheet_layout.hpp"
#include "service/app/input_rules.hpp"
#include "service/app/questionnaire_rules.hpp"
#include "service/domain/iso8601.hpp"
#include "service/domain/time_zone.hpp"
#include "service/storage/audit_repository.hpp"
#include "service/storage/course_sheet_repository.hpp"
#include "service/storage/questionnaire_repository.hpp"
#include "service/storage/session_repository.hpp"

namespace formations::app {
namespace {

using boost::gregorian::date;
using boost::gregorian::days;

constexpr std::size_t long_text = 4000;

Error sheet_not_published() {
    return Error::not_found("sheet_not_published",
                            "Aucune fiche n'était publiée pour cette formation à cette date.");
}

domain::CourseSheet sheet_of(const domain::Course& course, storage::SheetVersion version) {
    domain::CourseSheet sheet;
    sheet.course = course;
    sheet.version = version.version;
    sheet.content = std::move(version.content);
    sheet.published_at = version.published_at;
    sheet.published_on = local_date(parse_instant(version.published_at).value());
    sheet.published_by = std::move(version.published_by);
    return sheet;
}

// The results of the course over the twelve months up to `as_of`.
CourseResults results_of(soci::session& sql, const domain::Course& course, date as_of) {
    auto from = results_window_start(as_of);
    std::vector<int> scores;
    for (const auto& response : storage::responses_of_course(
             sql, course.id, domain::QuestionnaireKind::satisfaction, from, as_of)) {
        for (const auto& answer : response.answers) {
            if (answer.question_id == overall_question_id && answer.score) {
                scores.push_back(*answer.score);
            }
        }
    }
    return course_results(as_of, storage::trainee_outcomes(sql, course.id, from, as_of), scores);
}

std::string money_text(const std::optional<pricing::Money>& amount) {
    return amount ? pricing::format_french(*amount) : "non défini";
}

}  // namespace

Error course_not_found() {
    return Error::not_found("course_not_found", "Cette formation n'existe pas.");
}

Result<domain::CourseSheetContent> validate_sheet(const CourseSheetInput& in) {
    domain::CourseSheetContent out;
    struct Text {
        const std::string& value;
        std::string& into;
        const char* field;
        std::size_t max;
        bool multiline;
    };
    for (auto [value, into, field, max, multiline] : {
             Text{in.programme, out.programme, "programme", long_text, true},
             Text{in.objectives, out.objectives, "objectives", long_text, true},
             Text{in.prerequisites, out.prerequisites, "prerequisites", 2000, true},
             Text{in.audience, out.audience, "audience", 2000, true},
             Text{in.teaching_methods, out.teaching_methods, "teaching_methods", long_text, true},
             Text{in.assessment_methods, out.assessment_methods, "assessment_methods", long_text,
                  true},
             Text{in.accessibility, out.accessibility, "accessibility", long_text, true},
             Text{in.referent_name, out.referent_name, "referent_name", 200, false},
             Text{in.contact, out.contact, "contact", 1000, true},
         }) {
        auto text = normalise_text(value, field, max, multiline);
        if (!text) {
            return text.error();
        }
        into = std::move(text.value());
    }
    for (auto [time, field] : {std::pair{in.daily_hours.morning_start, "morning_start"},
                               std::pair{in.daily_hours.morning_end, "morning_end"},
                               std::pair{in.daily_hours.afternoon_start, "afternoon_start"},
                               std::pair{in.daily_hours.afternoon_end, "afternoon_end"}}) {
        if (!time) {
            return Error::invalid("required", "Indiquez les horaires habituels de la formation.",
                                  std::string("daily_hours.") + field);
        }
    }
    out.daily_hours = in.daily_hours.applied_to({});
    if (auto error = check_daily_hours(out.daily_hours, std::nullopt)) {
        return *error;
    }
    auto email = normalise_email(in.referent_email, "referent_email");
    if (!email) {
        return email.error();
    }
    out.referent_email = email.value();
    if (in.referent_phone) {
        auto phone = normalise_phone(*in.referent_phone, "referent_phone");
        if (!phone) {
            return phone.error();
        }
        out.referent_phone = phone.value();
    }
    if (in.access_delay_days < 1 || in.access_delay_days > 365) {
        return Error::invalid("invalid_access_delay",
                              "Le délai d'accès est un nombre de jours entre 1 (la veille) et "
                              "365.",
                              "access_delay_days");
    }
    out.access_delay_days = in.access_delay_days;
    return out;
}

Result<std::vector<domain::Course>> list_courses(storage::Database& db) {
    return db.transact([&](soci::session& sql) -> Result<std::vector<domain::Course>> {
        return storage::list_courses(sql);
    });
}

Result<PublishedSheet> course_sheet(storage::Database& db, const Clock& clock,
                                    const std::string& course_code, std::optional<date> as_of) {
    const auto today = clock.now().today;
    auto day = as_of.value_or(today);
    if (day > today) {
        return Error::invalid("as_of_in_future",
                              "La date demandée est dans le futur : la fiche de ce jour n'existe "
                              "pas encore.",
                              "as_of");
    }
    return db.transact([&](soci::session& sql) -> Result<PublishedSheet> {
        auto course = storage::find_course(sql, course_code);
        if (!course) {
            return course_not_found();
        }
        // Published before the end of that day, in the business time zone.
        auto version = storage::sheet_in_force(sql, course->id, local_instant(day + days(1), 0, 0));
        if (!version) {
            return sheet_not_published();
        }
        PublishedSheet result;
        result.sheet = sheet_of(*course, std::move(*version));
        result.as_of = day;
        result.prices = storage::price_list(sql, course->id).prices_on(day);
        result.results = results_of(sql, *course, day);
        return result;
    });
}

Result<std::vector<domain::CourseSheet>> course_sheet_versions(storage::Database& db,
                                                               const std::string& course_code) {
    return db.transact([&](soci::session& sql) -> Result<std::vector<domain::CourseSheet>> {
        auto course = storage::find_course(sql, course_code);
        if (!course) {
            return course_not_found();
        }
        std::vector<domain::CourseSheet> sheets;
        for (auto& version : storage::sheet_versions(sql, course->id)) {
            sheets.push_back(sheet_of(*course, std::move(version)));
        }
        return sheets;
    });
}

Result<Publication> publish_course_sheet(storage::Database& db, const Clock& clock,
                                         const Actor& actor, const std::string& course_code,
                                         std::optional<int> base_version,
                                         const CourseSheetInput& input) {
    auto content = validate_sheet(input);
    if (!content) {
        return content.error();
    }
    const auto now = clock.now();
    return db.transact([&](soci::session& sql) -> Result<Publication> {
        auto course = storage::find_course(sql, course_code, /*lock=*/true);
        if (!course) {
            return course_not_found();
        }
        if (auto error = check_daily_hours(content->daily_hours, course->half_day_minutes)) {
            return *error;
        }
        auto current = storage::sheet_in_force(sql, course->id);
        int current_version = current ? current->version : 0;
        if (base_version && *base_version != current_version) {
            return Error::conflict("sheet_changed",
                                   "La fiche a été modifiée entre-temps (version " +
                                       std::to_string(current_version) +
                                       ") : rechargez-la avant de publier.",
                                   "version");
        }
        if (current && current->content == content.value()) {
            return Publication{sheet_of(*course, std::move(*current)), false};
        }
        storage::insert_sheet_version(sql, course->id, current_version + 1, content.value(),
                                      now.instant, actor.email);
        storage::audit_course_sheet_published(sql, {actor.audit_name(), now.instant}, course->id,
                                              course->code, current_version + 1);
        auto published = storage::sheet_in_force(sql, course->id);
        if (!published) {
            return Error::internal("the sheet just published vanished");
        }
        return Publication{sheet_of(*course, std::move(*published)), true};
    });
}

std::string access_delay_text(int days_before) {
    if (days_before <= 1) {
        return "Inscription possible jusqu'à la veille du premier jour de la session.";
    }
    return "Inscription possible jusqu'à " + std::to_string(days_before) +
           " jours avant le premier jour de la session.";
}

std::string daily_hours_text(const domain::DailyHours& hours) {
    auto span = [](int start, int end) {
        return invoices::format_time_span_fr({{start / 60, start % 60}, {end / 60, end % 60}});
    };
    return span(hours.morning_start, hours.morning_end) + " et " +
           span(hours.afternoon_start, hours.afternoon_end);
}

std::vector<SheetSection> course_sheet_sections(const PublishedSheet& published) {
    const auto& sheet = published.sheet;
    const auto& c = sheet.content;
    const auto& course = sheet.course;
    std::vector<SheetSection> sections;
    auto section = [&sections](std::string title, std::string body) {
        sections.push_back({std::move(title), std::move(body)});
    };
    section("Objectifs", c.objectives);
    section("Programme", c.programme);
    section("Public visé", c.audience);
    section("Prérequis", c.prerequisites);
    std::string duration = invoices::format_hours_fr(course.duration_minutes);
    int day_minutes = 2 * course.half_day_minutes;
    if (day_minutes > 0 && course.duration_minutes % day_minutes == 0) {
        int count = course.duration_minutes / day_minutes;
        duration += " sur " + std::to_string(count) + (count > 1 ? " jours" : " jour");
    }
    section("Durée et horaires",
            duration + "\nHoraires habituels : " + daily_hours_text(c.daily_hours) +
                " (les horaires de chaque session sont indiqués avec ses dates)");
    section("Méthodes pédagogiques", c.teaching_methods);
    section("Modalités d'évaluation", c.assessment_methods);
    section("Tarifs nets de taxe (en vigueur le " + invoices::format_long_date_fr(published.as_of) +
                ")",
            "Autofinancement : " + money_text(published.prices.self_funded) +
                "\nSalarié·e d'une structure sociétaire ou candidate : " +
                money_text(published.prices.member) + "\nSalarié·e d'une structure non membre : " +
                money_text(published.prices.non_member));
    section("Délai d'accès", access_delay_text(c.access_delay_days));
    section("Accessibilité aux personnes en situation de handicap",
            c.accessibility + "\nRéférent·e handicap : " + c.referent_name + " – " +
                c.referent_email + (c.referent_phone ? " – " + *c.referent_phone : ""));
    section("Contact", c.contact);
    const auto& r = published.results;
    section("Résultats (sessions terminées du " + invoices::format_long_date_fr(r.from) + " au " +
                invoices::format_long_date_fr(r.as_of) + ")",
            "Stagiaires formés : " + std::to_string(r.trainees) +
                "\nTaux d'achèvement (présence à toutes les heures prévues) : " +
                percent_text(r.completion) + " (" + std::to_string(r.completion.count) + " sur " +
                std::to_string(r.completion.total) + ")" +
                "\nTaux de satisfaction (note globale de 4 ou 5 sur 5) : " +
                percent_text(r.satisfaction) + " (" + std::to_string(r.satisfaction.total) +
                " réponses)");
    return sections;
}

std::string course_sheet_text(const PublishedSheet& published) {
    const auto& sheet = published.sheet;
    std::string text =
        "Fiche de la formation « " + sheet.course.title + " » (" + sheet.course.code + ")\n";
    text += "Version " + std::to_string(sheet.version) + ", mise à jour le " +
            invoices::format_long_date_fr(sheet.published_on) + " ; fiche en vigueur le " +
            invoices::format_long_date_fr(published.as_of) + ".\n";
    for (const auto& [title, body] : course_sheet_sections(published)) {
        text += "\n" + title + "\n" + std::string(title.size() > 60 ? 60 : title.size(), '-') +
                "\n" + body + "\n";
    }
    return text;
}

}  // namespace formations::app

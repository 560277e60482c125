#include "invoices/agreement_layout.hpp"

#include "invoices/french_format.hpp"
#include "invoices/pdf_blocks.hpp"
#include "invoices/sign_in_sheet_layout.hpp"
#include "invoices/snapshot_json.hpp"

namespace formations::invoices::agreement_layout {

void agreement_article(PdfWriter& pdf, int& number, const std::string& title,
                       const std::vector<std::string>& paragraphs) {
    pdf.ensure_space(pdf.line_height(heading) * 2 + pdf.line_height(body) * 3);
    pdf.move_down(8);
    pdf.paragraph("Article " + std::to_string(number++) + " – " + title, heading);
    pdf.move_down(2);
    for (const std::string& text : paragraphs) {
        pdf.paragraph(text, body);
        pdf.move_down(3);
    }
}

void draw_action_articles(PdfWriter& pdf, int& number, const TrainingContract& terms,
                          const std::string& subject) {
    const std::string period = format_period_fr(terms.starts_on, terms.ends_on);
    agreement_article(
        pdf, number, "Objet, nature et durée de l'action",
        {subject + " porte sur la formation « " + terms.course_title +
             " ». Nature de l'action : action de formation (article L6313-1 du Code du "
             "travail).",
         "Durée : " + format_hours_fr(terms.duration_minutes) + ", " +
             (period.front() >= '0' && period.front() <= '9' ? "les " : "") + period + ", de " +
             format_time_span_fr(terms.morning) + " et de " + format_time_span_fr(terms.afternoon) +
             ".",
         "Objectifs : " + terms.objectives});
    agreement_article(pdf, number, "Programme", {terms.programme});
    agreement_article(pdf, number, "Effectif et niveau requis",
                      {"Effectif formé : " + std::to_string(terms.max_trainees) +
                           " stagiaires au plus par session.",
                       "Niveau de connaissances préalables requis : " + terms.prerequisites});
    std::vector<std::string> conditions{
        "Lieu : " + terms.place + ".",
        "Moyens pédagogiques et techniques : " + terms.teaching_means};
    if (!terms.accessibility.empty()) {
        conditions.push_back("Accessibilité : " + terms.accessibility);
    }
    conditions.push_back(
        "Référent handicap, pour tout besoin d'aménagement : " + terms.disability_referent + ".");
    agreement_article(pdf, number, "Conditions de déroulement", conditions);
    agreement_article(pdf, number, "Formateurs", {terms.trainers});
    agreement_article(pdf, number, "Évaluation et sanction de la formation",
                      {"Modalités d'évaluation : " + terms.assessment,
                       "À l'issue de la formation : " + terms.certification});
}

void draw_title(PdfWriter& pdf, const Organisation& organisation, const std::string& title,
                const std::string& subtitle, const std::string& continued) {
    const TextStyle name{.size = 12, .weight = Weight::bold, .color = accent};
    pdf.paragraph(organisation.name, name);
    pdf.paragraph(organisation.address, small);
    pdf.move_down(16);
    const TextStyle title_style{
        .size = 17, .weight = Weight::bold, .color = accent, .leading = 1.2};
    pdf.paragraph(title, title_style, Align::center);
    pdf.paragraph(subtitle, small, Align::center);
    pdf.move_down(14);
    pdf.on_new_page([continued](PdfWriter& writer) {
        writer.paragraph(continued, small);
        writer.move_down(8);
    });
}

void draw_organisation_party(PdfWriter& pdf, const Organisation& organisation) {
    pdf.paragraph("Entre les soussignés :", bold);
    pdf.move_down(4);
    pdf.paragraph(organisation.name + ", " + one_line(organisation.address) + ", SIRET " +
                      organisation.siret +
                      ", organisme de formation dont la déclaration d'activité est enregistrée "
                      "sous le n° " +
                      organisation.nda +
                      " (cet enregistrement ne vaut pas agrément de l'État), représenté par " +
                      organisation.signatory + ", ci-après « l'organisme de formation » ;",
                  body);
    pdf.move_down(4);
}

void draw_footers(PdfWriter& pdf, const Organisation& organisation, const std::string& reference) {
    const std::string identity = organisation.name + " – SIRET " + organisation.siret +
                                 " – déclaration d'activité n° " + organisation.nda;
    pdf.for_each_page([&](PdfWriter& writer, int page, int count) {
        draw_footer(writer, writer.content_bottom() + 22, identity,
                    reference + " – page " + std::to_string(page) + "/" + std::to_string(count),
                    footer_style);
    });
}

nlohmann::json time_to_json(const ClockTime& time) {
    return nlohmann::json::array({time.hour, time.minute});
}

ClockTime time_from_json(const nlohmann::json& object, const char* field) {
    using namespace snapshot_json;
    const nlohmann::json& value = field_of(object, field);
    if (!value.is_array() || value.size() != 2 || !value[0].is_number_integer() ||
        !value[1].is_number_integer()) {
        malformed(field, "is not [hour, minute]");
    }
    const int hour = value[0].get<int>(), minute = value[1].get<int>();
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
        malformed(field, "is not a time of day");
    }
    return {hour, minute};
}

}  // namespace formations::invoices::agreement_layout

#include "invoices/information_pdf.hpp"

#include <sstream>
#include <stdexcept>

#include "invoices/french_format.hpp"
#include "invoices/pdf_blocks.hpp"
#include "invoices/pdf_writer.hpp"
#include "invoices/sign_in_sheet_layout.hpp"

namespace formations::invoices {
namespace {

constexpr Color accent{0.11, 0.25, 0.42};
constexpr TextStyle body{.size = 10, .leading = 1.4};
constexpr TextStyle heading{.size = 11.5, .weight = Weight::bold, .color = accent, .leading = 1.3};
constexpr TextStyle small{.size = 8.5, .color = colors::dark_gray, .leading = 1.35};
constexpr TextStyle footer_style{.size = 7.5, .color = colors::mid_gray};
constexpr Margins page_margins{.top = 50, .right = 60, .bottom = 75, .left = 60};

// What a trainee brings: our product's wording (the course sheet has no such field).
constexpr const char* what_to_bring =
    "De quoi prendre des notes et, si vous le souhaitez, un ordinateur portable. Les supports de "
    "la formation vous sont remis sur place. Pensez à signer la feuille d'émargement chaque "
    "demi-journée.";

}  // namespace

InformationDocument convocation_document(const Convocation& c) {
    if (c.trainee_name.empty()) {
        throw std::invalid_argument("convocation_document: no trainee name");
    }
    const std::string period = format_period_fr(c.starts_on, c.ends_on);  // throws if unset
    InformationDocument document;
    document.organisation = c.organisation;
    document.title = "Convocation";
    document.metadata_title = "Convocation";
    document.subtitle = c.course_title + " – " + period;
    document.footer_reference = "Convocation " + c.session_reference;
    const auto days = (c.ends_on - c.starts_on).days() + 1;
    document.sections = {
        {"Stagiaire", "Bonjour " + c.trainee_name +
                          ",\nNous avons le plaisir de vous convoquer à la formation « " +
                          c.course_title + " » (session " + c.session_reference + ")."},
        {"Dates et horaires",
         (days > 1
              ? "Du " + format_long_date_fr(c.starts_on) + " au " + format_long_date_fr(c.ends_on)
              : "Le " + format_long_date_fr(c.starts_on)) +
             ", chaque jour de " + format_time_span_fr(c.morning) + " et de " +
             format_time_span_fr(c.afternoon) + ", soit " + format_hours_fr(c.duration_minutes) +
             " de formation. Merci d'arriver 10 minutes avant le début."},
        {"Lieu et accès", c.place + (c.access.empty() ? std::string() : "\n" + c.access)},
        {"À apporter", what_to_bring},
    };
    if (c.trainer && !c.trainer->empty()) {
        document.sections.push_back({"Formateur ou formatrice", *c.trainer});
    }
    document.sections.push_back(
        {"Contact", c.contact + "\nEn cas d'empêchement, prévenez-nous au plus tôt."});
    document.sections.push_back(
        {"Référent handicap", "Pour tout besoin d'aménagement lié à une situation de handicap : " +
                                  c.disability_referent + "."});
    return document;
}

std::string render_information_pdf(const InformationDocument& document) {
    if (document.title.empty() || document.sections.empty()) {
        throw std::invalid_argument("render_information_pdf: no title or no section");
    }
    PdfWriter pdf({.margins = page_margins, .title = document.metadata_title});
    const Organisation& organisation = document.organisation;
    pdf.paragraph(organisation.name, {.size = 13, .weight = Weight::bold, .color = accent});
    pdf.paragraph(organisation.address, small);
    pdf.move_down(24);
    pdf.paragraph(document.title,
                  {.size = 20, .weight = Weight::bold, .color = accent, .leading = 1.2},
                  Align::center);
    if (!document.subtitle.empty()) {
        pdf.paragraph(document.subtitle, {.size = 12, .weight = Weight::bold, .leading = 1.3},
                      Align::center);
    }
    pdf.move_down(18);
    for (const InformationSection& section : document.sections) {
        pdf.ensure_space(pdf.line_height(heading) + pdf.line_height(body) * 2);
        if (!section.title.empty()) {
            pdf.paragraph(section.title, heading);
            pdf.move_down(3);
        }
        std::istringstream lines(section.text);
        std::string line;
        while (std::getline(lines, line)) {
            pdf.paragraph(line, body);
            pdf.move_down(2);
        }
        pdf.move_down(10);
    }
    // The NDA always with its mention (L6352-12), in the body: the footer has two lines only.
    pdf.paragraph(organisation.name + " – déclaration d'activité enregistrée sous le n° " +
                      organisation.nda + ". Cet enregistrement ne vaut pas agrément de l'État.",
                  small);
    const std::string identity = organisation.name + " – " + one_line(organisation.address) +
                                 " – SIRET " + organisation.siret;
    pdf.for_each_page([&](PdfWriter& writer, int page, int count) {
        draw_footer(writer, writer.content_bottom() + 22, identity,
                    document.footer_reference + " – Page " + std::to_string(page) + "/" +
                        std::to_string(count),
                    footer_style);
    });
    return pdf.finish();
}

}  // namespace formations::invoices

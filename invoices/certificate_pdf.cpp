#include "invoices/certificate_pdf.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <string>
#include <vector>

#include "invoices/french_format.hpp"
#include "invoices/pdf_blocks.hpp"
#include "invoices/pdf_writer.hpp"

namespace formations::invoices {
namespace {

constexpr Color accent{0.11, 0.25, 0.42};
constexpr Color accent_tint{0.90, 0.93, 0.96};

constexpr TextStyle body{.size = 10.5, .leading = 1.45};
constexpr TextStyle body_bold{.size = 10.5, .weight = Weight::bold, .leading = 1.45};
constexpr TextStyle small{.size = 8.5, .color = colors::dark_gray, .leading = 1.4};
constexpr TextStyle caption{.size = 7.5, .weight = Weight::bold, .color = colors::mid_gray};
constexpr TextStyle footer{.size = 7.5, .color = colors::mid_gray};

constexpr Margins page_margins{.top = 50, .right = 60, .bottom = 80, .left = 60};

// Bounds on text from people and settings, so that a certificate stays one page: names and
// titles take at most two lines, an address six; longer text ends with "…".
constexpr std::size_t value_lines = 2;
constexpr std::size_t address_lines = 6;

// The official model's commitment to keep the evidence.
constexpr const char* retention_text =
    "Sans préjudice des délais imposés par les règles fiscales, comptables ou commerciales, je "
    "m'engage à conserver l'ensemble des pièces justificatives qui ont permis d'établir le "
    "présent certificat pendant une durée de 3 ans à compter de la fin de l'année du dernier "
    "paiement. En cas de cofinancement des fonds européens, la durée de conservation est étendue "
    "conformément aux obligations conventionnelles spécifiques.";

// "qui s'est déroulée …": format_period_fr gives "le 27 juin 2019", "du 3 au 7 juin 2019", or,
// for two consecutive days, "27 et 28 juin 2019", which needs its article here.
std::string period_phrase(const Certificate& certificate) {
    const std::string period = format_period_fr(certificate.starts_on, certificate.ends_on);
    return std::isdigit(static_cast<unsigned char>(period.front())) != 0 ? "les " + period : period;
}

void check(const Certificate& certificate) {
    if (certificate.attended_minutes <= 0) {
        throw std::invalid_argument("render_certificate_pdf: no recorded attendance for " +
                                    certificate.trainee_name +
                                    ", a certificat de réalisation needs some");
    }
    if (certificate.attended_minutes > certificate.planned_minutes) {
        throw std::invalid_argument("render_certificate_pdf: " + certificate.trainee_name +
                                    " attended more hours than the action planned");
    }
    period_phrase(certificate);                  // throws on dates not set or reversed
    format_long_date_fr(certificate.issued_on);  // throws on a date not set
}

struct Run {
    std::string text;
    TextStyle style;
};

// Runs of text side by side on one line, in their styles, when they fit `width`; otherwise the
// first run, then the others wrapped beside it in the second run's style. Returns the height.
double runs_at(PdfWriter& pdf, double x, double top, double width, const std::vector<Run>& runs) {
    double total = 0;
    for (const Run& run : runs) {
        total += pdf.text_width(run.text, run.style);
    }
    if (total <= width) {
        double left = x;
        double height = 0;
        for (const Run& run : runs) {
            pdf.text_at(left, top, run.text, run.style);
            left += pdf.text_width(run.text, run.style);
            height = std::max(height, pdf.line_height(run.style));
        }
        return height;
    }
    const double indent = pdf.text_width(runs.front().text, runs.front().style);
    pdf.text_at(x, top, runs.front().text, runs.front().style);
    std::string rest;
    for (std::size_t i = 1; i < runs.size(); ++i) {
        rest += runs[i].text;
    }
    const TextStyle& style = runs.size() > 1 ? runs[1].style : runs.front().style;
    return std::max(
        pdf.line_height(runs.front().style),
        pdf.text_block_at(x + indent, top, width - indent, rest, style, Align::left, value_lines));
}

void draw_letterhead(PdfWriter& pdf, const Organisation& organisation) {
    const TextStyle name{.size = 13, .weight = Weight::bold, .color = accent};
    const double x = pdf.content_left();
    const double width = pdf.content_width();
    double y = pdf.cursor();
    y += pdf.text_block_at(x, y, width, organisation.name, name, Align::left, value_lines);
    y += 2;
    y += pdf.text_block_at(x, y, width, organisation.address, small, Align::left, address_lines);
    pdf.set_cursor(y + 36);
}

void draw_title(PdfWriter& pdf, std::string_view text = "Certificat de réalisation") {
    const TextStyle title{.size = 22, .weight = Weight::bold, .color = accent, .leading = 1.2};
    pdf.paragraph(text, title, Align::center);
    const double y = pdf.cursor() + 6;
    const double middle = pdf.content_left() + pdf.content_width() / 2;
    pdf.line(middle - 40, y, middle + 40, y, {1.5, accent});
    pdf.set_cursor(y + 34);
}

// The statement, as worded by the official model.
void draw_statement(PdfWriter& pdf, const Certificate& certificate) {
    const Organisation& organisation = certificate.organisation;
    pdf.paragraph("Je soussigné(e) " + organisation.signatory +
                      ", représentant légal du dispensateur de l'action concourant au "
                      "développement des compétences " +
                      organisation.name + ", atteste que :",
                  body, Align::left);
    pdf.move_down(16);

    // The trainee and the action, set apart by a rule in the margin.
    constexpr double indent = 18;
    const double x = pdf.content_left() + indent;
    const double width = pdf.content_width() - indent;
    const double top = pdf.cursor();
    double y = top;
    y += pdf.text_block_at(x, y, width, certificate.trainee_name,
                           {.size = 13, .weight = Weight::bold, .leading = 1.4}, Align::left,
                           value_lines);
    if (certificate.employer) {
        y += runs_at(pdf, x, y, width,
                     {{"salarié(e) de l'entreprise ", body}, {*certificate.employer, body_bold}});
    }
    y += 6;
    y += runs_at(pdf, x, y, width,
                 {{"a suivi l'action ", body}, {certificate.course_title, body_bold}});
    y += runs_at(pdf, x, y, width,
                 {{"nature de l'action : ", body},
                  {"action de formation", body_bold},
                  {" (article L6313-1 du Code du travail),", body}});
    y += runs_at(
        pdf, x, y, width,
        {{"qui s'est déroulée ", body}, {period_phrase(certificate), body_bold}, {",", body}});
    y += runs_at(pdf, x, y, width,
                 {{"pour une durée de ", body},
                  {format_hours_fr(certificate.attended_minutes), body_bold},
                  {" (sur " + format_hours_fr(certificate.planned_minutes) + " prévues).", body}});
    pdf.rectangle(pdf.content_left(), top + 2, 3, y - top - 4, accent_tint);
    pdf.set_cursor(y + 24);

    pdf.paragraph(retention_text, small);
    pdf.move_down(28);
}

// L6353-1: the objectives, nature and duration of the action and the results of the assessment.
void draw_attestation(PdfWriter& pdf, const Attestation& attestation) {
    const Certificate& facts = attestation.facts;
    const TextStyle heading{.size = 11, .weight = Weight::bold, .color = accent, .leading = 1.3};
    pdf.paragraph("Je soussigné(e) " + facts.organisation.signatory + ", représentant légal de " +
                      facts.organisation.name + ", atteste que " + facts.trainee_name +
                      (facts.employer ? ", salarié(e) de " + *facts.employer : std::string()) +
                      ", a suivi l'action « " + facts.course_title +
                      " », action de formation (article L6313-1 du Code du travail), qui s'est "
                      "déroulée " +
                      period_phrase(facts) + ", d'une durée de " +
                      format_hours_fr(facts.planned_minutes) + ", pour une durée suivie de " +
                      format_hours_fr(facts.attended_minutes) + ".",
                  body, Align::left);
    pdf.move_down(14);
    pdf.paragraph("Objectifs de la formation", heading);
    pdf.move_down(4);
    pdf.paragraph(attestation.objectives.empty() ? "Voir le programme de la formation."
                                                 : attestation.objectives,
                  body);
    pdf.move_down(12);
    pdf.paragraph("Modalités d'évaluation des acquis", heading);
    pdf.move_down(4);
    pdf.paragraph(attestation.assessment_methods, body);
    pdf.move_down(12);
    pdf.paragraph("Résultats de l'évaluation des acquis", heading);
    pdf.move_down(4);
    for (const std::string& result : attestation.results) {
        pdf.paragraph("– " + result, body);
    }
    pdf.move_down(10);
    pdf.paragraph(
        "Attestation de fin de formation délivrée en application de l'article L6353-1 "
        "du Code du travail.",
        small);
    pdf.move_down(24);
}

void draw_signature(PdfWriter& pdf, const Certificate& certificate) {
    constexpr double box_width = 250;
    constexpr double box_height = 95;
    constexpr double padding = 8;
    const std::string place_and_date = "Fait à " + certificate.organisation.city + ", le " +
                                       format_long_date_fr(certificate.issued_on);
    pdf.ensure_space(pdf.line_height(body) + 14 + pdf.line_height(caption) + box_height);
    pdf.paragraph(place_and_date, body);
    pdf.move_down(14);
    const double x = pdf.content_right() - box_width;
    const double inner = box_width - 2 * padding;
    double y = pdf.cursor();
    y += pdf.text_block_at(x, y, box_width,
                           "Cachet et signature du responsable du dispensateur de formation",
                           caption);
    y += 3;
    pdf.rectangle(x, y, box_width, box_height, std::nullopt, Stroke{0.6, colors::mid_gray});
    pdf.text_block_at(x + padding, y + padding, inner, certificate.organisation.signatory,
                      {.size = 9, .weight = Weight::bold}, Align::left, value_lines);
    pdf.set_cursor(y + box_height + 10);
}

// The organisation's identity, at the foot of the page.
void draw_footer(PdfWriter& pdf, const Organisation& organisation) {
    const double top = pdf.content_bottom() + 22;
    pdf.line(pdf.content_left(), top - 7, pdf.content_right(), top - 7, {0.5, colors::light_gray});
    const std::string identity = organisation.name + " – " + one_line(organisation.address) +
                                 " – SIRET " + organisation.siret;
    const double height = pdf.text_block_at(pdf.content_left(), top, pdf.content_width(), identity,
                                            footer, Align::center, value_lines);
    pdf.text_block_at(pdf.content_left(), top + height, pdf.content_width(),
                      "Déclaration d'activité enregistrée sous le n° " + organisation.nda +
                          ". Cet enregistrement ne vaut pas agrément de l'État.",
                      footer, Align::center);
}

void draw_certificate(PdfWriter& pdf, const Certificate& certificate) {
    draw_letterhead(pdf, certificate.organisation);
    draw_title(pdf);
    draw_statement(pdf, certificate);
    draw_signature(pdf, certificate);
}

}  // namespace

std::string render_certificates_pdf(const std::vector<Certificate>& certificates) {
    if (certificates.empty()) {
        throw std::invalid_argument("render_certificates_pdf: no certificate to render");
    }
    for (const Certificate& certificate : certificates) {
        check(certificate);
    }
    // The title stays ASCII: it lands in the PDF's metadata (see render_invoice_pdf).
    PdfWriter pdf({.margins = page_margins, .title = "Certificat de realisation"});
    // The first page of each certificate, so each page gets its own organisation's footer even
    // if a certificate ever took more than a page.
    std::vector<int> first_pages;
    for (const Certificate& certificate : certificates) {
        if (!first_pages.empty()) {
            pdf.new_page();
        }
        first_pages.push_back(pdf.current_page());
        draw_certificate(pdf, certificate);
    }
    pdf.for_each_page([&](PdfWriter& writer, int page, int /*page_count*/) {
        const auto next = std::upper_bound(first_pages.begin(), first_pages.end(), page);
        const auto index = static_cast<std::size_t>(next - first_pages.begin() - 1);
        draw_footer(writer, certificates[index].organisation);
    });
    return pdf.finish();
}

std::string render_certificate_pdf(const Certificate& certificate) {
    return render_certificates_pdf({certificate});
}

std::string render_attestation_pdf(const Attestation& attestation) {
    check(attestation.facts);
    if (attestation.results.empty()) {
        throw std::invalid_argument("render_attestation_pdf: no assessment result for " +
                                    attestation.facts.trainee_name);
    }
    PdfWriter pdf({.margins = page_margins, .title = "Attestation de fin de formation"});
    draw_letterhead(pdf, attestation.facts.organisation);
    draw_title(pdf, "Attestation de fin de formation");
    draw_attestation(pdf, attestation);
    draw_signature(pdf, attestation.facts);
    pdf.for_each_page([&](PdfWriter& writer, int /*page*/, int /*page_count*/) {
        draw_footer(writer, attestation.facts.organisation);
    });
    return pdf.finish();
}

}  // namespace formations::invoices

#include "invoices/sign_in_sheet_pdf.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>
#include <vector>

#include "invoices/french_format.hpp"
#include "invoices/pdf_writer.hpp"

namespace formations::invoices {
namespace {

using boost::gregorian::date;

constexpr Color accent{0.11, 0.25, 0.42};
constexpr Color accent_tint{0.90, 0.93, 0.96};

constexpr TextStyle body{.size = 9};
constexpr TextStyle body_bold{.size = 9, .weight = Weight::bold};
constexpr TextStyle small{.size = 8, .color = colors::dark_gray};
constexpr TextStyle footer{.size = 7, .color = colors::mid_gray};
constexpr TextStyle trainee_style{.size = 9, .weight = Weight::bold};
constexpr TextStyle employer_style{.size = 7.5, .color = colors::dark_gray};

constexpr Margins page_margins{.top = 32, .right = 32, .bottom = 48, .left = 32};

// The grid: a number, who signs, then one signature box per half-day. A PdfTable only flows
// text; a sign-in sheet needs ruled boxes of a fixed minimum height, so the grid is drawn here
// from the writer's primitives.
constexpr double number_width = 24;
constexpr double wide_identity_width = 230;  // up to six half-days
constexpr double narrow_identity_width = 170;
constexpr double cell_padding = 4;
constexpr double min_row_height = 30;  // room to sign
constexpr double trainer_gap = 8;      // sets the trainer's row apart from the trainees'
constexpr Stroke grid_rule{0.6, colors::mid_gray};
constexpr Stroke day_rule{1.4, colors::dark_gray};  // between two days

struct HalfDay {
    std::string day;     // "Lun. 27/06"
    std::string moment;  // "matin", "après-midi"
    bool starts_day = false;
};

struct Grid {
    std::vector<double> lefts;  // number, identity, then the half-days
    std::vector<double> widths;
    std::vector<HalfDay> half_days;
    std::string duration;  // of one half-day: "3,5 h"
    TextStyle header_bold{.size = 8.5, .weight = Weight::bold};
    TextStyle header_regular{.size = 8.5, .color = colors::dark_gray};
    double header_height = 0;

    double left() const { return lefts.front(); }
    double right() const { return lefts.back() + widths.back(); }
};

std::string day_label(date day) {
    static const std::array<const char*, 7> names = {"Dim.", "Lun.", "Mar.", "Mer.",
                                                     "Jeu.", "Ven.", "Sam."};
    const std::string numeric = format_date_fr(day);  // "27/06/2019"
    return std::string(names.at(day.day_of_week().as_number())) + " " + numeric.substr(0, 5);
}

std::vector<date> checked_days(const SignInSheet& sheet) {
    std::vector<date> days = sheet.days;
    std::sort(days.begin(), days.end());
    if (days.empty()) {
        throw std::invalid_argument("render_sign_in_sheet_pdf: the session has no day");
    }
    if (std::adjacent_find(days.begin(), days.end()) != days.end()) {
        throw std::invalid_argument("render_sign_in_sheet_pdf: the same day is listed twice");
    }
    if (days.size() * 2 > static_cast<std::size_t>(max_sign_in_half_days)) {
        throw std::invalid_argument(
            "render_sign_in_sheet_pdf: more than " + std::to_string(max_sign_in_half_days) +
            " half-days do not fit one sheet; print one sheet per part of the session");
    }
    if (sheet.half_day_minutes <= 0) {
        throw std::invalid_argument("render_sign_in_sheet_pdf: a half-day must last some time");
    }
    for (const date& day : days) {
        format_date_fr(day);  // throws on a date not set
    }
    return days;
}

Grid make_grid(const PdfWriter& pdf, const std::vector<date>& days, int half_day_minutes) {
    Grid grid;
    grid.duration = format_hours_fr(half_day_minutes);
    for (const date& day : days) {
        grid.half_days.push_back({day_label(day), "matin", true});
        grid.half_days.push_back({day_label(day), "après-midi", false});
    }
    const double identity =
        grid.half_days.size() <= 6 ? wide_identity_width : narrow_identity_width;
    const double box = (pdf.content_width() - number_width - identity) /
                       static_cast<double>(grid.half_days.size());
    double x = pdf.content_left();
    for (double width : std::vector<double>{number_width, identity}) {
        grid.lefts.push_back(x);
        grid.widths.push_back(width);
        x += width;
    }
    for (std::size_t i = 0; i < grid.half_days.size(); ++i) {
        grid.lefts.push_back(x);
        grid.widths.push_back(box);
        x += box;
    }
    // Narrow boxes take a smaller header rather than cutting "après-midi" in two.
    const double inner = box - 2 * cell_padding;
    while (grid.header_bold.size > 6) {
        double widest = pdf.text_width(grid.duration, grid.header_regular);
        for (const std::string& text : {grid.half_days.front().day, std::string("après-midi")}) {
            widest = std::max(widest, pdf.text_width(text, grid.header_bold));
        }
        if (widest <= inner) {
            break;
        }
        grid.header_bold.size -= 0.5;
        grid.header_regular.size -= 0.5;
    }
    grid.header_height = 3 * pdf.line_height(grid.header_bold) + 2 * cell_padding;
    return grid;
}

// The frame and vertical rules of one row of the grid, thicker between two days; the rules
// start left of column `first_rule` (2 joins the number and name columns).
void draw_row_rules(PdfWriter& pdf, const Grid& grid, double top, double height,
                    std::size_t first_rule = 1) {
    pdf.rectangle(grid.left(), top, grid.right() - grid.left(), height, std::nullopt, grid_rule);
    for (std::size_t column = first_rule; column < grid.lefts.size(); ++column) {
        const bool new_day = column >= 2 && grid.half_days[column - 2].starts_day;
        const double x = grid.lefts[column];
        pdf.line(x, top, x, top + height, new_day ? day_rule : grid_rule);
    }
}

void draw_column_header(PdfWriter& pdf, const Grid& grid) {
    const double top = pdf.cursor();
    const double height = grid.header_height;
    pdf.rectangle(grid.left(), top, grid.right() - grid.left(), height, accent_tint);
    const double line = pdf.line_height(grid.header_bold);
    const double text_top = top + cell_padding;
    pdf.text_at(grid.lefts[0] + grid.widths[0] / 2, text_top, "N°", grid.header_bold,
                Align::center);
    pdf.text_at(grid.lefts[1] + cell_padding, text_top, "Stagiaire", grid.header_bold);
    pdf.text_at(grid.lefts[1] + cell_padding, text_top + line, "Entreprise", grid.header_regular);
    for (std::size_t i = 0; i < grid.half_days.size(); ++i) {
        const HalfDay& half_day = grid.half_days[i];
        const double middle = grid.lefts[i + 2] + grid.widths[i + 2] / 2;
        pdf.text_at(middle, text_top, half_day.day, grid.header_bold, Align::center);
        pdf.text_at(middle, text_top + line, half_day.moment, grid.header_bold, Align::center);
        pdf.text_at(middle, text_top + 2 * line, grid.duration, grid.header_regular, Align::center);
    }
    draw_row_rules(pdf, grid, top, height);
    pdf.move_down(height);
}

// "Label : value" with the label in bold and the value wrapped beside it; returns the height.
double labelled(PdfWriter& pdf, double x, double top, double width, const std::string& label,
                const std::string& value) {
    const std::string prefix = label + " : ";
    const double indent = pdf.text_width(prefix, body_bold);
    pdf.text_at(x, top, prefix, body_bold);
    return std::max(pdf.line_height(body),
                    pdf.text_block_at(x + indent, top, width - indent, value, body));
}

void draw_first_page_header(PdfWriter& pdf, const SignInSheet& sheet,
                            const std::vector<date>& days) {
    const double left = pdf.content_left();
    const double right = pdf.content_right();
    const double top = pdf.cursor();
    const TextStyle title{.size = 18, .weight = Weight::bold, .color = accent, .leading = 1.2};
    const TextStyle organisation{.size = 10, .weight = Weight::bold};

    // The organisation on the right, beside the title.
    constexpr double organisation_width = 300;
    const Organisation& identity = sheet.organisation;
    double right_y = top;
    right_y += pdf.text_block_at(right - organisation_width, right_y, organisation_width,
                                 identity.name, organisation, Align::right);
    right_y += pdf.text_block_at(right - organisation_width, right_y, organisation_width,
                                 "Déclaration d'activité n° " + identity.nda, small, Align::right);
    right_y += pdf.text_block_at(right - organisation_width, right_y, organisation_width,
                                 "SIRET " + identity.siret, small, Align::right);

    pdf.text_at(left, top, "Feuille d'émargement", title);
    const double left_y = top + pdf.line_height(title);

    // The session's details in two columns.
    constexpr double gap = 24;
    const double column = (pdf.content_width() - gap) / 2;
    double y = std::max(left_y, right_y) + 10;
    pdf.line(left, y - 5, right, y - 5, {0.5, colors::light_gray});
    double first = y;
    first += labelled(pdf, left, first, column, "Formation", sheet.course_title);
    first += labelled(pdf, left, first, column, "Session", sheet.session_reference);
    first +=
        labelled(pdf, left, first, column, "Dates", format_period_fr(days.front(), days.back()));
    double second = y;
    const double x = left + column + gap;
    second += labelled(pdf, x, second, column, "Lieu", sheet.place);
    second += labelled(pdf, x, second, column, "Formateur", sheet.trainer);
    const int half_days = static_cast<int>(days.size()) * 2;
    second += labelled(pdf, x, second, column, "Durée",
                       format_hours_fr(sheet.half_day_minutes * half_days) + " (" +
                           std::to_string(half_days) + " demi-journées de " +
                           format_hours_fr(sheet.half_day_minutes) + ")");
    y = std::max(first, second) + 6;
    y += pdf.text_block_at(left, y, pdf.content_width(),
                           "Chaque stagiaire signe, pour chaque demi-journée de présence, dans la "
                           "case correspondante ; le formateur signe chaque demi-journée sur la "
                           "dernière ligne.",
                           small);
    pdf.set_cursor(y + 8);
}

void draw_continuation_header(PdfWriter& pdf, const SignInSheet& sheet) {
    const TextStyle title{.size = 12, .weight = Weight::bold, .color = accent};
    const double top = pdf.cursor();
    const std::string text = "Feuille d'émargement (suite)";
    pdf.text_at(pdf.content_left(), top, text, title);
    const double room = pdf.content_width() - pdf.text_width(text, title) - 20;
    pdf.text_block_at(pdf.content_right() - room, top + 2, room,
                      sheet.course_title + " – session " + sheet.session_reference, small,
                      Align::right);
    pdf.set_cursor(top + pdf.line_height(title) + 8);
}

void draw_trainee(PdfWriter& pdf, const Grid& grid, std::size_t number,
                  const SignInSheet::Row& row) {
    const double inner = grid.widths[1] - 2 * cell_padding;
    const double name_height = pdf.text_height(row.trainee_name, inner, trainee_style);
    const double employer_height =
        row.employer.empty() ? 0 : pdf.text_height(row.employer, inner, employer_style);
    const double height =
        std::max(min_row_height, name_height + employer_height + 2 * cell_padding);
    pdf.ensure_space(height);
    const double top = pdf.cursor();
    pdf.text_at(grid.lefts[0] + grid.widths[0] / 2, top + cell_padding, std::to_string(number),
                small, Align::center);
    const double x = grid.lefts[1] + cell_padding;
    pdf.text_block_at(x, top + cell_padding, inner, row.trainee_name, trainee_style);
    pdf.text_block_at(x, top + cell_padding + name_height, inner, row.employer, employer_style);
    draw_row_rules(pdf, grid, top, height);
    pdf.move_down(height);
}

void draw_trainer(PdfWriter& pdf, const Grid& grid, const std::string& trainer) {
    const double inner = grid.widths[0] + grid.widths[1] - 2 * cell_padding;
    const std::string label = "Formateur : " + trainer;
    const double height =
        std::max(min_row_height, pdf.text_height(label, inner, body_bold) + 2 * cell_padding);
    // Right under the column headers on a new page; set apart from the trainees otherwise.
    if (!pdf.ensure_space(trainer_gap + height)) {
        pdf.move_down(trainer_gap);
    }
    const double top = pdf.cursor();
    pdf.rectangle(grid.left(), top, inner + 2 * cell_padding, height, accent_tint);
    pdf.text_block_at(grid.left() + cell_padding, top + cell_padding, inner, label, body_bold);
    draw_row_rules(pdf, grid, top, height, 2);
    pdf.move_down(height);
}

void draw_footer(PdfWriter& pdf, const SignInSheet& sheet, int page, int page_count) {
    const double top = pdf.content_bottom() + 18;
    const std::string page_number =
        "Page " + std::to_string(page) + "/" + std::to_string(page_count);
    const double page_number_width = pdf.text_width(page_number, footer) + 20;
    pdf.line(pdf.content_left(), top - 6, pdf.content_right(), top - 6, {0.5, colors::light_gray});
    const Organisation& identity = sheet.organisation;
    pdf.text_block_at(pdf.content_left(), top, pdf.content_width() - page_number_width,
                      identity.name + " – SIRET " + identity.siret +
                          " – déclaration d'activité n° " + identity.nda +
                          " – Feuille d'émargement, session " + sheet.session_reference,
                      footer);
    pdf.text_at(pdf.content_right(), top, page_number, footer, Align::right);
}

}  // namespace

std::string render_sign_in_sheet_pdf(const SignInSheet& sheet) {
    const std::vector<date> days = checked_days(sheet);
    // The title stays ASCII: it lands in the PDF's metadata (see render_invoice_pdf).
    PdfWriter pdf({.orientation = Orientation::landscape,
                   .margins = page_margins,
                   .title = "Feuille d'emargement"});
    const Grid grid = make_grid(pdf, days, sheet.half_day_minutes);
    pdf.on_new_page([&sheet, &grid](PdfWriter& writer) {
        draw_continuation_header(writer, sheet);
        draw_column_header(writer, grid);
    });
    draw_first_page_header(pdf, sheet, days);
    draw_column_header(pdf, grid);
    for (std::size_t i = 0; i < sheet.trainees.size(); ++i) {
        draw_trainee(pdf, grid, i + 1, sheet.trainees[i]);
    }
    draw_trainer(pdf, grid, sheet.trainer);
    pdf.for_each_page([&sheet](PdfWriter& writer, int page, int page_count) {
        draw_footer(writer, sheet, page, page_count);
    });
    return pdf.finish();
}

}  // namespace formations::invoices

#include "invoices/sign_in_sheet_pdf.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "invoices/french_format.hpp"
#include "invoices/name_order.hpp"
#include "invoices/pdf_blocks.hpp"
#include "invoices/pdf_writer.hpp"
#include "invoices/sign_in_sheet_layout.hpp"

namespace formations::invoices {
namespace {

using boost::gregorian::date;

constexpr Color accent{0.11, 0.25, 0.42};
constexpr Color accent_tint{0.90, 0.93, 0.96};
constexpr Color struck_out{0.93, 0.93, 0.93};

constexpr TextStyle body{.size = 9};
constexpr TextStyle body_bold{.size = 9, .weight = Weight::bold};
constexpr TextStyle small{.size = 8, .color = colors::dark_gray};
constexpr TextStyle footer{.size = 7, .color = colors::mid_gray};
constexpr TextStyle trainee_style{.size = 9, .weight = Weight::bold};
constexpr TextStyle employer_style{.size = 7.5, .color = colors::dark_gray};
constexpr TextStyle continuation_title{.size = 12, .weight = Weight::bold, .color = accent};

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
constexpr std::size_t name_lines = 2;  // longer names, employers and remarks end with "…"
constexpr std::size_t employer_lines = 2;
constexpr std::size_t remark_lines = 1;
constexpr std::size_t detail_lines = 2;  // each detail of the session
constexpr Stroke grid_rule{0.6, colors::mid_gray};
constexpr Stroke day_rule{1.4, colors::dark_gray};  // between two days

struct Column {
    HalfDaySlot slot;
    std::string day;     // "Lun. 27/06"
    std::string moment;  // "matin", "après-midi"
    std::string hours;   // "9h00–12h30"
};

struct Grid {
    std::vector<double> lefts;  // number, identity, then the half-days
    std::vector<double> widths;
    std::vector<Column> columns;
    TextStyle header_bold{.size = 8.5, .weight = Weight::bold};
    TextStyle header_regular{.size = 8.5, .color = colors::dark_gray};
    double header_height = 0;

    double left() const { return lefts.front(); }
    double right() const { return lefts.back() + widths.back(); }
    std::vector<HalfDaySlot> slots() const {
        std::vector<HalfDaySlot> result;
        for (const Column& column : columns) {
            result.push_back(column.slot);
        }
        return result;
    }
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
    if (sheet.half_day_minutes <= 0) {
        throw std::invalid_argument("render_sign_in_sheet_pdf: a half-day must last some time");
    }
    for (const date& day : days) {
        format_date_fr(day);  // throws on a date not set
    }
    check_hours(sheet.morning, sheet.afternoon);
    return days;
}

Grid make_grid(const PdfWriter& pdf, const SignInSheet& sheet, const std::vector<date>& days) {
    Grid grid;
    for (const HalfDaySlot& slot : half_days_of(days)) {
        const bool morning = slot.part == HalfDayPart::morning;
        grid.columns.push_back({slot, day_label(slot.day), morning ? "matin" : "après-midi",
                                format_time_span_fr(morning ? sheet.morning : sheet.afternoon)});
    }
    const double identity = grid.columns.size() <= 6 ? wide_identity_width : narrow_identity_width;
    const double box =
        (pdf.content_width() - number_width - identity) / static_cast<double>(grid.columns.size());
    double x = pdf.content_left();
    for (double width : std::vector<double>{number_width, identity}) {
        grid.lefts.push_back(x);
        grid.widths.push_back(width);
        x += width;
    }
    for (std::size_t i = 0; i < grid.columns.size(); ++i) {
        grid.lefts.push_back(x);
        grid.widths.push_back(box);
        x += box;
    }
    // Narrow boxes take a smaller header rather than cutting "après-midi" or the hours in two.
    const double inner = box - 2 * cell_padding;
    while (grid.header_bold.size > 6) {
        double widest = 0;
        for (const Column& column : grid.columns) {
            widest = std::max({widest, pdf.text_width(column.hours, grid.header_regular),
                               pdf.text_width(column.day, grid.header_bold),
                               pdf.text_width(column.moment, grid.header_bold)});
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
        const bool new_day =
            column >= 2 && grid.columns[column - 2].slot.part == HalfDayPart::morning;
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
    for (std::size_t i = 0; i < grid.columns.size(); ++i) {
        const Column& column = grid.columns[i];
        const double middle = grid.lefts[i + 2] + grid.widths[i + 2] / 2;
        pdf.text_at(middle, text_top, column.day, grid.header_bold, Align::center);
        pdf.text_at(middle, text_top + line, column.moment, grid.header_bold, Align::center);
        pdf.text_at(middle, text_top + 2 * line, column.hours, grid.header_regular, Align::center);
    }
    draw_row_rules(pdf, grid, top, height);
    pdf.move_down(height);
}

double detail(PdfWriter& pdf, double x, double top, double width, const std::string& label,
              const std::string& value) {
    return labelled(pdf, x, top, width, label, value, body_bold, body, detail_lines);
}

struct Part {
    std::size_t number = 1;  // 1-based
    std::size_t count = 1;
    std::vector<date> days;
};

void draw_first_page_header(PdfWriter& pdf, const SignInSheet& sheet, const std::vector<date>& days,
                            const Part& part) {
    const double left = pdf.content_left();
    const double right = pdf.content_right();
    const double top = pdf.cursor();
    const TextStyle title{.size = 18, .weight = Weight::bold, .color = accent, .leading = 1.2};
    const TextStyle organisation{.size = 10, .weight = Weight::bold};

    // The organisation on the right, beside the title.
    constexpr double organisation_width = 300;
    const double organisation_left = right - organisation_width;
    const Organisation& identity = sheet.organisation;
    double right_y = top;
    right_y += pdf.text_block_at(organisation_left, right_y, organisation_width, identity.name,
                                 organisation, Align::right, 2);
    right_y +=
        pdf.text_block_at(organisation_left, right_y, organisation_width,
                          "Déclaration d'activité n° " + identity.nda, small, Align::right, 1);
    right_y += pdf.text_block_at(organisation_left, right_y, organisation_width,
                                 "SIRET " + identity.siret, small, Align::right, 1);

    pdf.text_at(left, top, "Feuille d'émargement", title);
    const double left_y = top + pdf.line_height(title);

    // The session's details in two columns.
    constexpr double gap = 24;
    const double column = (pdf.content_width() - gap) / 2;
    double y = std::max(left_y, right_y) + 10;
    pdf.line(left, y - 5, right, y - 5, {0.5, colors::light_gray});
    double first = y;
    first += detail(pdf, left, first, column, "Formation", sheet.course_title);
    first += detail(pdf, left, first, column, "Session", sheet.session_reference);
    first += detail(pdf, left, first, column, "Dates", format_period_fr(days.front(), days.back()));
    if (part.count > 1) {
        first += detail(pdf, left, first, column,
                        "Partie " + std::to_string(part.number) + "/" + std::to_string(part.count),
                        format_period_fr(part.days.front(), part.days.back()));
    }
    double second = y;
    const double x = left + column + gap;
    second += detail(pdf, x, second, column, "Lieu", sheet.place);
    second += detail(pdf, x, second, column, "Formateur", sheet.trainer);
    const int half_days = static_cast<int>(days.size()) * 2;
    second += detail(pdf, x, second, column, "Durée",
                     format_hours_fr(sheet.half_day_minutes * half_days) + " (" +
                         std::to_string(half_days) + " demi-journées de " +
                         format_hours_fr(sheet.half_day_minutes) + ")");
    second += detail(pdf, x, second, column, "Horaires",
                     "matin " + format_time_span_fr(sheet.morning) + ", après-midi " +
                         format_time_span_fr(sheet.afternoon));
    y = std::max(first, second) + 6;
    y += pdf.text_block_at(left, y, pdf.content_width(),
                           "Chaque stagiaire signe, pour chaque demi-journée de présence, dans la "
                           "case correspondante ; le formateur signe chaque demi-journée sur la "
                           "dernière ligne de chaque page. Une case grisée n'est pas à signer.",
                           small);
    pdf.set_cursor(y + 8);
}

// The height draw_continuation_header takes, known before drawing it to plan the pages.
double continuation_header_height(const PdfWriter& pdf) {
    return pdf.line_height(continuation_title) + 8;
}

void draw_continuation_header(PdfWriter& pdf, const SignInSheet& sheet, const Part& part) {
    const double top = pdf.cursor();
    const std::string text = "Feuille d'émargement (suite)";
    pdf.text_at(pdf.content_left(), top, text, continuation_title);
    const double room = pdf.content_width() - pdf.text_width(text, continuation_title) - 20;
    std::string session = sheet.course_title + " – session " + sheet.session_reference;
    if (part.count > 1) {
        session += " – partie " + std::to_string(part.number) + "/" + std::to_string(part.count);
    }
    pdf.text_block_at(pdf.content_right() - room, top + 2, room, session, small, Align::right, 1);
    pdf.set_cursor(top + continuation_header_height(pdf));
}

double trainee_height(const PdfWriter& pdf, const Grid& grid, const SignInSheet::Row& row) {
    const double inner = grid.widths[1] - 2 * cell_padding;
    const double text = pdf.text_height(row.trainee_name, inner, trainee_style, name_lines) +
                        pdf.text_height(row.employer, inner, employer_style, employer_lines) +
                        pdf.text_height(row.remark, inner, employer_style, remark_lines);
    return std::max(min_row_height, text + 2 * cell_padding);
}

void draw_trainee(PdfWriter& pdf, const Grid& grid, std::size_t number,
                  const SignInSheet::Row& row) {
    const double height = trainee_height(pdf, grid, row);
    const double top = pdf.cursor();
    for (std::size_t i = 0; i < grid.columns.size(); ++i) {
        if (!signs(row, grid.columns[i].slot)) {
            const double x = grid.lefts[i + 2];
            pdf.rectangle(x, top, grid.widths[i + 2], height, struck_out);
            pdf.line(x, top, x + grid.widths[i + 2], top + height, grid_rule);
        }
    }
    pdf.text_at(grid.lefts[0] + grid.widths[0] / 2, top + cell_padding, std::to_string(number),
                small, Align::center);
    const double x = grid.lefts[1] + cell_padding;
    const double inner = grid.widths[1] - 2 * cell_padding;
    double y = top + cell_padding;
    y += pdf.text_block_at(x, y, inner, row.trainee_name, trainee_style, Align::left, name_lines);
    y += pdf.text_block_at(x, y, inner, row.employer, employer_style, Align::left, employer_lines);
    pdf.text_block_at(x, y, inner, row.remark, employer_style, Align::left, remark_lines);
    draw_row_rules(pdf, grid, top, height);
    pdf.move_down(height);
}

std::string trainer_label(const SignInSheet& sheet) {
    return "Formateur : " + sheet.trainer;
}

double trainer_height(const PdfWriter& pdf, const Grid& grid, const SignInSheet& sheet) {
    const double inner = grid.widths[0] + grid.widths[1] - 2 * cell_padding;
    return std::max(
        min_row_height,
        pdf.text_height(trainer_label(sheet), inner, body_bold, name_lines) + 2 * cell_padding);
}

void draw_trainer(PdfWriter& pdf, const Grid& grid, const SignInSheet& sheet) {
    const double inner = grid.widths[0] + grid.widths[1] - 2 * cell_padding;
    const double height = trainer_height(pdf, grid, sheet);
    pdf.move_down(trainer_gap);
    const double top = pdf.cursor();
    pdf.rectangle(grid.left(), top, inner + 2 * cell_padding, height, accent_tint);
    pdf.text_block_at(grid.left() + cell_padding, top + cell_padding, inner, trainer_label(sheet),
                      body_bold, Align::left, name_lines);
    draw_row_rules(pdf, grid, top, height, 2);
    pdf.move_down(height);
}

// One part of the sheet: its first page with the full header, then as many pages as its rows
// need, each closed by the trainer's row.
void draw_part(PdfWriter& pdf, const SignInSheet& sheet, const std::vector<date>& days,
               const Part& part, const Grid& grid,
               const std::vector<const SignInSheet::Row*>& rows) {
    draw_first_page_header(pdf, sheet, days, part);
    draw_column_header(pdf, grid);
    std::vector<const SignInSheet::Row*> signing;
    std::vector<double> heights;
    const std::vector<HalfDaySlot> slots = grid.slots();
    for (const SignInSheet::Row* row : rows) {
        if (signs_any(*row, slots)) {
            signing.push_back(row);
            heights.push_back(trainee_height(pdf, grid, *row));
        }
    }
    const double room = pdf.content_bottom() - pdf.content_top() - continuation_header_height(pdf) -
                        grid.header_height;
    const auto pages = rows_per_page(heights, trainer_gap + trainer_height(pdf, grid, sheet),
                                     pdf.space_left(), room);
    std::size_t next = 0;
    for (std::size_t page = 0; page < pages.size(); ++page) {
        if (page > 0) {
            pdf.new_page();  // the continuation header and the column headers
        }
        for (std::size_t i = 0; i < pages[page]; ++i, ++next) {
            draw_trainee(pdf, grid, next + 1, *signing[next]);
        }
        draw_trainer(pdf, grid, sheet);
    }
}

void draw_sheet_footer(PdfWriter& pdf, const SignInSheet& sheet, int page, int page_count) {
    const Organisation& identity = sheet.organisation;
    draw_footer(pdf, pdf.content_bottom() + 18,
                identity.name + " – SIRET " + identity.siret + " – déclaration d'activité n° " +
                    identity.nda,
                "Feuille d'émargement, session " + sheet.session_reference + " – Page " +
                    std::to_string(page) + "/" + std::to_string(page_count),
                footer);
}

}  // namespace

std::string render_sign_in_sheet_pdf(const SignInSheet& sheet) {
    const std::vector<date> days = checked_days(sheet);
    const auto parts = split_into_parts(days, max_sign_in_half_days / 2);
    std::vector<const SignInSheet::Row*> rows;
    for (const SignInSheet::Row& row : sheet.trainees) {
        rows.push_back(&row);
    }
    std::stable_sort(rows.begin(), rows.end(), [](const auto* a, const auto* b) {
        return french_name_less(a->trainee_name, b->trainee_name);
    });

    // The title stays ASCII: it lands in the PDF's metadata (see render_invoice_pdf).
    PdfWriter pdf({.orientation = Orientation::landscape,
                   .margins = page_margins,
                   .title = "Feuille d'emargement"});
    Part part;
    std::optional<Grid> grid;
    bool starting_part = true;
    pdf.on_new_page([&](PdfWriter& writer) {
        if (!starting_part) {
            draw_continuation_header(writer, sheet, part);
            draw_column_header(writer, *grid);
        }
    });
    for (std::size_t i = 0; i < parts.size(); ++i) {
        part = {i + 1, parts.size(), parts[i]};
        grid = make_grid(pdf, sheet, parts[i]);
        starting_part = true;
        if (i > 0) {
            pdf.new_page();
        }
        starting_part = false;
        draw_part(pdf, sheet, days, part, *grid, rows);
    }
    pdf.for_each_page([&sheet](PdfWriter& writer, int page, int page_count) {
        draw_sheet_footer(writer, sheet, page, page_count);
    });
    return pdf.finish();
}

}  // namespace formations::invoices

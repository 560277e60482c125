#include "invoices/pdf_table.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace formations::invoices {

PdfTable::PdfTable(PdfWriter& writer, std::vector<TableColumn> columns, TableStyle style)
    : writer_(writer), columns_(std::move(columns)), style_(style) {
    double fixed = 0;
    std::size_t shared = 0;
    for (const TableColumn& column : columns_) {
        fixed += column.width;
        shared += column.width == 0 ? 1 : 0;
    }
    const double left_over = writer_.content_width() - fixed;
    if (columns_.empty() || left_over < 0 || (shared > 0 && left_over <= 0)) {
        throw std::invalid_argument("PdfTable: the columns do not fit the page");
    }
    double x = writer_.content_left();
    for (TableColumn& column : columns_) {
        if (column.width == 0) {
            column.width = left_over / static_cast<double>(shared);
        }
        lefts_.push_back(x);
        x += column.width;
    }
}

double PdfTable::column_left(std::size_t index) const {
    return lefts_.at(index);
}
double PdfTable::column_width(std::size_t index) const {
    return columns_.at(index).width;
}

double PdfTable::header_height() const {
    std::size_t lines = 1;
    for (const TableColumn& column : columns_) {
        const double inner = column.width - 2 * style_.padding;
        lines = std::max(lines, writer_.wrap(column.title, inner, style_.header).size());
    }
    return static_cast<double>(lines) * writer_.line_height(style_.header) + 2 * style_.padding;
}

void PdfTable::draw_header() {
    const double height = header_height();
    // A header alone at the foot of a page is useless: keep it with at least one row.
    writer_.ensure_space(height + writer_.line_height(style_.body) + 2 * style_.padding);
    const double top = writer_.cursor();
    writer_.rectangle(writer_.content_left(), top, writer_.content_width(), height,
                      style_.header_fill);
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        writer_.text_block_at(lefts_[i] + style_.padding, top + style_.padding,
                              columns_[i].width - 2 * style_.padding, columns_[i].title,
                              style_.header, columns_[i].align);
    }
    writer_.move_down(height);
}

void PdfTable::break_page() {
    writer_.new_page();
    draw_header();
}

void PdfTable::add_row(const std::vector<std::string>& cells) {
    if (cells.size() != columns_.size()) {
        throw std::invalid_argument("PdfTable::add_row: one cell per column expected");
    }
    std::vector<std::vector<std::string>> lines;
    std::size_t count = 1;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        lines.push_back(
            writer_.wrap(cells[i], columns_[i].width - 2 * style_.padding, style_.body));
        count = std::max(count, lines.back().size());
    }
    const double line_height = writer_.line_height(style_.body);
    const double row_height = static_cast<double>(count) * line_height + 2 * style_.padding;
    // A row that would fit on a page of its own moves there whole; only a longer one is split.
    const double page_room = writer_.content_bottom() - writer_.content_top() - header_height();
    bool moved = false;  // at most one break before drawing anything, so this always ends
    if (row_height > writer_.space_left() && row_height <= page_room) {
        break_page();
        moved = true;
    }
    std::size_t first = 0;
    while (first < count) {
        const double room = writer_.space_left() - 2 * style_.padding;
        auto fitting = static_cast<std::size_t>(std::max(0.0, std::floor(room / line_height)));
        if (fitting == 0 && !moved) {
            break_page();
            moved = true;
            continue;
        }
        fitting = std::clamp<std::size_t>(fitting, 1, count - first);
        draw_slice(lines, first, fitting);
        first += fitting;
        if (first < count) {
            break_page();
        }
    }
}

void PdfTable::draw_slice(const std::vector<std::vector<std::string>>& lines, std::size_t first,
                          std::size_t count) {
    const double line_height = writer_.line_height(style_.body);
    const double top = writer_.cursor();
    for (std::size_t column = 0; column < columns_.size(); ++column) {
        const TableColumn& spec = columns_[column];
        const double anchor = spec.align == Align::right
                                  ? lefts_[column] + spec.width - style_.padding
                              : spec.align == Align::center ? lefts_[column] + spec.width / 2
                                                            : lefts_[column] + style_.padding;
        const auto& cell = lines[column];
        for (std::size_t i = first; i < first + count && i < cell.size(); ++i) {
            writer_.text_at(anchor,
                            top + style_.padding + static_cast<double>(i - first) * line_height,
                            cell[i], style_.body, spec.align);
        }
    }
    const double height = static_cast<double>(count) * line_height + 2 * style_.padding;
    writer_.line(writer_.content_left(), top + height, writer_.content_right(), top + height,
                 style_.rule);
    writer_.move_down(height);
}

}  // namespace formations::invoices

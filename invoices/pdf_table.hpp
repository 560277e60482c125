#pragma once
// A table that flows down the pages of a PdfWriter: each cell wraps within its column, a row
// that does not fit moves to the next page where the header row is drawn again, and a row
// taller than a page is split between two of its lines.
// Example:
//   PdfTable table(pdf, {{"Désignation"}, {"Qté", 40, Align::right}});
//   table.draw_header();
//   table.add_row({"Formation « Créer sa CAE »", "1"});

#include <optional>
#include <string>
#include <vector>

#include "invoices/pdf_writer.hpp"

namespace formations::invoices {

struct TableColumn {
    std::string title;
    double width = 0;  // points; 0 shares what the other columns leave
    Align align = Align::left;
};

struct TableStyle {
    TextStyle header{.size = 8.5, .weight = Weight::bold};
    TextStyle body{.size = 9};
    std::optional<Color> header_fill = colors::light_gray;
    Stroke rule{0.4, colors::light_gray};  // under every row
    double padding = 4;                    // inside each cell, on every side
};

class PdfTable {
  public:
    // Spans the writer's content width. Throws std::invalid_argument when the fixed widths
    // leave no room.
    PdfTable(PdfWriter& writer, std::vector<TableColumn> columns, TableStyle style = {});

    // At the cursor, on a new page unless the header and a first row fit.
    void draw_header();
    // One cell per column.
    void add_row(const std::vector<std::string>& cells);

    double column_left(std::size_t index) const;
    double column_width(std::size_t index) const;

  private:
    double header_height() const;
    void break_page();
    void draw_slice(const std::vector<std::vector<std::string>>& lines, std::size_t first,
                    std::size_t count);

    PdfWriter& writer_;
    std::vector<TableColumn> columns_;  // widths resolved
    std::vector<double> lefts_;
    TableStyle style_;
};

}  // namespace formations::invoices

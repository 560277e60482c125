#pragma once
// Writes CSV for French spreadsheets: UTF-8 with a byte-order mark (Excel then reads accents
// right), ';' as separator (the comma is the decimal separator), CRLF line ends, fields quoted
// when they hold a separator, a quote or a line break. Cells starting with = + - @ are prefixed
// with an apostrophe so a spreadsheet never runs them as formulas (CSV injection).
// Example: CsvWriter csv; csv.row({"Nom", "Prix"}); csv.row({"Lefèvre", "300,00"}); csv.str();

#include <string>
#include <string_view>
#include <vector>

namespace formations::app {

class CsvWriter {
  public:
    CsvWriter();
    void row(const std::vector<std::string>& cells);
    const std::string& str() const { return text_; }

    static std::string escape(std::string_view cell);

  private:
    std::string text_;
};

}  // namespace formations::app

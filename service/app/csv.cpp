#include "service/app/csv.hpp"

namespace formations::app {

CsvWriter::CsvWriter() : text_("\xEF\xBB\xBF") {}

std::string CsvWriter::escape(std::string_view cell) {
    std::string value(cell);
    if (!value.empty() &&
        (value[0] == '=' || value[0] == '+' || value[0] == '@' ||
         (value[0] == '-' && value.find_first_not_of("-0123456789,") != std::string::npos))) {
        value.insert(0, "'");  // numbers like -300,00 stay numbers
    }
    if (value.find_first_of(";\"\r\n") == std::string::npos) {
        return value;
    }
    std::string quoted = "\"";
    for (char c : value) {
        quoted += c;
        if (c == '"') {
            quoted += '"';
        }
    }
    return quoted + "\"";
}

void CsvWriter::row(const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) {
            text_ += ';';
        }
        text_ += escape(cells[i]);
    }
    text_ += "\r\n";
}

}  // namespace formations::app

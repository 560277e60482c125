#include "invoices/numbering.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>

namespace formations::invoices {
namespace {

bool all_digits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

std::string format_number(std::string_view prefix, int year, int sequence) {
    char digits[32];
    std::snprintf(digits, sizeof digits, "-%04d-%05d", year, sequence);
    return std::string(prefix) + digits;
}

std::optional<ParsedNumber> parse_number(std::string_view number) {
    auto last_dash = number.rfind('-');
    if (last_dash == std::string_view::npos || last_dash < 6) {
        return std::nullopt;
    }
    auto year_dash = number.rfind('-', last_dash - 1);
    if (year_dash == std::string_view::npos || year_dash == 0) {
        return std::nullopt;
    }
    auto prefix = number.substr(0, year_dash);
    auto year = number.substr(year_dash + 1, last_dash - year_dash - 1);
    auto sequence = number.substr(last_dash + 1);
    bool prefix_ok = std::all_of(prefix.begin(), prefix.end(), [](unsigned char c) {
        return std::isupper(c) || std::isdigit(c);
    });
    if (!prefix_ok || year.size() != 4 || !all_digits(year) || sequence.size() < 5 ||
        sequence.size() > 9 || !all_digits(sequence)) {
        return std::nullopt;
    }
    ParsedNumber parsed{std::string(prefix), 0, 0};
    std::from_chars(year.data(), year.data() + year.size(), parsed.year);
    std::from_chars(sequence.data(), sequence.data() + sequence.size(), parsed.sequence);
    if (parsed.sequence == 0) {
        return std::nullopt;
    }
    return parsed;
}

}  // namespace formations::invoices

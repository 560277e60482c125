#pragma once
// Invoice numbers: a prefix per series, the calendar year and a gapless sequence within them,
// e.g. FA-2019-00001 (invoices) and AV-2019-00001 (credit notes). The sequence itself is taken
// from a counter row in the transaction that stores the document (service/storage).

#include <optional>
#include <string>
#include <string_view>

namespace formations::invoices {

std::string format_number(std::string_view prefix, int year, int sequence);

struct ParsedNumber {
    std::string prefix;
    int year = 0;
    int sequence = 0;
};

// Accepts what format_number produces (sequence of at least 5 digits); nullopt otherwise.
std::optional<ParsedNumber> parse_number(std::string_view number);

}  // namespace formations::invoices

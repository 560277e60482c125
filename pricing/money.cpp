#include "pricing/money.hpp"

#include <cstdint>
#include <string>

namespace formations::pricing {

namespace {

// The magnitude as unsigned, computed without negating a signed value, so INT64_MIN (whose
// negation does not fit in int64) formats correctly instead of being undefined behaviour.
std::uint64_t magnitude(std::int64_t cents) {
    const auto as_unsigned = static_cast<std::uint64_t>(cents);
    if (cents < 0) {
        return std::uint64_t{0} - as_unsigned;
    }
    return as_unsigned;
}

std::string two_digits(std::uint64_t value) {
    return std::string{static_cast<char>('0' + value / 10), static_cast<char>('0' + value % 10)};
}

std::string format(Money amount, bool group_thousands) {
    const std::uint64_t total = magnitude(amount.cents());
    const std::string units = std::to_string(total / 100);

    std::string result;
    if (amount.cents() < 0) {
        result += '-';
    }
    for (std::size_t i = 0; i < units.size(); ++i) {
        const std::size_t remaining = units.size() - i;
        if (group_thousands && i != 0 && remaining % 3 == 0) {
            result += ' ';
        }
        result += units[i];
    }
    result += ',';
    result += two_digits(total % 100);
    return result;
}

}  // namespace

std::string format_french(Money amount) {
    // U+20AC spelled as UTF-8 bytes so the output does not depend on the compiler's execution
    // character set.
    return format(amount, true) + " \xE2\x82\xAC";
}

std::string format_decimal_comma(Money amount) {
    return format(amount, false);
}

}  // namespace formations::pricing

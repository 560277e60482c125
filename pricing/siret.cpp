#include "pricing/siret.hpp"

#include <cstddef>

namespace formations::pricing {

namespace {

constexpr std::size_t siret_length = 14;
constexpr std::string_view la_poste_siren = "356000000";

bool is_ascii_digit(char c) {
    return c >= '0' && c <= '9';
}

bool luhn_valid(std::string_view digits) {
    int sum = 0;
    bool doubled = false;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        int digit = *it - '0';
        if (doubled) {
            digit *= 2;
            if (digit > 9) {
                digit -= 9;
            }
        }
        sum += digit;
        doubled = !doubled;
    }
    return sum % 10 == 0;
}

// INSEE's published exception: La Poste has too many establishments for a Luhn-checked NIC, so
// its SIRETs (apart from the head office 35600000000048, which is plain Luhn) are checked by
// digit sum instead.
bool la_poste_valid(std::string_view digits) {
    if (!digits.starts_with(la_poste_siren)) {
        return false;
    }
    int sum = 0;
    for (const char c : digits) {
        sum += c - '0';
    }
    return sum % 5 == 0;
}

}  // namespace

std::optional<Siret> Siret::parse(std::string_view text) {
    std::string digits;
    digits.reserve(siret_length);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (is_ascii_digit(c)) {
            if (digits.size() == siret_length) {
                return std::nullopt;
            }
            digits += c;
            continue;
        }
        // A space is only a group separator: it must sit between two digits.
        const bool between_digits = i > 0 && i + 1 < text.size() && is_ascii_digit(text[i - 1]) &&
                                    is_ascii_digit(text[i + 1]);
        if (c != ' ' || !between_digits) {
            return std::nullopt;
        }
    }
    if (digits.size() != siret_length) {
        return std::nullopt;
    }
    if (!luhn_valid(digits) && !la_poste_valid(digits)) {
        return std::nullopt;
    }
    return Siret{std::move(digits)};
}

}  // namespace formations::pricing

#include "service/app/input_rules.hpp"

#include <algorithm>
#include <cctype>

#include "pricing/siret.hpp"
#include "service/mail/address.hpp"

namespace formations::app {
namespace {

std::string_view trim(std::string_view value) {
    const auto* space = " \t\r\n";
    auto first = value.find_first_not_of(space);
    if (first == std::string_view::npos) {
        return {};
    }
    auto last = value.find_last_not_of(space);
    return value.substr(first, last - first + 1);
}

// Decodes one code point starting at `i`; returns 0 bytes consumed on invalid UTF-8.
std::size_t decode(std::string_view text, std::size_t i, char32_t& code_point) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char lead = byte(i);
    std::size_t length = lead < 0x80           ? 1
                         : (lead >> 5) == 0x6  ? 2
                         : (lead >> 4) == 0xE  ? 3
                         : (lead >> 3) == 0x1E ? 4
                                               : 0;
    if (length == 0 || i + length > text.size()) {
        return 0;
    }
    code_point = length == 1 ? lead : lead & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) >> 6) != 0x2) {
            return 0;
        }
        code_point = (code_point << 6) | (byte(i + k) & 0x3F);
    }
    static constexpr char32_t minimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < minimum[length] || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
        return 0;  // overlong encodings and surrogates are invalid
    }
    return length;
}

bool is_control(char32_t c, bool multiline) {
    if (multiline && (c == U'\n' || c == U'\r')) {  // \r\n from web forms; \r removed below
        return false;
    }
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029;
}

}  // namespace

std::optional<std::size_t> utf8_length(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size(); ++count) {
        char32_t c = 0;
        auto length = decode(text, i, c);
        if (length == 0) {
            return std::nullopt;
        }
        i += length;
    }
    return count;
}

Result<std::string> normalise_text(std::string_view value, const std::string& field,
                                   std::size_t max_chars, bool multiline) {
    auto text = trim(value);
    if (text.empty()) {
        return Error::invalid("required", "Ce champ est obligatoire.", field);
    }
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size(); ++count) {
        char32_t c = 0;
        auto length = decode(text, i, c);
        if (length == 0) {
            return Error::invalid("invalid_encoding", "Le texte contient des caractères invalides.",
                                  field);
        }
        if (is_control(c, multiline)) {
            return Error::invalid("invalid_characters",
                                  "Le texte contient des caractères de contrôle non autorisés.",
                                  field);
        }
        i += length;
    }
    if (count > max_chars) {
        return Error::invalid(
            "too_long",
            "Ce champ est trop long (" + std::to_string(max_chars) + " caractères au maximum).",
            field);
    }
    std::string result(text);
    std::erase(result, '\r');
    return result;
}

Result<std::string> normalise_email(std::string_view value, const std::string& field) {
    auto text = normalise_text(value, field, 254);
    if (!text) {
        return text.error();
    }
    std::string email = text.value();
    std::transform(email.begin(), email.end(), email.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    auto invalid = Error::invalid("invalid_email", "L'adresse e-mail n'est pas valide.", field);
    auto at = email.find('@');
    if (at == std::string::npos || at == 0 || email.find('@', at + 1) != std::string::npos ||
        at > 64) {
        return invalid;
    }
    auto domain = std::string_view(email).substr(at + 1);
    auto dot = domain.find('.');
    if (dot == std::string_view::npos || dot == 0 || domain.ends_with('.') ||
        domain.find("..") != std::string_view::npos) {
        return invalid;
    }
    if (std::any_of(email.begin(), email.end(), [](unsigned char c) {
            return std::isspace(c) || c == '<' || c == '>' || c == ',' || c == ';' || c == '"';
        })) {
        return invalid;
    }
    // Kept as typed (an accented domain stays readable); messages go to its ASCII form.
    if (auto deliverable = mail::smtp_address(email, field); !deliverable) {
        return deliverable.error();
    }
    return email;
}

Result<std::string> normalise_phone(std::string_view value, const std::string& field) {
    auto text = normalise_text(value, field, 30);
    if (!text) {
        return text.error();
    }
    const std::string& phone = text.value();
    auto allowed = [](unsigned char c) {
        return std::isdigit(c) || c == ' ' || c == '+' || c == '(' || c == ')' || c == '.' ||
               c == '-';
    };
    auto digits =
        std::count_if(phone.begin(), phone.end(), [](unsigned char c) { return std::isdigit(c); });
    if (!std::all_of(phone.begin(), phone.end(), allowed) || digits < 6 || digits > 20) {
        return Error::invalid("invalid_phone", "Le numéro de téléphone n'est pas valide.", field);
    }
    return phone;
}

std::string fold_accents(std::string_view text) {
    // Base letters of U+00C0..U+00FF, '*' where there is none.
    static constexpr std::string_view latin1 =
        "aaaaaaaceeeeiiiidnooooo*ouuuuy**aaaaaaaceeeeiiiidnooooo*ouuuuy*y";
    std::string folded;
    folded.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c == 0xC3 && i + 1 < text.size()) {
            auto next = static_cast<unsigned char>(text[i + 1]);
            if (next >= 0x80 && next <= 0xBF && latin1[next - 0x80] != '*') {
                folded += latin1[next - 0x80];
                ++i;
                continue;
            }
        }
        folded += static_cast<char>(std::tolower(c));
    }
    return folded;
}

bool same_organisation_name(std::string_view typed, std::string_view known) {
    auto key = [](std::string_view name) {
        std::string letters;
        for (char c : fold_accents(name)) {
            auto u = static_cast<unsigned char>(c);
            if (std::isalnum(u) || u >= 0x80) {
                letters += c;
            }
        }
        return letters;
    };
    auto a = key(typed);
    return !a.empty() && a == key(known);
}

Result<std::string> normalise_siret(std::string_view value, const std::string& field) {
    auto siret = pricing::Siret::parse(trim(value));
    if (!siret) {
        std::string digits;
        for (char c : value) {
            if (c != ' ') {
                digits += c;
            }
        }
        bool fourteen_digits =
            digits.size() == 14 && digits.find_first_not_of("0123456789") == std::string::npos;
        // Fourteen digits that fail the check digit: a typing mistake, said as such.
        return Error::invalid("invalid_siret",
                              fourteen_digits
                                  ? "Ce numéro SIRET n'existe pas : son dernier chiffre (la clé de "
                                    "contrôle) ne correspond pas aux autres. Vérifiez chaque "
                                    "chiffre, par exemple sur une fiche de paie."
                                  : "Le numéro SIRET doit comporter 14 chiffres.",
                              field);
    }
    return siret->digits();
}

}  // namespace formations::app

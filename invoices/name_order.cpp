#include "invoices/name_order.hpp"

#include <vector>

#include "invoices/utf8.hpp"

namespace formations::invoices {
namespace {

// Base letters of U+00C0–U+00FF (× and ÷ map to themselves: they are not letters).
constexpr const char* latin1_bases[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",   // C0
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",  // D0
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",   // E0
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y",   // F0
};

// Base letters of U+0100–U+017F, in order.
constexpr const char* extended_a_bases[128] = {
    "a", "a", "a",  "a",  "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",  // 0100
    "d", "d", "e",  "e",  "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",  // 0110
    "g", "g", "g",  "g",  "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",  // 0120
    "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",  // 0130
    "l", "l", "l",  "n",  "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",  // 0140
    "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",  // 0150
    "s", "s", "t",  "t",  "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",  // 0160
    "u", "u", "u",  "u",  "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",  // 0170
};

// Between words, and between the parts of a compound name: both sort before any letter, so a
// shorter name comes before the longer ones it starts.
constexpr char word_separator = '\1';
constexpr char compound_separator = '\2';

char separator_of(char32_t code) {
    if (code == ' ' || code == 0x00A0 || code == 0x202F) {
        return word_separator;
    }
    if (code == '-' || code == 0x2010 || code == 0x2011) {
        return compound_separator;
    }
    return '\0';
}

// Appends the primary form of one character to `key`.
void append_base(std::string& key, char32_t code) {
    if (code >= 'A' && code <= 'Z') {
        key += static_cast<char>(code - 'A' + 'a');
    } else if ((code >= 'a' && code <= 'z') || (code >= '0' && code <= '9')) {
        key += static_cast<char>(code);
    } else if (code >= 0xC0 && code <= 0xFF && *latin1_bases[code - 0xC0] != '\0') {
        key += latin1_bases[code - 0xC0];
    } else if (code >= 0x100 && code <= 0x17F) {
        key += extended_a_bases[code - 0x100];
    } else if (code >= 0x218 && code <= 0x21B) {
        key += code <= 0x219 ? 's' : 't';  // Ș ș Ț ț
    } else if (code > 0x7F && !is_combining_mark(code)) {
        // After every Latin letter: a lead byte above those of the letters, then the code.
        key += '\x7F';
        append_utf8(key, code);
    }
    // Other ASCII punctuation and combining accents do not count at this level.
}

// The name without a leading lowercase particle « de » or « d' » (when a name follows it).
std::string_view without_particle(std::string_view name) {
    for (std::string_view particle : {"de ", "d'", "d\u2019"}) {
        if (name.starts_with(particle) && name.size() > particle.size() &&
            name[particle.size()] != ' ') {
            return name.substr(particle.size());
        }
    }
    return name;
}

std::vector<char32_t> lowercase_code_points(std::string_view text) {
    std::vector<char32_t> codes;
    for (std::size_t at = 0; at < text.size();) {
        const Utf8Char read = decode_utf8(text, at);
        at += read.length;
        char32_t code = read.code;
        if ((code >= 'A' && code <= 'Z') || (code >= 0xC0 && code <= 0xDE && code != 0xD7)) {
            code += 0x20;
        }
        codes.push_back(code);
    }
    return codes;
}

}  // namespace

std::string french_sort_key(std::string_view name) {
    const std::string_view sorted = without_particle(name);
    std::string key;
    for (std::size_t at = 0; at < sorted.size();) {
        const Utf8Char read = decode_utf8(sorted, at);
        at += read.length;
        if (const char separator = separator_of(read.code); separator != '\0') {
            if (!key.empty() && static_cast<unsigned char>(key.back()) > compound_separator) {
                key += separator;
            }
        } else {
            append_base(key, read.code);
        }
    }
    while (!key.empty() && static_cast<unsigned char>(key.back()) <= compound_separator) {
        key.pop_back();
    }
    return key;
}

bool french_name_less(std::string_view a, std::string_view b) {
    const std::string key_a = french_sort_key(a);
    const std::string key_b = french_sort_key(b);
    if (key_a != key_b) {
        return key_a < key_b;
    }
    // Same letters: unaccented before accented (é is above e as a code point)…
    const auto lower_a = lowercase_code_points(a);
    const auto lower_b = lowercase_code_points(b);
    if (lower_a != lower_b) {
        return lower_a < lower_b;
    }
    // …then lowercase before uppercase: only case differs, and lowercase letters have the
    // higher bytes.
    return a > b;
}

}  // namespace formations::invoices

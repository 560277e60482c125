#pragma once
// Reading and writing UTF-8 one code point at a time, for the text of our documents (measuring,
// wrapping, substituting what a font cannot print, sorting names). Strict: overlong forms,
// surrogates and values past U+10FFFF are invalid, and an invalid byte is read alone, so a
// malformed string still advances.
// Example: decode_utf8("é!", 0) == Utf8Char{U'é', 2, true}.

#include <cstddef>
#include <string>
#include <string_view>

namespace formations::invoices {

struct Utf8Char {
    char32_t code = 0;       // U+FFFD when invalid
    std::size_t length = 0;  // bytes read: 1 to 4, 0 only at the end of the text
    bool valid = false;

    bool operator==(const Utf8Char&) const = default;
};

inline constexpr char32_t replacement_character = U'\uFFFD';

// The character starting at byte `at` of `text`.
Utf8Char decode_utf8(std::string_view text, std::size_t at);

void append_utf8(std::string& out, char32_t code);

// Combining diacritical marks (U+0300–U+036F): they belong to the character before them, so
// nothing may be cut or inserted between the two.
bool is_combining_mark(char32_t code);

}  // namespace formations::invoices

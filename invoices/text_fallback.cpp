#include "invoices/text_fallback.hpp"

#include <utility>

#include "invoices/utf8.hpp"

namespace formations::invoices {
namespace {

// Characters with no visible form: printing a substitute for them would show marks the writer
// never meant.
bool is_invisible(char32_t code) {
    return code < 0x20 || (code >= 0x7F && code <= 0x9F) || code == 0x00AD ||
           (code >= 0x200B && code <= 0x200F) || (code >= 0x2060 && code <= 0x2064) ||
           code == 0xFEFF;
}

// Plain equivalents, used only when the font lacks the original.
constexpr std::pair<char32_t, const char*> plain_equivalents[] = {
    {0x00A0, " "},  {0x2007, " "},  {0x2009, " "},  {0x202F, " "},   {0x2010, "-"},
    {0x2011, "-"},  {0x2012, "-"},  {0x2013, "-"},  {0x2014, "-"},   {0x2212, "-"},
    {0x2018, "'"},  {0x2019, "'"},  {0x201A, ","},  {0x201C, "\""},  {0x201D, "\""},
    {0x201E, "\""}, {0x00AB, "\""}, {0x00BB, "\""}, {0x2026, "..."}, {0x20AC, "EUR"},
    {0x2022, "-"},  {0x0152, "OE"}, {0x0153, "oe"},
};

const char* plain_equivalent(char32_t code) {
    for (const auto& [original, plain] : plain_equivalents) {
        if (original == code) {
            return plain;
        }
    }
    return nullptr;
}

bool all_covered(std::string_view text, const GlyphCoverage& covered) {
    for (char c : text) {
        if (!covered(static_cast<unsigned char>(c))) {
            return false;
        }
    }
    return true;
}

}  // namespace

std::string printable_text(std::string_view text, const GlyphCoverage& covered) {
    // The usual case, plain printable ASCII the font has, is returned as it is.
    bool plain = true;
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x80 || (byte < 0x20 && byte != '\n') || byte == 0x7F || !covered(byte)) {
            plain = false;
            break;
        }
    }
    if (plain) {
        return std::string(text);
    }

    const std::string substitute =
        covered(replacement_character) ? "\uFFFD" : std::string(covered(U'?') ? "?" : "");
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        const Utf8Char read = decode_utf8(text, at);
        at += read.length;
        const char32_t code = read.code;
        if (!read.valid) {
            out += substitute;
        } else if (code == '\n') {
            out += '\n';
        } else if (code == '\r') {
            out += '\n';
            if (at < text.size() && text[at] == '\n') {
                ++at;  // CR LF is one line break
            }
        } else if (code == '\t') {
            out += ' ';
        } else if (is_invisible(code)) {
            continue;
        } else if (covered(code)) {
            append_utf8(out, code);
        } else if (const char* plain_text = plain_equivalent(code);
                   plain_text != nullptr && all_covered(plain_text, covered)) {
            out += plain_text;
        } else {
            out += substitute;
        }
    }
    return out;
}

}  // namespace formations::invoices

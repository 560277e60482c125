#include "invoices/latin9.hpp"

#include "invoices/utf8.hpp"

namespace formations::invoices {
namespace {

// U+0100–U+017F without their accent, case kept. The five Latin-9 has (Œ œ Š š Ÿ Ž ž) are
// handled before this table is read.
constexpr const char* extended_a[128] = {
    "A", "a", "A",  "a",  "A", "a", "C", "c", "C", "c", "C", "c", "C", "c", "D", "d",  // 0100
    "D", "d", "E",  "e",  "E", "e", "E", "e", "E", "e", "E", "e", "G", "g", "G", "g",  // 0110
    "G", "g", "G",  "g",  "H", "h", "H", "h", "I", "i", "I", "i", "I", "i", "I", "i",  // 0120
    "I", "i", "IJ", "ij", "J", "j", "K", "k", "k", "L", "l", "L", "l", "L", "l", "L",  // 0130
    "l", "L", "l",  "N",  "n", "N", "n", "N", "n", "n", "N", "n", "O", "o", "O", "o",  // 0140
    "O", "o", "OE", "oe", "R", "r", "R", "r", "R", "r", "S", "s", "S", "s", "S", "s",  // 0150
    "S", "s", "T",  "t",  "T", "t", "T", "t", "U", "u", "U", "u", "U", "u", "U", "u",  // 0160
    "U", "u", "U",  "u",  "W", "w", "Y", "y", "Y", "Z", "z", "Z", "z", "Z", "z", "s",  // 0170
};

// The Latin-9 byte of a character Latin-9 has, or 0.
unsigned char latin9_byte(char32_t code) {
    switch (code) {
        case U'€':
            return 0xA4;
        case U'Š':
            return 0xA6;
        case U'š':
            return 0xA8;
        case U'Ž':
            return 0xB4;
        case U'ž':
            return 0xB8;
        case U'Œ':
            return 0xBC;
        case U'œ':
            return 0xBD;
        case U'Ÿ':
            return 0xBE;
        // The Latin-1 characters Latin-9 replaced by the eight above.
        case 0xA4:
        case 0xA6:
        case 0xA8:
        case 0xB4:
        case 0xB8:
        case 0xBC:
        case 0xBD:
        case 0xBE:
            return 0;
        default:
            break;
    }
    if (code < 0x80 || (code >= 0xA0 && code <= 0xFF)) {
        return static_cast<unsigned char>(code);
    }
    return 0;
}

// What stands for a character Latin-9 lacks ("" drops a mark that has no form of its own).
std::string_view stand_in(char32_t code) {
    if (code >= 0x100 && code <= 0x17F) {
        return extended_a[code - 0x100];
    }
    switch (code) {
        case 0x218:  // Ș
        case 0x21A:  // Ț
            return code == 0x218 ? "S" : "T";
        case 0x219:  // ș
        case 0x21B:  // ț
            return code == 0x219 ? "s" : "t";
        case 0x2018:  // ‘ ’ ‚ ‛ ′ ´
        case 0x2019:
        case 0x201A:
        case 0x201B:
        case 0x2032:
        case 0xB4:
            return "'";
        case 0x201C:  // “ ” „ ‟ ″ ¨
        case 0x201D:
        case 0x201E:
        case 0x201F:
        case 0x2033:
        case 0xA8:
            return "\"";
        case 0x2010:  // hyphens, dashes, minus, bullet
        case 0x2011:
        case 0x2012:
        case 0x2013:
        case 0x2014:
        case 0x2015:
        case 0x2212:
        case 0x2022:
            return "-";
        case 0x2026:
            return "...";
        case 0x2039:
            return "<";
        case 0x203A:
            return ">";
        case 0xB8:
            return ",";
        case 0xBC:
            return "1/4";
        case 0xBD:
            return "1/2";
        case 0xBE:
            return "3/4";
        case 0x200B:  // zero-width space and joiners
        case 0x200C:
        case 0x200D:
        case 0xFEFF:
            return "";
        default:
            break;
    }
    if ((code >= 0x2000 && code <= 0x200A) || code == 0x202F || code == 0x205F || code == 0x2028 ||
        code == 0x2029) {
        return " ";
    }
    if (is_combining_mark(code)) {
        return "";
    }
    return "?";
}

}  // namespace

std::string to_latin9(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    for (std::size_t at = 0; at < utf8.size();) {
        const Utf8Char read = decode_utf8(utf8, at);
        at += read.length;
        if (!read.valid) {
            out += '?';
        } else if (auto byte = latin9_byte(read.code); byte != 0 || read.code == 0) {
            out += static_cast<char>(byte);
        } else {
            out += stand_in(read.code);
        }
    }
    return out;
}

}  // namespace formations::invoices

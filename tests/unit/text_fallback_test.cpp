// What is printed for characters the embedded font lacks.

#include "invoices/text_fallback.hpp"

#include <doctest/doctest.h>

#include <string>

using formations::invoices::printable_text;

namespace {

// Like our subset: Basic Latin, Latin-1, Latin Extended-A and B, the typography, U+FFFD.
bool latin(char32_t code) {
    return (code >= 0x20 && code <= 0x7E) || (code >= 0xA0 && code <= 0x24F) ||
           (code >= 0x2010 && code <= 0x2027) || code == 0x202F || code == 0x20AC || code == 0xFFFD;
}

// A font with nothing but ASCII.
bool ascii(char32_t code) {
    return code >= 0x20 && code <= 0x7E;
}

}  // namespace

TEST_CASE("what the font has is printed as it is") {
    for (const char* text : {"Zoë Ørsted-Łukasiewicz", "Œuvre « Créer sa CAE » – 1 234,50 €",
                             "Ștefan Dragoș", "plain ASCII", "", "1 rue A\n75000 Paris"}) {
        CHECK(printable_text(text, latin) == text);
    }
}

TEST_CASE("what the font lacks becomes a visible substitute, never nothing") {
    CHECK(printable_text("Ольга", latin) == "\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD");
    CHECK(printable_text("Zoé 😀 Li 李", latin) == "Zoé \uFFFD Li \uFFFD");
    // Without U+FFFD in the font: a question mark.
    CHECK(printable_text("李", ascii) == "?");
}

TEST_CASE("typography the font lacks falls back to its plain form") {
    CHECK(printable_text("L’Œuvre – « 1\u202F000 € »…", ascii) == "L'OEuvre - \" 1 000 EUR \"...");
}

TEST_CASE("invisible characters are removed, tabs and line ends normalised") {
    CHECK(printable_text("Zo\u200Be\u00AD\uFEFFx", latin) == "Zoex");
    CHECK(printable_text("a\tb", latin) == "a b");
    CHECK(printable_text("1 rue A\r\n75000\rParis", latin) == "1 rue A\n75000\nParis");
    CHECK(printable_text(std::string("a\x01\x7F", 3) + "b", latin) == "ab");
}

TEST_CASE("invalid UTF-8 becomes U+FFFD, one per bad byte") {
    CHECK(printable_text("caf\xE9", latin) == "caf\uFFFD");
    CHECK(printable_text("\xC0\xAF", latin) == "\uFFFD\uFFFD");            // an overlong '/'
    CHECK(printable_text("\xED\xA0\x80", latin) == "\uFFFD\uFFFD\uFFFD");  // a surrogate
    CHECK(printable_text("\xE2\x82", latin) == "\uFFFD\uFFFD");            // cut short
}

TEST_CASE("printable text stays the same when made printable again") {
    for (const char* text : {"Ольга 😀", "caf\xE9", "L’Œuvre – « 1 000 € »"}) {
        const std::string once = printable_text(text, latin);
        CHECK(printable_text(once, latin) == once);
    }
}

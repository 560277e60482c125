// Line breaking, measured with one unit per character so the expected lines are plain to read.

#include "invoices/text_layout.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "invoices/utf8.hpp"

using formations::invoices::decode_utf8;
using formations::invoices::is_combining_mark;
using formations::invoices::with_ellipsis;
using formations::invoices::wrap_text;
using Lines = std::vector<std::string>;

namespace {

// One unit per character; a combining accent takes no room.
double characters(std::string_view text) {
    double count = 0;
    for (std::size_t at = 0; at < text.size();) {
        const auto read = decode_utf8(text, at);
        at += read.length;
        count += is_combining_mark(read.code) ? 0 : 1;
    }
    return count;
}

Lines wrap(std::string_view text, double width, std::size_t max_lines = 0) {
    return wrap_text(text, width, characters, max_lines);
}

}  // namespace

TEST_CASE("lines break at spaces, and words that fit are never broken") {
    CHECK(wrap("Formation Créer sa CAE à Lyon", 12) ==
          Lines{"Formation", "Créer sa CAE", "à Lyon"});
    CHECK(wrap("Coopérative", 11) == Lines{"Coopérative"});
    // "Entreprendre" would fit after "pour" only by cutting it: it goes whole to the next line.
    CHECK(wrap("pour Entreprendre", 14) == Lines{"pour", "Entreprendre"});
    CHECK(wrap("a   b", 10) == Lines{"a b"});
    CHECK(wrap("", 10).empty());
    CHECK(wrap("1 rue A\n\n75000 Paris", 20) == Lines{"1 rue A", "", "75000 Paris"});
}

TEST_CASE("no-break spaces keep their words together") {
    CHECK(wrap("Total 1 234,50\u00A0€", 12) == Lines{"Total 1", "234,50\u00A0€"});
    CHECK(wrap("Formation «\u00A0Créer\u00A0sa\u00A0CAE\u00A0»", 20) ==
          Lines{"Formation", "«\u00A0Créer\u00A0sa\u00A0CAE\u00A0»"});
}

TEST_CASE("a word longer than a line is broken inside, at a hyphen or slash when possible") {
    CHECK(wrap("Zoë Ørsted-Łukasiewicz", 12) == Lines{"Zoë", "Ørsted-", "Łukasiewicz"});
    CHECK(wrap("https://exemple.fr/formations/cae", 20) ==
          Lines{"https://exemple.fr/", "formations/cae"});
    // No place to break: between characters, as many as fit.
    CHECK(wrap("FR7600000000000000000000000", 10) == Lines{"FR76000000", "0000000000", "0000000"});
    // The rest of a broken word goes on with the next words.
    CHECK(wrap("ABCDEFGHIJKL mn op", 10) == Lines{"ABCDEFGHIJ", "KL mn op"});
}

TEST_CASE("a letter is never separated from its combining accent") {
    const std::string decomposed = "Ze\u0301e\u0301e\u0301e\u0301";  // four é typed decomposed
    const Lines lines = wrap(decomposed, 3);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] == "Ze\u0301e\u0301");
    CHECK(lines[1] == "e\u0301e\u0301");
}

TEST_CASE("a line narrower than one character still takes one per line") {
    CHECK(wrap("abc", 0.5) == Lines{"a", "b", "c"});
}

TEST_CASE("with a line limit, what is left out is marked by an ellipsis that fits") {
    CHECK(wrap("1 rue A\n2 rue B\n3 rue C", 10, 2) == Lines{"1 rue A", "2 rue B…"});
    CHECK(wrap("1 rue A\n2 rue B", 10, 2) == Lines{"1 rue A", "2 rue B"});
    CHECK(wrap("Coopérative Fictive Réunie", 11, 2) == Lines{"Coopérative", "Fictive…"});
    // A full last line loses characters to make room for "…".
    CHECK(wrap("Coopérative Coopérative Fictive", 11, 2) == Lines{"Coopérative", "Coopérativ…"});
    CHECK(wrap("ABCDEFGHIJKLMNOPQRST", 10, 1) == Lines{"ABCDEFGHI…"});
}

TEST_CASE("an ellipsis ends a line that does not fit") {
    CHECK(with_ellipsis("Coopérer pour Entreprendre", 10, characters) == "Coopérer…");
    CHECK(with_ellipsis("abc", 10, characters) == "abc…");
    CHECK(with_ellipsis("abc def", 5, characters) == "abc…");  // no space before "…"
    CHECK(with_ellipsis("abc", 0.5, characters) == "…");
}

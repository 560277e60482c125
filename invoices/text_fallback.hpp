#pragma once
// What to print for text the embedded font cannot show. Our PDFs embed a subset of DejaVu Sans
// (invoices/fonts/unicodes.txt: French, the Latin scripts, the typography of our documents);
// names and addresses come from people and may hold anything. Nothing is ever dropped silently
// and nothing crashes: each character is printed as itself when the font has it, else as a
// plain equivalent when one exists and the font has it (’ → ', – → -, € → EUR, …), else as
// U+FFFD « � » (or « ? » should the font lack even that), so a reader sees that something was
// there. Only invisible characters are removed (controls, zero-width spaces and joiners, the
// byte-order mark, soft hyphens), tabs become spaces and CR LF or CR become a line break.
// Invalid UTF-8 bytes become U+FFFD too.
//
// Example, with the font covering Latin only:
//   printable_text("Zoë Ørsted-Łukasiewicz", covered) == "Zoë Ørsted-Łukasiewicz"
//   printable_text("Ольга 😀", covered) == "����� �"

#include <functional>
#include <string>
#include <string_view>

namespace formations::invoices {

// True when the font has a glyph for the character.
using GlyphCoverage = std::function<bool(char32_t)>;

std::string printable_text(std::string_view text, const GlyphCoverage& covered);

}  // namespace formations::invoices

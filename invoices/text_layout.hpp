#pragma once
// Breaking text into lines of a given width: the pure part of our PDF layout, measured through
// a callback so it is tested with concrete numbers (one unit per character, say) and used by
// PdfWriter with the real font metrics.
//
// Rules:
//   - lines break at spaces (runs of spaces collapse) and at '\n' (an empty paragraph is an
//     empty line); no-break spaces (U+00A0, U+202F) and U+2011 never break;
//   - a word that does not fit the rest of a line goes whole to the next one; only a word wider
//     than a whole line is broken inside, after one of  - / _ . @ & ? = , ; :  when the piece
//     before it fits, else between two characters (never between a letter and its combining
//     accent);
//   - with a line limit, text left out is marked by "…" at the end of the last line kept, which
//     still fits the width.
//
// Example, one unit per character:
//   wrap_text("Zoë Ørsted-Łukasiewicz", 12, count) == {"Zoë", "Ørsted-", "Łukasiewicz"}
//   wrap_text("1 rue A\n2 rue B\n3 rue C", 10, count, 2) == {"1 rue A", "2 rue B…"}

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace formations::invoices {

// Width of a piece of UTF-8 text, in any unit (points for PDFs).
using TextMeasure = std::function<double(std::string_view)>;

// `max_lines` 0 means no limit. No text gives no line.
std::vector<std::string> wrap_text(std::string_view text, double width, const TextMeasure& measure,
                                   std::size_t max_lines = 0);

// `line` ended by "…", shortened until it fits `width` (just "…" when nothing else does).
std::string with_ellipsis(std::string_view line, double width, const TextMeasure& measure);

}  // namespace formations::invoices

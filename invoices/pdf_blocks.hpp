#pragma once
// Blocks our documents share, drawn with a PdfWriter: labelled values and the page footer.
// Example: labelled(pdf, x, y, 250, "Date de la prestation", "27 et 28 juin 2019", bold, body);

#include <cstddef>
#include <string>

#include "invoices/pdf_writer.hpp"

namespace formations::invoices {

// "Label : value", the label in `label_style` and the value wrapped beside it in `value_style`
// (at most `max_lines` lines, 0: no limit). Returns the height used.
double labelled(PdfWriter& pdf, double x, double top, double width, const std::string& label,
                const std::string& value, const TextStyle& label_style,
                const TextStyle& value_style, std::size_t max_lines = 0);

// An address of several lines on one: "1 rue de l'Exemple\n75000 Paris" → "1 rue de
// l'Exemple, 75000 Paris".
std::string one_line(const std::string& text);

// The footer of the current page, at `top`: a rule above it, `identity` on the left in at most
// two lines ("…" when cut), and `reference` (the document's number, "Page 1/2") on the right on
// one line that is never broken: the identity gives way to it.
void draw_footer(PdfWriter& pdf, double top, const std::string& identity,
                 const std::string& reference, const TextStyle& style);

}  // namespace formations::invoices

#include "invoices/pdf_blocks.hpp"

#include <algorithm>

namespace formations::invoices {

double labelled(PdfWriter& pdf, double x, double top, double width, const std::string& label,
                const std::string& value, const TextStyle& label_style,
                const TextStyle& value_style, std::size_t max_lines) {
    const std::string prefix = label + " : ";
    const double indent = pdf.text_width(prefix, label_style);
    pdf.text_at(x, top, prefix, label_style);
    return std::max(pdf.line_height(value_style),
                    pdf.text_block_at(x + indent, top, width - indent, value, value_style,
                                      Align::left, max_lines));
}

void draw_footer(PdfWriter& pdf, double top, const std::string& identity,
                 const std::string& reference, const TextStyle& style) {
    constexpr double gap = 20;
    pdf.line(pdf.content_left(), top - 6, pdf.content_right(), top - 6, {0.5, colors::light_gray});
    pdf.text_at(pdf.content_right(), top, reference, style, Align::right);
    const double identity_width = pdf.content_width() - pdf.text_width(reference, style) - gap;
    if (identity_width > 0) {
        pdf.text_block_at(pdf.content_left(), top, identity_width, identity, style, Align::left, 2);
    }
}

std::string one_line(const std::string& text) {
    std::string joined;
    for (char c : text) {
        if (c == '\n') {
            joined += ", ";
        } else {
            joined += c;
        }
    }
    return joined;
}

}  // namespace formations::invoices

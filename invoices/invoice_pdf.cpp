#include "invoices/invoice_pdf.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "invoices/french_format.hpp"
#include "invoices/pdf_blocks.hpp"
#include "invoices/pdf_table.hpp"
#include "invoices/pdf_writer.hpp"

namespace formations::invoices {
namespace {

using pricing::format_french;

constexpr Color accent{0.11, 0.25, 0.42};
constexpr Color accent_tint{0.90, 0.93, 0.96};

constexpr TextStyle body{.size = 9};
constexpr TextStyle body_bold{.size = 9, .weight = Weight::bold};
constexpr TextStyle small{.size = 8, .color = colors::dark_gray};
constexpr TextStyle caption{.size = 7.5, .weight = Weight::bold, .color = colors::mid_gray};
constexpr TextStyle heading{.size = 9.5, .weight = Weight::bold, .color = accent};
constexpr TextStyle footer{.size = 7, .color = colors::mid_gray};

// The first page has two columns: the seller on the left, the title then the buyer on the right.
constexpr double right_column_width = 240;
constexpr double column_gap = 20;

bool is_credit_note(const Document& document) {
    return document.kind == DocumentKind::credit_note;
}

std::string title_of(const Document& document) {
    return is_credit_note(document) ? "FACTURE D'AVOIR" : "FACTURE";
}

// Bounds on text from people and settings, so a block never grows past its room: a French
// postal address has at most 6 lines (AFNOR XP Z10-011); the buyer's name takes up to four
// (about 140 characters), the seller's name and legal mentions and each detail three; longer
// text ends with "…".
constexpr std::size_t buyer_name_lines = 4;
constexpr std::size_t address_lines = 6;
constexpr std::size_t detail_lines = 3;
constexpr std::size_t reason_lines = 8;  // why a credit note is issued: a sentence or two

double detail(PdfWriter& pdf, double x, double top, double width, const std::string& label,
              const std::string& value) {
    return labelled(pdf, x, top, width, label, value, body_bold, body, detail_lines);
}

// "SCIC SA à capital variable", "SAS au capital de 37 000 €".
std::string legal_form_of(const Seller& seller) {
    return seller.share_capital ? seller.legal_form + " au capital de " + *seller.share_capital
                                : seller.legal_form;
}

// Each draw_… of the first page takes its top and returns the y below what it drew.
double draw_seller(PdfWriter& pdf, const Seller& seller, double x, double top, double width) {
    double y = top;
    y += pdf.text_block_at(x, y, width, seller.name,
                           {.size = 12, .weight = Weight::bold, .color = accent}, Align::left,
                           detail_lines);
    y += 2;
    y += pdf.text_block_at(x, y, width, legal_form_of(seller), body, Align::left, detail_lines);
    y += pdf.text_block_at(x, y, width, seller.address, body, Align::left, address_lines);
    if (seller.trade_register) {
        y +=
            pdf.text_block_at(x, y, width, *seller.trade_register, body, Align::left, detail_lines);
    }
    y += pdf.text_block_at(x, y, width, "SIRET : " + seller.siret, body, Align::left, 1);
    if (seller.vat_number) {
        y += pdf.text_block_at(x, y, width, "N° TVA intracommunautaire : " + *seller.vat_number,
                               body, Align::left, detail_lines);
    }
    if (!seller.email.empty()) {
        y += pdf.text_block_at(x, y, width, seller.email, body, Align::left, 1);
    }
    y += 4;
    y += pdf.text_block_at(x, y, width,
                           "Déclaration d'activité enregistrée sous le n° " + seller.nda +
                               ". Cet enregistrement ne vaut pas agrément de l'État.",
                           small, Align::left, detail_lines);
    return y;
}

double draw_title(PdfWriter& pdf, const Document& document, double top) {
    const double right = pdf.content_right();
    const TextStyle title{.size = 20, .weight = Weight::bold, .color = accent, .leading = 1.2};
    const TextStyle number{.size = 11, .weight = Weight::bold};
    double y = top;
    pdf.text_at(right, y, title_of(document), title, Align::right);
    y += pdf.line_height(title);
    pdf.text_at(right, y, "N° " + document.number, number, Align::right);
    y += pdf.line_height(number) + 4;
    pdf.text_at(right, y, "Date d'émission : " + format_date_fr(document.issued_on), body,
                Align::right);
    y += pdf.line_height(body);
    // A credit note is not paid: its due date would only repeat the issue date.
    if (!is_credit_note(document)) {
        pdf.text_at(right, y, "Date d'échéance : " + format_date_fr(document.due_on), body_bold,
                    Align::right);
        y += pdf.line_height(body);
    }
    return y;
}

double draw_buyer(PdfWriter& pdf, const Document& document, double x, double top, double width) {
    constexpr double padding = 8;
    const Buyer& buyer = document.buyer;
    const double inner = width - 2 * padding;
    const TextStyle name{.size = 10, .weight = Weight::bold};
    std::string identifiers;
    if (buyer.siren) {
        identifiers += "SIREN : " + *buyer.siren;
    }
    if (buyer.siret) {
        identifiers += (identifiers.empty() ? "" : "\n") + ("SIRET : " + *buyer.siret);
    }
    const std::string caption_text =
        document.subrogation ? "CLIENT – ORGANISME FINANCEUR" : "CLIENT";
    const double height = pdf.line_height(caption) + 2 +
                          pdf.text_height(buyer.name, inner, name, buyer_name_lines) +
                          pdf.text_height(buyer.address, inner, body, address_lines) +
                          pdf.text_height(identifiers, inner, body, 2) + 2 * padding;
    pdf.rectangle(x, top, width, height, std::nullopt, Stroke{0.6, colors::light_gray});
    double y = top + padding;
    pdf.text_block_at(x + padding, y, inner, caption_text, caption, Align::left, 1);
    y += pdf.line_height(caption) + 2;
    y += pdf.text_block_at(x + padding, y, inner, buyer.name, name, Align::left, buyer_name_lines);
    y += pdf.text_block_at(x + padding, y, inner, buyer.address, body, Align::left, address_lines);
    pdf.text_block_at(x + padding, y, inner, identifiers, body, Align::left, 2);
    return top + height;
}

// What the document is about: the corrected invoice and why, the service, the order, the
// funding agreement, our reference.
double draw_details(PdfWriter& pdf, const Document& document, double x, double top, double width) {
    double y = top;
    if (is_credit_note(document) && document.corrects_number) {
        std::string corrected = "Avoir sur la facture n° " + *document.corrects_number;
        if (document.corrects_issued_on) {
            corrected += " du " + format_date_fr(*document.corrects_issued_on);
        }
        y += pdf.text_block_at(x, y, width, corrected, body_bold, Align::left, detail_lines);
        if (document.correction_reason) {
            y += labelled(pdf, x, y, width, "Motif", *document.correction_reason, body_bold, body,
                          reason_lines);
        }
        y += 4;
    }
    y += detail(pdf, x, y, width, "Date de la prestation",
                format_period_fr(document.service_starts_on, document.service_ends_on));
    if (!document.operation_category.empty()) {
        y += detail(pdf, x, y, width, "Catégorie de l'opération", document.operation_category);
    }
    if (document.purchase_order) {
        y += detail(pdf, x, y, width, "Bon de commande", *document.purchase_order);
    }
    if (document.subrogation) {
        const Subrogation& subrogation = *document.subrogation;
        y += detail(pdf, x, y, width, "Accord de prise en charge", subrogation.agreement_number);
        std::string employer = subrogation.employer_name;
        if (subrogation.employer_siret) {
            employer += " (SIRET " + *subrogation.employer_siret + ")";
        }
        y += detail(pdf, x, y, width, "Employeur", employer);
        y += detail(pdf, x, y, width, "Stagiaire", subrogation.trainee_name);
    }
    if (!document.reference.empty()) {
        y += detail(pdf, x, y, width, "Référence", document.reference);
    }
    return y;
}

void draw_first_page_top(PdfWriter& pdf, const Document& document) {
    const double left = pdf.content_left();
    const double right_column = pdf.content_right() - right_column_width;
    const double left_width = right_column - column_gap - left;
    const double top = pdf.cursor();
    const double below_seller = draw_seller(pdf, document.seller, left, top, left_width);
    const double below_title = draw_title(pdf, document, top);
    const double second_row = std::max(below_seller, below_title) + 18;
    const double below_buyer =
        draw_buyer(pdf, document, right_column, second_row, right_column_width);
    const double below_details = draw_details(pdf, document, left, second_row + 8, left_width);
    pdf.set_cursor(std::max(below_buyer, below_details) + 24);
}

void draw_continuation_header(PdfWriter& pdf, const Document& document) {
    const double top = pdf.cursor();
    const std::string title = title_of(document) + " N° " + document.number + " (suite)";
    pdf.text_at(pdf.content_left(), top, title, body_bold);
    // The seller's name only as a reminder: left out rather than overlapping the title.
    const double room = pdf.content_width() - pdf.text_width(title, body_bold) - 20;
    if (pdf.text_width(document.seller.name, small) <= room) {
        pdf.text_at(pdf.content_right(), top, document.seller.name, small, Align::right);
    }
    const double rule = top + pdf.line_height(body_bold) + 4;
    pdf.line(pdf.content_left(), rule, pdf.content_right(), rule, {0.5, colors::light_gray});
    pdf.set_cursor(rule + 14);
}

void draw_lines(PdfWriter& pdf, const Document& document) {
    PdfTable table(pdf,
                   {{"Désignation"},
                    {"Qté", 40, Align::right},
                    {"Prix unitaire HT", 95, Align::right},
                    {"Total HT", 90, Align::right}},
                   {.header = {.size = 8.5, .weight = Weight::bold, .color = accent},
                    .body = body,
                    .header_fill = accent_tint,
                    .rule = {0.4, colors::light_gray},
                    .padding = 5});
    table.draw_header();
    for (const Line& line : document.lines) {
        table.add_row({line.description, std::to_string(line.quantity),
                       format_french(line.unit_price), format_french(line.total)});
    }
}

// No VAT is charged (training exemption), so the total excluding tax is the total due; the
// exemption mention takes the place of the VAT line.
void draw_totals(PdfWriter& pdf, const Document& document) {
    constexpr double width = 260;
    constexpr double padding = 6;
    const double x = pdf.content_right() - width;
    const double inner = width - 2 * padding;
    const TextStyle due{.size = 10.5, .weight = Weight::bold, .color = colors::white};
    const double due_height = pdf.line_height(due) + 2 * padding;
    const double height = pdf.line_height(body) +
                          pdf.text_height(document.vat_exemption, inner, small) + due_height + 16;
    pdf.ensure_space(height);
    double y = pdf.cursor() + 6;
    pdf.text_at(x + padding, y, "Total HT", body);
    pdf.text_at(x + width - padding, y, format_french(document.total), body, Align::right);
    y += pdf.line_height(body);
    y += pdf.text_block_at(x + padding, y, inner, document.vat_exemption, small, Align::right);
    y += 4;
    pdf.rectangle(x, y, width, due_height, accent);
    const std::string label = is_credit_note(document) ? "Total de l'avoir" : "Total net à payer";
    pdf.text_at(x + padding, y + padding, label, due);
    pdf.text_at(x + width - padding, y + padding, format_french(document.total), due, Align::right);
    pdf.set_cursor(y + due_height + 22);
}

// The payment clauses that apply; a credit note has none, so no section at all.
void draw_terms(PdfWriter& pdf, const Document& document) {
    const double width = pdf.content_width();
    std::vector<std::string> paragraphs;
    for (const std::string* text : {&document.payment_terms, &document.early_payment_discount,
                                    &document.late_payment_penalty}) {
        if (!text->empty()) {
            paragraphs.push_back(*text);
        }
    }
    if (document.recovery_indemnity) {
        paragraphs.push_back(*document.recovery_indemnity);
    }
    if (paragraphs.empty()) {
        return;
    }
    // Keep the heading with its first paragraph.
    pdf.ensure_space(pdf.line_height(heading) + 4 + pdf.text_height(paragraphs[0], width, small));
    pdf.paragraph("Conditions de règlement", heading);
    pdf.move_down(4);
    for (const std::string& text : paragraphs) {
        pdf.paragraph(text, small);
        pdf.move_down(4);
    }
}

void draw_invoice_footer(PdfWriter& pdf, const Document& document, int page, int page_count) {
    const Seller& seller = document.seller;
    std::string identity = seller.name + " – " + legal_form_of(seller);
    if (seller.trade_register) {
        identity += " – " + *seller.trade_register;
    }
    identity += " – SIRET " + seller.siret;
    draw_footer(pdf, pdf.content_bottom() + 20, identity,
                title_of(document) + " N° " + document.number + " – Page " + std::to_string(page) +
                    "/" + std::to_string(page_count),
                footer);
}

}  // namespace

std::string render_invoice_pdf(const Document& document) {
    // The title stays ASCII: it lands in the PDF's metadata, where not every reader decodes
    // UTF-8 the same way.
    PdfWriter pdf({.title = (is_credit_note(document) ? "Avoir " : "Facture ") + document.number});
    pdf.on_new_page([&document](PdfWriter& writer) { draw_continuation_header(writer, document); });
    draw_first_page_top(pdf, document);
    draw_lines(pdf, document);
    draw_totals(pdf, document);
    draw_terms(pdf, document);
    pdf.for_each_page([&document](PdfWriter& writer, int page, int page_count) {
        draw_invoice_footer(writer, document, page, page_count);
    });
    return pdf.finish();
}

}  // namespace formations::invoices

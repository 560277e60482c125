#include "invoices/invoice_pdf.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "invoice_samples.hpp"
#include "pdf_tools.hpp"

using formations::invoices::Document;
using formations::invoices::render_invoice_pdf;
using formations::pricing::Money;
using formations::tests::contains;
using formations::tests::flattened;
using formations::tests::pdf_page_count;
using formations::tests::pdf_text;
using formations::tests::TempPdf;
namespace samples = formations::invoices::samples;

namespace {

// Sixty sessions billed at once: enough lines for several pages.
Document long_invoice() {
    Document document = samples::invoice();
    document.lines.clear();
    for (int i = 1; i <= 60; ++i) {
        char number[8];
        std::snprintf(number, sizeof number, "%02d", i);
        document.lines.push_back({std::string("Ligne ") + number +
                                      " – formation « Créer sa CAE », stagiaire n° " + number,
                                  2, Money::euros(150), Money::euros(300)});
    }
    document.total = Money::euros(300 * 60);
    return document;
}

}  // namespace

TEST_CASE("an invoice renders as a PDF with the same bytes every time") {
    const std::string pdf = render_invoice_pdf(samples::invoice());
    CHECK(pdf.rfind("%PDF-", 0) == 0);
    CHECK(render_invoice_pdf(samples::invoice()) == pdf);
}

TEST_CASE("an invoice to a business shows every mandatory mention") {
    const Document document = samples::invoice();
    const TempPdf file(render_invoice_pdf(document), "invoice");
    const std::string text = flattened(pdf_text(file));
    CAPTURE(text);
    CHECK(contains(text, "FACTURE"));
    CHECK(contains(text, "FA-2019-00001"));
    CHECK(contains(text, "Coopérer pour Entreprendre (fictif)"));
    CHECK(contains(text, "SCIC SA à capital variable"));
    CHECK(contains(text, "99900000400005"));
    CHECK(contains(text, "Déclaration d'activité enregistrée sous le n° 11 75 00000 75"));
    CHECK(contains(text, "Cet enregistrement ne vaut pas agrément de l'État."));
    CHECK(contains(text, "Société Fictive Œuvre & Cie"));
    CHECK(contains(text, "99900000800006"));
    CHECK(contains(text, "Date d'émission : 27/06/2019"));
    CHECK(contains(text, "Date d'échéance : 27/07/2019"));
    CHECK(contains(text, "Date de la prestation : 27 et 28 juin 2019"));
    CHECK(contains(text, "Créer sa CAE"));
    CHECK(contains(text, "Zoé Lefèvre"));
    CHECK(contains(text, "300,00 €"));
    CHECK(contains(text, "Total net à payer"));
    CHECK(contains(text, "Exonération de TVA – article 261-4-4° a du CGI"));
    CHECK(contains(text, document.early_payment_discount));
    CHECK(contains(text, document.late_payment_penalty));
    CHECK(contains(text, *document.recovery_indemnity));
    CHECK(contains(text, "40 €"));
    CHECK(contains(text, "Inscription n° 42"));
    CHECK(contains(text, "Œuvre"));
    CHECK(contains(text, "«"));
    CHECK(contains(text, "»"));
    CHECK(contains(text, "Page 1/1"));
    formations::tests::save_page_png(file, 1, "invoice-sample");
}

TEST_CASE("an invoice to a private person has no recovery indemnity") {
    const TempPdf file(render_invoice_pdf(samples::private_invoice()), "private-invoice");
    const std::string text = flattened(pdf_text(file));
    CAPTURE(text);
    CHECK(contains(text, "Zoé Lefèvre"));
    CHECK(contains(text, "300,00 €"));
    CHECK_FALSE(contains(text, "40 €"));
    CHECK_FALSE(contains(text, "SIRET : 99900000800006"));
}

TEST_CASE("a credit note names the invoice it corrects") {
    const TempPdf file(render_invoice_pdf(samples::credit_note()), "credit-note");
    const std::string text = flattened(pdf_text(file));
    CAPTURE(text);
    CHECK(contains(text, "FACTURE D'AVOIR"));
    CHECK(contains(text, "AV-2019-00001"));
    CHECK(contains(text, "Avoir sur la facture n° FA-2019-00001 du 27/06/2019"));
    CHECK(contains(text, "-300,00 €"));
    CHECK(contains(text, "Total de l'avoir"));
    CHECK_FALSE(contains(text, "Total net à payer"));
    formations::tests::save_page_png(file, 1, "credit-note-sample");
}

TEST_CASE("a long invoice breaks across pages with the table header repeated") {
    const TempPdf file(render_invoice_pdf(long_invoice()), "long-invoice");
    const int pages = pdf_page_count(file);
    REQUIRE(pages >= 2);
    int pages_with_lines = 0;
    for (int page = 1; page <= pages; ++page) {
        CAPTURE(page);
        const std::string text = flattened(pdf_text(file, page));
        CHECK(contains(text, "Page " + std::to_string(page) + "/" + std::to_string(pages)));
        if (contains(text, "Ligne ")) {
            ++pages_with_lines;
            CHECK(contains(text, "Désignation"));
            CHECK(contains(text, "Prix unitaire HT"));
        }
    }
    CHECK(pages_with_lines >= 2);
    // Every line is there once, in order, none lost at a page break.
    const std::string all = flattened(pdf_text(file));
    std::size_t position = 0;
    for (int i = 1; i <= 60; ++i) {
        const std::string label = "Ligne " + std::string(i < 10 ? "0" : "") + std::to_string(i);
        position = all.find(label, position);
        CHECK_MESSAGE(position != std::string::npos, label);
    }
    CHECK(contains(all, "18 000,00 €"));
    formations::tests::save_page_png(file, 2, "invoice-long-page-2");
}

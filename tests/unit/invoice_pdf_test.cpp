#include "invoices/invoice_pdf.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "invoice_samples.hpp"
#include "invoices/document_builder.hpp"
#include "pdf_tools.hpp"

using formations::invoices::Document;
using formations::invoices::render_invoice_pdf;
using formations::pricing::Money;
using formations::tests::contains;
using formations::tests::flattened;
using formations::tests::pdf_page_count;
using formations::tests::pdf_reading_text;
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
    CHECK(contains(text, "RCS Paris 999 000 004"));
    CHECK(contains(text, "Catégorie de l'opération : Prestation de services"));
    CHECK(contains(text, "Œuvre"));
    CHECK(contains(text, "«"));
    CHECK(contains(text, "»"));
    CHECK(contains(text, "FACTURE N° FA-2019-00001 – Page 1/1"));
    formations::tests::save_page_png(file, 1, "invoice-sample");
}

TEST_CASE("an invoice to a private person has no business-to-business clause") {
    const TempPdf file(render_invoice_pdf(samples::private_invoice()), "private-invoice");
    const std::string text = flattened(pdf_text(file));
    CAPTURE(text);
    CHECK(contains(text, "Zoé Lefèvre"));
    CHECK(contains(text, "300,00 €"));
    CHECK(contains(text, "Conditions de règlement"));
    CHECK_FALSE(contains(text, "40 €"));
    CHECK_FALSE(contains(text, "trois fois le taux"));
    CHECK_FALSE(contains(text, "L441-10"));
    CHECK_FALSE(contains(text, "SIRET : 99900000800006"));
}

TEST_CASE("a credit note names the invoice it corrects and has no payment clause") {
    Document document = samples::credit_note();
    SUBCASE("a cancellation") {}
    SUBCASE("a tier correction, with its reason") {
        document.correction_reason =
            "Rectification du tarif : salarié d'une structure non sociétaire (700,00 €) remplacé "
            "par salarié d'une structure sociétaire ou candidate (500,00 €).";
    }
    const TempPdf file(render_invoice_pdf(document), "credit-note");
    const std::string text = flattened(pdf_reading_text(file));
    CAPTURE(text);
    CHECK(contains(text, "FACTURE D'AVOIR"));
    CHECK(contains(text, "AV-2019-00001"));
    CHECK(contains(text, "Avoir sur la facture n° FA-2019-00001 du 27/06/2019"));
    CHECK(contains(text, "-300,00 €"));
    CHECK(contains(text, "Total de l'avoir"));
    CHECK_FALSE(contains(text, "Total net à payer"));
    CHECK_FALSE(contains(text, "Conditions"));
    CHECK_FALSE(contains(text, "escompte"));
    CHECK_FALSE(contains(text, "pénalités"));
    CHECK_FALSE(contains(text, "40 €"));
    CHECK_FALSE(contains(text, "échéance"));
    if (document.correction_reason) {
        CHECK(contains(text,
                       "Motif : Rectification du tarif : salarié d'une structure non "
                       "sociétaire (700,00 €) remplacé par salarié d'une structure "
                       "sociétaire ou candidate (500,00 €)."));
        formations::tests::save_page_png(file, 1, "credit-note-tier-correction");
    } else {
        CHECK_FALSE(contains(text, "Motif"));
        formations::tests::save_page_png(file, 1, "credit-note-sample");
    }
}

TEST_CASE("an invoice to a funding body names the employer, the trainee and the agreement") {
    const TempPdf file(render_invoice_pdf(samples::funded_invoice()), "funded-invoice");
    const std::string text = flattened(pdf_reading_text(file));
    CAPTURE(text);
    CHECK(contains(text, "CLIENT – ORGANISME FINANCEUR"));
    CHECK(contains(text, "OPCO Fictif des Coopératives"));
    CHECK(contains(text, "SIREN : 999000009"));
    CHECK(contains(text, "SIRET : 99900000900004"));
    CHECK(contains(text, "Accord de prise en charge : ACC-2019-12345"));
    CHECK(contains(text, "Employeur : Société Fictive Œuvre & Cie (SIRET 99900000800006)"));
    CHECK(contains(text, "Stagiaire : Zoé Lefèvre"));
    CHECK(contains(text, "Bon de commande : BC-2019-0457"));
    CHECK(contains(text, "40 €"));  // a funding body is a business
    formations::tests::save_page_png(file, 1, "invoice-funding-body");
}

TEST_CASE("the seller's share capital follows its legal form") {
    Document document = samples::invoice();
    document.seller.legal_form = "SAS";
    document.seller.share_capital = "37 000 €";
    const TempPdf file(render_invoice_pdf(document), "invoice-capital");
    const std::string text = flattened(pdf_text(file));
    CAPTURE(text);
    CHECK(contains(text, "SAS au capital de 37 000 €"));
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

TEST_CASE("extreme names and addresses stay in their boxes, the footer keeps the number whole") {
    Document document = samples::invoice();
    document.seller.name =
        "Coopérative d'Activité et d'Emploi des Très Longs Noms Réunis de la "
        "Région Auvergne-Rhône-Alpes et des Départements Limitrophes";
    document.seller.legal_form =
        "Société coopérative d'intérêt collectif par actions simplifiée à capital variable";
    document.buyer.name = std::string(80, 'W') + " Ørsted-Łukasiewicz";
    std::string address;
    for (int line = 1; line <= 20; ++line) {
        address += "Ligne n° " + std::to_string(line) + " de l'adresse postale\n";
    }
    document.buyer.address = address;
    document.reference = "Inscription " + std::string(150, '9');
    const TempPdf file(render_invoice_pdf(document), "invoice-extreme");
    REQUIRE(pdf_page_count(file) == 1);
    const std::string layout = pdf_text(file);
    const std::string text = flattened(layout);
    CAPTURE(layout);

    // Six address lines at most, the sixth ended by "…".
    CHECK(contains(text, "Ligne n° 5 de l'adresse postale"));
    CHECK(contains(text, "Ligne n° 6 de l'adresse postale…"));
    CHECK_FALSE(contains(text, "Ligne n° 7"));
    // The footer's reference is one piece on one line, whatever the seller's name.
    bool footer_found = false;
    std::size_t start = 0;
    while (start < layout.size()) {
        const std::size_t end = layout.find('\n', start);
        const std::string line = layout.substr(start, end - start);
        if (contains(line, "Page 1/1")) {
            footer_found = true;
            CHECK(contains(line, "FACTURE N° FA-2019-00001 – Page 1/1"));
        }
        start = end == std::string::npos ? layout.size() : end + 1;
    }
    CHECK(footer_found);

    // Nothing crosses the margins; the buyer's box holds its own text.
    constexpr double page_width = 595.28;
    constexpr double margin = 45;
    constexpr double buyer_box_left = page_width - margin - 240;
    for (const auto& word : formations::tests::placed_words(file)) {
        CAPTURE(word.text);
        CHECK(word.x_min >= margin - 0.5);
        CHECK(word.x_max <= page_width - margin + 0.5);
        if (contains(word.text, "WWW") || contains(word.text, "adresse")) {
            CHECK(word.x_min >= buyer_box_left);
        }
    }
    formations::tests::save_page_png(file, 1, "invoice-extreme");
}

TEST_CASE("a self-funded trainee's invoice prints its échéancier, due on its last instalment") {
    formations::invoices::BillingSettings settings;
    settings.seller = samples::seller();
    formations::invoices::RegistrationFacts facts;
    facts.reference = "Inscription n° 43";
    facts.course_title = "Créer sa CAE";
    facts.duration_minutes = 14 * 60;
    facts.starts_on = samples::date(2027, 1, 25);
    facts.ends_on = samples::date(2027, 1, 26);
    facts.place = "Maison des coopératives, Nantes";
    facts.trainee_name = "Zoé Lefèvre";
    facts.buyer = {"Zoé Lefèvre", "8 chemin des Écoliers\n13001 Marseille", std::nullopt, false};
    facts.price = Money::euros(300);
    facts.instalments = formations::pricing::self_funded_schedule(
        facts.price, samples::date(2027, 1, 2), facts.starts_on, facts.ends_on);
    const auto document = formations::invoices::build_invoice(
        settings, facts, "FA-2027-00001", samples::date(2027, 1, 2), samples::date(2027, 1, 26));
    const TempPdf file(render_invoice_pdf(document), "instalments-invoice");
    const std::string text = flattened(pdf_text(file));
    CAPTURE(text);
    CHECK(contains(text, "Date d'émission : 02/01/2027"));
    CHECK(contains(text, "Date d'échéance : 26/01/2027"));
    CHECK(contains(text,
                   "Échéancier : 90,00 € exigibles le 13 janvier 2027, 105,00 € le "
                   "25 janvier 2027, 105,00 € le 26 janvier 2027."));
    CHECK(contains(text, "délai de rétractation de 10 jours"));
    formations::tests::save_page_png(file, 1, "invoice-instalments");
}

#include "invoices/pdf_writer.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "invoices/pdf_table.hpp"
#include "pdf_tools.hpp"

using formations::invoices::Align;
using formations::invoices::Orientation;
using formations::invoices::PdfTable;
using formations::invoices::PdfWriter;
using formations::invoices::TextStyle;
using formations::invoices::Weight;
using formations::tests::contains;
using formations::tests::pdf_page_count;
using formations::tests::pdf_text;
using formations::tests::TempPdf;

TEST_CASE("pages are A4, portrait or landscape") {
    PdfWriter portrait;
    CHECK(portrait.page_width() == doctest::Approx(595.3).epsilon(0.001));
    CHECK(portrait.page_height() == doctest::Approx(841.9).epsilon(0.001));
    PdfWriter landscape({.orientation = Orientation::landscape});
    CHECK(landscape.page_width() == doctest::Approx(841.9).epsilon(0.001));
    CHECK(landscape.page_height() == doctest::Approx(595.3).epsilon(0.001));
}

TEST_CASE("text is measured in UTF-8 and wrapped to a width") {
    PdfWriter pdf;
    const TextStyle style{.size = 10};
    CHECK(pdf.text_width("é", style) == doctest::Approx(pdf.text_width("e", style)));
    CHECK(pdf.text_width("ab", style) > pdf.text_width("a", style));
    CHECK(pdf.text_width("Œuvre", {.size = 20}) ==
          doctest::Approx(2 * pdf.text_width("Œuvre", {.size = 10})));

    const std::string sentence =
        "Formation « Créer sa CAE » – session des 27 et 28 juin 2019 (14 h) – stagiaire : Zoé "
        "Lefèvre";
    const auto lines = pdf.wrap(sentence, 150, style);
    CHECK(lines.size() >= 3);
    std::string joined;
    for (const auto& line : lines) {
        CHECK(pdf.text_width(line, style) <= 150);
        joined += (joined.empty() ? "" : " ") + line;
    }
    CHECK(joined == sentence);

    CHECK(pdf.wrap("", 100, style).empty());
    CHECK(pdf.wrap("1 rue de l'Exemple\n75000 Paris", 300, style) ==
          std::vector<std::string>{"1 rue de l'Exemple", "75000 Paris"});
    // A word wider than the line is cut between characters, never inside one.
    const auto cut = pdf.wrap("ÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉ", 40, style);
    CHECK(cut.size() > 1);
    std::string rejoined;
    for (const auto& line : cut) {
        CHECK(pdf.text_width(line, style) <= 40);
        rejoined += line;
    }
    CHECK(rejoined == "ÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉ");
}

TEST_CASE("the cursor flows down and a new page repeats the header") {
    PdfWriter pdf;
    int headers = 0;
    pdf.on_new_page([&headers](PdfWriter& writer) {
        ++headers;
        writer.paragraph("En-tête répété", {.weight = Weight::bold});
    });
    CHECK(pdf.cursor() == pdf.content_top());
    CHECK_FALSE(pdf.ensure_space(100));
    pdf.move_down(pdf.space_left() - 10);
    CHECK(pdf.ensure_space(20));
    CHECK(pdf.page_count() == 2);
    CHECK(headers == 1);
    CHECK(pdf.cursor() > pdf.content_top());  // below the repeated header

    for (int i = 0; i < 200; ++i) {
        pdf.paragraph("Ligne " + std::to_string(i) + " : à é è ç ô œ « » – € ’", {});
    }
    CHECK(pdf.page_count() > 3);
    CHECK(headers == pdf.page_count() - 1);
    pdf.for_each_page([](PdfWriter& writer, int page, int count) {
        writer.text_at(writer.content_right(), writer.content_bottom() + 20,
                       "Page " + std::to_string(page) + "/" + std::to_string(count), {},
                       Align::right);
    });

    const TempPdf file(pdf.finish(), "writer-flow");
    const int pages = pdf_page_count(file);
    CHECK(pages == headers + 1);
    CHECK(contains(pdf_text(file, 1), "Page 1/" + std::to_string(pages)));
    const std::string last = pdf_text(file, pages);
    CHECK(contains(last, "En-tête répété"));
    CHECK(contains(last, "Ligne 199 : à é è ç ô œ « » – € ’"));
    CHECK(contains(last, "Page " + std::to_string(pages) + "/" + std::to_string(pages)));
}

TEST_CASE("a table row taller than a page is split, with the header on each page") {
    PdfWriter pdf;
    PdfTable table(pdf, {{"Texte"}, {"Montant", 80, Align::right}});
    table.draw_header();
    std::string long_text;
    for (int i = 0; i < 150; ++i) {
        long_text += "Mot" + std::to_string(i) + "\n";
    }
    table.add_row({long_text, "1,00 €"});
    table.add_row({"Après", "2,00 €"});
    CHECK(pdf.page_count() >= 2);

    const TempPdf file(pdf.finish(), "writer-table");
    for (int page = 1; page <= pdf_page_count(file); ++page) {
        CAPTURE(page);
        CHECK(contains(pdf_text(file, page), "Montant"));
    }
    const std::string all = pdf_text(file);
    CHECK(contains(all, "Mot0"));
    CHECK(contains(all, "Mot149"));
    CHECK(contains(all, "Après"));
    CHECK_THROWS_AS(PdfTable(pdf, {{"Trop large", 1000}}), std::invalid_argument);
}

TEST_CASE("libharu failures become exceptions naming the error code") {
    SUBCASE("a missing font directory") {
        const char* configured = std::getenv("FORMATIONS_FONT_DIR");
        const std::string previous = configured != nullptr ? configured : "";
        ::setenv("FORMATIONS_FONT_DIR", "/nonexistent-fonts", 1);
        // 0x1017: HPDF_FILE_OPEN_ERROR.
        CHECK_THROWS_WITH_AS(PdfWriter(), doctest::Contains("0x1017"), std::runtime_error);
        if (configured != nullptr) {
            ::setenv("FORMATIONS_FONT_DIR", previous.c_str(), 1);
        } else {
            ::unsetenv("FORMATIONS_FONT_DIR");
        }
        CHECK_NOTHROW(PdfWriter());
    }
    SUBCASE("finishing twice") {
        PdfWriter pdf;
        pdf.finish();
        CHECK_THROWS_AS(pdf.finish(), std::logic_error);
    }
    SUBCASE("a page that does not exist") {
        PdfWriter pdf;
        CHECK_THROWS_AS(pdf.go_to_page(2), std::out_of_range);
    }
}

TEST_CASE("glyph maps cut after the highest character printed still draw that character") {
    // The same € in each face, alone (maps cut after U+20AC) or with U+FFFD further down the
    // page (maps kept to U+FFFD): the top of the page must look the same, and not be blank.
    const auto euros = [](bool with_replacement) {
        PdfWriter pdf;
        pdf.text_at(100, 100, "€", {.size = 40});
        pdf.text_at(300, 100, "€", {.size = 40, .weight = Weight::bold});
        if (with_replacement) {
            pdf.text_at(100, 500, "\uFFFD", {.size = 40});
            pdf.text_at(300, 500, "\uFFFD", {.size = 40, .weight = Weight::bold});
        }
        const TempPdf file(pdf.finish(), with_replacement ? "euro-full-map" : "euro-cut-map");
        return formations::tests::run("pdftoppm -gray -r 72 -x 0 -y 0 -W 595 -H 300 " +
                                      file.quoted());
    };
    const std::string cut = euros(false);
    CHECK(cut == euros(true));
    const std::string pixels = cut.substr(cut.size() - 595 * 300);
    CHECK(std::count_if(pixels.begin(), pixels.end(),
                        [](char pixel) { return static_cast<unsigned char>(pixel) < 128; }) > 100);
}

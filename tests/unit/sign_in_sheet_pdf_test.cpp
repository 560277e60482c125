#include "invoices/sign_in_sheet_pdf.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>

#include "attendance_samples.hpp"
#include "invoices/name_order.hpp"
#include "pdf_tools.hpp"

using boost::gregorian::date;
using formations::invoices::render_sign_in_sheet_pdf;
using formations::invoices::SignInSheet;
using formations::tests::contains;
using formations::tests::flattened;
using formations::tests::pdf_page_count;
using formations::tests::pdf_text;
using formations::tests::TempPdf;
namespace samples = formations::invoices::samples;

namespace {

std::size_t occurrences(const std::string& text, const std::string& part) {
    std::size_t count = 0;
    for (std::size_t at = text.find(part); at != std::string::npos;
         at = text.find(part, at + part.size())) {
        ++count;
    }
    return count;
}

// "Zoé Lefèvre 07": accented, and numbered to check the order.
std::string trainee_name(int number) {
    static const std::array<const char*, 10> first = {
        "Zoé", "Hélène", "Loïc", "Maël", "Gaëlle", "Jérôme", "Anaïs", "Noël", "Célestine", "Ève"};
    static const std::array<const char*, 8> last = {
        "Lefèvre", "Dubœuf", "Crémieux", "Garçon", "Bézier", "Pâris", "Hervé", "Lefèbvre-Müller"};
    const std::string digits = (number < 10 ? "0" : "") + std::to_string(number);
    return std::string(first.at(number % 10)) + " " + last.at(number % 8) + " " + digits;
}

SignInSheet crowded_sheet() {
    SignInSheet sheet = samples::sign_in_sheet();
    sheet.trainees.clear();
    for (int i = 1; i <= 40; ++i) {
        sheet.trainees.push_back(
            {trainee_name(i), i % 3 == 0 ? "" : "Employeur Fictif n° " + std::to_string(i)});
    }
    return sheet;
}

}  // namespace

TEST_CASE("a sign-in sheet renders as a PDF with the same bytes every time") {
    const std::string pdf = render_sign_in_sheet_pdf(samples::sign_in_sheet());
    CHECK(pdf.rfind("%PDF-", 0) == 0);
    CHECK(render_sign_in_sheet_pdf(samples::sign_in_sheet()) == pdf);
}

TEST_CASE("a sign-in sheet shows the session, its trainees and a box per half-day") {
    const TempPdf file(render_sign_in_sheet_pdf(samples::sign_in_sheet()), "sign-in-sheet");
    REQUIRE(pdf_page_count(file) == 1);
    const std::string layout = pdf_text(file);
    const std::string text = flattened(layout);
    CAPTURE(layout);
    CHECK(contains(text, "Feuille d'émargement"));
    CHECK(contains(text, "Formation : Créer sa CAE"));
    CHECK(contains(text, "Session : CAE-2022-06"));
    CHECK(contains(text, "Dates : 27 et 28 juin 2022"));
    CHECK(contains(text, "Lieu : Maison des Coopératives"));
    CHECK(contains(text, "Horaires : matin 9h00–12h30, après-midi 13h30–17h00"));
    CHECK(contains(text, "Coopérer pour Entreprendre (fictif)"));
    CHECK(contains(text, "11 75 00000 75"));
    CHECK(contains(text, "Zoé Lefèvre"));
    CHECK(contains(text, "Société Fictive Œuvre & Cie"));
    CHECK(contains(text, "Loïc Dubœuf"));
    CHECK(contains(text, "Anaïs Crémieux"));
    CHECK(contains(text, "Atelier Fictif « Les Artisans »"));
    CHECK_FALSE(contains(text, "Partie"));
    // Two days: four half-day columns, each with its hours (and the details line once).
    CHECK(occurrences(layout, "Lun. 27/06") == 2);
    CHECK(occurrences(layout, "Mar. 28/06") == 2);
    CHECK(occurrences(layout, "matin") == 3);
    CHECK(occurrences(layout, "après-midi") == 3);
    CHECK(occurrences(layout, "9h00–12h30") == 3);
    CHECK(occurrences(layout, "13h30–17h00") == 3);
    // The trainer signs on the last row, besides being named in the details.
    CHECK(occurrences(text, "Formateur : Hélène Formatrice") == 2);
    CHECK(text.rfind("Formateur : Hélène Formatrice") > text.find("Zoé Lefèvre"));
    CHECK(contains(text, "Feuille d'émargement, session CAE-2022-06 – Page 1/1"));
    formations::tests::save_page_png(file, 1, "sign-in-sheet-sample");
}

TEST_CASE("the hours of each half-day are the sheet's own") {
    SignInSheet sheet = samples::sign_in_sheet();
    sheet.morning = {{8, 30}, {12, 0}};
    sheet.afternoon = {{13, 0}, {16, 30}};
    const std::string layout = pdf_text(TempPdf(render_sign_in_sheet_pdf(sheet), "hours"));
    CHECK(occurrences(layout, "8h30–12h00") == 3);
    CHECK(occurrences(layout, "13h00–16h30") == 3);
    sheet.afternoon = {{11, 0}, {16, 30}};
    CHECK_THROWS_AS(render_sign_in_sheet_pdf(sheet), std::invalid_argument);
}

TEST_CASE("trainees are listed in French alphabetical order, whatever order they come in") {
    SignInSheet sheet = samples::sign_in_sheet();
    sheet.trainees = {{"Vidal Léa", ""},         {"Émery Paul", ""}, {"d'Aubigné Agrippa", ""},
                      {"de Gaulle Charles", ""}, {"Eve Ana", ""},    {"Dubœuf Loïc", ""},
                      {"Garnier Léo", ""},       {"zèbre Noé", ""},  {"Ångström Lou", ""}};
    const std::string text =
        flattened(pdf_text(TempPdf(render_sign_in_sheet_pdf(sheet), "sign-in-sheet-order")));
    CAPTURE(text);
    const std::vector<std::string> expected = {
        "1 Ångström Lou", "2 d'Aubigné Agrippa", "3 Dubœuf Loïc", "4 Émery Paul", "5 Eve Ana",
        "6 Garnier Léo",  "7 de Gaulle Charles", "8 Vidal Léa",   "9 zèbre Noé"};
    std::size_t position = 0;
    for (const std::string& row : expected) {
        CAPTURE(row);
        position = text.find(row, position);
        REQUIRE(position != std::string::npos);
    }
}

TEST_CASE("a crowded sign-in sheet goes on over pages, the trainer's row closing each one") {
    const SignInSheet sheet = crowded_sheet();
    const TempPdf file(render_sign_in_sheet_pdf(sheet), "sign-in-sheet-crowded");
    const int pages = pdf_page_count(file);
    REQUIRE(pages >= 3);
    for (int page = 1; page <= pages; ++page) {
        CAPTURE(page);
        const std::string layout = pdf_text(file, page);
        CHECK(contains(layout, "Feuille d'émargement"));
        CHECK(contains(layout, "Stagiaire"));
        CHECK(occurrences(layout, "9h00–12h30") == (page == 1 ? 3 : 2));
        CHECK(contains(layout, "Page " + std::to_string(page) + "/" + std::to_string(pages)));
        // Every page ends with the trainer's row, under the last trainee of the page.
        const std::string text = flattened(layout);
        const std::size_t trainer = text.rfind("Formateur : Hélène Formatrice");
        REQUIRE(trainer != std::string::npos);
        int listed = 0;
        for (const auto& row : sheet.trainees) {
            const std::size_t at = text.find(row.trainee_name);
            if (at != std::string::npos) {
                ++listed;
                CHECK(at < trainer);
            }
        }
        CHECK(listed > 0);
    }
    // Every trainee once, in French alphabetical order, none lost at a page break.
    std::vector<std::string> names;
    for (const auto& row : sheet.trainees) {
        names.push_back(row.trainee_name);
    }
    std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
        return formations::invoices::french_name_less(a, b);
    });
    const std::string all = flattened(pdf_text(file));
    std::size_t position = 0;
    for (const std::string& name : names) {
        CAPTURE(name);
        CHECK(occurrences(all, name) == 1);
        position = all.find(name, position);
        REQUIRE(position != std::string::npos);
    }
    formations::tests::save_page_png(file, 1, "sign-in-sheet-crowded-page-1");
    formations::tests::save_page_png(file, 2, "sign-in-sheet-crowded-page-2");
}

TEST_CASE("a sign-in sheet prints markup in names as plain text") {
    SignInSheet sheet = samples::sign_in_sheet();
    sheet.trainees.push_back({"<script>alert('x')</script> & Co", "<b>Employeur</b>"});
    const TempPdf file(render_sign_in_sheet_pdf(sheet), "sign-in-sheet-markup");
    const std::string text = flattened(pdf_text(file));
    CAPTURE(text);
    CHECK(contains(text, "<script>alert('x')</script> & Co"));
    CHECK(contains(text, "<b>Employeur</b>"));
}

TEST_CASE("a sign-in sheet fits up to twelve half-days on a page, and splits longer sessions") {
    SignInSheet sheet = samples::sign_in_sheet();
    sheet.days.clear();
    for (int day = 27; day <= 30; ++day) {
        sheet.days.push_back(date(2022, 6, day));
    }
    sheet.days.push_back(date(2022, 7, 1));
    SUBCASE("five days: ten half-day columns on the page width") {
        const TempPdf file(render_sign_in_sheet_pdf(sheet), "sign-in-sheet-week");
        const std::string layout = pdf_text(file);
        CAPTURE(layout);
        CHECK(occurrences(layout, "9h00–12h30") == 6);
        CHECK(occurrences(layout, "13h30–17h00") == 6);
        CHECK(contains(layout, "Ven. 01/07"));
        CHECK(contains(flattened(layout), "Dates : du 27 juin au 1er juillet 2022"));
        formations::tests::save_page_png(file, 1, "sign-in-sheet-week");
    }
    SUBCASE("six days: twelve columns") {
        sheet.days.push_back(date(2022, 7, 4));
        const TempPdf file(render_sign_in_sheet_pdf(sheet), "sign-in-sheet-six-days");
        REQUIRE(pdf_page_count(file) == 1);
        CHECK(occurrences(pdf_text(file), "13h30–17h00") == 7);
        formations::tests::save_page_png(file, 1, "sign-in-sheet-six-days");
    }
    SUBCASE("ten days: two parts of five days, each with its own columns") {
        for (int day = 4; day <= 8; ++day) {
            sheet.days.push_back(date(2022, 7, day));
        }
        const TempPdf file(render_sign_in_sheet_pdf(sheet), "sign-in-sheet-two-parts");
        REQUIRE(pdf_page_count(file) == 2);
        const std::string first = pdf_text(file, 1);
        const std::string second = pdf_text(file, 2);
        CAPTURE(first);
        CAPTURE(second);
        CHECK(contains(flattened(first), "Dates : du 27 juin au 8 juillet 2022"));
        CHECK(contains(flattened(first), "Partie 1/2 : du 27 juin au 1er juillet 2022"));
        CHECK(contains(flattened(second), "Partie 2/2 : du 4 au 8 juillet 2022"));
        CHECK(contains(first, "Ven. 01/07"));
        CHECK_FALSE(contains(first, "Lun. 04/07"));
        CHECK(contains(second, "Lun. 04/07"));
        CHECK(contains(second, "Ven. 08/07"));
        for (const std::string* page : {&first, &second}) {
            CHECK(occurrences(*page, "13h30–17h00") == 6);
            CHECK(contains(*page, "Zoé Lefèvre"));
            CHECK(contains(flattened(*page), "Formateur : Hélène Formatrice"));
        }
        CHECK(contains(flattened(second), "Page 2/2"));
        formations::tests::save_page_png(file, 2, "sign-in-sheet-part-2");
    }
}

TEST_CASE("a trainee cancelled after attending signs only the half-days attended") {
    SignInSheet sheet = samples::sign_in_sheet();
    using formations::invoices::HalfDayPart;
    using formations::invoices::HalfDaySlot;
    sheet.trainees.push_back({"Partie Léon", "",
                              std::vector<HalfDaySlot>{{date(2022, 6, 27), HalfDayPart::morning},
                                                       {date(2022, 6, 27), HalfDayPart::afternoon}},
                              "Inscription annulée le 27/06/2022"});
    SUBCASE("listed, with the remark") {
        const TempPdf file(render_sign_in_sheet_pdf(sheet), "sign-in-sheet-cancelled");
        const std::string text = flattened(pdf_text(file));
        CAPTURE(text);
        CHECK(contains(text, "Partie Léon"));
        CHECK(contains(text, "Inscription annulée le 27/06/2022"));
        formations::tests::save_page_png(file, 1, "sign-in-sheet-cancelled");
    }
    SUBCASE("left out of a part where they sign nothing") {
        for (int day = 29; day <= 30; ++day) {
            sheet.days.push_back(date(2022, 6, day));
        }
        for (int day = 1; day <= 8; ++day) {
            sheet.days.push_back(date(2022, 7, day));
        }
        const TempPdf file(render_sign_in_sheet_pdf(sheet), "sign-in-sheet-cancelled-parts");
        REQUIRE(pdf_page_count(file) == 2);
        CHECK(contains(pdf_text(file, 1), "Partie Léon"));
        CHECK_FALSE(contains(pdf_text(file, 2), "Partie Léon"));
        CHECK(contains(pdf_text(file, 2), "Zoé Lefèvre"));
    }
}

TEST_CASE("a sign-in sheet needs days, each once, and half-days of some length") {
    SignInSheet sheet = samples::sign_in_sheet();
    SUBCASE("no day") {
        sheet.days.clear();
    }
    SUBCASE("a day twice") {
        sheet.days.push_back(sheet.days.front());
    }
    SUBCASE("empty half-days") {
        sheet.half_day_minutes = 0;
    }
    CHECK_THROWS_AS(render_sign_in_sheet_pdf(sheet), std::invalid_argument);
}

TEST_CASE("a sign-in sheet without trainees still has the trainer's row") {
    SignInSheet sheet = samples::sign_in_sheet();
    sheet.trainees.clear();
    const TempPdf file(render_sign_in_sheet_pdf(sheet), "sign-in-sheet-empty");
    CHECK(occurrences(flattened(pdf_text(file)), "Formateur : Hélène Formatrice") == 2);
}

TEST_CASE("extreme names stay in their cells") {
    SignInSheet sheet = samples::sign_in_sheet();
    sheet.trainees.push_back({std::string(120, 'W') + " Ørsted-Łukasiewicz",
                              "Société " + std::string(200, 'X') + " et associés réunis"});
    sheet.place = std::string(300, 'L');
    const TempPdf file(render_sign_in_sheet_pdf(sheet), "sign-in-sheet-extreme");
    REQUIRE(pdf_page_count(file) == 1);
    const double right_margin = 841.89 - 32;
    for (const auto& word : formations::tests::placed_words(file)) {
        CAPTURE(word.text);
        CHECK(word.x_max <= right_margin + 0.5);
        // The identity column ends 32 + 24 + 230 points from the left.
        if (word.text.find("WWW") != std::string::npos || word.text.find("XXX") == 0) {
            CHECK(word.x_max <= 32 + 24 + 230 + 0.5);
        }
    }
    const std::string text = flattened(pdf_text(file));
    CHECK(contains(text, "…"));
    formations::tests::save_page_png(file, 1, "sign-in-sheet-extreme");
}

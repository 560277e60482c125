#include "invoices/sign_in_sheet_pdf.hpp"

#include <doctest/doctest.h>

#include <array>
#include <stdexcept>
#include <string>

#include "attendance_samples.hpp"
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
    CHECK(contains(text, "Coopérer pour Entreprendre (fictif)"));
    CHECK(contains(text, "11 75 00000 75"));
    CHECK(contains(text, "Zoé Lefèvre"));
    CHECK(contains(text, "Société Fictive Œuvre & Cie"));
    CHECK(contains(text, "Loïc Dubœuf"));
    CHECK(contains(text, "Anaïs Crémieux"));
    CHECK(contains(text, "Atelier Fictif « Les Artisans »"));
    // Two days: four half-day columns, each with its duration.
    CHECK(occurrences(layout, "Lun. 27/06") == 2);
    CHECK(occurrences(layout, "Mar. 28/06") == 2);
    CHECK(occurrences(layout, "matin") == 2);
    CHECK(occurrences(layout, "après-midi") == 2);
    CHECK(occurrences(layout, "3,5 h") >= 4);
    // The trainer signs on the last row, besides being named in the details.
    CHECK(occurrences(text, "Formateur : Hélène Formatrice") == 2);
    CHECK(text.rfind("Formateur : Hélène Formatrice") > text.find("Anaïs Crémieux"));
    CHECK(contains(text, "Page 1/1"));
    formations::tests::save_page_png(file, 1, "sign-in-sheet-sample");
}

TEST_CASE("a crowded sign-in sheet goes on over pages with its header repeated") {
    const SignInSheet sheet = crowded_sheet();
    const TempPdf file(render_sign_in_sheet_pdf(sheet), "sign-in-sheet-crowded");
    const int pages = pdf_page_count(file);
    REQUIRE(pages >= 3);
    for (int page = 1; page <= pages; ++page) {
        CAPTURE(page);
        const std::string layout = pdf_text(file, page);
        CHECK(contains(layout, "Feuille d'émargement"));
        CHECK(contains(layout, "Stagiaire"));
        CHECK(occurrences(layout, "matin") == 2);
        CHECK(occurrences(layout, "après-midi") == 2);
        CHECK(contains(layout, "Page " + std::to_string(page) + "/" + std::to_string(pages)));
    }
    // Every trainee once, in order, none lost at a page break; the trainer last.
    const std::string all = flattened(pdf_text(file));
    std::size_t position = 0;
    for (int i = 1; i <= 40; ++i) {
        const std::string name = trainee_name(i);
        CAPTURE(name);
        CHECK(occurrences(all, name) == 1);
        position = all.find(name, position);
        REQUIRE(position != std::string::npos);
    }
    CHECK(all.rfind("Formateur : Hélène Formatrice") > position);
    CHECK(contains(flattened(pdf_text(file, pages)), "Formateur : Hélène Formatrice"));
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

TEST_CASE("a sign-in sheet fits up to twelve half-days, and refuses more") {
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
        CHECK(occurrences(layout, "matin") == 5);
        CHECK(occurrences(layout, "après-midi") == 5);
        CHECK(contains(layout, "Ven. 01/07"));
        CHECK(contains(flattened(layout), "Dates : du 27 juin au 1er juillet 2022"));
        formations::tests::save_page_png(file, 1, "sign-in-sheet-week");
    }
    SUBCASE("six days: twelve columns") {
        sheet.days.push_back(date(2022, 7, 4));
        const TempPdf file(render_sign_in_sheet_pdf(sheet), "sign-in-sheet-six-days");
        const std::string layout = pdf_text(file);
        CHECK(occurrences(layout, "après-midi") == 6);
        formations::tests::save_page_png(file, 1, "sign-in-sheet-six-days");
    }
    SUBCASE("seven days: refused") {
        sheet.days.push_back(date(2022, 7, 4));
        sheet.days.push_back(date(2022, 7, 5));
        CHECK_THROWS_AS(render_sign_in_sheet_pdf(sheet), std::invalid_argument);
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

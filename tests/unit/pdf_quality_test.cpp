// What every PDF we produce must be: clean for poppler, small, with its fonts subset and parsed
// once per process, and printing every name, even in a script the fonts do not cover.

#include <doctest/doctest.h>

#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "attendance_samples.hpp"
#include "invoice_samples.hpp"
#include "invoices/certificate_pdf.hpp"
#include "invoices/invoice_pdf.hpp"
#include "invoices/pdf_writer.hpp"
#include "invoices/sign_in_sheet_pdf.hpp"
#include "pdf_tools.hpp"

using namespace formations::invoices;
using boost::gregorian::date;
using formations::tests::contains;
using formations::tests::flattened;
using formations::tests::pdf_text;
using formations::tests::run;
using formations::tests::TempPdf;

namespace {

struct Kind {
    std::string name;
    std::string pdf;
};

std::vector<Kind> every_kind() {
    SignInSheet long_session = samples::sign_in_sheet();
    for (int day = 29; day <= 30; ++day) {
        long_session.days.push_back(date(2022, 6, day));
    }
    for (int day = 1; day <= 8; ++day) {
        long_session.days.push_back(date(2022, 7, day));
    }
    return {
        {"invoice", render_invoice_pdf(samples::invoice())},
        {"private-invoice", render_invoice_pdf(samples::private_invoice())},
        {"credit-note", render_invoice_pdf(samples::credit_note())},
        {"funded-invoice", render_invoice_pdf(samples::funded_invoice())},
        {"certificate", render_certificate_pdf(samples::certificate())},
        {"certificates", render_certificates_pdf({samples::certificate(), samples::certificate()})},
        {"sign-in-sheet", render_sign_in_sheet_pdf(samples::sign_in_sheet())},
        {"sign-in-sheet-parts", render_sign_in_sheet_pdf(long_session)}};
}

}  // namespace

TEST_CASE("every kind of PDF opens in poppler without a single warning") {
    for (const Kind& kind : every_kind()) {
        CAPTURE(kind.name);
        const TempPdf file(kind.pdf, "quality-" + kind.name);
        // run() throws on any output on stderr (« Syntax Warning: Invalid 'begincidrange'
        // operator in ToUnicode CMap » before the fix).
        CHECK_NOTHROW(run("pdftotext " + file.quoted() + " /dev/null"));
        CHECK_NOTHROW(run("pdfinfo " + file.quoted()));
        CHECK_NOTHROW(run("pdftoppm -r 20 -png " + file.quoted() + " > /dev/null"));
        // Both faces embedded as subsets, with a Unicode map (emb, sub, uni all "yes").
        const std::string fonts = run("pdffonts " + file.quoted());
        CAPTURE(fonts);
        CHECK(std::regex_search(
            fonts, std::regex(R"(DejaVuSans,Book +CID TrueType +Identity-H +yes +yes +yes)")));
        CHECK(std::regex_search(
            fonts, std::regex(R"(DejaVuSans-Bold,Bold +CID TrueType +Identity-H +yes +yes +yes)")));
    }
}

TEST_CASE("a one-page invoice weighs at most 40 KB") {
    for (const Document& document :
         {samples::invoice(), samples::private_invoice(), samples::credit_note()}) {
        const std::string pdf = render_invoice_pdf(document);
        CAPTURE(document.number);
        CAPTURE(pdf.size());
        REQUIRE(formations::tests::pdf_page_count(TempPdf(pdf, "size")) == 1);
        CHECK(pdf.size() <= 40 * 1024);
        MESSAGE(document.number << ": " << pdf.size() << " bytes");
    }
}

TEST_CASE("names print in every Latin script, and other scripts as a visible substitute") {
    Document document = samples::invoice();
    document.buyer.name = "Zoë Ørsted-Łukasiewicz";
    document.buyer.address = "Ștefan Nguyễn\nŁódź – Dvořák\nОльга 😀";
    const TempPdf file(render_invoice_pdf(document), "fallback");
    const std::string text = flattened(pdf_text(file));
    CAPTURE(text);
    CHECK(contains(text, "Zoë Ørsted-Łukasiewicz"));
    CHECK(contains(text, "Ștefan Nguyễn"));
    CHECK(contains(text, "Łódź – Dvořák"));
    // Cyrillic and emoji are outside the subset: one U+FFFD per character, nothing dropped.
    CHECK(contains(text, "\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD \uFFFD"));
    formations::tests::save_page_png(file, 1, "invoice-fallback");
}

TEST_CASE("the fonts are parsed once per pooled document, not once per PDF") {
    render_invoice_pdf(samples::invoice());  // the pool has a document from now on
    const std::size_t before = font_parse_count();
    for (int i = 0; i < 5; ++i) {
        render_invoice_pdf(samples::invoice());
        render_sign_in_sheet_pdf(samples::sign_in_sheet());
    }
    CHECK(font_parse_count() == before);

    // Four threads at once need four documents at most; the same bytes come out of each.
    const std::string expected = render_invoice_pdf(samples::invoice());
    std::vector<std::string> results(4);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < results.size(); ++t) {
        threads.emplace_back([&results, t] {
            for (int i = 0; i < 3; ++i) {
                results[t] = render_invoice_pdf(samples::invoice());
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    CHECK(font_parse_count() - before <= 3);  // one document was already in the pool
    for (const std::string& result : results) {
        CHECK(result == expected);
    }
}

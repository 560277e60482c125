// PDFs per second: our invoice (render_invoice_pdf) against a bare libharu document of one page
// with the same two fonts, in the same run, alternating short rounds so that both see the same
// machine; prints the median rates, their ratio (target: ours ≥ 90 % of the bare page) and the
// sizes. Also prints, for information, the bare page rendered in one reused libharu document
// (fonts parsed once), the least a PDF can cost with libharu.
//
// Usage: pdf_bench [seconds per round, default 0.5] [rounds, default 9]

#include <hpdf.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "invoice_samples.hpp"
#include "invoices/invoice_pdf.hpp"
#include "invoices/pdf_writer.hpp"

namespace {

using Clock = std::chrono::steady_clock;

// libharu's error handler is a C callback: nothing may be thrown through it. A failure in the
// bare baseline would make its figures meaningless, so the benchmark stops there.
void on_error(HPDF_STATUS error, HPDF_STATUS detail, void*) {
    std::fprintf(stderr, "libharu error 0x%04lX (detail %lu)\n", static_cast<unsigned long>(error),
                 static_cast<unsigned long>(detail));
    std::exit(1);
}

std::string saved(HPDF_Doc document) {
    HPDF_SaveToStream(document);
    std::string bytes(HPDF_GetStreamSize(document), '\0');
    auto size = static_cast<HPDF_UINT32>(bytes.size());
    HPDF_ReadFromStream(document, reinterpret_cast<HPDF_BYTE*>(bytes.data()), &size);
    bytes.resize(size);
    return bytes;
}

// One A4 page, a few lines in each face: what any PDF with our fonts costs at the least.
void draw_page(HPDF_Doc document, HPDF_Font regular, HPDF_Font bold) {
    HPDF_Page page = HPDF_AddPage(document);
    HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, bold, 20);
    HPDF_Page_TextOut(page, 45, 780, "FACTURE N° FA-2019-00001");
    HPDF_Page_SetFontAndSize(page, regular, 9);
    HPDF_Page_TextOut(page, 45, 750, "Formation « Créer sa CAE » – stagiaire : Zoé Lefèvre");
    HPDF_Page_TextOut(page, 45, 738, "Total net à payer : 300,00 €");
    HPDF_Page_EndText(page);
}

struct BareDocument {
    HPDF_Doc document = nullptr;
    std::string regular;
    std::string bold;

    BareDocument() {
        document = HPDF_New(on_error, nullptr);
        HPDF_SetCompressionMode(document, HPDF_COMP_ALL);
        HPDF_UseUTFEncodings(document);
        const std::string directory = formations::invoices::font_directory();
        regular =
            HPDF_LoadTTFontFromFile(document, (directory + "/DejaVuSans.ttf").c_str(), HPDF_TRUE);
        bold = HPDF_LoadTTFontFromFile(document, (directory + "/DejaVuSans-Bold.ttf").c_str(),
                                       HPDF_TRUE);
    }
    ~BareDocument() { HPDF_Free(document); }
    BareDocument(const BareDocument&) = delete;
    BareDocument& operator=(const BareDocument&) = delete;

    std::string page() {
        HPDF_SetCurrentEncoder(document, "UTF-8");
        draw_page(document, HPDF_GetFont(document, regular.c_str(), "UTF-8"),
                  HPDF_GetFont(document, bold.c_str(), "UTF-8"));
        return saved(document);
    }
};

// The straightforward libharu program: a new document, the fonts loaded, one page, saved.
std::string bare_page() {
    BareDocument bare;
    return bare.page();
}

// The same page in one document reused for every PDF (HPDF_NewDoc keeps the parsed fonts).
std::string reused_bare_page() {
    static BareDocument bare;
    HPDF_NewDoc(bare.document);
    HPDF_SetCompressionMode(bare.document, HPDF_COMP_ALL);
    return bare.page();
}

// PDFs per second of `render`, for about `seconds`.
double rate(const std::function<std::string()>& render, double seconds, std::size_t& size) {
    const auto start = Clock::now();
    const auto until = start + std::chrono::duration<double>(seconds);
    std::size_t count = 0;
    do {
        size = render().size();
        ++count;
    } while (Clock::now() < until);
    return static_cast<double>(count) / std::chrono::duration<double>(Clock::now() - start).count();
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    const double seconds = argc > 1 ? std::atof(argv[1]) : 0.5;
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 9;
    if (seconds <= 0 || rounds <= 0) {
        std::fprintf(stderr, "usage: pdf_bench [seconds per round] [rounds]\n");
        return 2;
    }
    const auto invoice = formations::invoices::samples::invoice();
    const std::function<std::string()> ours = [&invoice] {
        return formations::invoices::render_invoice_pdf(invoice);
    };
    struct Subject {
        const char* name;
        std::function<std::string()> render;
        std::vector<double> rates{};
        std::size_t size = 0;
    };
    std::vector<Subject> subjects{{"our invoice (render_invoice_pdf)", ours},
                                  {"bare libharu page, same fonts", bare_page},
                                  {"bare libharu page, document reused", reused_bare_page}};
    for (Subject& subject : subjects) {
        rate(subject.render, seconds / 5, subject.size);  // warm up: caches, pools
    }
    for (int round = 0; round < rounds; ++round) {
        for (Subject& subject : subjects) {
            subject.rates.push_back(rate(subject.render, seconds, subject.size));
        }
    }

    std::printf("PDF benchmark: %d rounds of %.2f s per subject, alternating, one thread\n", rounds,
                seconds);
    std::printf("fonts: %s\n\n", formations::invoices::font_directory().c_str());
    std::printf("%-38s %12s %12s\n", "", "PDFs/s", "bytes");
    for (const Subject& subject : subjects) {
        std::printf("%-38s %12.0f %12zu\n", subject.name, median(subject.rates), subject.size);
    }
    const double ours_rate = median(subjects[0].rates);
    std::printf("\nratio our invoice / bare page, same fonts:   %5.0f %%  (target >= 90 %%)\n",
                100 * ours_rate / median(subjects[1].rates));
    std::printf("ratio our invoice / bare page, doc reused:   %5.0f %%  (for information)\n",
                100 * ours_rate / median(subjects[2].rates));
    std::printf("fonts parsed by our code during the run: %zu\n",
                formations::invoices::font_parse_count());
    return 0;
}

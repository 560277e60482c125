#include "invoices/pdf_writer.hpp"

#include <hpdf.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <utility>

#include "invoices/detail/libharu_document.hpp"
#include "invoices/text_fallback.hpp"
#include "invoices/text_layout.hpp"
#include "invoices/utf8.hpp"

#if !defined(FORMATIONS_FONT_DIR_DEFAULT) || !defined(FORMATIONS_FONT_DIR_INSTALLED)
#error "FORMATIONS_FONT_DIR_DEFAULT and FORMATIONS_FONT_DIR_INSTALLED must name the font subsets' folders"
#endif

namespace formations::invoices {

namespace {

// The fonts installed with this executable (relative to its folder), if they are there. A binary
// run from its build tree has none and uses the build's fonts/.
std::string installed_font_directory() {
    std::error_code error;
    auto executable = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error) {
        return {};
    }
    auto candidate = executable.parent_path() / FORMATIONS_FONT_DIR_INSTALLED;
    return std::filesystem::is_regular_file(candidate / "DejaVuSans.ttf", error)
               ? candidate.lexically_normal().string()
               : std::string();
}

}  // namespace

std::string font_directory() {
    const char* configured = std::getenv("FORMATIONS_FONT_DIR");
    if (configured != nullptr && *configured != '\0') {
        return configured;
    }
    static const std::string installed = installed_font_directory();
    return installed.empty() ? FORMATIONS_FONT_DIR_DEFAULT : installed;
}

std::size_t font_parse_count() {
    return detail::documents_loaded();
}

struct PdfWriter::State {
    PdfWriterOptions options;
    detail::DocumentLease lease{font_directory()};
    std::vector<HPDF_Page> pages;
    std::size_t current = 0;
    double width = 0;
    double height = 0;
    double cursor = 0;
    std::function<void(PdfWriter&)> page_header;
    bool drawing_header = false;
    bool finished = false;
    // The highest character printed in each face, to trim the glyph maps (see DocumentLease).
    char32_t highest_regular = 0;
    char32_t highest_bold = 0;

    HPDF_Doc document() const { return lease.document(); }

    void throw_if_failed(std::string_view operation) {
        detail::Failure& failure = lease.failure();
        HPDF_STATUS error = failure.error;
        HPDF_STATUS detail = failure.detail;
        if (error == HPDF_OK) {
            error = HPDF_GetError(document());
            detail = HPDF_GetErrorDetail(document());
        }
        if (error == HPDF_OK) {
            return;
        }
        // libharu's error state is sticky: clear it so that, should a caller catch and go on,
        // later calls are not refused; the document is not reused for another PDF.
        failure = detail::Failure{};
        HPDF_ResetError(document());
        lease.mark_broken();
        char code[64];
        std::snprintf(code, sizeof code, "libharu error 0x%04lX (detail %lu)",
                      static_cast<unsigned long>(error), static_cast<unsigned long>(detail));
        throw std::runtime_error("PDF: " + std::string(operation) + " failed: " + code);
    }

    HPDF_Page page() const { return pages.at(current); }
    HPDF_Font font(const TextStyle& style) const {
        return style.weight == Weight::bold ? lease.bold() : lease.regular();
    }
    const detail::FontMetrics& metrics(const TextStyle& style) const {
        return style.weight == Weight::bold ? lease.bold_metrics() : lease.regular_metrics();
    }
    double pdf_y(double top) const { return height - top; }

    std::string printable(std::string_view text) const {
        return printable_text(text, [this](char32_t code) { return lease.covers(code); });
    }
    // Width of text already printable: no substitution to do.
    double printable_width(std::string_view text, const TextStyle& style) const {
        return metrics(style).width(text) * style.size / 1000.0;  // thousandths of the size
    }
    TextMeasure measure(const TextStyle& style) const {
        return [this, style](std::string_view text) { return printable_width(text, style); };
    }

    void add_page() {
        HPDF_Page page = HPDF_AddPage(document());
        HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4,
                          options.orientation == Orientation::landscape ? HPDF_PAGE_LANDSCAPE
                                                                        : HPDF_PAGE_PORTRAIT);
        throw_if_failed("adding a page");
        width = HPDF_Page_GetWidth(page);
        height = HPDF_Page_GetHeight(page);
        pages.push_back(page);
        current = pages.size() - 1;
        cursor = options.margins.top;
    }
};

PdfWriter::PdfWriter(PdfWriterOptions options) : state_(std::make_unique<State>()) {
    State& state = *state_;
    state.options = std::move(options);
    if (!state.options.title.empty()) {
        HPDF_SetInfoAttr(state.document(), HPDF_INFO_TITLE, state.options.title.c_str());
        state.throw_if_failed("setting the title");
    }
    state.add_page();
}

PdfWriter::~PdfWriter() = default;
PdfWriter::PdfWriter(PdfWriter&&) noexcept = default;
PdfWriter& PdfWriter::operator=(PdfWriter&&) noexcept = default;

double PdfWriter::page_width() const {
    return state_->width;
}
double PdfWriter::page_height() const {
    return state_->height;
}
const Margins& PdfWriter::margins() const {
    return state_->options.margins;
}
double PdfWriter::content_left() const {
    return margins().left;
}
double PdfWriter::content_right() const {
    return page_width() - margins().right;
}
double PdfWriter::content_width() const {
    return content_right() - content_left();
}
double PdfWriter::content_top() const {
    return margins().top;
}
double PdfWriter::content_bottom() const {
    return page_height() - margins().bottom;
}

double PdfWriter::cursor() const {
    return state_->cursor;
}
void PdfWriter::set_cursor(double y) {
    state_->cursor = y;
}
void PdfWriter::move_down(double height) {
    state_->cursor += height;
}
double PdfWriter::space_left() const {
    return content_bottom() - cursor();
}

bool PdfWriter::ensure_space(double height) {
    // Never break inside the repeated header, nor on a page that is still empty (the block is
    // taller than a page: breaking again would loop forever).
    if (height <= space_left() || state_->drawing_header || cursor() <= content_top()) {
        return false;
    }
    new_page();
    return true;
}

void PdfWriter::new_page() {
    state_->add_page();
    if (state_->page_header) {
        state_->drawing_header = true;
        try {
            state_->page_header(*this);
        } catch (...) {
            state_->drawing_header = false;
            throw;
        }
        state_->drawing_header = false;
    }
}

void PdfWriter::on_new_page(std::function<void(PdfWriter&)> draw_header) {
    state_->page_header = std::move(draw_header);
}

int PdfWriter::page_count() const {
    return static_cast<int>(state_->pages.size());
}
int PdfWriter::current_page() const {
    return static_cast<int>(state_->current) + 1;
}

void PdfWriter::go_to_page(int number) {
    if (number < 1 || number > page_count()) {
        throw std::out_of_range("PdfWriter::go_to_page: no page " + std::to_string(number));
    }
    state_->current = static_cast<std::size_t>(number - 1);
}

void PdfWriter::for_each_page(
    const std::function<void(PdfWriter&, int page, int page_count)>& draw) {
    const std::size_t current = state_->current;
    const int count = page_count();
    for (int page = 1; page <= count; ++page) {
        go_to_page(page);
        draw(*this, page, count);
    }
    state_->current = current;
}

double PdfWriter::text_width(std::string_view text, const TextStyle& style) const {
    return state_->printable_width(state_->printable(text), style);
}

double PdfWriter::line_height(const TextStyle& style) const {
    return style.size * style.leading;
}

std::vector<std::string> PdfWriter::wrap(std::string_view text, double width,
                                         const TextStyle& style, std::size_t max_lines) const {
    return wrap_text(state_->printable(text), width, state_->measure(style), max_lines);
}

double PdfWriter::text_height(std::string_view text, double width, const TextStyle& style,
                              std::size_t max_lines) const {
    return static_cast<double>(wrap(text, width, style, max_lines).size()) * line_height(style);
}

void PdfWriter::text_at(double x, double top, std::string_view line, const TextStyle& style,
                        Align align) {
    if (line.empty()) {
        return;
    }
    const std::string text = state_->printable(line);  // NUL-terminated, as libharu wants
    char32_t& highest =
        style.weight == Weight::bold ? state_->highest_bold : state_->highest_regular;
    for (std::size_t at = 0; at < text.size();) {
        const Utf8Char read = decode_utf8(text, at);
        at += read.length;
        highest = std::max(highest, read.code);
    }
    double left = x;
    if (align == Align::right) {
        left = x - state_->printable_width(text, style);
    } else if (align == Align::center) {
        left = x - state_->printable_width(text, style) / 2;
    }
    // The line box is centred on the font's ascent-to-descent height.
    const detail::FontMetrics& metrics = state_->metrics(style);
    const double ascent = metrics.ascent() * style.size / 1000.0;
    const double descent = metrics.descent() * style.size / 1000.0;
    const double baseline = top + (line_height(style) - ascent - descent) / 2 + ascent;

    HPDF_Page page = state_->page();
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, state_->font(style), static_cast<HPDF_REAL>(style.size));
    HPDF_Page_SetRGBFill(page, static_cast<HPDF_REAL>(style.color.red),
                         static_cast<HPDF_REAL>(style.color.green),
                         static_cast<HPDF_REAL>(style.color.blue));
    HPDF_Page_TextOut(page, static_cast<HPDF_REAL>(left),
                      static_cast<HPDF_REAL>(state_->pdf_y(baseline)), text.c_str());
    HPDF_Page_EndText(page);
    state_->throw_if_failed("drawing text");
}

double PdfWriter::text_block_at(double x, double top, double width, std::string_view text,
                                const TextStyle& style, Align align, std::size_t max_lines) {
    const double anchor = align == Align::right    ? x + width
                          : align == Align::center ? x + width / 2
                                                   : x;
    double y = top;
    for (const std::string& line : wrap(text, width, style, max_lines)) {
        text_at(anchor, y, line, style, align);
        y += line_height(style);
    }
    return y - top;
}

void PdfWriter::line(double x1, double y1, double x2, double y2, Stroke stroke) {
    HPDF_Page page = state_->page();
    HPDF_Page_SetLineWidth(page, static_cast<HPDF_REAL>(stroke.width));
    HPDF_Page_SetRGBStroke(page, static_cast<HPDF_REAL>(stroke.color.red),
                           static_cast<HPDF_REAL>(stroke.color.green),
                           static_cast<HPDF_REAL>(stroke.color.blue));
    HPDF_Page_MoveTo(page, static_cast<HPDF_REAL>(x1), static_cast<HPDF_REAL>(state_->pdf_y(y1)));
    HPDF_Page_LineTo(page, static_cast<HPDF_REAL>(x2), static_cast<HPDF_REAL>(state_->pdf_y(y2)));
    HPDF_Page_Stroke(page);
    state_->throw_if_failed("drawing a line");
}

void PdfWriter::rectangle(double x, double top, double width, double height,
                          std::optional<Color> fill, std::optional<Stroke> stroke) {
    if (!fill && !stroke) {
        return;
    }
    HPDF_Page page = state_->page();
    if (fill) {
        HPDF_Page_SetRGBFill(page, static_cast<HPDF_REAL>(fill->red),
                             static_cast<HPDF_REAL>(fill->green),
                             static_cast<HPDF_REAL>(fill->blue));
    }
    if (stroke) {
        HPDF_Page_SetLineWidth(page, static_cast<HPDF_REAL>(stroke->width));
        HPDF_Page_SetRGBStroke(page, static_cast<HPDF_REAL>(stroke->color.red),
                               static_cast<HPDF_REAL>(stroke->color.green),
                               static_cast<HPDF_REAL>(stroke->color.blue));
    }
    HPDF_Page_Rectangle(page, static_cast<HPDF_REAL>(x),
                        static_cast<HPDF_REAL>(state_->pdf_y(top + height)),
                        static_cast<HPDF_REAL>(width), static_cast<HPDF_REAL>(height));
    if (fill && stroke) {
        HPDF_Page_FillStroke(page);
    } else if (fill) {
        HPDF_Page_Fill(page);
    } else {
        HPDF_Page_Stroke(page);
    }
    state_->throw_if_failed("drawing a rectangle");
}

void PdfWriter::paragraph(std::string_view text, const TextStyle& style, Align align) {
    paragraph(text, style, content_left(), content_width(), align);
}

void PdfWriter::paragraph(std::string_view text, const TextStyle& style, double x, double width,
                          Align align) {
    const double anchor = align == Align::right    ? x + width
                          : align == Align::center ? x + width / 2
                                                   : x;
    for (const std::string& line : wrap(text, width, style)) {
        ensure_space(line_height(style));
        text_at(anchor, cursor(), line, style, align);
        move_down(line_height(style));
    }
}

std::string PdfWriter::finish() {
    State& state = *state_;
    if (state.finished) {
        throw std::logic_error("PdfWriter::finish: already called");
    }
    state.finished = true;
    HPDF_Doc document = state.document();
    state.lease.trim_glyph_maps(state.highest_regular, state.highest_bold);
    HPDF_SaveToStream(document);
    state.throw_if_failed("writing the PDF");
    std::string bytes(HPDF_GetStreamSize(document), '\0');
    std::size_t read = 0;
    while (read < bytes.size()) {
        auto chunk = static_cast<HPDF_UINT32>(bytes.size() - read);
        HPDF_ReadFromStream(document, reinterpret_cast<HPDF_BYTE*>(bytes.data() + read), &chunk);
        state.throw_if_failed("reading the PDF");
        if (chunk == 0) {
            throw std::runtime_error("PDF: the stream ended early");
        }
        read += chunk;
    }
    return bytes;
}

}  // namespace formations::invoices

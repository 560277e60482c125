#include "invoices/pdf_writer.hpp"

#include <hpdf.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <utility>

namespace formations::invoices {
namespace {

constexpr const char* default_font_directory = "/usr/share/fonts/truetype/dejavu";
constexpr const char* utf8 = "UTF-8";

struct DocumentDeleter {
    void operator()(HPDF_Doc document) const { HPDF_Free(document); }
};
using DocumentHandle = std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, DocumentDeleter>;

// The first error libharu reported. Its handler is a C callback: it must not throw through
// libharu's frames, so it only records, and the writer throws once back in C++.
struct Failure {
    HPDF_STATUS error = HPDF_OK;
    HPDF_STATUS detail = 0;
};

void record_failure(HPDF_STATUS error, HPDF_STATUS detail, void* user_data) {
    auto* failure = static_cast<Failure*>(user_data);
    if (failure->error == HPDF_OK) {
        failure->error = error;
        failure->detail = detail;
    }
}

// Length in bytes of the UTF-8 sequence starting with `lead` (1 for a stray byte, so a
// malformed string still advances).
std::size_t utf8_sequence_length(unsigned char lead) {
    if (lead >= 0xF0) {
        return 4;
    }
    if (lead >= 0xE0) {
        return 3;
    }
    if (lead >= 0xC0) {
        return 2;
    }
    return 1;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = text.find(separator, start);
        parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
        if (end == std::string_view::npos) {
            return parts;
        }
        start = end + 1;
    }
}

}  // namespace

std::string font_directory() {
    const char* configured = std::getenv("FORMATIONS_FONT_DIR");
    return configured != nullptr && *configured != '\0' ? configured : default_font_directory;
}

struct PdfWriter::State {
    PdfWriterOptions options;
    std::unique_ptr<Failure> failure = std::make_unique<Failure>();  // stable address for libharu
    DocumentHandle document;
    HPDF_Font regular = nullptr;
    HPDF_Font bold = nullptr;
    std::vector<HPDF_Page> pages;
    std::size_t current = 0;
    double width = 0;
    double height = 0;
    double cursor = 0;
    std::function<void(PdfWriter&)> page_header;
    bool drawing_header = false;
    bool finished = false;

    void throw_if_failed(std::string_view operation) {
        HPDF_STATUS error = failure->error;
        HPDF_STATUS detail = failure->detail;
        if (error == HPDF_OK && document) {
            error = HPDF_GetError(document.get());
            detail = HPDF_GetErrorDetail(document.get());
        }
        if (error == HPDF_OK) {
            return;
        }
        // libharu's error state is sticky: clear it so the document can still be freed cleanly
        // (and, should a caller catch and go on, later calls are not refused).
        *failure = Failure{};
        if (document) {
            HPDF_ResetError(document.get());
        }
        char code[64];
        std::snprintf(code, sizeof code, "libharu error 0x%04lX (detail %lu)",
                      static_cast<unsigned long>(error), static_cast<unsigned long>(detail));
        throw std::runtime_error("PDF: " + std::string(operation) + " failed: " + code);
    }

    HPDF_Page page() const { return pages.at(current); }
    HPDF_Font font(const TextStyle& style) const {
        return style.weight == Weight::bold ? bold : regular;
    }
    double pdf_y(double top) const { return height - top; }

    HPDF_Font load_font(const std::string& file) {
        const std::string path = font_directory() + "/" + file;
        const char* name = HPDF_LoadTTFontFromFile(document.get(), path.c_str(), HPDF_TRUE);
        throw_if_failed("loading font " + path);
        HPDF_Font font = HPDF_GetFont(document.get(), name, utf8);
        throw_if_failed("selecting font " + path);
        return font;
    }

    void add_page() {
        HPDF_Page page = HPDF_AddPage(document.get());
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
    state.document.reset(HPDF_New(record_failure, state.failure.get()));
    if (!state.document) {
        throw std::runtime_error("PDF: libharu could not create a document");
    }
    HPDF_Doc document = state.document.get();
    HPDF_SetCompressionMode(document, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(document);
    HPDF_SetCurrentEncoder(document, utf8);
    state.throw_if_failed("setting up UTF-8");
    if (!state.options.title.empty()) {
        HPDF_SetInfoAttr(document, HPDF_INFO_TITLE, state.options.title.c_str());
        state.throw_if_failed("setting the title");
    }
    state.regular = state.load_font("DejaVuSans.ttf");
    state.bold = state.load_font("DejaVuSans-Bold.ttf");
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
    if (text.empty()) {
        return 0;
    }
    const HPDF_TextWidth measured =
        HPDF_Font_TextWidth(state_->font(style), reinterpret_cast<const HPDF_BYTE*>(text.data()),
                            static_cast<HPDF_UINT>(text.size()));
    state_->throw_if_failed("measuring text");
    return measured.width * style.size / 1000.0;  // widths are in thousandths of the size
}

double PdfWriter::line_height(const TextStyle& style) const {
    return style.size * style.leading;
}

std::vector<std::string> PdfWriter::wrap(std::string_view text, double width,
                                         const TextStyle& style) const {
    std::vector<std::string> lines;
    if (text.empty()) {
        return lines;
    }
    for (std::string_view paragraph : split(text, '\n')) {
        const std::size_t lines_before = lines.size();
        std::string line;
        for (std::string_view word : split(paragraph, ' ')) {
            if (word.empty()) {
                continue;  // runs of spaces collapse
            }
            const std::string candidate =
                line.empty() ? std::string(word) : line + " " + std::string(word);
            if (text_width(candidate, style) <= width) {
                line = candidate;
                continue;
            }
            if (!line.empty()) {
                lines.push_back(std::move(line));
            }
            line = std::string(word);
            // A word wider than the line (an IBAN, a URL) is cut between characters.
            while (text_width(line, style) > width) {
                std::size_t cut = 0;
                std::size_t next = utf8_sequence_length(static_cast<unsigned char>(line[0]));
                while (next < line.size() && text_width(line.substr(0, next), style) <= width) {
                    cut = next;
                    next += utf8_sequence_length(static_cast<unsigned char>(line[next]));
                }
                if (cut == 0) {
                    cut = std::min(next, line.size());  // narrower than one character: one anyway
                }
                lines.push_back(line.substr(0, cut));
                line.erase(0, cut);
                if (line.empty()) {
                    break;
                }
            }
        }
        if (!line.empty() || lines.size() == lines_before) {
            lines.push_back(std::move(line));  // an empty paragraph is an empty line
        }
    }
    return lines;
}

double PdfWriter::text_height(std::string_view text, double width, const TextStyle& style) const {
    return static_cast<double>(wrap(text, width, style).size()) * line_height(style);
}

void PdfWriter::text_at(double x, double top, std::string_view line, const TextStyle& style,
                        Align align) {
    if (line.empty()) {
        return;
    }
    double left = x;
    if (align == Align::right) {
        left = x - text_width(line, style);
    } else if (align == Align::center) {
        left = x - text_width(line, style) / 2;
    }
    // The line box is centred on the font's ascent-to-descent height.
    HPDF_Font font = state_->font(style);
    const double ascent = HPDF_Font_GetAscent(font) * style.size / 1000.0;
    const double descent = -HPDF_Font_GetDescent(font) * style.size / 1000.0;
    const double baseline = top + (line_height(style) - ascent - descent) / 2 + ascent;

    HPDF_Page page = state_->page();
    const std::string text(line);  // libharu wants a terminating NUL
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, font, static_cast<HPDF_REAL>(style.size));
    HPDF_Page_SetRGBFill(page, static_cast<HPDF_REAL>(style.color.red),
                         static_cast<HPDF_REAL>(style.color.green),
                         static_cast<HPDF_REAL>(style.color.blue));
    HPDF_Page_TextOut(page, static_cast<HPDF_REAL>(left),
                      static_cast<HPDF_REAL>(state_->pdf_y(baseline)), text.c_str());
    HPDF_Page_EndText(page);
    state_->throw_if_failed("drawing text");
}

double PdfWriter::text_block_at(double x, double top, double width, std::string_view text,
                                const TextStyle& style, Align align) {
    const double anchor = align == Align::right    ? x + width
                          : align == Align::center ? x + width / 2
                                                   : x;
    double y = top;
    for (const std::string& line : wrap(text, width, style)) {
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
    HPDF_Doc document = state.document.get();
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

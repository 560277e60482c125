#pragma once
// A small page-layout toolkit over libharu for our printed documents (invoices, certificates,
// sign-in sheets): A4 pages, a subset of DejaVu Sans embedded so French and the Latin scripts
// render (é œ « » – € ’ Ł ș), word-wrapped text (text_layout.hpp), rules and boxes, and a cursor
// that flows blocks down the page and starts a new page, with a repeated header, when the next
// block does not fit. Characters the font lacks are printed as a visible substitute
// (text_fallback.hpp), never dropped.
//
// Coordinates are in points (1/72 inch) from the top-left corner of the page, y growing
// downwards, and a text position is the top of its line box: layout code reads top to bottom.
//
// Example:
//   PdfWriter pdf({.title = "Facture FA-2019-00001"});
//   pdf.on_new_page([](PdfWriter& w) { w.paragraph("Facture FA-2019-00001 (suite)", {}); });
//   pdf.paragraph("Formation « Créer sa CAE » – 300,00 €", {.size = 10});
//   pdf.for_each_page([](PdfWriter& w, int page, int count) { /* footer "Page 1/2" */ });
//   std::string bytes = pdf.finish();
//
// The output is deterministic (no creation date, no random file ID): the same calls give the
// same bytes. The fonts (DejaVuSans.ttf and DejaVuSans-Bold.ttf, the subsets made at build time
// by invoices/fonts) come from font_directory(); they are parsed once per pooled libharu
// document, as many as PDFs are rendered at the same time, not once per PDF (see
// detail/libharu_document.hpp). libharu failures throw std::runtime_error naming the error code.

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace formations::invoices {

struct Color {
    double red = 0;  // 0 to 1
    double green = 0;
    double blue = 0;
};

namespace colors {
inline constexpr Color black{0, 0, 0};
inline constexpr Color white{1, 1, 1};
inline constexpr Color dark_gray{0.3, 0.3, 0.3};
inline constexpr Color mid_gray{0.55, 0.55, 0.55};
inline constexpr Color light_gray{0.85, 0.85, 0.85};
}  // namespace colors

enum class Weight { regular, bold };
enum class Align { left, right, center };
enum class Orientation { portrait, landscape };

struct TextStyle {
    double size = 9.5;  // points
    Weight weight = Weight::regular;
    Color color = colors::black;
    double leading = 1.3;  // line height as a multiple of the size
};

struct Stroke {
    double width = 0.5;
    Color color = colors::black;
};

struct Margins {
    double top = 45;
    double right = 45;
    double bottom = 60;  // leaves room for a footer drawn by for_each_page
    double left = 45;
};

struct PdfWriterOptions {
    Orientation orientation = Orientation::portrait;
    Margins margins{};
    std::string title{};  // document properties; may be empty
};

class PdfWriter {
  public:
    // Creates the document and its first page. Throws std::runtime_error when libharu fails
    // (a font file missing, for instance).
    explicit PdfWriter(PdfWriterOptions options = {});
    ~PdfWriter();
    PdfWriter(PdfWriter&&) noexcept;
    PdfWriter& operator=(PdfWriter&&) noexcept;
    PdfWriter(const PdfWriter&) = delete;
    PdfWriter& operator=(const PdfWriter&) = delete;

    // Page geometry.
    double page_width() const;
    double page_height() const;
    const Margins& margins() const;
    double content_left() const;
    double content_right() const;
    double content_width() const;
    double content_top() const;
    double content_bottom() const;

    // The flow: where the next block goes, and page breaks.
    double cursor() const;
    void set_cursor(double y);
    void move_down(double height);
    double space_left() const;  // from the cursor to the bottom margin
    // Starts a new page unless `height` fits below the cursor; true when it did. A block taller
    // than a whole page still gets a fresh page, then overflows it: split such blocks yourself.
    bool ensure_space(double height);
    void new_page();
    // Called on every page after the first, with the cursor at the top margin: repeat a title
    // and move the cursor below it.
    void on_new_page(std::function<void(PdfWriter&)> draw_header);

    // Pages, to draw what needs the final page count (a footer "Page 1/2").
    int page_count() const;
    int current_page() const;  // 1-based
    void go_to_page(int number);
    void for_each_page(const std::function<void(PdfWriter&, int page, int page_count)>& draw);

    // Measuring, on UTF-8 text.
    double text_width(std::string_view text, const TextStyle& style) const;
    double line_height(const TextStyle& style) const;
    // Lines of at most `width`, by the rules of text_layout.hpp; at most `max_lines` of them
    // (0: no limit), the last ended by "…" when text is left out.
    std::vector<std::string> wrap(std::string_view text, double width, const TextStyle& style,
                                  std::size_t max_lines = 0) const;
    double text_height(std::string_view text, double width, const TextStyle& style,
                       std::size_t max_lines = 0) const;

    // Drawing at a position on the current page, without moving the cursor. For Align::right
    // `x` is the right edge of the text; for Align::center, its middle.
    void text_at(double x, double top, std::string_view line, const TextStyle& style,
                 Align align = Align::left);
    // Wrapped within [x, x + width], at most `max_lines` lines (0: no limit); returns the height
    // used. No page break: for table cells and boxes whose room was already ensured.
    double text_block_at(double x, double top, double width, std::string_view text,
                         const TextStyle& style, Align align = Align::left,
                         std::size_t max_lines = 0);
    void line(double x1, double y1, double x2, double y2, Stroke stroke = {});
    void rectangle(double x, double top, double width, double height, std::optional<Color> fill,
                   std::optional<Stroke> stroke = std::nullopt);

    // Flowing text at the cursor over the content width (or [x, x + width]), breaking pages
    // between lines; moves the cursor below it.
    void paragraph(std::string_view text, const TextStyle& style, Align align = Align::left);
    void paragraph(std::string_view text, const TextStyle& style, double x, double width,
                   Align align = Align::left);

    // The PDF file. Call once, last.
    std::string finish();

  private:
    struct State;
    std::unique_ptr<State> state_;
};

// The directory holding DejaVuSans.ttf and DejaVuSans-Bold.ttf: FORMATIONS_FONT_DIR when set,
// else the ones installed beside the executable (../share/formations/fonts), else the build tree's
// fonts/ (see invoices/fonts/CMakeLists.txt).
std::string font_directory();

// How many times this process has parsed the fonts: once per pooled document, so at most the
// number of PDFs ever rendered at the same time, not one per PDF. For tests and diagnostics.
std::size_t font_parse_count();

}  // namespace formations::invoices

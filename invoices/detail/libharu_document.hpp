#pragma once
// Implementation detail of PdfWriter (pdf_writer.cpp), the only file that includes this: it
// includes hpdf.h, which no public header of the library may.
//
// libharu documents with our two fonts already parsed, taken from a process-wide pool and given
// back after each PDF. Parsing a TrueType font (tables, cmap, metrics) is the expensive part of
// starting a document, and libharu ties a parsed font to the document that loaded it; but
// HPDF_NewDoc empties a document while keeping its parsed fonts and encoders, so a pooled
// document starts each PDF with nothing to parse. The pool holds as many documents as PDFs were
// ever rendered at the same time (the service's worker threads), so each font is parsed once per
// such document, not once per PDF. Each document also gets a correct ToUnicode map (libharu 2.3.0
// writes its encoder's CMap there, which poppler rejects: « Invalid 'begincidrange' operator in
// ToUnicode CMap »), its CIDToGIDMaps are cut to the characters it prints, and the fonts' metrics
// are read once per process so that text is measured without calling libharu.

#include <hpdf.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace formations::invoices::detail {

// Advance widths and coverage of one font, for the characters of the Basic Multilingual Plane
// (libharu's UTF-8 encoder writes two-byte codes: nothing beyond U+FFFF can be printed).
class FontMetrics {
  public:
    FontMetrics(HPDF_FontDef font);

    bool covers(char32_t code) const { return code < covered_.size() && covered_[code]; }
    // Width of UTF-8 text whose characters are all covered, in thousandths of the font size,
    // exactly as libharu computes it (no kerning: the sum of the advance widths).
    double width(std::string_view text) const;
    double ascent() const { return ascent_; }    // thousandths of the size, positive
    double descent() const { return descent_; }  // thousandths of the size, positive

  private:
    std::vector<bool> covered_;
    std::vector<std::int16_t> widths_;
    std::int16_t missing_width_ = 0;
    double ascent_ = 0;
    double descent_ = 0;
};

// The first error libharu reported. Its handler is a C callback: it must not throw through
// libharu's frames, so it only records, and the writer throws once back in C++.
struct Failure {
    HPDF_STATUS error = HPDF_OK;
    HPDF_STATUS detail = 0;
};

struct PooledDocument;
struct FontFamily;

// Documents created with the fonts parsed, since the process started.
std::size_t documents_loaded();

// An empty document with the regular and bold faces ready, for one PDF. Goes back to the pool
// when destroyed, unless libharu failed while it was in use (mark_broken): it is then freed.
class DocumentLease {
  public:
    // Throws std::runtime_error when the fonts of `font_directory` cannot be loaded.
    explicit DocumentLease(const std::string& font_directory);
    ~DocumentLease();
    DocumentLease(const DocumentLease&) = delete;
    DocumentLease& operator=(const DocumentLease&) = delete;

    HPDF_Doc document() const;
    HPDF_Font regular() const;
    HPDF_Font bold() const;
    const FontMetrics& regular_metrics() const;
    const FontMetrics& bold_metrics() const;
    // Both faces have the character.
    bool covers(char32_t code) const;
    // Before saving: cut each face's CIDToGIDMap after the highest character the document
    // printed in it. libharu writes the map for every code up to U+FFFF (128 KiB per face,
    // deflated for every PDF); a reader never looks past the codes the page uses.
    void trim_glyph_maps(char32_t highest_regular, char32_t highest_bold);
    Failure& failure();
    void mark_broken();

  private:
    std::shared_ptr<FontFamily> family_;
    std::unique_ptr<PooledDocument> pooled_;
    HPDF_Font regular_ = nullptr;
    HPDF_Font bold_ = nullptr;
    bool broken_ = false;
};

}  // namespace formations::invoices::detail

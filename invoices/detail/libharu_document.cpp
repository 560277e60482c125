#include "invoices/detail/libharu_document.hpp"

#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <stdexcept>
#include <utility>

#include "invoices/utf8.hpp"

namespace formations::invoices::detail {
namespace {

constexpr const char* utf8 = "UTF-8";
constexpr std::size_t code_count = 0x10000;

std::atomic<std::size_t> loaded_documents{0};

void record_failure(HPDF_STATUS error, HPDF_STATUS detail, void* user_data) {
    auto* failure = static_cast<Failure*>(user_data);
    if (failure->error == HPDF_OK) {
        failure->error = error;
        failure->detail = detail;
    }
}

struct DocumentDeleter {
    void operator()(HPDF_Doc document) const { HPDF_Free(document); }
};
using DocumentHandle = std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, DocumentDeleter>;

// "<00E9>": a two-byte code in a CMap.
std::string hex_code(unsigned code) {
    char text[8];
    std::snprintf(text, sizeof text, "<%04X>", code);
    return text;
}

// A ToUnicode CMap for libharu's UTF-8 encoding, where each character's code is its Unicode
// value: the identity over what the font covers, as ranges that never cross a 256-code row
// (a bfrange may only vary in its last byte) and at most 100 to a block (PDF 32000-1, 9.10.3).
std::string to_unicode_cmap(const FontMetrics& metrics) {
    std::vector<std::pair<unsigned, unsigned>> ranges;
    for (unsigned code = 0; code < code_count; ++code) {
        if (!metrics.covers(code)) {
            continue;
        }
        if (!ranges.empty() && ranges.back().second + 1 == code && (code & 0xFF) != 0) {
            ranges.back().second = code;
        } else {
            ranges.emplace_back(code, code);
        }
    }
    std::string cmap =
        "/CIDInit /ProcSet findresource begin\n"
        "12 dict begin\n"
        "begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n"
        "/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    for (std::size_t first = 0; first < ranges.size(); first += 100) {
        const std::size_t count = std::min<std::size_t>(100, ranges.size() - first);
        cmap += std::to_string(count) + " beginbfrange\n";
        for (std::size_t i = first; i < first + count; ++i) {
            cmap += hex_code(ranges[i].first) + " " + hex_code(ranges[i].second) + " " +
                    hex_code(ranges[i].first) + "\n";
        }
        cmap += "endbfrange\n";
    }
    cmap +=
        "endcmap\n"
        "CMapName currentdict /CMap defineresource pop\n"
        "end\n"
        "end\n";
    return cmap;
}

std::string error_text(const Failure& failure) {
    char code[64];
    std::snprintf(code, sizeof code, "libharu error 0x%04lX (detail %lu)",
                  static_cast<unsigned long>(failure.error),
                  static_cast<unsigned long>(failure.detail));
    return code;
}

}  // namespace

FontMetrics::FontMetrics(HPDF_FontDef font)
    : covered_(code_count, false),
      widths_(code_count, 0),
      missing_width_(font->missing_width),
      ascent_(font->ascent),
      descent_(-font->descent) {
    // Code 0 is never a character; surrogates are not characters either.
    for (unsigned code = 1; code < code_count; ++code) {
        if (code >= 0xD800 && code <= 0xDFFF) {
            continue;
        }
        const HPDF_UINT16 glyph = HPDF_TTFontDef_GetGlyphid(font, static_cast<HPDF_UINT16>(code));
        if (glyph != 0) {
            covered_[code] = true;
            widths_[code] = HPDF_TTFontDef_GetGidWidth(font, glyph);
        }
    }
}

double FontMetrics::width(std::string_view text) const {
    double total = 0;
    for (std::size_t at = 0; at < text.size();) {
        const Utf8Char read = decode_utf8(text, at);
        at += read.length;
        total += covers(read.code) ? widths_[read.code] : missing_width_;
    }
    return total;
}

// One libharu document and the names under which it registered our two fonts.
struct PooledDocument {
    std::unique_ptr<Failure> failure = std::make_unique<Failure>();  // stable for libharu
    DocumentHandle document;
    std::string regular_name;
    std::string bold_name;
};

// The fonts of one directory: the pool of documents that parsed them, and what is derived from
// them once per process.
struct FontFamily {
    std::string directory;
    std::mutex mutex;
    std::vector<std::unique_ptr<PooledDocument>> idle;  // guarded by mutex
    // Set once, under mutex, by the first document loaded; read-only afterwards.
    std::unique_ptr<const FontMetrics> regular_metrics;
    std::unique_ptr<const FontMetrics> bold_metrics;
    std::string regular_to_unicode;
    std::string bold_to_unicode;

    std::unique_ptr<PooledDocument> take() {
        {
            std::lock_guard lock(mutex);
            if (!idle.empty()) {
                auto pooled = std::move(idle.back());
                idle.pop_back();
                return pooled;
            }
        }
        return load();  // outside the lock: parsing is the slow part
    }

    void give_back(std::unique_ptr<PooledDocument> pooled) {
        std::lock_guard lock(mutex);
        idle.push_back(std::move(pooled));
    }

  private:
    std::unique_ptr<PooledDocument> load() {
        auto pooled = std::make_unique<PooledDocument>();
        pooled->document.reset(HPDF_New(record_failure, pooled->failure.get()));
        if (!pooled->document) {
            throw std::runtime_error("PDF: libharu could not create a document");
        }
        HPDF_Doc document = pooled->document.get();
        HPDF_UseUTFEncodings(document);
        pooled->regular_name = load_font(*pooled, "DejaVuSans.ttf");
        pooled->bold_name = load_font(*pooled, "DejaVuSans-Bold.ttf");
        ++loaded_documents;
        std::lock_guard lock(mutex);
        if (!regular_metrics) {
            regular_metrics = std::make_unique<const FontMetrics>(
                HPDF_GetFontDef(document, pooled->regular_name.c_str()));
            bold_metrics = std::make_unique<const FontMetrics>(
                HPDF_GetFontDef(document, pooled->bold_name.c_str()));
            regular_to_unicode = to_unicode_cmap(*regular_metrics);
            bold_to_unicode = to_unicode_cmap(*bold_metrics);
        }
        return pooled;
    }

    std::string load_font(PooledDocument& pooled, const std::string& file) {
        const std::string path = directory + "/" + file;
        const char* name = HPDF_LoadTTFontFromFile(pooled.document.get(), path.c_str(), HPDF_TRUE);
        if (name == nullptr || pooled.failure->error != HPDF_OK) {
            throw std::runtime_error("PDF: loading font " + path +
                                     " failed: " + error_text(*pooled.failure) +
                                     " (FORMATIONS_FONT_DIR sets the font directory)");
        }
        return name;
    }
};

namespace {

std::shared_ptr<FontFamily> family_for(const std::string& directory) {
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<FontFamily>> families;
    std::lock_guard lock(mutex);
    auto& family = families[directory];
    if (!family) {
        family = std::make_shared<FontFamily>();
        family->directory = directory;
    }
    return family;
}

// Puts our ToUnicode map in place of the one libharu wrote, in the same stream object.
void replace_to_unicode(HPDF_Font font, const std::string& cmap) {
    auto* attributes = static_cast<HPDF_FontAttr>(font->attr);
    HPDF_Dict stream = attributes != nullptr ? attributes->cmap_stream : nullptr;
    if (stream == nullptr || stream->stream == nullptr) {
        throw std::runtime_error("PDF: the font has no ToUnicode map to replace");
    }
    HPDF_MemStream_FreeData(stream->stream);
    HPDF_Stream_Write(stream->stream, reinterpret_cast<const HPDF_BYTE*>(cmap.data()),
                      static_cast<HPDF_UINT>(cmap.size()));
    // Keys of an encoding CMap, meaningless on a ToUnicode stream.
    for (const char* key : {"Type", "CMapName", "CIDSystemInfo", "WMode"}) {
        HPDF_Dict_RemoveElement(stream, key);
    }
}

// Keeps the first (highest + 1) two-byte entries of the font's CIDToGIDMap (CID = Unicode).
void trim_glyph_map(HPDF_Font font, char32_t highest) {
    auto* attributes = static_cast<HPDF_FontAttr>(font->attr);
    HPDF_Dict map = attributes != nullptr ? attributes->map_stream : nullptr;
    if (map == nullptr || map->stream == nullptr) {
        return;
    }
    auto keep = static_cast<HPDF_UINT>((highest + 1) * 2);
    if (keep >= map->stream->size) {
        return;
    }
    std::vector<HPDF_BYTE> entries(keep);
    HPDF_Stream_Seek(map->stream, 0, HPDF_SEEK_SET);
    HPDF_Stream_Read(map->stream, entries.data(), &keep);
    HPDF_MemStream_FreeData(map->stream);
    HPDF_Stream_Write(map->stream, entries.data(), keep);
}

}  // namespace

std::size_t documents_loaded() {
    return loaded_documents.load();
}

DocumentLease::DocumentLease(const std::string& font_directory)
    : family_(family_for(font_directory)), pooled_(family_->take()) {
    HPDF_Doc document = pooled_->document.get();
    HPDF_NewDoc(document);  // empties it, keeping the parsed fonts and the encoders
    HPDF_SetCompressionMode(document, HPDF_COMP_ALL);
    HPDF_SetCurrentEncoder(document, utf8);
    regular_ = HPDF_GetFont(document, pooled_->regular_name.c_str(), utf8);
    bold_ = HPDF_GetFont(document, pooled_->bold_name.c_str(), utf8);
    if (pooled_->failure->error != HPDF_OK || regular_ == nullptr || bold_ == nullptr) {
        throw std::runtime_error("PDF: starting a document failed: " +
                                 error_text(*pooled_->failure));
    }
    replace_to_unicode(regular_, family_->regular_to_unicode);
    replace_to_unicode(bold_, family_->bold_to_unicode);
    if (pooled_->failure->error != HPDF_OK) {
        throw std::runtime_error("PDF: writing the ToUnicode maps failed: " +
                                 error_text(*pooled_->failure));
    }
}

DocumentLease::~DocumentLease() {
    if (!broken_) {
        family_->give_back(std::move(pooled_));
    }
}

HPDF_Doc DocumentLease::document() const {
    return pooled_->document.get();
}
HPDF_Font DocumentLease::regular() const {
    return regular_;
}
HPDF_Font DocumentLease::bold() const {
    return bold_;
}
const FontMetrics& DocumentLease::regular_metrics() const {
    return *family_->regular_metrics;
}
const FontMetrics& DocumentLease::bold_metrics() const {
    return *family_->bold_metrics;
}
bool DocumentLease::covers(char32_t code) const {
    return regular_metrics().covers(code) && bold_metrics().covers(code);
}
void DocumentLease::trim_glyph_maps(char32_t highest_regular, char32_t highest_bold) {
    trim_glyph_map(regular_, highest_regular);
    trim_glyph_map(bold_, highest_bold);
}

Failure& DocumentLease::failure() {
    return *pooled_->failure;
}
void DocumentLease::mark_broken() {
    broken_ = true;
}

}  // namespace formations::invoices::detail

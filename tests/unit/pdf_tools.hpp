// Reading our PDFs back in tests with poppler-utils (pdftotext, pdfinfo, pdftoppm), so checks
// are on what a reader sees rather than on libharu's output bytes.
// Example: CHECK(contains(pdf_text(render_invoice_pdf(document)), "300,00 €"));
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <stdexcept>
#include <string>

namespace formations::tests {

// Removes the file when the test ends, passed or not.
class TempPdf {
  public:
    TempPdf(const std::string& bytes, const std::string& name)
        : path_(std::filesystem::temp_directory_path() /
                ("formations-" + name + "-" + std::to_string(::getpid()) + ".pdf")) {
        std::ofstream(path_, std::ios::binary) << bytes;
    }
    ~TempPdf() {
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
    }
    TempPdf(const TempPdf&) = delete;
    TempPdf& operator=(const TempPdf&) = delete;

    std::string quoted() const {
        // Appended rather than "'" + path: GCC 12 gives a false -Wrestrict on the latter.
        std::string text(1, '\'');
        text += path_.string();
        text += '\'';
        return text;
    }

  private:
    std::filesystem::path path_;
};

// Standard output of a shell command; throws when it fails. Poppler's warnings go to stderr,
// which is silenced (libharu's ToUnicode maps make pdftotext warn, harmlessly).
inline std::string run(const std::string& command) {
    FILE* pipe = ::popen((command + " 2>/dev/null").c_str(), "r");
    if (pipe == nullptr) {
        throw std::runtime_error("cannot run " + command);
    }
    std::string output;
    char buffer[4096];
    std::size_t read = 0;
    while ((read = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) {
        output.append(buffer, read);
    }
    if (::pclose(pipe) != 0) {
        throw std::runtime_error("command failed: " + command);
    }
    return output;
}

// The text as laid out, pages separated by form feeds.
inline std::string pdf_text(const TempPdf& file, int page = 0) {
    const std::string pages =
        page > 0 ? " -f " + std::to_string(page) + " -l " + std::to_string(page) : "";
    return run("pdftotext -layout" + pages + " " + file.quoted() + " -");
}

// Runs of blanks and line breaks as one space, so a wrapped sentence reads as one.
inline std::string flattened(const std::string& text) {
    return std::regex_replace(text, std::regex("[ \\n\\f]+"), " ");
}

inline int pdf_page_count(const TempPdf& file) {
    std::smatch match;
    const std::string info = run("pdfinfo " + file.quoted());
    if (!std::regex_search(info, match, std::regex("Pages:\\s+(\\d+)"))) {
        throw std::runtime_error("pdfinfo gave no page count");
    }
    return std::stoi(match[1]);
}

// Where to leave pictures of rendered documents for a person to look at.
inline std::filesystem::path artifact_directory() {
    const char* configured = std::getenv("FORMATIONS_TEST_ARTIFACTS");
    return configured != nullptr && *configured != '\0' ? configured : "/tmp";
}

// Writes <directory>/<name>.png, the page at 60 dpi.
inline void save_page_png(const TempPdf& file, int page, const std::string& name) {
    std::filesystem::create_directories(artifact_directory());
    const auto prefix = artifact_directory() / name;
    run("pdftoppm -png -r 60 -singlefile -f " + std::to_string(page) + " -l " +
        std::to_string(page) + " " + file.quoted() + " '" + prefix.string() + "'");
}

inline bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace formations::tests

// Reading our PDFs back in tests with poppler-utils (pdftotext, pdfinfo, pdftoppm), so checks
// are on what a reader sees rather than on libharu's output bytes.
// Example: CHECK(contains(pdf_text(render_invoice_pdf(document)), "300,00 €"));
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

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

// Standard output of a shell command; throws when it fails or writes anything on stderr, so
// every test that reads a PDF back fails on a poppler warning (« Syntax Warning: … »).
inline std::string run(const std::string& command) {
    const std::filesystem::path errors =
        std::filesystem::temp_directory_path() /
        ("formations-stderr-" + std::to_string(::getpid()) + ".txt");
    FILE* pipe = ::popen((command + " 2>'" + errors.string() + "'").c_str(), "r");
    if (pipe == nullptr) {
        throw std::runtime_error("cannot run " + command);
    }
    std::string output;
    char buffer[4096];
    std::size_t read = 0;
    while ((read = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) {
        output.append(buffer, read);
    }
    const int status = ::pclose(pipe);
    std::ifstream stream(errors);
    const std::string error_output((std::istreambuf_iterator<char>(stream)),
                                   std::istreambuf_iterator<char>());
    std::error_code ignored;
    std::filesystem::remove(errors, ignored);
    if (status != 0) {
        throw std::runtime_error("command failed: " + command + "\n" + error_output);
    }
    if (!error_output.empty()) {
        throw std::runtime_error("command wrote on stderr: " + command + "\n" + error_output);
    }
    return output;
}

// The text as laid out, pages separated by form feeds.
inline std::string pdf_text(const TempPdf& file, int page = 0) {
    const std::string pages =
        page > 0 ? " -f " + std::to_string(page) + " -l " + std::to_string(page) : "";
    return run("pdftotext -layout" + pages + " " + file.quoted() + " -");
}

// The text in poppler's reading order, block by block: columns side by side come out one after
// the other, where -layout interleaves their lines.
inline std::string pdf_reading_text(const TempPdf& file) {
    return run("pdftotext " + file.quoted() + " -");
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

// A word as pdftotext -bbox places it, in points from the top-left corner of its page.
struct PlacedWord {
    int page = 0;
    double x_min = 0;
    double y_min = 0;
    double x_max = 0;
    double y_max = 0;
    std::string text;
};

// Every word of the file with its box (pdftotext -bbox, XHTML with one <word> per word).
inline std::vector<PlacedWord> placed_words(const TempPdf& file) {
    const std::string xhtml = run("pdftotext -bbox " + file.quoted() + " -");
    const std::regex page_or_word(
        "<page |<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" "
        "yMax=\"([0-9.]+)\">([^<]*)</word>");
    std::vector<PlacedWord> words;
    int page = 0;
    for (auto it = std::sregex_iterator(xhtml.begin(), xhtml.end(), page_or_word);
         it != std::sregex_iterator(); ++it) {
        const std::smatch& match = *it;
        if (!match[1].matched) {
            ++page;
            continue;
        }
        words.push_back({page, std::stod(match[1]), std::stod(match[2]), std::stod(match[3]),
                         std::stod(match[4]), match[5]});
    }
    return words;
}

}  // namespace formations::tests

#include "tests/support/pdf_text.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace formations::testing {
namespace {

std::string output_of(const std::string& command) {
    std::string output;
    FILE* pipe = popen(command.c_str(), "r");
    char buffer[4096];
    while (auto n = fread(buffer, 1, sizeof buffer, pipe)) {
        output.append(buffer, n);
    }
    pclose(pipe);
    return output;
}

std::string save(const std::string& pdf, const std::string& name) {
    const char* artifacts = std::getenv("FORMATIONS_TEST_ARTIFACTS");
    std::string folder = artifacts ? artifacts : "/tmp";
    std::string path = folder + "/" + name + ".pdf";
    std::ofstream(path, std::ios::binary) << pdf;
    output_of("pdftoppm -png -r 70 -f 1 -l 1 '" + path + "' '" + folder + "/" + name + "'");
    return path;
}

}  // namespace

std::string pdf_text(const std::string& pdf, const std::string& name) {
    auto text = output_of("pdftotext -layout '" + save(pdf, name) + "' - 2>/dev/null");
    std::string collapsed;
    for (char c : text) {
        bool space = c == ' ' || c == '\n' || c == '\t' || c == '\f';
        if (!(space && !collapsed.empty() && collapsed.back() == ' ')) {
            collapsed += space ? ' ' : c;
        }
    }
    return collapsed;
}

int pdf_pages(const std::string& pdf, const std::string& name) {
    auto info = output_of("pdfinfo '" + save(pdf, name) + "' 2>/dev/null");
    auto at = info.find("Pages:");
    return at == std::string::npos ? 0 : std::atoi(info.c_str() + at + 6);
}

}  // namespace formations::testing

#pragma once
// Reads a PDF back as a person would: its text (pdftotext -layout, whitespace runs collapsed)
// and page count (pdfinfo); also writes page 1 as PNG under FORMATIONS_TEST_ARTIFACTS.

#include <string>

namespace formations::testing {

// Saves `pdf` as <artifacts>/<name>.pdf and <name>-1.png; returns the text.
std::string pdf_text(const std::string& pdf, const std::string& name);
int pdf_pages(const std::string& pdf, const std::string& name);

}  // namespace formations::testing

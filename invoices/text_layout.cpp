#include "invoices/text_layout.hpp"

#include <string_view>

#include "invoices/utf8.hpp"

namespace formations::invoices {
namespace {

constexpr std::string_view ellipsis = "…";
constexpr std::string_view break_after = "-/_.@&?=,;:";

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

// Byte offsets where `text` may be cut between two characters: after each character, unless a
// combining mark follows. The last one is text.size().
std::vector<std::size_t> character_boundaries(std::string_view text) {
    std::vector<std::size_t> boundaries;
    for (std::size_t at = 0; at < text.size();) {
        at += decode_utf8(text, at).length;
        if (at >= text.size() || !is_combining_mark(decode_utf8(text, at).code)) {
            boundaries.push_back(at);
        }
    }
    return boundaries;
}

// Cuts full lines off the front of `word`, which is wider than `width`, and returns the rest.
std::string_view break_long_word(std::string_view word, double width, const TextMeasure& measure,
                                 std::vector<std::string>& lines) {
    while (!word.empty() && measure(word) > width) {
        const std::vector<std::size_t> boundaries = character_boundaries(word);
        std::size_t fits = 0;  // the longest piece that fits
        for (std::size_t boundary : boundaries) {
            if (measure(word.substr(0, boundary)) > width) {
                break;
            }
            fits = boundary;
        }
        if (fits == 0) {
            fits = boundaries.front();  // narrower than one character: one anyway
        }
        std::size_t cut = fits;
        for (std::size_t at = fits; at > 1; --at) {
            if (break_after.find(word[at - 1]) != std::string_view::npos) {
                cut = at;
                break;
            }
        }
        lines.emplace_back(word.substr(0, cut));
        word.remove_prefix(cut);
    }
    return word;
}

}  // namespace

std::string with_ellipsis(std::string_view line, double width, const TextMeasure& measure) {
    std::string kept(line);
    while (!kept.empty()) {
        while (!kept.empty() && kept.back() == ' ') {
            kept.pop_back();
        }
        if (measure(kept + std::string(ellipsis)) <= width) {
            break;
        }
        const std::vector<std::size_t> boundaries = character_boundaries(kept);
        kept.resize(boundaries.size() > 1 ? boundaries[boundaries.size() - 2] : 0);
    }
    return kept + std::string(ellipsis);
}

std::vector<std::string> wrap_text(std::string_view text, double width, const TextMeasure& measure,
                                   std::size_t max_lines) {
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
            if (!line.empty()) {
                std::string candidate = line + " " + std::string(word);
                if (measure(candidate) <= width) {
                    line = std::move(candidate);
                    continue;
                }
                lines.push_back(std::move(line));
                line.clear();
            }
            line = std::string(break_long_word(word, width, measure, lines));
        }
        if (!line.empty() || lines.size() == lines_before) {
            lines.push_back(std::move(line));
        }
    }
    if (max_lines > 0 && lines.size() > max_lines) {
        lines.resize(max_lines);
        lines.back() = with_ellipsis(lines.back(), width, measure);
    }
    return lines;
}

}  // namespace formations::invoices

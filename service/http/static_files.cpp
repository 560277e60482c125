#include "service/http/static_files.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace formations::http {
namespace {

int hex_digit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

bool allowed_in_segment(unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '.';
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

}  // namespace

std::optional<std::string> percent_decoded(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size()) {
                return std::nullopt;
            }
            int high = hex_digit(text[i + 1]);
            int low = hex_digit(text[i + 2]);
            if (high < 0 || low < 0) {
                return std::nullopt;
            }
            out += static_cast<char>(high * 16 + low);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

std::optional<std::string> web_file_path(std::string_view url_path) {
    if (url_path.empty() || url_path.front() != '/' || url_path.size() > 512) {
        return std::nullopt;
    }
    auto decoded = percent_decoded(url_path.substr(1));
    if (!decoded) {
        return std::nullopt;
    }
    std::string path = std::move(*decoded);
    if (path.empty() || path.back() == '/') {
        path += "index.html";
    }
    // Every segment: a visible name of safe characters that does not start with a dot (no ".",
    // "..", ".git", ".env"), and no empty segment ("a//b").
    std::size_t start = 0;
    while (start <= path.size()) {
        auto end = path.find('/', start);
        if (end == std::string::npos) {
            end = path.size();
        }
        std::string_view segment(path.data() + start, end - start);
        if (segment.empty() || segment.front() == '.' ||
            !std::all_of(segment.begin(), segment.end(), [](char c) {
                return allowed_in_segment(static_cast<unsigned char>(c));
            })) {
            return std::nullopt;
        }
        start = end + 1;
    }
    return path;
}

std::optional<std::string> content_type_for(std::string_view file_name) {
    static const std::array<std::pair<std::string_view, std::string_view>, 11> types = {{
        {".html", "text/html; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".json", "application/json; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".txt", "text/plain; charset=utf-8"},
        {".webmanifest", "application/manifest+json"},
    }};
    auto name = lower(file_name);
    for (const auto& [extension, type] : types) {
        if (name.size() > extension.size() && name.ends_with(extension)) {
            return std::string(type);
        }
    }
    return std::nullopt;
}

bool is_html(std::string_view content_type) {
    return content_type.starts_with("text/html");
}

}  // namespace formations::http

#include "service/mail/headers.hpp"

#include <sodium.h>
#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>

#include "invoices/utf8.hpp"

namespace formations::mail {
namespace {

constexpr std::size_t max_line = 78;
// 39 bytes give 52 base64 characters: "=?UTF-8?B?" + 52 + "?=" is 64, a line of 65 with its
// leading space.
constexpr std::size_t encoded_word_bytes = 39;
constexpr std::string_view fold = "\r\n ";

bool plain_ascii(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](unsigned char c) { return c >= 0x20 && c < 0x7F; });
}

std::string base64(std::string_view bytes) {
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                      bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);  // the terminating NUL
    return out;
}

// The text cut into pieces of at most encoded_word_bytes, each an encoded-word, joined by folds.
// A piece ends after a space when it holds one (the space inside it: mail readers drop the fold
// between encoded-words, so words never stick together), else at a code point boundary.
std::string encoded_words(std::string_view text) {
    std::string out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = start, after_space = start;
        while (end < text.size()) {
            auto length = std::max<std::size_t>(invoices::decode_utf8(text, end).length, 1);
            if (end + length - start > encoded_word_bytes) {
                if (after_space > start) {
                    end = after_space;
                }
                break;
            }
            end += length;
            if (text[end - 1] == ' ') {
                after_space = end;
            }
        }
        if (!out.empty()) {
            out += fold;
        }
        out += "=?UTF-8?B?" + base64(text.substr(start, end - start)) + "?=";
        start = end;
    }
    return out;
}

// Plain words folded at spaces so that no line passes max_line (the first line holds `used`
// characters already).
std::string folded(std::string_view text, std::size_t used) {
    std::string out;
    std::size_t line = used;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find(' ', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        auto word = text.substr(start, end - start);
        if (start > 0) {
            if (line + 1 + word.size() > max_line) {
                out += fold;
                line = 1;
            } else {
                out += ' ';
                line += 1;
            }
        }
        out += word;
        line += word.size();
        start = end + 1;
    }
    return out;
}

bool longest_word_fits(std::string_view text) {
    std::size_t longest = 0, current = 0;
    for (char c : text) {
        current = c == ' ' ? 0 : current + 1;
        longest = std::max(longest, current);
    }
    return longest <= max_line - 10;
}

bool is_atext_or_space(unsigned char c) {
    static constexpr std::string_view specials = "!#$%&'*+-/=?^_`{|}~ ";
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           specials.find(static_cast<char>(c)) != std::string_view::npos;
}

}  // namespace

std::string header_text(std::string_view text) {
    std::string out;
    bool space = false;
    for (std::size_t at = 0; at < text.size();) {
        auto decoded = invoices::decode_utf8(text, at);
        auto length = std::max<std::size_t>(decoded.length, 1);
        char32_t c = decoded.code;
        bool blank = !decoded.valid || c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) ||
                     c == 0x2028 || c == 0x2029 || c == U' ';
        if (blank) {
            space = !out.empty();
        } else {
            if (space) {
                out += ' ';
                space = false;
            }
            out.append(text.substr(at, length));
        }
        at += length;
    }
    return out;
}

std::string header_field(std::string_view name, std::string_view value) {
    auto text = header_text(value);
    std::string out = std::string(name) + ": ";
    if (plain_ascii(text) && text.find("=?") == std::string::npos && longest_word_fits(text)) {
        return out + folded(text, out.size());
    }
    return out + encoded_words(text);
}

std::string address_field(std::string_view name, std::string_view display_name,
                          std::string_view address) {
    auto text = header_text(display_name);
    std::string out = std::string(name) + ": ";
    if (text.empty()) {
        return out + std::string(address);
    }
    std::string phrase;
    if (std::all_of(text.begin(), text.end(),
                    [](unsigned char c) { return is_atext_or_space(c); }) &&
        text.find("=?") == std::string::npos && text.size() <= 60) {
        phrase = text;
    } else if (plain_ascii(text) && text.find("=?") == std::string::npos && text.size() <= 60) {
        phrase = "\"";
        for (char c : text) {
            if (c == '"' || c == '\\') {
                phrase += '\\';
            }
            phrase += c;
        }
        phrase += '"';
    } else {
        phrase = encoded_words(text);
    }
    out += phrase;
    auto last_line = out.size() - std::min(out.size(), out.rfind('\n') + 1);
    out += last_line + 3 + address.size() > max_line ? fold : std::string_view(" ");
    out += "<" + std::string(address) + ">";
    return out;
}

std::string rfc5322_date(Instant instant) {
    static constexpr std::array<const char*, 7> days = {"Sun", "Mon", "Tue", "Wed",
                                                        "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> months = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::time_t seconds = std::chrono::system_clock::to_time_t(instant);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[40];
    std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[utc.tm_wday],
                  utc.tm_mday, months[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min,
                  utc.tm_sec);
    return text;
}

}  // namespace formations::mail

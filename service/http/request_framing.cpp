#include "service/http/request_framing.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace formations::http {
namespace {

constexpr std::string_view crlf = "\r\n";
constexpr std::string_view end_of_head = "\r\n\r\n";

// Bodies above this are refused whatever the route says (and 18 digits always fit in 64 bits).
constexpr std::size_t max_content_length_digits = 18;

Framing refused(int status, std::string code, std::string message) {
    Framing framing;
    framing.state = Framing::State::refused;
    framing.refusal = {status, std::move(code), std::move(message)};
    return framing;
}

Framing bad_request(std::string message = "La requête HTTP est mal formée.") {
    return refused(400, "bad_request", std::move(message));
}

Framing uri_too_long() {
    return refused(414, "uri_too_long", "L’adresse demandée est trop longue.");
}

Framing headers_too_large() {
    return refused(431, "request_header_too_large",
                   "Les en-têtes de la requête sont trop volumineux.");
}

bool equals_lower(std::string_view text, std::string_view lower) {
    return text.size() == lower.size() &&
           std::equal(text.begin(), text.end(), lower.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) == b;
           });
}

std::string_view trimmed(std::string_view text) {
    auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// RFC 9110 token characters (method, header names).
bool is_token(std::string_view text) {
    static constexpr std::string_view extra = "!#$%&'*+-.^_`|~";
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return std::isalnum(u) || extra.find(c) != std::string_view::npos;
    });
}

// Visible ASCII, as a request target must be (RFC 9112 3.2).
bool is_visible(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u > 0x20 && u < 0x7f;
    });
}

// Does a comma-separated header value hold `token` (lower case)?
bool has_token(std::string_view value, std::string_view token) {
    while (!value.empty()) {
        auto comma = value.find(',');
        if (equals_lower(trimmed(value.substr(0, comma)), token)) {
            return true;
        }
        if (comma == std::string_view::npos) {
            break;
        }
        value.remove_prefix(comma + 1);
    }
    return false;
}

}  // namespace

Framing RequestFramer::examine(std::string_view received) {
    if (head_) {
        head_->state = received.size() - head_->head_length < head_->body_length
                           ? Framing::State::incomplete
                           : Framing::State::complete;
        return *head_;
    }
    // The end of the head: the search resumes where it stopped (3 bytes back, in case the
    // CRLFCRLF was cut between two reads), so a head arriving byte by byte is scanned once.
    auto from = scanned_ >= 3 ? scanned_ - 3 : 0;
    auto end = received.find(end_of_head, from);
    if (end == std::string_view::npos) {
        scanned_ = received.size();
        auto line_end = received.find(crlf);
        auto line_length = line_end == std::string_view::npos ? received.size() : line_end;
        if (line_length > limits_.max_request_line) {
            return uri_too_long();
        }
        if (received.size() >= limits_.max_head) {
            return headers_too_large();
        }
        return {};
    }
    auto head_length = end + end_of_head.size();
    if (head_length > limits_.max_head) {
        return headers_too_large();
    }
    auto framing = read_head(received.substr(0, end + crlf.size()));
    if (framing.state == Framing::State::refused) {
        return framing;
    }
    framing.head_length = head_length;
    head_ = framing;
    return examine(received);
}

// `head`: the request line and the header lines, each ending with CRLF.
Framing RequestFramer::read_head(std::string_view head) const {
    auto line_end = head.find(crlf);
    auto request_line = head.substr(0, line_end);
    if (request_line.size() > limits_.max_request_line) {
        return uri_too_long();
    }
    // METHOD SP target SP HTTP/1.x
    auto first_space = request_line.find(' ');
    auto last_space = request_line.rfind(' ');
    if (first_space == std::string_view::npos || first_space == last_space) {
        return bad_request();
    }
    auto method = request_line.substr(0, first_space);
    auto target = request_line.substr(first_space + 1, last_space - first_space - 1);
    auto version = request_line.substr(last_space + 1);
    if (!is_token(method) || target.empty() || target.front() != '/' || !is_visible(target)) {
        return bad_request();
    }
    Framing framing;
    framing.method = std::string(method);
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        auto refusal = refused(505, "http_version_not_supported",
                               "Seules les versions 1.0 et 1.1 de HTTP sont acceptées.");
        refusal.method = framing.method;
        return refusal;
    }
    bool http11 = version == "HTTP/1.1";
    bool close = false, keep_alive = false, has_length = false;
    std::size_t lines = 0;
    for (auto rest = head.substr(line_end + crlf.size()); !rest.empty();) {
        auto end = rest.find(crlf);
        auto line = rest.substr(0, end);
        rest.remove_prefix(end + crlf.size());
        if (++lines > limits_.max_header_lines) {
            return headers_too_large();
        }
        auto colon = line.find(':');
        // No folded lines (a leading space), no space before the colon, no bare CR or LF.
        if (colon == std::string_view::npos || !is_token(line.substr(0, colon)) ||
            line.find_first_of("\r\n") != std::string_view::npos) {
            return bad_request();
        }
        auto name = line.substr(0, colon);
        auto value = trimmed(line.substr(colon + 1));
        if (equals_lower(name, "transfer-encoding")) {
            return refused(411, "length_required",
                           "Le corps de la requête doit être annoncé par Content-Length.");
        }
        if (equals_lower(name, "content-length")) {
            std::uint64_t length = 0;
            auto [at, error] = std::from_chars(value.data(), value.data() + value.size(), length);
            bool digits_only = !value.empty() && value.size() <= max_content_length_digits &&
                               std::all_of(value.begin(), value.end(),
                                           [](char c) { return c >= '0' && c <= '9'; });
            if (has_length || !digits_only || error != std::errc() ||
                at != value.data() + value.size()) {
                return bad_request("L’en-tête Content-Length est invalide.");
            }
            has_length = true;
            framing.body_length = static_cast<std::size_t>(length);
        }
        if (equals_lower(name, "connection")) {
            close = close || has_token(value, "close");
            keep_alive = keep_alive || has_token(value, "keep-alive");
        }
    }
    auto limit = limits_.max_body ? limits_.max_body(method, target) : 0;
    if (framing.body_length > limit) {
        auto refusal = refused(413, "payload_too_large", "La requête est trop volumineuse.");
        refusal.method = framing.method;
        return refusal;
    }
    framing.keep_alive = http11 ? !close : keep_alive && !close;
    return framing;
}

}  // namespace formations::http

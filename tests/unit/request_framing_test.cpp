// Where a request ends, and which requests are refused before their body is read.
#include <doctest/doctest.h>

#include <string>

#include "service/http/request_framing.hpp"

using formations::http::Framing;
using formations::http::FramingLimits;
using formations::http::RequestFramer;

namespace {

FramingLimits limits() {
    FramingLimits limits;
    limits.max_request_line = 100;
    limits.max_head = 400;
    limits.max_header_lines = 5;
    limits.max_body = [](std::string_view, std::string_view target) -> std::size_t {
        return target == "/import" ? 1000 : 10;
    };
    return limits;
}

Framing examine(const std::string& text) {
    RequestFramer framer(limits());
    return framer.examine(text);
}

// "413 payload_too_large", "complete 12+5", "incomplete"
std::string outcome(const Framing& framing) {
    switch (framing.state) {
        case Framing::State::incomplete:
            return "incomplete";
        case Framing::State::complete:
            return "complete " + std::to_string(framing.head_length) + "+" +
                   std::to_string(framing.body_length) + (framing.keep_alive ? "" : " close");
        case Framing::State::refused:
            return std::to_string(framing.refusal.status) + " " + framing.refusal.code;
    }
    return "?";
}

}  // namespace

TEST_CASE("a request is complete once its head and its announced body are there") {
    std::string get = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
    CHECK(outcome(examine(get)) == "complete " + std::to_string(get.size()) + "+0");
    CHECK(outcome(examine(get.substr(0, get.size() - 1))) == "incomplete");

    std::string post = "POST /api HTTP/1.1\r\nContent-Length: 5\r\n\r\n";
    CHECK(outcome(examine(post + "abcd")) == "incomplete");
    CHECK(outcome(examine(post + "abcde")) == "complete " + std::to_string(post.size()) + "+5");
    // What follows is the next (pipelined) request: the framing says where this one ends.
    CHECK(outcome(examine(post + "abcde" + get)) ==
          "complete " + std::to_string(post.size()) + "+5");
}

TEST_CASE("bytes arriving one at a time give the same answer, scanned once") {
    std::string post = "POST /api HTTP/1.1\r\nContent-Length: 3\r\n\r\nxyz";
    RequestFramer framer(limits());
    std::string received;
    for (std::size_t i = 0; i + 1 < post.size(); ++i) {
        received += post[i];
        CHECK(outcome(framer.examine(received)) == "incomplete");
    }
    received += post.back();
    CHECK(outcome(framer.examine(received)) ==
          "complete " + std::to_string(post.size() - 3) + "+3");
    framer.reset();
    CHECK(outcome(framer.examine("GET / HTTP/1.1\r\n\r\n")) == "complete 18+0");
}

TEST_CASE("keep-alive: HTTP/1.1 unless Connection: close, HTTP/1.0 only when asked") {
    CHECK(examine("GET / HTTP/1.1\r\n\r\n").keep_alive);
    CHECK(!examine("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").keep_alive);
    CHECK(!examine("GET / HTTP/1.1\r\nconnection: Upgrade, Close\r\n\r\n").keep_alive);
    CHECK(!examine("GET / HTTP/1.0\r\n\r\n").keep_alive);
    CHECK(examine("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keep_alive);
}

TEST_CASE("limits are checked before the body is read, as soon as the bytes say so") {
    // A long request line: refused once the limit is passed, without waiting for its end.
    CHECK(outcome(examine("GET /" + std::string(120, 'a'))) == "414 uri_too_long");
    CHECK(outcome(examine("GET /" + std::string(120, 'a') + " HTTP/1.1\r\n\r\n")) ==
          "414 uri_too_long");
    // Too many header bytes, or too many lines.
    CHECK(outcome(examine("GET / HTTP/1.1\r\n" + std::string(500, 'a'))) ==
          "431 request_header_too_large");
    std::string many = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < 6; ++i) {
        many += "X-" + std::to_string(i) + ": 1\r\n";
    }
    CHECK(outcome(examine(many + "\r\n")) == "431 request_header_too_large");
    // A body larger than the route allows: refused on the head alone.
    CHECK(outcome(examine("POST /api HTTP/1.1\r\nContent-Length: 100000000\r\n\r\n")) ==
          "413 payload_too_large");
    CHECK(outcome(examine("POST /import HTTP/1.1\r\nContent-Length: 1000\r\n\r\n")) ==
          "incomplete");
    CHECK(examine("POST /api HTTP/1.1\r\nContent-Length: 11\r\n\r\n").method == "POST");
}

TEST_CASE("malformed framing is a 400 (411 for chunked bodies), never a guess") {
    for (const char* length : {"-1", "1e12", "abc", "", "99999999999999999999999", "+5", "5 5",
                               "0x10", "18446744073709551616"}) {
        CHECK_MESSAGE(outcome(examine(std::string("POST /api HTTP/1.1\r\nContent-Length: ") +
                                      length + "\r\n\r\n")) == "400 bad_request",
                      length);
    }
    CHECK(outcome(examine("POST /api HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n"
                          "x")) == "400 bad_request");
    CHECK(outcome(examine("POST /api HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                          "-5\r\n")) == "411 length_required");
    for (const char* head :
         {"GET  HTTP/1.1\r\n\r\n", "GET http://x/ HTTP/1.1\r\n\r\n", "GET / HTTP/2.0\r\n\r\n",
          "GET /\r\n\r\n", "G(T / HTTP/1.1\r\n\r\n", "GET / HTTP/1.1\r\n folded\r\n\r\n",
          "GET / HTTP/1.1\r\nNo colon\r\n\r\n", "GET / HTTP/1.1\r\nBad name: x\r\n\r\n",
          "GET / HTTP/1.1\r\nX: a\nb\r\n\r\n", "GET /\x01 HTTP/1.1\r\n\r\n"}) {
        auto framing = examine(head);
        CHECK_MESSAGE(framing.state == Framing::State::refused, head);
        CHECK_MESSAGE((framing.refusal.status == 400 || framing.refusal.status == 505), head);
    }
    CHECK(outcome(examine("GET / HTTP/2.0\r\n\r\n")) == "505 http_version_not_supported");
}

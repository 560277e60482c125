#pragma once
// Where one HTTP/1.1 request ends in the bytes a connection received, decided before Pistache's
// parser sees any of them (see front.hpp). Pure and linear: the bytes are scanned once, however
// they arrive, and every limit is checked as soon as it can be, so a 2 MB query string, 150 000
// headers or a 100 MB body announced by Content-Length are refused after reading at most the
// head's limit, never buffered. Example:
//   RequestFramer framer(limits);
//   auto framing = framer.examine("POST /api/v1/registrations HTTP/1.1\r\nContent-Length: 5…");
//   framing.state == Framing::State::incomplete  // until the head and the 5 bytes are there
//
// Deliberately strict, as a server on the internet should be (RFC 9112): CRLF line ends, no
// header folding, no Transfer-Encoding (411: nginx in front always sends a Content-Length), one
// Content-Length of digits only, a target in origin form ("/…"), HTTP/1.0 or HTTP/1.1.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace formations::http {

struct FramingLimits {
    std::size_t max_request_line = 8 * 1024;  // 414 above (nginx: 8 KiB too)
    std::size_t max_head = 32 * 1024;         // request line and headers; 431 above
    std::size_t max_header_lines = 100;       // 431 above
    // The largest body a request to `method target` may announce (413 above).
    std::function<std::size_t(std::string_view method, std::string_view target)> max_body;
};

// A request the service will not read, and the JSON error it gets (status, stable code, French
// message for people).
struct FramingRefusal {
    int status = 400;
    std::string code;
    std::string message;
};

struct Framing {
    enum class State { incomplete, complete, refused };
    State state = State::incomplete;
    // When complete: the request is the first head_length + body_length bytes.
    std::size_t head_length = 0;
    std::size_t body_length = 0;
    // When complete: whether the client keeps the connection open after the answer (HTTP/1.1
    // unless "Connection: close"; HTTP/1.0 only with "Connection: keep-alive").
    bool keep_alive = false;
    std::string method;      // when the request line could be read
    FramingRefusal refusal;  // when refused
};

// One request at a time: `examine` is called with the bytes received so far for the current
// request (from its first byte), each call with the previous bytes and more; `reset` before the
// next request.
class RequestFramer {
  public:
    explicit RequestFramer(FramingLimits limits) : limits_(std::move(limits)) {}

    Framing examine(std::string_view received);
    void reset() {
        scanned_ = 0;
        head_.reset();
    }

  private:
    Framing read_head(std::string_view head) const;

    FramingLimits limits_;
    std::size_t scanned_ = 0;      // bytes known not to hold the end of the head
    std::optional<Framing> head_;  // once the head is read, while the body arrives
};

}  // namespace formations::http

// libFuzzer target: the HTTP front's framing (request_framing.hpp), on any bytes cut anywhere.
// The first two bytes say where to cut; the rest is what a client sends. Fed in pieces or at
// once, the framing must say the same, and a complete request must lie within the bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "service/http/request_framing.hpp"

using namespace formations::http;

namespace {

FramingLimits limits() {
    FramingLimits limits;
    limits.max_request_line = 256;
    limits.max_head = 1024;
    limits.max_header_lines = 16;
    limits.max_body = [](std::string_view, std::string_view target) -> std::size_t {
        return target.starts_with("/big") ? 4096 : 64;
    };
    return limits;
}

bool same(const Framing& a, const Framing& b) {
    return a.state == b.state && a.head_length == b.head_length && a.body_length == b.body_length &&
           a.keep_alive == b.keep_alive && a.refusal.status == b.refusal.status &&
           a.refusal.code == b.refusal.code;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) {
        return 0;
    }
    std::size_t step = 1 + data[0] % 64;
    std::string_view bytes(reinterpret_cast<const char*>(data + 2), size - 2);

    RequestFramer whole(limits());
    auto at_once = whole.examine(bytes);

    RequestFramer pieces(limits());
    Framing framing;
    std::string received;
    for (std::size_t at = 0; at < bytes.size(); at += step) {
        received.append(bytes.substr(at, step));
        framing = pieces.examine(received);
        if (framing.state != Framing::State::incomplete) {
            break;
        }
    }
    if (framing.state == Framing::State::complete &&
        framing.head_length + framing.body_length > received.size()) {
        __builtin_trap();
    }
    // Refusals may come earlier in pieces (a long line is refused before its end); a request
    // complete in pieces is the one read at once.
    if (framing.state == Framing::State::complete && !same(framing, at_once)) {
        __builtin_trap();
    }
    return 0;
}

#pragma once
// Response bodies sent while they are produced (exports of any size, flat memory).
//
// Pistache 0.0.5's ResponseStream queues each flush without waiting for it to reach the socket,
// so a producer faster than the client would pile the whole file up in the write queue. The
// body is instead sent as HTTP/1.1 chunks through the connection itself, waiting until each
// chunk is written before producing the next one: at most one chunk (64 KiB) is in flight. A
// body that ends before the first chunk is full goes out as one ordinary response with a
// Content-Length (and an error found by then still gets its JSON error reply).
//
//   return stream_body(channel, "text/csv; charset=utf-8", {{"Content-Disposition", …}},
//                      [&](const Sink& sink) { return app::write_invoices_csv(…, sink); });

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "service/domain/error.hpp"
#include "service/http/reply.hpp"

namespace formations::http {

// The connection a streamed answer goes out on (defined with Pistache in pistache_io.hpp).
struct ResponseChannel;

// The client went away (or stopped reading for a minute): stop producing.
struct ClientGone : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// What a streaming job did: a Reply still to send, or nothing (it answered through the channel)
// and the status to log.
struct Streamed {
    std::optional<Reply> reply;
    int status = 200;
};

using BodyProducer = std::function<Result<Done>(const std::function<void(std::string_view)>& sink)>;

// Runs `produce`, writing into the channel. An error before anything went out is an ordinary
// error reply; after, the body is cut (the client sees an incomplete transfer rather than a
// complete-looking truncated file) — never a second response inside the first.
Streamed stream_body(ResponseChannel& channel, std::string content_type,
                     std::vector<std::pair<std::string, std::string>> headers,
                     const BodyProducer& produce);

// Streams the file at `path`, 64 KiB at a time (an archive built into a TemporaryFile first).
Streamed stream_file(ResponseChannel& channel, std::string content_type,
                     std::vector<std::pair<std::string, std::string>> headers,
                     const std::string& path);

// A file name of the temporary directory, removed when the object goes away.
class TemporaryFile {
  public:
    TemporaryFile();
    ~TemporaryFile();
    TemporaryFile(const TemporaryFile&) = delete;
    TemporaryFile& operator=(const TemporaryFile&) = delete;
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

}  // namespace formations::http

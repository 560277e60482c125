#pragma once
// Response bodies of any size (exports), with flat memory, that never keep a worker or a
// database connection while a client reads.
//
// The body is produced into a temporary file first, at the speed of the database and the disk;
// the transaction and the worker are then free. A body smaller than one chunk goes out as one
// ordinary response with a Content-Length (and an error found while producing it is an ordinary
// JSON error reply, whatever its size). A larger one is sent by one of the server's senders
// (ResponseChannel::send_later; when they are all taken and as many downloads wait, the answer is
// a 503 "too_many_downloads": a worker never waits for a client) as HTTP/1.1 chunks through the
// connection, waiting until each chunk is written before reading the next: at most one chunk
// (64 KiB) is in flight. (Pistache 0.0.5's ResponseStream queues each flush without waiting for
// it to reach the socket, so it would pile the whole file up in memory.) A client that stops
// reading for a minute is cut; so is every body still going out when the server stops, once its
// drain timeout has passed (ResponseChannel::cut_off).
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

// Runs `produce`, then answers through the channel. An error while producing is an ordinary
// error reply; one while sending (the client left, a disk error) cuts the body: the client sees an
// incomplete transfer rather than a complete-looking truncated file.
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

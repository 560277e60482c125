#pragma once
// Response bodies sent while they are produced (exports of any size, flat memory).
//
// Pistache 0.0.5's ResponseStream queues each flush without waiting for it to reach the socket,
// so a producer faster than the client would pile the whole file up in the write queue. This
// writer sends HTTP/1.1 chunks itself through the connection's Peer and waits until each chunk is
// written before producing the next one: at most one chunk (64 KiB) is in flight. A body that
// ends before the first chunk is full goes out as one ordinary response with a Content-Length
// (and an error found by then still gets its JSON error reply).
//
//   auto body = ChunkedBody(writer, "text/csv; charset=utf-8", {{"Content-Disposition", …}});
//   body.write("…"); …; body.finish();

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <pistache/http.h>
#include <pistache/router.h>

#include "service/http/handler_support.hpp"

namespace formations::http {

// The client went away (or stopped reading for `write_timeout`): stop producing.
struct ClientGone : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class ChunkedBody {
  public:
    static constexpr std::size_t default_chunk = 64 * 1024;
    static constexpr std::chrono::seconds write_timeout{60};

    ChunkedBody(std::shared_ptr<Pistache::Http::ResponseWriter> writer, std::string content_type,
                std::vector<std::pair<std::string, std::string>> headers,
                std::size_t chunk_bytes = default_chunk);

    // Buffers; sends a chunk once `chunk_bytes` are waiting. Throws ClientGone.
    void write(std::string_view data);
    // Sends what is left and the end of the body.
    void finish();
    // After the head went out, an error can no longer change the status: cut the connection so
    // the client sees an incomplete body rather than a complete-looking truncated file.
    void abort();

    bool started() const { return started_; }
    std::size_t bytes_written() const { return total_; }

  private:
    void send_chunk(bool last);
    void send_raw(std::string bytes);

    std::shared_ptr<Pistache::Http::ResponseWriter> writer_;
    std::string content_type_;
    std::vector<std::pair<std::string, std::string>> headers_;
    std::size_t chunk_bytes_;
    std::string buffer_;
    bool started_ = false;
    bool finished_ = false;
    std::size_t total_ = 0;
};

// What a streaming job did: a Reply still to send, or nothing (it answered through a
// ChunkedBody) and the status to log.
struct Streamed {
    std::optional<Reply> reply;
    int status = 200;
};

using BodyProducer =
    std::function<app::Result<app::Done>(const std::function<void(std::string_view)>& sink)>;

// Runs `produce`, writing into a ChunkedBody. An error before anything went out is an ordinary
// error reply; after, the body is cut (abort) — never a second response inside the first.
Streamed stream_body(const std::shared_ptr<Pistache::Http::ResponseWriter>& writer,
                     std::string content_type,
                     std::vector<std::pair<std::string, std::string>> headers,
                     const BodyProducer& produce);

// Like offload(): runs `job` on a worker; the job gets the writer for a ChunkedBody.
using StreamJob = std::function<Streamed(const std::shared_ptr<Pistache::Http::ResponseWriter>&)>;
void offload_stream(Context& context, const Pistache::Rest::Request& request,
                    Pistache::Http::ResponseWriter response, StreamJob job);

}  // namespace formations::http

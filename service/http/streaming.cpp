#include "service/http/streaming.hpp"

#include <sys/socket.h>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <sstream>

#include <pistache/peer.h>

namespace formations::http {

using namespace Pistache;

ChunkedBody::ChunkedBody(std::shared_ptr<Http::ResponseWriter> writer, std::string content_type,
                         std::vector<std::pair<std::string, std::string>> headers,
                         std::size_t chunk_bytes)
    : writer_(std::move(writer)),
      content_type_(std::move(content_type)),
      headers_(std::move(headers)),
      chunk_bytes_(chunk_bytes) {
    buffer_.reserve(chunk_bytes_ + 4096);
}

void ChunkedBody::write(std::string_view data) {
    buffer_.append(data);
    total_ += data.size();
    if (buffer_.size() >= chunk_bytes_) {
        send_chunk(false);
    }
}

void ChunkedBody::finish() {
    if (finished_) {
        return;
    }
    finished_ = true;
    if (!started_) {
        // Small enough for one ordinary response with a Content-Length.
        send(*writer_, Reply{200, std::move(buffer_), content_type_, headers_});
        buffer_.clear();
        return;
    }
    send_chunk(true);
}

void ChunkedBody::abort() {
    finished_ = true;
    if (!started_) {
        return;
    }
    if (auto peer = writer_->getPeer()) {
        ::shutdown(peer->fd(), SHUT_RDWR);  // the event loop then sees the hang-up and cleans up
    }
}

void ChunkedBody::send_chunk(bool last) {
    std::string bytes;
    bytes.reserve(buffer_.size() + 512);
    if (!started_) {
        started_ = true;
        bytes += "HTTP/1.1 200 OK\r\nContent-Type: " + content_type_ +
                 "\r\nX-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\n";
        for (const auto& [name, value] : headers_) {
            bytes += name + ": " + value + "\r\n";
        }
        // What Pistache already put on the answer (Connection), as its own send() would.
        for (const auto& header : writer_->headers().list()) {
            std::ostringstream value;
            header->write(value);
            bytes += std::string(header->name()) + ": " + value.str() + "\r\n";
        }
        bytes += "Transfer-Encoding: chunked\r\n\r\n";
        if (auto peer = writer_->getPeer()) {
            // As Pistache's own send() does: the request is answered, the connection's
            // request timeouts no longer apply while the body flows.
            peer->setIdle(true);
        }
    }
    if (!buffer_.empty()) {
        char size[32];
        std::snprintf(size, sizeof size, "%zx\r\n", buffer_.size());
        bytes += size;
        bytes += buffer_;
        bytes += "\r\n";
        buffer_.clear();
    }
    if (last) {
        bytes += "0\r\n\r\n";
    }
    send_raw(std::move(bytes));
}

void ChunkedBody::send_raw(std::string bytes) {
    auto peer = writer_->getPeer();
    if (!peer) {
        throw ClientGone("the client closed the connection");
    }
    struct Written {
        std::mutex mutex;
        std::condition_variable changed;
        bool done = false;
        bool failed = false;
    };
    auto written = std::make_shared<Written>();
    auto size = bytes.size();
    // Resolved by the event loop once every byte is in the socket (or rejected on error).
    peer->send(RawBuffer(std::move(bytes), size))
        .then(
            [written](ssize_t) {
                std::lock_guard lock(written->mutex);
                written->done = true;
                written->changed.notify_all();
            },
            [written](std::exception_ptr) {
                std::lock_guard lock(written->mutex);
                written->done = written->failed = true;
                written->changed.notify_all();
            });
    peer.reset();  // held only by Pistache from now on: it expires when the client hangs up
    // Pistache drops (never rejects) the pending writes of a connection that closes: check every
    // half second that the connection is still there.
    auto deadline = std::chrono::steady_clock::now() + write_timeout;
    std::unique_lock lock(written->mutex);
    while (!written->changed.wait_for(lock, std::chrono::milliseconds(500),
                                      [&] { return written->done; })) {
        if (!writer_->getPeer()) {
            throw ClientGone("the client closed the connection");
        }
        if (std::chrono::steady_clock::now() > deadline) {
            throw ClientGone("the client stopped reading");
        }
    }
    if (written->failed) {
        throw ClientGone("the connection failed");
    }
}

Streamed stream_body(const std::shared_ptr<Http::ResponseWriter>& writer, std::string content_type,
                     std::vector<std::pair<std::string, std::string>> headers,
                     const BodyProducer& produce) {
    ChunkedBody body(writer, std::move(content_type), std::move(headers));
    std::optional<app::Error> failure;
    try {
        auto done = produce([&body](std::string_view text) { body.write(text); });
        if (done) {
            body.finish();
            return {};
        }
        failure = done.error();
    } catch (const ClientGone&) {
        throw;
    } catch (const std::exception& error) {
        failure = app::Error::internal(error.what());
    }
    if (!body.started()) {
        auto reply = error_reply(*failure);
        return {reply, reply.status};
    }
    error_reply(*failure);  // logs the detail
    body.abort();
    return {std::nullopt, 500};
}

void offload_stream(Context& context, const Rest::Request& request, Http::ResponseWriter response,
                    StreamJob job) {
    auto started = std::chrono::steady_clock::now();
    auto method = std::string(Http::methodString(request.method()));
    auto path = request.resource();
    auto writer = std::make_shared<Http::ResponseWriter>(std::move(response));
    bool queued = context.executor.submit([writer, job = std::move(job), method, path, started] {
        Streamed outcome;
        try {
            outcome = job(writer);
        } catch (const ClientGone&) {
            log_request(method, path, 499, started);  // nginx's "client closed request"
            return;
        } catch (const std::exception& error) {
            // Jobs stream through stream_body, which never lets an error escape once started.
            auto reply = error_reply(app::Error::internal(error.what()));
            outcome = {reply, reply.status};
        }
        if (outcome.reply) {
            send(*writer, *outcome.reply);
            outcome.status = outcome.reply->status;
        }
        log_request(method, path, outcome.status, started);
    });
    if (!queued) {
        auto reply = error_reply(app::Error::unavailable("worker queue full"));
        send(*writer, reply);
        log_request(method, path, reply.status, started);
    }
}

}  // namespace formations::http

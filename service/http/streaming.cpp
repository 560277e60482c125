#include "service/http/streaming.hpp"

#include <sys/socket.h>
#include <unistd.h>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include <pistache/peer.h>

#include "service/http/front.hpp"
#include "service/http/pistache_io.hpp"

namespace formations::http {

using namespace Pistache;

namespace {

// Writes a body in HTTP/1.1 chunks through the connection's Peer, waiting until each chunk is
// in the socket before the next: at most one chunk is in flight.
class ChunkedBody {
  public:
    static constexpr std::size_t chunk_bytes = 64 * 1024;
    static constexpr std::chrono::seconds write_timeout{60};

    ChunkedBody(std::shared_ptr<Http::ResponseWriter> writer, std::string content_type,
                std::vector<std::pair<std::string, std::string>> headers,
                const std::atomic<bool>* cut_off);
    // An answer cut short (the client left, an error after the head) is over for the front too.
    ~ChunkedBody() {
        if (answered_) {
            answered_(false);
        }
    }
    ChunkedBody(const ChunkedBody&) = delete;
    ChunkedBody& operator=(const ChunkedBody&) = delete;

    // Buffers; sends a chunk once `chunk_bytes` are waiting. Throws ClientGone.
    void write(std::string_view data);
    // Sends what is left and the end of the body.
    void finish();
    // After the head went out, an error can no longer change the status: cut the connection.
    void abort();

    bool started() const { return started_; }

  private:
    void send_chunk(bool last);
    // `on_written` (if set) runs once the bytes are in the socket, or failed.
    void send_raw(std::string bytes, std::function<void(bool)> on_written = {});
    // The server stops for good: the connection is closed (the event loop then drops the peer
    // and its unwritten bytes) and the sending ends.
    [[noreturn]] void cut();
    bool cut_off() const { return cut_off_ != nullptr && cut_off_->load(); }

    std::shared_ptr<Http::ResponseWriter> writer_;
    std::string content_type_;
    std::vector<std::pair<std::string, std::string>> headers_;
    const std::atomic<bool>* cut_off_;
    std::string buffer_;
    bool started_ = false;
    bool finished_ = false;
    std::function<void(bool written)> answered_;  // the front's, once the head went out
};

ChunkedBody::ChunkedBody(std::shared_ptr<Http::ResponseWriter> writer, std::string content_type,
                         std::vector<std::pair<std::string, std::string>> headers,
                         const std::atomic<bool>* cut_off)
    : writer_(std::move(writer)),
      content_type_(std::move(content_type)),
      headers_(std::move(headers)),
      cut_off_(cut_off) {
    buffer_.reserve(chunk_bytes + 4096);
}

void ChunkedBody::write(std::string_view data) {
    buffer_.append(data);
    if (buffer_.size() >= chunk_bytes) {
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
        shut_down(peer);
    }
}

void ChunkedBody::send_chunk(bool last) {
    std::string bytes;
    bytes.reserve(buffer_.size() + 512);
    if (!started_) {
        started_ = true;
        answered_ = prepare_answer(*writer_);
        bytes += "HTTP/1.1 200 OK\r\n";
        for (const auto& [name, value] : answer_headers(Reply{200, {}, content_type_, headers_})) {
            bytes += name + ": " + value + "\r\n";
        }
        // What the front already put on the answer (Connection, X-Request-Id), as send() would.
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
        send_raw(std::move(bytes), std::exchange(answered_, {}));
        return;
    }
    send_raw(std::move(bytes));
}

void ChunkedBody::cut() {
    if (auto peer = writer_->getPeer()) {
        shut_down(peer);
    }
    throw ClientGone("the server stops: the answer is cut");
}

void ChunkedBody::send_raw(std::string bytes, std::function<void(bool)> on_written) {
    if (cut_off()) {
        cut();
    }
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
            [written, on_written](ssize_t) {
                {
                    std::lock_guard lock(written->mutex);
                    written->done = true;
                    written->changed.notify_all();
                }
                if (on_written) {
                    on_written(true);
                }
            },
            [written, on_written](std::exception_ptr) {
                {
                    std::lock_guard lock(written->mutex);
                    written->done = written->failed = true;
                    written->changed.notify_all();
                }
                if (on_written) {
                    on_written(false);
                }
            });
    peer.reset();  // held only by Pistache from now on: it expires when the client hangs up
    // Pistache drops (never rejects) the pending writes of a connection that closes: check every
    // half second that the connection is still there, and that the server is not stopping.
    auto deadline = std::chrono::steady_clock::now() + write_timeout;
    std::unique_lock lock(written->mutex);
    while (!written->changed.wait_for(lock, std::chrono::milliseconds(500),
                                      [&] { return written->done; })) {
        if (!writer_->getPeer()) {
            throw ClientGone("the client closed the connection");
        }
        if (cut_off()) {
            lock.unlock();
            cut();
        }
        if (std::chrono::steady_clock::now() > deadline) {
            throw ClientGone("the client stopped reading");
        }
    }
    if (written->failed) {
        throw ClientGone("the connection failed");
    }
}

}  // namespace

Streamed stream_body(ResponseChannel& channel, std::string content_type,
                     std::vector<std::pair<std::string, std::string>> headers,
                     const BodyProducer& produce) {
    // Produced into a temporary file first, at the speed of the database and the disk: the
    // transaction, its pool connection and this worker are held that long, never for as long as
    // a slow client takes to read.
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::tmpfile(), &std::fclose);
    std::size_t size = 0;
    std::optional<Error> failure;
    try {
        if (!file) {
            throw std::runtime_error("cannot create a temporary file for the answer");
        }
        auto done = produce([&](std::string_view text) {
            if (std::fwrite(text.data(), 1, text.size(), file.get()) != text.size()) {
                throw std::runtime_error("cannot write the answer's temporary file");
            }
            size += text.size();
        });
        if (!done) {
            failure = done.error();
        }
    } catch (const std::exception& error) {
        failure = Error::internal(error.what());
    }
    if (failure) {
        auto reply = error_reply(*failure);
        return {reply, reply.status};
    }
    std::rewind(file.get());
    if (size <= ChunkedBody::chunk_bytes) {
        // Small enough for one ordinary response with a Content-Length.
        std::string body(size, '\0');
        if (std::fread(body.data(), 1, size, file.get()) != size) {
            auto reply = error_reply(Error::internal("cannot read the answer's temporary file"));
            return {reply, reply.status};
        }
        return {Reply{200, std::move(body), std::move(content_type), std::move(headers)}, 200};
    }
    // Sent by one of the server's senders, one chunk at a time as the client reads them: the
    // worker goes back to the queue at once (or answers 503 when no sender can take it). The job
    // owns the file and the connection's writer.
    auto file_handle = std::shared_ptr<std::FILE>(file.release(), &std::fclose);
    auto send = [writer = channel.writer, cut_off = channel.cut_off, file_handle,
                 content_type = std::move(content_type), headers = std::move(headers)]() mutable {
        ChunkedBody body(writer, std::move(content_type), std::move(headers), cut_off);
        try {
            std::vector<char> piece(ChunkedBody::chunk_bytes);
            while (auto read = std::fread(piece.data(), 1, piece.size(), file_handle.get())) {
                body.write(std::string_view(piece.data(), read));
            }
            body.finish();
        } catch (const ClientGone&) {
            // The client left: nothing to answer.
        } catch (const std::exception& error) {
            error_reply(Error::internal(error.what()));  // logs the detail
            body.abort();
        }
    };
    if (!channel.send_later) {
        send();
        return {std::nullopt, 200};
    }
    if (!channel.send_later(send)) {
        // Every sender is taken and as many downloads wait: sending this one here would hold
        // this worker for as long as its client takes to read.
        auto reply = error_reply(
            {ErrorCategory::unavailable,
             "too_many_downloads",
             "Trop de téléchargements sont en cours : veuillez réessayer dans quelques instants.",
             {},
             "every sender is busy"});  // 503 with Retry-After
        return {reply, reply.status};
    }
    return {std::nullopt, 200};
}

Streamed stream_file(ResponseChannel& channel, std::string content_type,
                     std::vector<std::pair<std::string, std::string>> headers,
                     const std::string& path) {
    return stream_body(
        channel, std::move(content_type), std::move(headers),
        [&](const std::function<void(std::string_view)>& sink) -> Result<Done> {
            std::ifstream in(path, std::ios::binary);
            std::vector<char> piece(64 * 1024);
            while (in) {
                in.read(piece.data(), static_cast<std::streamsize>(piece.size()));
                if (in.gcount() > 0) {
                    sink(std::string_view(piece.data(), static_cast<std::size_t>(in.gcount())));
                }
            }
            if (in.bad()) {
                return Error::internal("cannot read " + path);
            }
            return Done{};
        });
}

TemporaryFile::TemporaryFile() {
    auto pattern = (std::filesystem::temp_directory_path() / "formations-XXXXXX").string();
    int fd = mkstemp(pattern.data());
    if (fd < 0) {
        throw std::runtime_error("cannot create a temporary file");
    }
    close(fd);
    path_ = pattern;
}

TemporaryFile::~TemporaryFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
}

}  // namespace formations::http

#include "service/http/front.hpp"

#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include <pistache/peer.h>
#include <pistache/transport.h>

#include "service/http/pistache_io.hpp"

namespace formations::http {

using namespace Pistache;
using Clock = std::chrono::steady_clock;

struct Front::Counts {
    FrontOptions options;
    std::function<void(const FrontAnswer&)> on_answer;
    std::atomic<bool> draining{false};
    std::atomic<long> connections{0};
    std::atomic<long> refused_connections{0};
    std::atomic<long> owed{0};
    mutable std::mutex mutex;
    mutable std::condition_variable settled;

    void owe() { ++owed; }
    void settle() {
        if (--owed == 0) {
            std::lock_guard lock(mutex);
            settled.notify_all();
        }
    }
};

namespace {

constexpr const char* connection_key = "formations.front";
constexpr auto sweep_interval = std::chrono::seconds(1);

class FrontHandler;

// What the front knows of one connection. Everything but the atomics and the descriptor's guard
// is touched only on the connection's event loop (onInput, the sweep, and what runs once an
// answer is written, brought back there by FrontHandler::on_loop).
struct Connection {
    Connection(std::shared_ptr<Front::Counts> counts_, FrontHandler* owner_,
               const FramingLimits& limits)
        : counts(std::move(counts_)), owner(owner_), framer(limits) {}
    ~Connection() {
        --counts->connections;
        // A connection that vanished with its answer unwritten: Pistache never settles that
        // write, so the answer is settled here.
        settle_answer();
    }

    // A request is dispatched (or refused): its answer is owed until written or given up.
    void owe_answer() {
        owing = true;
        counts->owe();
    }
    // The answer owed is written or given up: no longer owed (once, whoever comes first).
    void settle_answer() {
        if (owing.exchange(false)) {
            counts->settle();
        }
    }

    std::shared_ptr<Front::Counts> counts;
    FrontHandler* owner;  // the handler of the connection's event loop
    std::string buffer;   // bytes of requests not dispatched yet
    RequestFramer framer;
    Clock::time_point opened = Clock::now();
    Clock::time_point request_started = opened;  // first byte of the request in `buffer`
    Clock::time_point last_answer{};             // none yet: the epoch
    bool closing = false;                        // nothing more is read
    std::atomic<bool> owing{false};              // a dispatched request's answer is not written
    std::atomic<bool> close_after{false};        // close once that answer is written

    // Pistache closes the descriptor when it drops the peer (after onDisconnection), while the
    // peer object may live on in a writer or a continuation; the number may then already be
    // another connection's. So a shutdown goes through here, never by the bare number.
    void shut_down(const Tcp::Peer& peer) {
        std::lock_guard lock(descriptor_mutex);
        if (!released) {
            ::shutdown(peer.fd(), SHUT_RDWR);
        }
    }
    void release() {
        std::lock_guard lock(descriptor_mutex);
        released = true;
    }
    bool is_released() {
        std::lock_guard lock(descriptor_mutex);
        return released;
    }

  private:
    std::mutex descriptor_mutex;
    bool released = false;  // Pistache let go of the descriptor (the peer disconnected)
};

std::shared_ptr<Connection> connection_of(const std::shared_ptr<Tcp::Peer>& peer) {
    if (!peer) {
        return nullptr;
    }
    return std::static_pointer_cast<Connection>(peer->tryGetData(connection_key));
}

Reply error_answer(int status, const std::string& code, const std::string& message) {
    return json_reply(status,
                      error_json(Error{ErrorCategory::invalid_argument, code, message, {}, {}}));
}

class FrontHandler : public Http::Handler {
  public:
    HTTP_PROTOTYPE(FrontHandler)

    FrontHandler(std::shared_ptr<Front::Counts> counts, std::shared_ptr<Rest::Router> router)
        : counts_(std::move(counts)), router_(std::move(router)) {}
    FrontHandler(const FrontHandler& other)
        : Http::Handler(other), counts_(other.counts_), router_(other.router_) {}
    ~FrontHandler() override {
        if (timer_fd_ >= 0) {
            ::close(timer_fd_);
        }
    }

    void onRequest(const Http::Request& request, Http::ResponseWriter response) override {
        router_->route(request, std::move(response));
    }

    // Runs `task` on this handler's event loop: now when called there, else soon after; false
    // when it cannot (no timer descriptor left): `task` will not run. Pistache settles a write
    // on the event loop, but when the write is over before a worker has attached its
    // continuation (the loop wrote while the worker was descheduled), that continuation runs
    // at once on the worker; a one-shot timer brings it back to the loop.
    bool on_loop(std::function<void()> task) {
        if (std::this_thread::get_id() == loop_thread_.load()) {
            task();
            return true;
        }
        int fd = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
        if (fd < 0) {
            return false;
        }
        // The continuation is attached before the timer is armed, so that it runs where the
        // timer fires: on the loop.
        auto deferred = std::make_shared<std::optional<Async::Deferred<uint64_t>>>();
        Async::Promise<uint64_t> timer(
            [deferred](Async::Deferred<uint64_t> made) { deferred->emplace(std::move(made)); });
        // Refused (the timer could not be set), it still runs, there: Pistache arms a timer
        // on the loop.
        auto run = std::make_shared<std::function<void()>>(std::move(task));
        timer.then(
            [fd, run](uint64_t) {
                ::close(fd);
                (*run)();
            },
            [fd, run](std::exception_ptr) {
                ::close(fd);
                (*run)();
            });
        transport()->armTimer(fd, std::chrono::milliseconds(1), std::move(**deferred));
        return true;
    }

    // On the event loop, once an answer is written: the next pipelined request, or the end.
    void answered(const std::shared_ptr<Tcp::Peer>& peer, Connection& connection) {
        if (connection.is_released()) {
            return;  // gone meanwhile
        }
        connection.last_answer = Clock::now();
        if (connection.close_after) {
            close(peer, connection);
            return;
        }
        if (!connection.buffer.empty()) {
            connection.request_started = connection.last_answer;
            process(peer, connection);
        }
    }

  private:
    void onConnection(const std::shared_ptr<Tcp::Peer>& peer) override {
        // This handler is this loop's own (Pistache clones one per loop).
        loop_thread_ = std::this_thread::get_id();
        // What Pistache's own handler does: the parser (its timeout sweep reads it too).
        peer->putData(ParserData, std::make_shared<Http::RequestParser>(getMaxRequestSize()));
        auto connection = std::make_shared<Connection>(counts_, this, counts_->options.framing);
        peer->putData(connection_key, connection);
        // The front keeps time itself (see sweep): Pistache's sweep is left the keep-alive
        // timeout of idle peers only, set far beyond ours (server.cpp).
        peer->setIdle(true);
        if (++counts_->connections > static_cast<long>(counts_->options.max_connections)) {
            ++counts_->refused_connections;
            close(peer, *connection);
        }
        if (timer_fd_ < 0) {
            tick();
        }
    }

    void onInput(const char* data, size_t size, const std::shared_ptr<Tcp::Peer>& peer) override {
        auto connection = connection_of(peer);
        if (!connection || connection->closing) {
            return;
        }
        if (connection->buffer.empty()) {
            connection->request_started = Clock::now();
        }
        connection->buffer.append(data, size);
        if (!connection->owing) {
            process(peer, *connection);
        } else if (connection->buffer.size() > pipeline_limit()) {
            // More than a request's worth behind an unanswered one: read no more, and close
            // after that answer.
            connection->closing = true;
            connection->close_after = true;
            connection->buffer.clear();
        }
    }

    void onDisconnection(const std::shared_ptr<Tcp::Peer>& peer) override {
        // Pistache closes the descriptor right after this returns.
        if (auto connection = connection_of(peer)) {
            connection->release();
        }
        router_->disconnectPeer(peer);
    }

    std::size_t pipeline_limit() const {
        return counts_->options.framing.max_head + getMaxRequestSize();
    }

    // The requests in the buffer, one at a time: dispatches the first once complete.
    void process(const std::shared_ptr<Tcp::Peer>& peer, Connection& connection) {
        // Empty lines before a request line are allowed (RFC 9112 2.2).
        auto blank = connection.buffer.find_first_not_of("\r\n");
        if (blank != 0) {
            connection.buffer.erase(0, blank);
            connection.framer.reset();
        }
        if (connection.buffer.empty()) {
            return;
        }
        auto framing = connection.framer.examine(connection.buffer);
        if (framing.state == Framing::State::incomplete) {
            return;
        }
        if (framing.state == Framing::State::refused) {
            refuse(peer, connection, framing.method, framing.refusal.status, framing.refusal.code,
                   framing.refusal.message);
            return;
        }
        dispatch(peer, connection, framing);
    }

    void dispatch(const std::shared_ptr<Tcp::Peer>& peer, Connection& connection,
                  const Framing& framing) {
        auto started = connection.request_started;
        auto length = framing.head_length + framing.body_length;
        auto parser = getParser(peer);
        parser->reset();
        bool fed = parser->feed(connection.buffer.data(), length);
        connection.buffer.erase(0, length);
        connection.framer.reset();
        connection.request_started = Clock::now();
        if (!fed) {
            refuse(peer, connection, framing.method, 413, "payload_too_large",
                   "La requête est trop volumineuse.", started);
            return;
        }
        bool dispatched = false;
        try {
            if (parser->parse() != Http::Private::State::Done) {
                throw Http::HttpError(Http::Code::Bad_Request, "incomplete request");
            }
            auto& request = parser->request;
            request.copyAddress(peer->address());
            bool draining = counts_->draining;
            bool keep = framing.keep_alive && !draining;
            connection.close_after = !keep;
            Http::ResponseWriter response(request.version(), transport(), this, peer);
            response.headers().add<Http::Header::Connection>(
                keep ? Http::ConnectionControl::KeepAlive : Http::ConnectionControl::Close);
            connection.owe_answer();
            dispatched = true;
            if (draining) {
                auto reply = error_answer(503, "shutting_down",
                                          "Le service redémarre : veuillez réessayer dans "
                                          "quelques instants.");
                reply.headers.emplace_back("Retry-After", "5");
                send(response, reply);
                counts_->on_answer({framing.method, 503, started});
            } else {
                onRequest(request, std::move(response));
            }
        } catch (const Http::HttpError& error) {
            // Pistache's parser refused what the framing let through (a malformed
            // Content-Type: 415, a header it cannot read: 400).
            fail(peer, connection, dispatched, framing.method, error.code(), started);
        } catch (const std::exception&) {
            fail(peer, connection, dispatched, framing.method, 500, started);
        }
        parser->reset();
        peer->setIdle(true);
    }

    void fail(const std::shared_ptr<Tcp::Peer>& peer, Connection& connection, bool dispatched,
              const std::string& method, int status, Clock::time_point started) {
        if (dispatched) {
            connection.settle_answer();
        }
        if (status == 415) {
            refuse(peer, connection, method, 415, "unsupported_media_type",
                   "Le type de contenu (Content-Type) est invalide.", started);
        } else if (status >= 500) {
            refuse(peer, connection, method, 500, "internal_error",
                   "Une erreur interne est survenue.", started);
        } else {
            refuse(peer, connection, method, 400, "bad_request", "La requête HTTP est mal formée.",
                   started);
        }
    }

    // Answers a request the service will not read, then closes the connection.
    void refuse(const std::shared_ptr<Tcp::Peer>& peer, Connection& connection,
                const std::string& method, int status, const std::string& code,
                const std::string& message, std::optional<Clock::time_point> started = {}) {
        connection.closing = true;
        connection.close_after = true;
        connection.buffer.clear();
        Http::ResponseWriter response(Http::Version::Http11, transport(), this, peer);
        response.headers().add<Http::Header::Connection>(Http::ConnectionControl::Close);
        connection.owe_answer();
        send(response, error_answer(status, code, message));
        counts_->on_answer({method, status, started.value_or(connection.request_started)});
    }

    // On the event loop: the socket is shut, the loop sees the hang-up and removes the peer
    // (which closes the descriptor).
    static void close(const std::shared_ptr<Tcp::Peer>& peer, Connection& connection) {
        connection.closing = true;
        connection.buffer.clear();
        connection.shut_down(*peer);
    }

    // Every second, on this event loop: timeouts of the connections it serves.
    void tick() {
        int fd = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
        if (fd < 0) {
            return;  // no timeouts on this loop; Pistache's keep-alive sweep still closes peers
        }
        int previous = timer_fd_;
        timer_fd_ = fd;
        Async::Promise<uint64_t> timer([this, fd](Async::Deferred<uint64_t> deferred) {
            transport()->armTimer(fd, sweep_interval, std::move(deferred));
        });
        timer.then(
            [this](uint64_t) {
                sweep();
                tick();
            },
            [this, fd](std::exception_ptr) {
                // Not armed: the next connection of this loop starts the sweep again.
                if (timer_fd_ == fd) {
                    timer_fd_ = -1;
                }
                ::close(fd);
            });
        // Closed once the next one is armed: Pistache forgets a timer by its descriptor
        // number, which a new one must not reuse while the old one is still known.
        if (previous >= 0) {
            ::close(previous);
        }
    }

    void sweep() {
        const auto& options = counts_->options;
        auto now = Clock::now();
        for (const auto& peer : transport()->getAllPeer()) {
            auto connection = connection_of(peer);
            if (!connection || connection->closing || connection->owing) {
                continue;
            }
            if (!connection->buffer.empty()) {
                if (now - connection->request_started > options.request_timeout) {
                    refuse(peer, *connection, "", 408, "request_timeout",
                           "La requête a mis trop de temps à arriver.");
                }
                continue;
            }
            bool served = connection->last_answer != Clock::time_point{};
            auto idle_since = served ? connection->last_answer : connection->opened;
            if (now - idle_since > (served ? options.idle_timeout : options.request_timeout)) {
                close(peer, *connection);
            }
        }
    }

    std::shared_ptr<Front::Counts> counts_;
    std::shared_ptr<Rest::Router> router_;
    int timer_fd_ = -1;
    std::atomic<std::thread::id> loop_thread_{};
};

}  // namespace

Front::Front(FrontOptions options, std::shared_ptr<Rest::Router> router,
             std::function<void(const FrontAnswer&)> on_answer)
    : counts_(std::make_shared<Counts>()) {
    counts_->options = std::move(options);
    counts_->on_answer = std::move(on_answer);
    handler_ = std::make_shared<FrontHandler>(counts_, std::move(router));
}

Front::~Front() = default;

void Front::start_draining() {
    counts_->draining = true;
}

bool Front::wait_idle(std::chrono::milliseconds timeout) const {
    std::unique_lock lock(counts_->mutex);
    return counts_->settled.wait_for(lock, timeout, [this] { return counts_->owed <= 0; });
}

long Front::open_connections() const {
    return counts_->connections;
}

long Front::answers_owed() const {
    return counts_->owed;
}

long Front::connections_refused() const {
    return counts_->refused_connections;
}

std::function<void(bool)> prepare_answer(Http::ResponseWriter& writer) {
    auto peer = writer.getPeer();
    auto connection = connection_of(peer);
    if (!connection) {
        return [](bool) {};
    }
    if (connection->counts->draining && !connection->close_after.exchange(true)) {
        writer.headers().remove<Http::Header::Connection>();
        writer.headers().add<Http::Header::Connection>(Http::ConnectionControl::Close);
    }
    std::weak_ptr<Tcp::Peer> weak = peer;
    return [connection, weak](bool written) {
        // On the loop, so that the answer is settled (and a request that came meanwhile read)
        // in order with what the loop does on this connection.
        auto settled = connection->owner->on_loop([connection, weak, written] {
            connection->settle_answer();
            auto alive = weak.lock();
            if (!alive) {
                return;  // gone meanwhile: nothing more to do
            }
            if (written) {
                connection->owner->answered(alive, *connection);
            } else {
                // Refused (an answer over the response limit, a peer gone).
                connection->shut_down(*alive);
            }
        });
        if (!settled) {
            // No way back to the loop (out of descriptors): settled here, and the connection
            // closed, touching nothing the loop owns.
            connection->settle_answer();
            if (auto alive = weak.lock()) {
                connection->shut_down(*alive);
            }
        }
    };
}

void shut_down(const std::shared_ptr<Tcp::Peer>& peer) {
    if (auto connection = connection_of(peer)) {
        connection->shut_down(*peer);
    }
}

}  // namespace formations::http

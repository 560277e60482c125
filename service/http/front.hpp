#pragma once
// The HTTP front: what stands between the network and Pistache's parser, in place of the
// handler Pistache's router gives (Rest::Router::handler()). Pistache 0.0.5 re-parses a request
// from its first byte on every 4 KiB read (a 2 MB query or 150 000 headers block an event loop
// for seconds), answers framing errors in plain text naming C++ exceptions, drops pipelined
// requests, never closes after "Connection: close", and counts its timeouts against handlers
// still working. So each connection keeps its own buffer here, and Pistache's parser is given
// exactly one complete request, once:
//
// - limits (request_framing.hpp) are checked as bytes arrive: 414, 431, 411, 413 and 400 before a
//   body is read, each a JSON error with the security headers, then the connection is closed;
// - a request that is not complete `request_timeout` after its first byte gets a JSON 408; a
//   connection idle `idle_timeout` after its last answer (or `request_timeout` after it opened,
//   when it never sent anything) is closed. Checked every second on each event loop;
// - keep-alive follows the request (HTTP/1.1 unless "Connection: close"), and "close" is done:
//   the socket is shut once the answer is written;
// - pipelined requests are answered in order, one at a time (the next is read once the answer
//   before it is written); a client that piles more than one request's worth of bytes behind
//   an unanswered one is cut after that answer;
// - past `max_connections` (set below the descriptor limit: at that limit Pistache's accept loop
//   spins) a new connection is closed at once;
// - draining (SIGTERM): new requests get a JSON 503 and the connection closes; answers still
//   owed go out with "Connection: close"; `wait_idle` says when none is owed.
//
// Every answer goes through send() (pistache_io.hpp), which asks `prepare_answer` what to do
// with the connection once the answer is written.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include <pistache/http.h>
#include <pistache/router.h>

#include "service/http/request_framing.hpp"

namespace formations::http {

struct FrontOptions {
    FramingLimits framing;
    std::chrono::milliseconds request_timeout{15'000};
    std::chrono::milliseconds idle_timeout{75'000};  // above nginx's upstream keepalive_timeout
    std::size_t max_connections = 1000;
};

// A request the front answered itself (refused, timed out, refused while draining): for the
// log and the metrics.
struct FrontAnswer {
    std::string method;  // empty when the request line was unreadable
    int status = 0;
    std::chrono::steady_clock::time_point started;
};

class Front {
  public:
    struct Counts;  // shared by every event loop

    Front(FrontOptions options, std::shared_ptr<Pistache::Rest::Router> router,
          std::function<void(const FrontAnswer&)> on_answer);
    ~Front();
    Front(const Front&) = delete;
    Front& operator=(const Front&) = delete;

    // For Http::Endpoint::setHandler.
    std::shared_ptr<Pistache::Http::Handler> handler() const { return handler_; }

    void start_draining();
    // True once no answer is owed (requests dispatched and not yet written), false after
    // `timeout`.
    bool wait_idle(std::chrono::milliseconds timeout) const;

    long open_connections() const;
    long answers_owed() const;
    long connections_refused() const;  // over max_connections, since the start

  private:
    std::shared_ptr<Counts> counts_;
    std::shared_ptr<Pistache::Http::Handler> handler_;
};

// Called by send() before an answer is written on `writer`: when draining, the answer says
// "Connection: close". Returns what to call once the write is over (`written`: every byte is in
// the socket), which closes the connection if it must close, else reads the next pipelined
// request. Call it exactly once.
std::function<void(bool written)> prepare_answer(Pistache::Http::ResponseWriter& writer);

// Shuts the connection's socket down (the event loop then sees the hang-up and drops it), from
// any thread; nothing when Pistache has already let go of its descriptor, whose number may by
// then be another connection's.
void shut_down(const std::shared_ptr<Pistache::Tcp::Peer>& peer);

}  // namespace formations::http

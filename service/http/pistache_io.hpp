#pragma once
// Inside the HTTP layer only (server.cpp, front.cpp, streaming.cpp): where Pistache meets the
// rest. Route handlers never include this; they see Request, Reply and ResponseChannel.

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <pistache/http.h>
#include <pistache/router.h>

#include "service/http/client_address.hpp"
#include "service/http/reply.hpp"
#include "service/http/request.hpp"

namespace formations::http {

struct ResponseChannel {
    std::shared_ptr<Pistache::Http::ResponseWriter> writer;
    // Runs the sending of a body on a thread of the server's senders; false when it cannot (the
    // body is then sent by the caller).
    std::function<bool(std::function<void()>)> send_later;
    // Set by Server::stop once its drain deadline has passed: a body still going out (to a client
    // that reads slowly or not at all) is cut and its connection closed, so that no sender waits
    // on it any longer. Null: never cut (the body's own write timeout still applies).
    const std::atomic<bool>* cut_off = nullptr;
};

// Copies what handlers read; `params` are the path parameter names of the route (":id").
// The client's address is the peer's, or X-Real-IP when the peer is one of `proxies`.
Request request_of(const Pistache::Rest::Request& request, const std::vector<std::string>& params,
                   const TrustedProxies& proxies);

// The headers an answer goes out with: the reply's own, then, unless the reply set them, its
// Content-Type and the ones every answer carries — X-Content-Type-Options: nosniff,
// Referrer-Policy: no-referrer, X-Frame-Options: DENY, Content-Security-Policy: default-src
// 'none'; frame-ancestors 'none' (the pages set their own) and Cache-Control: no-store.
std::vector<std::pair<std::string, std::string>> answer_headers(const Reply& reply);

// Adds a header to the answer on `writer` (of two with the same name, the first added wins).
void add_header(Pistache::Http::ResponseWriter& writer, std::string name, std::string value);

// Writes the answer; the front (front.hpp) then closes the connection or reads the next request.
void send(Pistache::Http::ResponseWriter& writer, const Reply& reply);

}  // namespace formations::http

#pragma once
// Inside the HTTP layer only (server.cpp, streaming.cpp): where Pistache meets the rest. Route
// handlers never include this; they see Request, Reply and ResponseChannel.

#include <memory>
#include <string>
#include <vector>

#include <pistache/http.h>
#include <pistache/router.h>

#include "service/http/reply.hpp"
#include "service/http/request.hpp"

namespace formations::http {

struct ResponseChannel {
    std::shared_ptr<Pistache::Http::ResponseWriter> writer;
};

// Copies what handlers read; `params` are the path parameter names of the route (":id").
Request request_of(const Pistache::Rest::Request& request, const std::vector<std::string>& params);

void send(Pistache::Http::ResponseWriter& writer, const Reply& reply);

}  // namespace formations::http

#pragma once
// A minimal blocking HTTP/1.1 client for tests: one request per connection (Connection: close);
// bodies by Content-Length or chunked (the exports stream).

#include <cstddef>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace formations::testing {

struct HttpResponse {
    int status = 0;
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;        // decoded when the answer came with Transfer-Encoding: chunked
    std::size_t chunks = 0;  // how many data chunks it came in (0: not chunked)

    nlohmann::json json() const { return nlohmann::json::parse(body); }
    std::string header(const std::string& lower_case_name) const {
        auto found = headers.find(lower_case_name);
        return found == headers.end() ? "" : found->second;
    }
};

HttpResponse http_request(int port, const std::string& method, const std::string& path,
                          const std::string& body = "",
                          const std::map<std::string, std::string>& headers = {});

// A response as received (status line, headers, the rest as the body); throws when there is no
// complete head.
HttpResponse parse_http_response(const std::string& raw);

// The body of a complete chunked payload, and how many data chunks it had; nullopt while
// incomplete; throws when malformed.
std::optional<std::pair<std::string, std::size_t>> dechunk(const std::string& payload);

// POST with a JSON body and Content-Type: application/json.
HttpResponse post_json(int port, const std::string& path, const nlohmann::json& body,
                       const std::map<std::string, std::string>& headers = {});

}  // namespace formations::testing

#include "tests/support/http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <algorithm>
#include <stdexcept>
#include <tuple>
#include <utility>

namespace formations::testing {

HttpResponse parse_http_response(const std::string& raw) {
    HttpResponse response;
    auto head_end = raw.find("\r\n\r\n");
    if (head_end == std::string::npos || raw.size() < 12) {
        throw std::runtime_error("malformed HTTP response: " + raw.substr(0, 200));
    }
    response.status = std::stoi(raw.substr(9, 3));
    std::size_t line_start = raw.find("\r\n") + 2;
    while (line_start < head_end) {
        auto line_end = raw.find("\r\n", line_start);
        auto line = raw.substr(line_start, line_end - line_start);
        auto colon = line.find(':');
        if (colon != std::string::npos) {
            auto name = line.substr(0, colon);
            std::transform(name.begin(), name.end(), name.begin(), ::tolower);
            auto value = line.substr(colon + 1);
            value.erase(0, value.find_first_not_of(' '));
            response.headers[name] = value;
        }
        line_start = line_end + 2;
    }
    response.body = raw.substr(head_end + 4);
    return response;
}

HttpResponse http_request(int port, const std::string& method, const std::string& path,
                          const std::string& body,
                          const std::map<std::string, std::string>& headers) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        close(fd);
        throw std::runtime_error("cannot connect to port " + std::to_string(port));
    }
    std::string request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const auto& [name, value] : headers) {
        request += name + ": " + value + "\r\n";
    }
    if (!body.empty() || method == "POST" || method == "PUT") {
        request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    request += "Connection: close\r\n\r\n" + body;
    for (std::size_t sent = 0; sent < request.size();) {
        auto n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) {
            break;  // the server may refuse an oversized request before reading it all
        }
        sent += static_cast<std::size_t>(n);
    }
    std::string raw;
    char buffer[8192];
    for (;;) {
        auto n = recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) {
            break;
        }
        raw.append(buffer, static_cast<std::size_t>(n));
        // Pistache closes only after the body; stop once it is all in.
        auto head_end = raw.find("\r\n\r\n");
        if (head_end != std::string::npos) {
            auto response = parse_http_response(raw);
            auto length = response.header("content-length");
            if (response.header("transfer-encoding") == "chunked") {
                if (dechunk(response.body)) {
                    break;
                }
            } else if (!length.empty() && response.body.size() >= std::stoul(length)) {
                break;
            }
        }
    }
    close(fd);
    auto response = parse_http_response(raw);
    if (response.header("transfer-encoding") == "chunked") {
        auto decoded = dechunk(response.body);
        if (!decoded) {
            throw std::runtime_error("incomplete chunked answer");
        }
        std::tie(response.body, response.chunks) = std::move(*decoded);
    }
    return response;
}

std::optional<std::pair<std::string, std::size_t>> dechunk(const std::string& payload) {
    std::string body;
    std::size_t at = 0, chunks = 0;
    for (;;) {
        auto line_end = payload.find("\r\n", at);
        if (line_end == std::string::npos) {
            return std::nullopt;
        }
        auto size = std::stoul(payload.substr(at, line_end - at), nullptr, 16);
        at = line_end + 2;
        if (payload.size() < at + size + 2) {
            return std::nullopt;
        }
        if (payload.compare(at + size, 2, "\r\n") != 0) {
            throw std::runtime_error("malformed chunk");
        }
        if (size == 0) {
            return std::pair{std::move(body), chunks};
        }
        body.append(payload, at, size);
        at += size + 2;
        ++chunks;
    }
}

HttpResponse post_json(int port, const std::string& path, const nlohmann::json& body,
                       const std::map<std::string, std::string>& headers) {
    auto all = headers;
    all.emplace("Content-Type", "application/json");
    return http_request(port, "POST", path, body.dump(), all);
}

}  // namespace formations::testing

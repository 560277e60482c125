#include "tests/support/raw_connection.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <algorithm>
#include <stdexcept>

namespace formations::testing {

using Clock = std::chrono::steady_clock;

RawConnection::RawConnection(int port, const std::string& source) {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (!source.empty()) {
        sockaddr_in local{};
        local.sin_family = AF_INET;
        inet_pton(AF_INET, source.c_str(), &local.sin_addr);
        if (bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
            close(fd_);
            throw std::runtime_error("cannot bind to " + source);
        }
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        close(fd_);
        throw std::runtime_error("cannot connect to port " + std::to_string(port));
    }
}

RawConnection::~RawConnection() {
    close(fd_);
}

bool RawConnection::write(std::string_view bytes) {
    while (!bytes.empty()) {
        auto n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n <= 0) {
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

bool RawConnection::fill(std::chrono::milliseconds timeout) {
    if (closed_) {
        return false;
    }
    pollfd ready{fd_, POLLIN, 0};
    if (poll(&ready, 1, static_cast<int>(timeout.count())) <= 0) {
        return true;  // nothing yet
    }
    char buffer[65536];
    auto n = recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0) {
        closed_ = true;
        return false;
    }
    received_.append(buffer, static_cast<std::size_t>(n));
    return true;
}

std::optional<HttpResponse> RawConnection::read_response(std::chrono::milliseconds timeout) {
    auto deadline = Clock::now() + timeout;
    for (;;) {
        auto head_end = received_.find("\r\n\r\n");
        if (head_end != std::string::npos) {
            auto head = parse_http_response(received_.substr(0, head_end + 4));
            auto length_text = head.header("content-length");
            std::size_t length = length_text.empty() ? 0 : std::stoul(length_text);
            if (received_.size() >= head_end + 4 + length) {
                auto response = parse_http_response(received_.substr(0, head_end + 4 + length));
                received_.erase(0, head_end + 4 + length);
                return response;
            }
        }
        auto left = std::max(
            std::chrono::milliseconds(0),
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
        auto had = received_.size();
        if (!fill(left) || (left.count() == 0 && received_.size() == had)) {
            return std::nullopt;
        }
    }
}

bool RawConnection::closed_within(std::chrono::milliseconds timeout) {
    auto deadline = Clock::now() + timeout;
    // At least one look, however short the timeout.
    for (bool first = true; !closed_; first = false) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0 && !first) {
            return false;
        }
        fill(std::max(left, std::chrono::milliseconds(0)));
    }
    return true;
}

}  // namespace formations::testing

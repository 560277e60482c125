#pragma once
// One TCP connection to a server, written to and read from byte by byte: for the tests of what
// the HTTP front does with malformed, huge, slow, pipelined or kept-alive requests. Example:
//   RawConnection connection(port);
//   connection.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
//   auto response = connection.read_response();   // nullopt if none came within the timeout
//   CHECK(connection.closed_within(std::chrono::seconds(1)) == false);

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "tests/support/http_client.hpp"

namespace formations::testing {

class RawConnection {
  public:
    // To 127.0.0.1:port, from `source` (another loopback address, e.g. "127.0.3.7") if given.
    explicit RawConnection(int port, const std::string& source = "");
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    // False when the server closed the connection before taking every byte.
    bool write(std::string_view bytes);
    // The next response (its body read by Content-Length), or nullopt when none came complete
    // within `timeout` or the connection closed first.
    std::optional<HttpResponse> read_response(
        std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // True when the server closes the connection (EOF or reset) within `timeout`; bytes that
    // arrive meanwhile are kept for read_response.
    bool closed_within(std::chrono::milliseconds timeout);

  private:
    // Reads what is there within `timeout`; false on EOF or error.
    bool fill(std::chrono::milliseconds timeout);

    int fd_ = -1;
    std::string received_;
    bool closed_ = false;
};

}  // namespace formations::testing

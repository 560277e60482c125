#pragma once
// The real `formations serve` binary started by a test on a free port (FORMATIONS_LISTEN with
// port 0; the port is read from the line the server prints), stopped with SIGTERM.

#include <sys/types.h>
#include <map>
#include <string>

namespace formations::testing {

class ServerProcess {
  public:
    explicit ServerProcess(const std::string& database_url,
                           const std::map<std::string, std::string>& extra_environment = {});
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    int port() const { return port_; }
    // Sends SIGTERM and returns the exit status (0 when it stopped gracefully).
    int stop();

  private:
    pid_t pid_ = -1;
    int port_ = 0;
};

// Path of the `formations` binary (FORMATIONS_BIN, set by CTest).
std::string formations_binary();

// Runs the binary with arguments and environment; returns its exit status.
int run_formations(const std::string& arguments, const std::string& database_url);

}  // namespace formations::testing

#pragma once
// The real `formations serve` binary started by a test on a free port (FORMATIONS_LISTEN with
// port 0; the port is read from the line the server prints), stopped with SIGTERM. It runs on the
// test clock (FORMATIONS_CLOCK = testing::clock_setting()) unless `extra_environment` pins
// another instant, e.g. {{"FORMATIONS_CLOCK", "2026-12-31T23:59:00+01:00"}}, and without the
// per-client limits of registrations, quotes and lost-link requests (every test client is the
// same address) unless it sets FORMATIONS_REGISTRATIONS_PER_HOUR, FORMATIONS_QUOTES_PER_HOUR or
// FORMATIONS_LOST_LINKS_PER_HOUR.

#include <sys/types.h>
#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace formations::testing {

// What else a test may set for the server it starts.
struct ProcessOptions {
    ProcessOptions() = default;  // not an aggregate: {{"NAME", "value"}} stays an environment
    std::map<std::string, std::string> environment;
    std::optional<long> open_files;  // RLIMIT_NOFILE of the process
    std::string log_path;            // its error stream (the log) to this file
};

class ServerProcess {
  public:
    explicit ServerProcess(const std::string& database_url,
                           const std::map<std::string, std::string>& extra_environment = {});
    ServerProcess(const std::string& database_url, const ProcessOptions& options);
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    int port() const { return port_; }
    pid_t pid() const { return pid_; }
    // Sends SIGTERM and returns the exit status (0 when it stopped gracefully).
    int stop();
    // Sends SIGTERM and waits at most `timeout`: the exit status, or nullopt when the process
    // was still running (it is then killed with SIGKILL).
    std::optional<int> stop_within(std::chrono::milliseconds timeout);
    // kill -9: the process dies at once, whatever it was doing.
    void kill_hard();

  private:
    pid_t pid_ = -1;
    int port_ = 0;
};

// Path of the `formations` binary (FORMATIONS_BIN, set by CTest).
std::string formations_binary();

// Runs the binary with arguments (shell words) on the test clock, unless `environment` pins
// another; returns its exit status and what it wrote on its standard output (its error stream is
// the test's).
struct CommandResult {
    int status = -1;
    std::string output;
};
CommandResult run_formations(const std::string& arguments, const std::string& database_url,
                             const std::string& standard_input = "",
                             const std::map<std::string, std::string>& environment = {});

}  // namespace formations::testing

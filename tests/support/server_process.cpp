#include "tests/support/server_process.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/support/test_clock.hpp"

namespace formations::testing {

std::string formations_binary() {
    const char* path = std::getenv("FORMATIONS_BIN");
    if (path == nullptr || *path == '\0') {
        throw std::runtime_error("FORMATIONS_BIN is not set: run the tests through ctest");
    }
    return path;
}

namespace {

// In a child process: the database, the test clock, no per-client limit of anonymous use
// (every test client is 127.0.0.1; abuse_limits_test and mail_test set them), then the test's
// own variables.
void set_environment(const std::string& database_url,
                     const std::map<std::string, std::string>& environment) {
    setenv("FORMATIONS_DATABASE_URL", database_url.c_str(), 1);
    setenv("FORMATIONS_CLOCK", clock_setting().c_str(), 1);
    setenv("FORMATIONS_REGISTRATIONS_PER_HOUR", "0", 1);
    setenv("FORMATIONS_QUOTES_PER_HOUR", "0", 1);
    setenv("FORMATIONS_COMPLAINTS_PER_HOUR", "0", 1);
    setenv("FORMATIONS_LOST_LINKS_PER_HOUR", "0", 1);
    // The tests' trainees do not sign their contracts: their seats are kept unless a test of
    // the hold sets it.
    setenv("FORMATIONS_CONTRACT_HOLD_DAYS", "0", 1);
    for (const auto& [name, value] : environment) {
        setenv(name.c_str(), value.c_str(), 1);
    }
}

}  // namespace

CommandResult run_formations(const std::string& arguments, const std::string& database_url,
                             const std::string& standard_input,
                             const std::map<std::string, std::string>& environment) {
    int input[2], output[2];
    if (pipe(input) != 0 || pipe(output) != 0) {
        throw std::runtime_error("pipe failed");
    }
    std::string command = "exec '" + formations_binary() + "' " + arguments;
    clock_setting();  // the test clock exists before the child copies the environment
    pid_t pid = fork();
    if (pid == 0) {
        dup2(input[0], STDIN_FILENO);
        dup2(output[1], STDOUT_FILENO);
        for (int fd : {input[0], input[1], output[0], output[1]}) {
            close(fd);
        }
        set_environment(database_url, environment);
        execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    close(input[0]);
    close(output[1]);
    if (!standard_input.empty() &&
        write(input[1], standard_input.data(), standard_input.size()) < 0) {
        // The command did not read it: its status says what happened.
    }
    close(input[1]);
    CommandResult result;
    char buffer[65536];
    ssize_t n = 0;
    while ((n = read(output[0], buffer, sizeof buffer)) > 0) {
        result.output.append(buffer, static_cast<std::size_t>(n));
    }
    close(output[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

ServerProcess::ServerProcess(const std::string& database_url,
                             const std::map<std::string, std::string>& extra_environment)
    : ServerProcess(database_url, [&extra_environment] {
          ProcessOptions options;
          options.environment = extra_environment;
          return options;
      }()) {}

ServerProcess::ServerProcess(const std::string& database_url, const ProcessOptions& options) {
    int output[2];
    if (pipe(output) != 0) {
        throw std::runtime_error("pipe failed");
    }
    std::string binary = formations_binary();
    clock_setting();
    pid_ = fork();
    if (pid_ == 0) {
        dup2(output[1], STDOUT_FILENO);
        close(output[0]);
        close(output[1]);
        setenv("FORMATIONS_LISTEN", "127.0.0.1:0", 1);
        set_environment(database_url, options.environment);
        if (options.open_files) {
            rlimit limit{static_cast<rlim_t>(*options.open_files),
                         static_cast<rlim_t>(*options.open_files)};
            setrlimit(RLIMIT_NOFILE, &limit);
        }
        if (!options.log_path.empty()) {
            int log = open(options.log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            dup2(log, STDERR_FILENO);
            close(log);
        }
        execl(binary.c_str(), binary.c_str(), "serve", static_cast<char*>(nullptr));
        _exit(127);
    }
    close(output[1]);
    // The first line is "formations: listening on http://127.0.0.1:PORT/".
    FILE* stream = fdopen(output[0], "r");
    char line[512] = {};
    bool got_line = fgets(line, sizeof line, stream) != nullptr;
    fclose(stream);
    std::string text = got_line ? line : "";
    auto colon = text.rfind(':');
    if (text.find("listening on") == std::string::npos || colon == std::string::npos) {
        stop();
        throw std::runtime_error("the server did not start: " + text);
    }
    port_ = std::stoi(text.substr(colon + 1));
}

ServerProcess::~ServerProcess() {
    stop();
}

int ServerProcess::stop() {
    if (pid_ <= 0) {
        return -1;
    }
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::optional<int> ServerProcess::stop_within(std::chrono::milliseconds timeout) {
    if (pid_ <= 0) {
        return std::nullopt;
    }
    kill(pid_, SIGTERM);
    auto deadline = std::chrono::steady_clock::now() + timeout;
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            kill_hard();
            return std::nullopt;
        }
        usleep(20'000);
    }
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void ServerProcess::kill_hard() {
    if (pid_ <= 0) {
        return;
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
}

}  // namespace formations::testing

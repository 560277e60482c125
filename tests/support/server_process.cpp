#include "tests/support/server_process.hpp"

#include <sys/wait.h>
#include <unistd.h>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

namespace formations::testing {

std::string formations_binary() {
    const char* path = std::getenv("FORMATIONS_BIN");
    if (path == nullptr || *path == '\0') {
        throw std::runtime_error("FORMATIONS_BIN is not set: run the tests through ctest");
    }
    return path;
}

int run_formations(const std::string& arguments, const std::string& database_url) {
    std::string command = "FORMATIONS_DATABASE_URL='" + database_url + "' '" + formations_binary() +
                          "' " + arguments + " >/dev/null 2>&1";
    int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

ServerProcess::ServerProcess(const std::string& database_url,
                             const std::map<std::string, std::string>& extra_environment) {
    int output[2];
    if (pipe(output) != 0) {
        throw std::runtime_error("pipe failed");
    }
    std::string binary = formations_binary();
    pid_ = fork();
    if (pid_ == 0) {
        dup2(output[1], STDOUT_FILENO);
        close(output[0]);
        close(output[1]);
        setenv("FORMATIONS_DATABASE_URL", database_url.c_str(), 1);
        setenv("FORMATIONS_LISTEN", "127.0.0.1:0", 1);
        for (const auto& [name, value] : extra_environment) {
            setenv(name.c_str(), value.c_str(), 1);
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

}  // namespace formations::testing

#include "tests/support/smtp_sink.hpp"

#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace formations::testing {
namespace {

std::string script() {
    const char* path = std::getenv("FORMATIONS_SMTP_SINK");
    if (path == nullptr || *path == '\0') {
        throw std::runtime_error("FORMATIONS_SMTP_SINK is not set: run the tests through ctest");
    }
    return path;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

SmtpSink::SmtpSink() {
    const char* artifacts = std::getenv("FORMATIONS_TEST_ARTIFACTS");
    std::string pattern = std::string(artifacts ? artifacts : "/tmp") + "/mail-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("cannot create " + pattern);
    }
    directory_ = pattern;
    auto path = script();
    int output[2];
    if (pipe(output) != 0) {
        throw std::runtime_error("pipe failed");
    }
    pid_ = fork();
    if (pid_ == 0) {
        dup2(output[1], STDOUT_FILENO);
        close(output[0]);
        close(output[1]);
        // Debian's interpreter: python3-aiosmtpd is installed for it.
        execl("/usr/bin/python3", "python3", path.c_str(), "--dir", directory_.c_str(), "--port",
              "0", static_cast<char*>(nullptr));
        _exit(127);
    }
    close(output[1]);
    FILE* stream = fdopen(output[0], "r");
    char line[256] = {};
    bool got_line = fgets(line, sizeof line, stream) != nullptr;
    fclose(stream);
    std::string text = got_line ? line : "";
    auto colon = text.rfind(':');
    if (text.find("listening on") == std::string::npos || colon == std::string::npos) {
        kill(pid_, SIGTERM);
        waitpid(pid_, nullptr, 0);
        throw std::runtime_error("the SMTP sink did not start (is python3-aiosmtpd installed?)");
    }
    port_ = std::stoi(text.substr(colon + 1));
}

SmtpSink::~SmtpSink() {
    if (pid_ > 0) {
        kill(pid_, SIGTERM);
        waitpid(pid_, nullptr, 0);
    }
}

void SmtpSink::misbehave(const std::string& mode, int count) {
    nlohmann::json control{{"mode", mode}, {"count", count}};
    auto target = std::filesystem::path(directory_) / "control.json";
    auto temporary = target;
    temporary += ".new";
    std::ofstream(temporary) << control.dump();
    std::filesystem::rename(temporary, target);
}

std::vector<nlohmann::json> SmtpSink::messages() const {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(directory_)) {
        auto name = entry.path().filename().string();
        if (name.size() == 9 && name.ends_with(".json")) {  // NNNN.json
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    std::vector<nlohmann::json> messages;
    for (const auto& file : files) {
        messages.push_back(nlohmann::json::parse(read_file(file)));
    }
    return messages;
}

std::vector<nlohmann::json> SmtpSink::transactions() const {
    std::vector<nlohmann::json> lines;
    std::istringstream log(read_file(std::filesystem::path(directory_) / "transactions.jsonl"));
    for (std::string line; std::getline(log, line);) {
        if (!line.empty()) {
            lines.push_back(nlohmann::json::parse(line));
        }
    }
    return lines;
}

std::vector<nlohmann::json> SmtpSink::wait_for(std::size_t count, std::chrono::seconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        auto arrived = messages();
        if (arrived.size() >= count) {
            return arrived;
        }
        if (std::chrono::steady_clock::now() > deadline) {
            throw std::runtime_error("the SMTP sink got " + std::to_string(arrived.size()) +
                                     " message(s), not " + std::to_string(count) + ", in " +
                                     std::to_string(timeout.count()) + " s (" + directory_ + ")");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

std::string header(const nlohmann::json& message, const std::string& lower_case_name) {
    const auto& headers = message.at("headers");
    auto found = headers.find(lower_case_name);
    if (found == headers.end() || found->empty()) {
        return {};
    }
    return found->at(0).get<std::string>();
}

nlohmann::json part(const nlohmann::json& message, const std::string& content_type) {
    for (const auto& entry : message.at("parts")) {
        if (entry.at("content_type") == content_type) {
            return entry;
        }
    }
    return nullptr;
}

std::string attachment_bytes(const nlohmann::json& part) {
    return read_file(part.at("file").get<std::string>());
}

}  // namespace formations::testing

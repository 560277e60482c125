#pragma once
// A real SMTP server for a test: tests/support/smtp_sink.py (aiosmtpd) started on a free port,
// keeping every message it accepts in a folder of test-artifacts/ (mail-XXXXXX/NNNN.eml, and
// NNNN.json with the decoded headers and parts), stopped when the object goes away. It can be
// told to refuse, defer, drop or hang the next transactions. Example:
//   SmtpSink sink;
//   ServerProcess server(db.url(), {{"FORMATIONS_SMTP_URL", sink.url()}});
//   sink.misbehave("tempfail", 2);             // 451 twice, then accept
//   auto messages = sink.wait_for(1);          // the JSON summaries, in arrival order
//   CHECK(messages[0]["headers"]["subject"][0] == "Inscription confirmée – …");

#include <sys/types.h>
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace formations::testing {

class SmtpSink {
  public:
    SmtpSink();
    ~SmtpSink();
    SmtpSink(const SmtpSink&) = delete;
    SmtpSink& operator=(const SmtpSink&) = delete;

    int port() const { return port_; }
    std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
    const std::string& directory() const { return directory_; }

    // The next `count` transactions get `mode`: tempfail, reject, reject_rcpt, drop or hang.
    void misbehave(const std::string& mode, int count);

    // Every message accepted so far, in arrival order.
    std::vector<nlohmann::json> messages() const;
    // Every transaction so far, accepted or not: {"outcome", "rcpt_tos", "message_id"…}.
    std::vector<nlohmann::json> transactions() const;
    // Waits until `count` messages have arrived, polling; throws after `timeout`.
    std::vector<nlohmann::json> wait_for(std::size_t count,
                                         std::chrono::seconds timeout = std::chrono::seconds(60));

  private:
    pid_t pid_ = -1;
    int port_ = 0;
    std::string directory_;
};

// Helpers on a message's JSON summary.
std::string header(const nlohmann::json& message, const std::string& lower_case_name);
// The first part of that content type (text/plain, text/html, application/pdf…), or null.
nlohmann::json part(const nlohmann::json& message, const std::string& content_type);
// The bytes of an attached file.
std::string attachment_bytes(const nlohmann::json& part);

}  // namespace formations::testing

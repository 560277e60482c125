#pragma once
// Sending one message over SMTP with libcurl: its SMTP client (EHLO, STARTTLS, AUTH, MAIL, RCPT,
// DATA with dot-stuffing) and its MIME API (curl_mime_*) for the body: multipart/mixed holding
// multipart/alternative (text/plain, then text/html, both UTF-8 quoted-printable) and the
// attachments in base64. The top-level header fields come from headers.hpp. No MIME is written by
// hand. One call, one connection: the senders of the service call it from their own threads.
// Example:
//   auto result = send_mail({"smtp://127.0.0.1:2525"}, mail);
//   if (result.outcome == Delivery::temporary_failure) { /* retry later */ }

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/domain/clock.hpp"

namespace formations::mail {

struct Attachment {
    std::string file_name;     // ASCII: "FA-2027-00012.pdf"
    std::string content_type;  // "application/pdf"
    std::string bytes;
};

struct Mail {
    std::string from_address;  // every address in its ASCII form (address.hpp)
    std::string from_name;
    std::string reply_to_address;  // may be empty
    std::string reply_to_name;
    std::string to_address;
    std::string to_name;
    std::string subject;
    std::string message_id;  // "<12.Xy…@example.org>"
    Instant date;
    std::string text;  // line ends as "\n": sent as CRLF
    std::string html;
    std::vector<Attachment> attachments;
};

struct SmtpServer {
    // smtp://[user:password@]host[:port] (STARTTLS when the server offers it; required when the
    // URL carries credentials, so a password never travels in clear) or smtps://… (TLS from the
    // first byte, port 465 by default).
    std::string url;
    std::chrono::seconds connect_timeout{10};
    std::chrono::seconds timeout{60};  // the whole exchange
};

enum class Delivery {
    sent,               // the server answered 250 to the end of the data
    temporary_failure,  // a 4xx answer, no answer, a connection lost or refused: try again
    permanent_failure,  // a 5xx answer (recipient refused, message rejected): never again
};

struct SendResult {
    Delivery outcome = Delivery::temporary_failure;
    long smtp_code = 0;  // the server's last answer, 0 without one
    std::string detail;  // for people: what the server or the connection said
};

// Once per process, before any thread sends (curl_global_init).
void initialise_smtp();

// Why `url` cannot be an SMTP server's, or nullopt.
std::optional<std::string> smtp_url_problem(std::string_view url);

SendResult send_mail(const SmtpServer& server, const Mail& mail);

}  // namespace formations::mail

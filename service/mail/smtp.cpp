#include "service/mail/smtp.hpp"

#include <curl/curl.h>
#include <memory>
#include <stdexcept>

#include "service/mail/headers.hpp"

namespace formations::mail {
namespace {

struct EasyDeleter {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct MimeDeleter {
    void operator()(curl_mime* mime) const { curl_mime_free(mime); }
};
struct ListDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
struct UrlDeleter {
    void operator()(CURLU* url) const { curl_url_cleanup(url); }
};

// Owns a curl_slist built entry by entry.
class List {
  public:
    void add(const std::string& entry) {
        auto* grown = curl_slist_append(list_.get(), entry.c_str());
        if (grown == nullptr) {
            throw std::bad_alloc();
        }
        list_.release();
        list_.reset(grown);
    }
    curl_slist* get() const { return list_.get(); }

  private:
    std::unique_ptr<curl_slist, ListDeleter> list_;
};

std::string with_crlf(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 40);
    for (char c : text) {
        if (c == '\r') {
            continue;
        }
        if (c == '\n') {
            out += '\r';
        }
        out += c;
    }
    return out;
}

void add_text_part(curl_mime* mime, const std::string& content, const char* type) {
    curl_mimepart* part = curl_mime_addpart(mime);
    curl_mime_data(part, content.data(), content.size());
    curl_mime_type(part, type);
    curl_mime_encoder(part, "quoted-printable");
}

std::string url_part(CURLU* url, CURLUPart which) {
    char* value = nullptr;
    if (curl_url_get(url, which, &value, 0) != CURLUE_OK || value == nullptr) {
        return {};
    }
    std::string text(value);
    curl_free(value);
    return text;
}

}  // namespace

void initialise_smtp() {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        throw std::runtime_error("libcurl could not be initialised");
    }
}

std::optional<std::string> smtp_url_problem(std::string_view text) {
    std::unique_ptr<CURLU, UrlDeleter> url(curl_url());
    std::string copy(text);
    if (curl_url_set(url.get(), CURLUPART_URL, copy.c_str(), 0) != CURLUE_OK) {
        return "not a URL";
    }
    auto scheme = url_part(url.get(), CURLUPART_SCHEME);
    if (scheme != "smtp" && scheme != "smtps") {
        return "the scheme must be smtp:// or smtps://";
    }
    if (url_part(url.get(), CURLUPART_HOST).empty()) {
        return "no host";
    }
    return std::nullopt;
}

SendResult send_mail(const SmtpServer& server, const Mail& mail) {
    std::unique_ptr<CURL, EasyDeleter> curl(curl_easy_init());
    if (!curl) {
        return {Delivery::temporary_failure, 0, "libcurl could not start a transfer"};
    }
    CURL* handle = curl.get();
    char error[CURL_ERROR_SIZE] = {};
    bool credentials = false;
    {
        std::unique_ptr<CURLU, UrlDeleter> url(curl_url());
        if (curl_url_set(url.get(), CURLUPART_URL, server.url.c_str(), 0) == CURLUE_OK) {
            credentials = !url_part(url.get(), CURLUPART_USER).empty();
        }
    }
    curl_easy_setopt(handle, CURLOPT_URL, server.url.c_str());
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT,
                     static_cast<long>(server.connect_timeout.count()));
    curl_easy_setopt(handle, CURLOPT_TIMEOUT, static_cast<long>(server.timeout.count()));
    // smtps:// is TLS from the start; on smtp:// STARTTLS is used when offered, and required
    // before credentials are sent.
    curl_easy_setopt(
        handle, CURLOPT_USE_SSL,
        credentials ? static_cast<long>(CURLUSESSL_ALL) : static_cast<long>(CURLUSESSL_TRY));

    std::string envelope_from = "<" + mail.from_address + ">";
    curl_easy_setopt(handle, CURLOPT_MAIL_FROM, envelope_from.c_str());
    List recipients;
    recipients.add("<" + mail.to_address + ">");
    curl_easy_setopt(handle, CURLOPT_MAIL_RCPT, recipients.get());

    List headers;
    headers.add("Date: " + rfc5322_date(mail.date));
    headers.add(address_field("From", mail.from_name, mail.from_address));
    if (!mail.reply_to_address.empty()) {
        headers.add(address_field("Reply-To", mail.reply_to_name, mail.reply_to_address));
    }
    headers.add(address_field("To", mail.to_name, mail.to_address));
    headers.add(header_field("Subject", mail.subject));
    headers.add("Message-ID: " + mail.message_id);
    // An automatic message (RFC 3834): out-of-office replies are not sent back to it.
    headers.add("Auto-Submitted: auto-generated");
    headers.add("X-Auto-Response-Suppress: All");
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());

    std::unique_ptr<curl_mime, MimeDeleter> mime(curl_mime_init(handle));
    curl_mime* alternative = curl_mime_init(handle);
    auto text = with_crlf(mail.text);
    auto html = with_crlf(mail.html);
    add_text_part(alternative, text, "text/plain; charset=utf-8");
    add_text_part(alternative, html, "text/html; charset=utf-8");
    curl_mimepart* body = curl_mime_addpart(mime.get());
    curl_mime_subparts(body, alternative);  // owned by `mime` from here
    curl_mime_type(body, "multipart/alternative");
    for (const auto& attachment : mail.attachments) {
        curl_mimepart* part = curl_mime_addpart(mime.get());
        curl_mime_data(part, attachment.bytes.data(), attachment.bytes.size());
        curl_mime_filename(part, attachment.file_name.c_str());
        curl_mime_type(part, attachment.content_type.c_str());
        curl_mime_encoder(part, "base64");
    }
    curl_easy_setopt(handle, CURLOPT_MIMEPOST, mime.get());

    CURLcode code = curl_easy_perform(handle);
    long response = 0;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response);
    if (code == CURLE_OK) {
        return {Delivery::sent, response, "accepted"};
    }
    std::string detail = error[0] != '\0' ? error : curl_easy_strerror(code);
    if (response != 0) {
        detail = "SMTP " + std::to_string(response) + ": " + detail;
    }
    // A refused login is the configuration's fault, not the message's: keep trying.
    if (code != CURLE_LOGIN_DENIED && response >= 500 && response < 600) {
        return {Delivery::permanent_failure, response, detail};
    }
    return {Delivery::temporary_failure, response, detail};
}

}  // namespace formations::mail

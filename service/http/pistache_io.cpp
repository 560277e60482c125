#include "service/http/pistache_io.hpp"

#include <strings.h>
#include <algorithm>
#include <cctype>
#include <sstream>

#include "service/http/front.hpp"

namespace formations::http {

using namespace Pistache;

namespace {

// Pistache 0.0.5 does not write "raw" response headers; this one carries any name and value.
class TextHeader : public Http::Header::Header {
  public:
    TextHeader(std::string name, std::string value)
        : name_(std::move(name)), value_(std::move(value)) {}
    const char* name() const override { return name_.c_str(); }
    void write(std::ostream& stream) const override { stream << value_; }
#ifdef SAFE_HEADER_CAST
    uint64_t hash() const override {
        return 0;
    }
#endif

  private:
    std::string name_;
    std::string value_;
};

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

}  // namespace

Request request_of(const Rest::Request& request, const std::vector<std::string>& params,
                   const TrustedProxies& proxies) {
    Request copy;
    copy.method = Http::methodString(request.method());
    copy.path = request.resource();
    for (const auto& name : params) {
        if (request.hasParam(":" + name)) {
            copy.params[name] = request.param(":" + name).as<std::string>();
        }
    }
    std::vector<std::pair<std::string, std::string>> raw_query;
    const auto& query = request.query();
    for (auto item = query.parameters_begin(); item != query.parameters_end(); ++item) {
        raw_query.emplace_back(item->first, item->second);
    }
    copy.query = query_of(raw_query);
    // Headers Pistache parses (Content-Type, Authorization…) and the others, as text.
    for (const auto& header : request.headers().list()) {
        std::ostringstream value;
        header->write(value);
        copy.headers[lower(header->name())] = value.str();
    }
    // As received, parameters (charset) included.
    if (auto type = request.headers().tryGet<Http::Header::ContentType>();
        type && !type->mime().raw().empty()) {
        copy.headers["content-type"] = type->mime().raw();
    }
    for (const auto& [name, raw] : request.headers().rawList()) {
        copy.headers[lower(name)] = raw.value();
    }
    copy.body = request.body();
    for (const auto& cookie : request.cookies()) {
        copy.cookies.emplace(cookie.name, cookie.value);
    }
    const auto peer = request.address().host();
    copy.client_address = client_address(peer, copy.header("x-real-ip"), proxies);
    copy.over_tls = proxies.trusts(peer) && copy.header("x-forwarded-proto") == "https";
    return copy;
}

std::vector<std::pair<std::string, std::string>> answer_headers(const Reply& reply) {
    auto headers = reply.headers;
    auto add_unless_set = [&headers](const char* name, std::string value) {
        bool set = std::any_of(headers.begin(), headers.end(), [name](const auto& header) {
            return strcasecmp(header.first.c_str(), name) == 0;
        });
        if (!set) {
            headers.emplace_back(name, std::move(value));
        }
    };
    add_unless_set("Content-Type", reply.content_type);
    add_unless_set("X-Content-Type-Options", "nosniff");
    add_unless_set("Referrer-Policy", "no-referrer");
    add_unless_set("X-Frame-Options", "DENY");
    add_unless_set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    add_unless_set("Cache-Control", "no-store");
    return headers;
}

void add_header(Http::ResponseWriter& writer, std::string name, std::string value) {
    writer.headers().add(std::make_shared<TextHeader>(std::move(name), std::move(value)));
}

void send(Http::ResponseWriter& writer, const Reply& reply) {
    for (auto& [name, value] : answer_headers(reply)) {
        add_header(writer, std::move(name), std::move(value));
    }
    auto done = prepare_answer(writer);
    writer.send(static_cast<Http::Code>(reply.status), reply.body)
        .then([done](ssize_t) { done(true); }, [done](std::exception_ptr) { done(false); });
}

}  // namespace formations::http

#include "service/http/pistache_io.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

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

Request request_of(const Rest::Request& request, const std::vector<std::string>& params) {
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
    copy.peer = request.address().host();
    return copy;
}

void send(Http::ResponseWriter& writer, const Reply& reply) {
    auto& headers = writer.headers();
    headers.add(std::make_shared<TextHeader>("Content-Type", reply.content_type));
    headers.add(std::make_shared<TextHeader>("X-Content-Type-Options", "nosniff"));
    headers.add(std::make_shared<TextHeader>("Cache-Control", "no-store"));
    for (const auto& [name, value] : reply.headers) {
        headers.add(std::make_shared<TextHeader>(name, value));
    }
    writer.send(static_cast<Http::Code>(reply.status), reply.body);
}

}  // namespace formations::http

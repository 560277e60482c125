#include "service/http/client_address.hpp"

#include <arpa/inet.h>
#include <charconv>
#include <cstring>

namespace formations::http {
namespace {

using Bytes = std::array<std::uint8_t, 16>;

// IPv4 addresses as IPv4-mapped IPv6 (::ffff:a.b.c.d), so that one comparison serves both.
std::optional<Bytes> address_bytes(std::string_view text) {
    if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
        text = text.substr(1, text.size() - 2);
    }
    if (text.empty() || text.size() > INET6_ADDRSTRLEN) {
        return std::nullopt;
    }
    std::string copy(text);
    Bytes bytes{};
    in_addr v4{};
    if (inet_pton(AF_INET, copy.c_str(), &v4) == 1) {
        bytes[10] = bytes[11] = 0xff;
        std::memcpy(bytes.data() + 12, &v4, 4);
        return bytes;
    }
    in6_addr v6{};
    if (inet_pton(AF_INET6, copy.c_str(), &v6) == 1) {
        std::memcpy(bytes.data(), &v6, 16);
        return bytes;
    }
    return std::nullopt;
}

bool is_v4_mapped(const Bytes& bytes) {
    for (int i = 0; i < 10; ++i) {
        if (bytes[i] != 0) {
            return false;
        }
    }
    return bytes[10] == 0xff && bytes[11] == 0xff;
}

bool same_prefix(const Bytes& a, const Bytes& b, int prefix) {
    for (int bit = 0; bit < prefix; ++bit) {
        auto mask = static_cast<std::uint8_t>(0x80 >> (bit % 8));
        if ((a[bit / 8] & mask) != (b[bit / 8] & mask)) {
            return false;
        }
    }
    return true;
}

}  // namespace

std::optional<std::string> canonical_address(std::string_view text) {
    auto bytes = address_bytes(text);
    if (!bytes) {
        return std::nullopt;
    }
    char out[INET6_ADDRSTRLEN] = {};
    if (is_v4_mapped(*bytes)) {
        inet_ntop(AF_INET, bytes->data() + 12, out, sizeof out);
    } else {
        inet_ntop(AF_INET6, bytes->data(), out, sizeof out);
    }
    return std::string(out);
}

std::optional<TrustedProxies> TrustedProxies::parse(std::string_view list) {
    TrustedProxies proxies;
    while (!list.empty()) {
        auto end = list.find_first_of(", \t");
        auto item = list.substr(0, end);
        list.remove_prefix(end == std::string_view::npos ? list.size() : end + 1);
        if (item.empty()) {
            continue;
        }
        auto slash = item.find('/');
        auto bytes = address_bytes(item.substr(0, slash));
        if (!bytes) {
            return std::nullopt;
        }
        Network network{*bytes, 128};
        if (slash != std::string_view::npos) {
            auto digits = item.substr(slash + 1);
            int prefix = -1;
            auto [at, error] =
                std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
            int max = is_v4_mapped(*bytes) ? 32 : 128;
            if (digits.empty() || error != std::errc() || at != digits.data() + digits.size() ||
                prefix < 0 || prefix > max) {
                return std::nullopt;
            }
            network.prefix = is_v4_mapped(*bytes) ? 96 + prefix : prefix;
        }
        proxies.networks_.push_back(network);
    }
    return proxies;
}

TrustedProxies TrustedProxies::loopback() {
    return parse("127.0.0.0/8, ::1").value();
}

bool TrustedProxies::trusts(std::string_view address) const {
    auto bytes = address_bytes(address);
    if (!bytes) {
        return false;
    }
    for (const auto& network : networks_) {
        if (same_prefix(*bytes, network.bytes, network.prefix)) {
            return true;
        }
    }
    return false;
}

std::string client_address(std::string_view peer_address, const std::optional<std::string>& real_ip,
                           const TrustedProxies& proxies) {
    auto peer = canonical_address(peer_address).value_or(std::string(peer_address));
    if (real_ip && proxies.trusts(peer)) {
        if (auto client = canonical_address(*real_ip)) {
            return *client;
        }
    }
    return peer;
}

}  // namespace formations::http

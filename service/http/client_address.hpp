#pragma once
// Who a request comes from, for rate limits and login throttling: behind nginx every connection
// comes from nginx, which names the client in X-Real-IP; that header is believed only when the
// connection comes from a proxy this service trusts (FORMATIONS_TRUSTED_PROXIES, default the
// loopback addresses), else anybody could claim any address. Example:
//   auto proxies = TrustedProxies::parse("127.0.0.1, ::1, 10.0.0.0/8").value();
//   client_address("127.0.0.1", "203.0.113.7", proxies) == "203.0.113.7"
//   client_address("198.51.100.2", "203.0.113.7", proxies) == "198.51.100.2"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace formations::http {

class TrustedProxies {
  public:
    // Addresses and networks ("10.0.0.0/8", "fd00::/8"), separated by commas or spaces; an empty
    // list trusts nobody. nullopt when an entry is not an IPv4 or IPv6 address or network.
    static std::optional<TrustedProxies> parse(std::string_view list);
    static TrustedProxies loopback();  // 127.0.0.0/8 and ::1

    bool trusts(std::string_view address) const;

  private:
    struct Network {
        std::array<std::uint8_t, 16> bytes{};  // IPv4 as IPv4-mapped IPv6
        int prefix = 128;
    };
    std::vector<Network> networks_;
};

// An IPv4 or IPv6 address in its canonical text form ("::ffff:1.2.3.4" becomes "1.2.3.4",
// "[::1]" becomes "::1"); nullopt when it is not one.
std::optional<std::string> canonical_address(std::string_view text);

// `real_ip` (X-Real-IP) when the peer is trusted and the header holds one address, else the
// peer's address.
std::string client_address(std::string_view peer_address, const std::optional<std::string>& real_ip,
                           const TrustedProxies& proxies);

}  // namespace formations::http

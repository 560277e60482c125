// The pure rules behind the service's defences: who the client is, how long a login waits, when
// two spellings of an organisation's name are the same.
#include <doctest/doctest.h>

#include "service/app/input_rules.hpp"
#include "service/app/login_throttle.hpp"
#include "service/domain/iso8601.hpp"
#include "service/http/client_address.hpp"

using namespace formations;
using std::chrono::seconds;

namespace {

Instant at(const char* text) {
    return parse_instant(text).value();
}

}  // namespace

TEST_CASE("X-Real-IP names the client only when the connection comes from a trusted proxy") {
    auto proxies = http::TrustedProxies::parse("127.0.0.1, ::1 10.0.0.0/8,fd00::/8").value();
    CHECK(http::client_address("127.0.0.1", "203.0.113.7", proxies) == "203.0.113.7");
    CHECK(http::client_address("10.20.30.40", "2001:db8::1", proxies) == "2001:db8::1");
    CHECK(http::client_address("fd12::5", "203.0.113.7", proxies) == "203.0.113.7");
    CHECK(http::client_address("198.51.100.2", "203.0.113.7", proxies) == "198.51.100.2");
    CHECK(http::client_address("11.0.0.1", "203.0.113.7", proxies) == "11.0.0.1");
    // A header that is not one address is ignored; addresses are written one way.
    CHECK(http::client_address("127.0.0.1", "203.0.113.7, 10.0.0.1", proxies) == "127.0.0.1");
    CHECK(http::client_address("127.0.0.1", std::nullopt, proxies) == "127.0.0.1");
    CHECK(http::client_address("::ffff:127.0.0.1", "2001:DB8:0:0::1", proxies) == "2001:db8::1");
    CHECK(http::client_address("[::1]", "203.0.113.7", proxies) == "203.0.113.7");
    // The default trusts loopback only; an empty list nobody.
    auto loopback = http::TrustedProxies::loopback();
    CHECK(loopback.trusts("127.0.0.1"));
    CHECK(loopback.trusts("127.8.9.10"));
    CHECK(loopback.trusts("::1"));
    CHECK(!loopback.trusts("10.0.0.1"));
    CHECK(!http::TrustedProxies::parse("").value().trusts("127.0.0.1"));
    for (const char* wrong : {"localhost", "10.0.0.0/33", "10.0.0.0/", "::/129", "1.2.3", "a/8"}) {
        CHECK_MESSAGE(!http::TrustedProxies::parse(wrong), wrong);
    }
}

TEST_CASE("logins: a few mistakes are free, then each failure doubles the wait") {
    auto last = at("2027-01-10T10:00:00Z");
    app::LoginHistory history;
    history.client_account_last = last;
    history.client_account_failures = 4;
    CHECK(!app::login_allowed_at(history));
    history.client_account_failures = 5;
    CHECK(app::login_allowed_at(history) == last + seconds(30));
    history.client_account_failures = 6;
    CHECK(app::login_allowed_at(history) == last + seconds(60));
    history.client_account_failures = 9;
    CHECK(app::login_allowed_at(history) == last + seconds(480));
    history.client_account_failures = 40;
    CHECK(app::login_allowed_at(history) == last + seconds(900));  // 15 minutes at most
}

TEST_CASE("logins: one address spraying accounts, many addresses on one account") {
    auto last = at("2027-01-10T10:00:00Z");
    app::LoginHistory spray;
    spray.client_failures = 21;
    spray.client_last = last;
    CHECK(app::login_allowed_at(spray) == last + seconds(60));

    app::LoginHistory flood;
    flood.stranger_failures = 10;
    flood.stranger_last = last;
    CHECK(app::login_allowed_at(flood) == last + seconds(1));
    flood.stranger_failures = 500;
    CHECK(app::login_allowed_at(flood) == last + seconds(60));  // a minute at most
    // The account's own address is not concerned by strangers.
    flood.known_client = true;
    CHECK(!app::login_allowed_at(flood));
    // The latest of the rules that apply wins.
    flood.client_account_failures = 6;
    flood.client_account_last = last - seconds(10);
    CHECK(app::login_allowed_at(flood) == last + seconds(50));
}

TEST_CASE("an organisation's name is the same whatever its case, accents and punctuation") {
    CHECK(app::same_organisation_name("cooperative societaire fictive",
                                      "Coopérative Sociétaire Fictive"));
    CHECK(app::same_organisation_name("COOPÉRATIVE  SOCIÉTAIRE-FICTIVE.",
                                      "Coopérative Sociétaire Fictive"));
    CHECK(!app::same_organisation_name("Coopérative Fictive", "Coopérative Sociétaire Fictive"));
    CHECK(!app::same_organisation_name("", ""));
    CHECK(!app::same_organisation_name("  - ", "-"));
}

#include "pricing/waitlist_offer.hpp"

#include <doctest/doctest.h>

#include "service/domain/iso8601.hpp"

using formations::parse_instant;
using formations::pricing::offer_expires_at;
using std::chrono::hours;

namespace {
auto at(const char* text) {
    return parse_instant(text).value();
}
}  // namespace

TEST_CASE("an offer waits the configured time while the session is far") {
    CHECK(offer_expires_at(at("2019-06-02T10:00Z"), hours(48), at("2019-06-26T22:00Z")) ==
          at("2019-06-04T10:00Z"));
    CHECK(offer_expires_at(at("2019-06-02T10:00Z"), hours(24), at("2019-06-26T22:00Z")) ==
          at("2019-06-03T10:00Z"));
}

TEST_CASE("an offer never runs into the session's first day") {
    // Paris, 27 June 2019 00:00 is 26 June 22:00 UTC.
    CHECK(offer_expires_at(at("2019-06-25T10:00Z"), hours(48), at("2019-06-26T22:00Z")) ==
          at("2019-06-26T22:00Z"));
    CHECK(offer_expires_at(at("2019-06-26T19:59Z"), hours(48), at("2019-06-26T22:00Z")) ==
          at("2019-06-26T22:00Z"));
}

TEST_CASE("on the eve or during the course, the person still gets two hours") {
    CHECK(offer_expires_at(at("2019-06-26T21:00Z"), hours(48), at("2019-06-26T22:00Z")) ==
          at("2019-06-26T23:00Z"));
    CHECK(offer_expires_at(at("2019-06-27T09:00Z"), hours(48), at("2019-06-26T22:00Z")) ==
          at("2019-06-27T11:00Z"));
    // Configured shorter than the minimum: the configured time.
    CHECK(offer_expires_at(at("2019-06-27T09:00Z"), hours(1), at("2019-06-26T22:00Z")) ==
          at("2019-06-27T10:00Z"));
}

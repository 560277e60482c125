// The clock, the text forms of dates and instants, and the business time zone (Europe/Paris,
// set by main.cpp of the unit tests) at the moments where dates go wrong: the summer-time
// changes, New Year, 29 February.
#include "service/domain/clock.hpp"

#include <doctest/doctest.h>

#include <boost/date_time/gregorian/gregorian.hpp>

#include "service/domain/iso8601.hpp"
#include "service/domain/time_zone.hpp"

using boost::gregorian::date;
using namespace formations;

namespace {

Instant at(const char* text) {
    auto instant = parse_instant(text);
    REQUIRE(instant.has_value());
    return *instant;
}

std::string paris(const char* text) {
    auto local = local_time(at(text));
    char out[32];
    std::snprintf(out, sizeof out, "%s %02d:%02d:%02d", format_date(local.date).c_str(), local.hour,
                  local.minute, local.second);
    return out;
}

}  // namespace

TEST_CASE("instants: ISO 8601 with Z or an offset, with or without seconds, nothing else") {
    CHECK(format_instant(at("2026-12-31T23:30:00+01:00")) == "2026-12-31T22:30:00Z");
    CHECK(format_instant(at("2026-12-31T23:30+01:00")) == "2026-12-31T22:30:00Z");
    CHECK(format_instant(at("2026-12-31T22:30Z")) == "2026-12-31T22:30:00Z");
    CHECK(format_instant(at("2027-03-28T01:30:00-02:30")) == "2027-03-28T04:00:00Z");
    CHECK(format_instant(at("2028-02-29T12:00:00+01:00")) == "2028-02-29T11:00:00Z");
    for (const char* wrong :
         {"", "2026-12-31", "2026-12-31T23:30", "2026-12-31 23:30:00Z", "2026-12-31t23:30z",
          "2026-12-31T23:30:00.5Z", "2026-12-31T24:00Z", "2026-13-01T00:00Z", "2027-02-29T00:00Z",
          "2026-12-31T23:30+0100", "2026-12-31T23:30:00+01", "26-12-31T23:30Z",
          "2026-12-31T23:30:60Z", "tomorrow"}) {
        CHECK_MESSAGE(!parse_instant(wrong), wrong);
    }
}

TEST_CASE("dates: YYYY-MM-DD exactly, years 2000 to 2100") {
    CHECK(parse_date("2028-02-29") == date(2028, 2, 29));
    CHECK(parse_date("2000-01-01") == date(2000, 1, 1));
    CHECK(parse_date("2100-12-31") == date(2100, 12, 31));
    CHECK(format_date(date(2027, 1, 4)) == "2027-01-04");
    for (const char* wrong :
         {"2027-02-29", "2027-2-28", "2027/02/28", "20270228", "2027-02-28T00", " 2027-02-28",
          "2027-02-28 ", "1399-12-31", "1400-01-01", "1999-12-31", "2101-01-01", "9999-12-31",
          "0219-06-27", "2100-02-29", ""}) {
        CHECK_MESSAGE(!parse_date(wrong), wrong);
    }
    CHECK(parse_instant("2100-12-31T23:59Z"));
    CHECK(!parse_instant("9999-12-31T23:59Z"));
    CHECK(!parse_instant("1999-12-31T23:59Z"));
}

TEST_CASE("New Year in Paris comes an hour before New Year in UTC") {
    CHECK(paris("2026-12-31T22:59:59Z") == "2026-12-31 23:59:59");
    CHECK(paris("2026-12-31T23:00:00Z") == "2027-01-01 00:00:00");
    CHECK(local_date(at("2026-12-31T23:30:00Z")) == date(2027, 1, 1));
    CHECK(local_instant(date(2027, 1, 1), 0, 0) == at("2026-12-31T23:00:00Z"));
}

TEST_CASE("the spring change: 02:00 becomes 03:00 on 28 March 2027") {
    CHECK(paris("2027-03-28T00:59:59Z") == "2027-03-28 01:59:59");
    CHECK(paris("2027-03-28T01:00:00Z") == "2027-03-28 03:00:00");
    CHECK(local_instant(date(2027, 3, 28), 1, 30) == at("2027-03-28T01:30:00+01:00"));
    CHECK(local_instant(date(2027, 3, 28), 3, 30) == at("2027-03-28T03:30:00+02:00"));
    // 02:30 does not exist that night: read with the winter offset, it is 03:30 summer time.
    CHECK(local_instant(date(2027, 3, 28), 2, 30) == at("2027-03-28T03:30:00+02:00"));
    // The business date does not move: the night is still the 28th.
    CHECK(local_date(at("2027-03-28T01:30:00+01:00") + std::chrono::hours(2)) == date(2027, 3, 28));
}

TEST_CASE("the autumn change: 03:00 becomes 02:00 on 31 October 2027") {
    CHECK(paris("2027-10-31T00:59:59Z") == "2027-10-31 02:59:59");
    CHECK(paris("2027-10-31T01:00:00Z") == "2027-10-31 02:00:00");
    // 02:30 happens twice: the first one, in summer time.
    CHECK(local_instant(date(2027, 10, 31), 2, 30) == at("2027-10-31T02:30:00+02:00"));
    CHECK(local_instant(date(2027, 10, 31), 3, 30) == at("2027-10-31T03:30:00+01:00"));
    CHECK(local_instant(date(2027, 10, 31), 23, 59, 59) == at("2027-10-31T22:59:59Z"));
}

TEST_CASE("29 February exists in 2028, and 23:59 Paris is still that day") {
    CHECK(paris("2028-02-29T22:59:00Z") == "2028-02-29 23:59:00");
    CHECK(paris("2028-02-29T23:00:00Z") == "2028-03-01 00:00:00");
}

TEST_CASE("a pinned clock starts at its instant and runs forward") {
    auto clock = Clock::starting_at(at("2026-12-31T23:59:00+01:00"));
    auto first = clock.now();
    auto second = clock.now();
    CHECK(first.today == date(2026, 12, 31));
    CHECK(first.instant >= at("2026-12-31T22:59:00Z"));
    CHECK(second.instant >= first.instant);
    CHECK(second.instant < at("2026-12-31T23:00:00Z"));
    REQUIRE(clock.pinned_start());
    CHECK(format_instant(*clock.pinned_start()) == "2026-12-31T22:59:00Z");
    CHECK_FALSE(Clock::real().pinned_start());
}

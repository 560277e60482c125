#include "pricing/registration_window.hpp"

#include <doctest/doctest.h>

#include <boost/date_time/gregorian/gregorian.hpp>
#include <optional>

using boost::gregorian::date;
using formations::pricing::parse_session_status;
using formations::pricing::registration_open;
using formations::pricing::SessionStatus;
using formations::pricing::to_string;

namespace {

// The June 2019 session of "Créer sa CAE", with registrations closing a week before.
const date starts_on{2019, 6, 27};
const date deadline{2019, 6, 20};

}  // namespace

TEST_CASE("session status codes as stored") {
    CHECK(to_string(SessionStatus::open) == "open");
    CHECK(to_string(SessionStatus::closed) == "closed");
    CHECK(to_string(SessionStatus::cancelled) == "cancelled");

    CHECK(parse_session_status("open") == SessionStatus::open);
    CHECK(parse_session_status("closed") == SessionStatus::closed);
    CHECK(parse_session_status("cancelled") == SessionStatus::cancelled);
    CHECK(parse_session_status("canceled") == std::nullopt);
    CHECK(parse_session_status("Open") == std::nullopt);
    CHECK(parse_session_status("") == std::nullopt);
}

TEST_CASE("an open session accepts registrations up to its deadline day included") {
    CHECK(registration_open(SessionStatus::open, starts_on, deadline, date(2019, 3, 1)));
    CHECK(registration_open(SessionStatus::open, starts_on, deadline, date(2019, 6, 19)));
    CHECK(registration_open(SessionStatus::open, starts_on, deadline, date(2019, 6, 20)));
    CHECK_FALSE(registration_open(SessionStatus::open, starts_on, deadline, date(2019, 6, 21)));
}

TEST_CASE("a session that has started takes no registration, whatever its deadline") {
    // Staff left the deadline on the first day.
    CHECK(registration_open(SessionStatus::open, starts_on, starts_on, date(2019, 6, 26)));
    CHECK_FALSE(registration_open(SessionStatus::open, starts_on, starts_on, date(2019, 6, 27)));
    // Or after the session.
    const date late_deadline{2019, 6, 30};
    CHECK_FALSE(
        registration_open(SessionStatus::open, starts_on, late_deadline, date(2019, 6, 27)));
    CHECK_FALSE(
        registration_open(SessionStatus::open, starts_on, late_deadline, date(2019, 6, 28)));
}

TEST_CASE("a closed or cancelled session takes no registration") {
    const date early{2019, 3, 1};
    CHECK_FALSE(registration_open(SessionStatus::closed, starts_on, deadline, early));
    CHECK_FALSE(registration_open(SessionStatus::cancelled, starts_on, deadline, early));
}

TEST_CASE("a missing date keeps registration closed") {
    const date missing{boost::gregorian::not_a_date_time};
    const date early{2019, 3, 1};
    CHECK_FALSE(registration_open(SessionStatus::open, missing, deadline, early));
    CHECK_FALSE(registration_open(SessionStatus::open, starts_on, missing, early));
    CHECK_FALSE(registration_open(SessionStatus::open, starts_on, deadline, missing));
}

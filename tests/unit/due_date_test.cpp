#include "pricing/due_date.hpp"

#include <doctest/doctest.h>

#include <boost/date_time/gregorian/gregorian.hpp>
#include <stdexcept>

using boost::gregorian::date;
using formations::pricing::invoice_due_date;
using formations::pricing::Tier;
using formations::pricing::withdrawal_period_days;
using formations::pricing::withdrawal_period_end;

namespace {

// The June 2019 session of "Créer sa CAE" ends on 28 June.
const date session_last_day{2019, 6, 28};

}  // namespace

TEST_CASE("the withdrawal period lasts 10 days after signing") {
    CHECK(withdrawal_period_days == 10);
    CHECK(withdrawal_period_end(date(2019, 6, 1)) == date(2019, 6, 11));
    CHECK(withdrawal_period_end(date(2019, 6, 25)) == date(2019, 7, 5));
    CHECK(withdrawal_period_end(date(2019, 12, 27)) == date(2020, 1, 6));
}

TEST_CASE("employers pay 30 days after the invoice by default") {
    const date issued_on{2019, 6, 28};
    CHECK(invoice_due_date(Tier::member, issued_on, session_last_day) == date(2019, 7, 28));
    CHECK(invoice_due_date(Tier::non_member, issued_on, session_last_day) == date(2019, 7, 28));
    // The session dates do not matter for an employer.
    CHECK(invoice_due_date(Tier::member, date(2019, 5, 2), session_last_day) == date(2019, 6, 1));
}

TEST_CASE("employer payment terms are a setting within the legal 60 days") {
    const date issued_on{2019, 6, 28};
    CHECK(invoice_due_date(Tier::member, issued_on, session_last_day, 45) == date(2019, 8, 12));
    CHECK(invoice_due_date(Tier::member, issued_on, session_last_day, 0) == issued_on);
    CHECK(invoice_due_date(Tier::non_member, issued_on, session_last_day, 60) == date(2019, 8, 27));
    CHECK_THROWS_AS(invoice_due_date(Tier::member, issued_on, session_last_day, 61),
                    std::invalid_argument);
    CHECK_THROWS_AS(invoice_due_date(Tier::member, issued_on, session_last_day, -1),
                    std::invalid_argument);
    CHECK_THROWS_AS(invoice_due_date(Tier::self_funded, issued_on, session_last_day, 90),
                    std::invalid_argument);
}

TEST_CASE("a self-funded trainee registered well ahead pays at the end of the course") {
    // Registered (contract signed, invoice issued) on 2 May: the withdrawal period ends on
    // 12 May, long before the course.
    CHECK(invoice_due_date(Tier::self_funded, date(2019, 5, 2), session_last_day) ==
          session_last_day);
}

TEST_CASE("a self-funded trainee registered late pays when the withdrawal period ends") {
    // Registered on 20 June: the withdrawal period runs until 30 June, after the course.
    CHECK(invoice_due_date(Tier::self_funded, date(2019, 6, 20), session_last_day) ==
          date(2019, 6, 30));
    // Exactly 10 days before the last day: both bounds meet.
    CHECK(invoice_due_date(Tier::self_funded, date(2019, 6, 18), session_last_day) ==
          session_last_day);
    // Invoiced after the course.
    CHECK(invoice_due_date(Tier::self_funded, date(2019, 7, 1), session_last_day) ==
          date(2019, 7, 11));
}

TEST_CASE("the employer payment terms never shorten the withdrawal period") {
    CHECK(invoice_due_date(Tier::self_funded, date(2019, 6, 20), session_last_day, 0) ==
          date(2019, 6, 30));
}

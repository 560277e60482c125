#include "pricing/payment_schedule.hpp"

#include <doctest/doctest.h>

#include <boost/date_time/gregorian/gregorian.hpp>
#include <stdexcept>

using boost::gregorian::date;
using formations::pricing::first_payable_day;
using formations::pricing::Instalment;
using formations::pricing::Money;
using formations::pricing::self_funded_schedule;

namespace {
Money cents(std::int64_t value) {
    return Money::from_cents(value);
}
}  // namespace

TEST_CASE("nothing is payable before the withdrawal period's last day is over") {
    CHECK(first_payable_day(date(2019, 6, 1)) == date(2019, 6, 12));
    CHECK(first_payable_day(date(2019, 12, 27)) == date(2020, 1, 7));
}

TEST_CASE("signed well before the course: 30 % when the period ends, the rest day by day") {
    const auto schedule = self_funded_schedule(Money::euros(300), date(2019, 6, 1),
                                               date(2019, 6, 27), date(2019, 6, 28));
    REQUIRE(schedule.size() == 3);
    CHECK(schedule[0] == Instalment{date(2019, 6, 12), Money::euros(90)});
    CHECK(schedule[1] == Instalment{date(2019, 6, 27), Money::euros(105)});
    CHECK(schedule[2] == Instalment{date(2019, 6, 28), Money::euros(105)});
}

TEST_CASE("odd cents: the deposit is rounded down, the last part takes the remainder") {
    const auto schedule =
        self_funded_schedule(cents(100'01), date(2019, 6, 1), date(2019, 6, 26), date(2019, 6, 28));
    REQUIRE(schedule.size() == 4);
    CHECK(schedule[0].amount == cents(30'00));  // 30,003 € → 30,00 €
    CHECK(schedule[1].amount == cents(23'33));
    CHECK(schedule[2].amount == cents(23'33));
    CHECK(schedule[3].amount == cents(23'35));
    Money total;
    for (const auto& instalment : schedule) {
        total += instalment.amount;
    }
    CHECK(total == cents(100'01));
}

TEST_CASE("signed a few days before: the balance waits for the day after the deposit's") {
    // Signed on 20 June: the period runs to 30 June, the course (27–28 June) is over by then.
    const auto schedule = self_funded_schedule(Money::euros(300), date(2019, 6, 20),
                                               date(2019, 6, 27), date(2019, 6, 28));
    REQUIRE(schedule.size() == 2);
    CHECK(schedule[0] == Instalment{date(2019, 7, 1), Money::euros(90)});
    CHECK(schedule[1] == Instalment{date(2019, 7, 2), Money::euros(210)});
}

TEST_CASE("the period ends during the course: earlier days' parts move to after the deposit") {
    // Signed on 15 June: payable from 26 June; course from 25 to 28 June.
    const auto schedule = self_funded_schedule(Money::euros(300), date(2019, 6, 15),
                                               date(2019, 6, 25), date(2019, 6, 28));
    REQUIRE(schedule.size() == 3);
    CHECK(schedule[0] == Instalment{date(2019, 6, 26), Money::euros(90)});
    CHECK(schedule[1] == Instalment{date(2019, 6, 27), cents(157'50)});  // 25, 26 and 27 June
    CHECK(schedule[2] == Instalment{date(2019, 6, 28), cents(52'50)});
}

TEST_CASE("at most 30 % is ever due on the day the period ends") {
    for (int day = 1; day <= 30; ++day) {
        const date signed_on(2019, 6, day);
        const auto schedule = self_funded_schedule(Money::euros(300), signed_on, date(2019, 6, 27),
                                                   date(2019, 6, 28));
        REQUIRE_FALSE(schedule.empty());
        CHECK(schedule.front().due_on == first_payable_day(signed_on));
        CHECK(schedule.front().amount == Money::euros(90));
        for (std::size_t i = 1; i < schedule.size(); ++i) {
            CHECK(schedule[i].due_on > schedule[i - 1].due_on);
        }
    }
}

TEST_CASE("a free course has no schedule; a negative price or reversed dates are refused") {
    CHECK(
        self_funded_schedule(Money::zero(), date(2019, 6, 1), date(2019, 6, 27), date(2019, 6, 28))
            .empty());
    CHECK_THROWS_AS(
        self_funded_schedule(cents(-1), date(2019, 6, 1), date(2019, 6, 27), date(2019, 6, 28)),
        std::invalid_argument);
    CHECK_THROWS_AS(self_funded_schedule(Money::euros(300), date(2019, 6, 1), date(2019, 6, 28),
                                         date(2019, 6, 27)),
                    std::invalid_argument);
}

TEST_CASE("an unsigned contract holds its seat 5 days, never past the registration deadline") {
    using formations::pricing::contract_hold_ends_on;
    CHECK(contract_hold_ends_on(date(2019, 6, 1), date(2019, 6, 26), 5) == date(2019, 6, 6));
    CHECK(contract_hold_ends_on(date(2019, 6, 23), date(2019, 6, 26), 5) == date(2019, 6, 26));
    CHECK(contract_hold_ends_on(date(2019, 12, 30), date(2020, 1, 20), 5) == date(2020, 1, 4));
    // Given by staff after the deadline: the day itself.
    CHECK(contract_hold_ends_on(date(2019, 6, 27), date(2019, 6, 26), 5) == date(2019, 6, 27));
    CHECK(contract_hold_ends_on(date(2019, 6, 1), date(2019, 6, 26), 0) == date(2019, 6, 1));
    CHECK_THROWS_AS(contract_hold_ends_on(date(2019, 6, 1), date(2019, 6, 26), -1),
                    std::invalid_argument);
}

TEST_CASE(
    "a seat is invoiced when its sale is concluded: an employer's at once, a trainee's at "
    "the signature") {
    using formations::pricing::Funding;
    using formations::pricing::invoiced_with_seat;
    CHECK(invoiced_with_seat(Funding::employer, false));
    CHECK(invoiced_with_seat(Funding::employer, true));
    CHECK_FALSE(invoiced_with_seat(Funding::self, false));  // registration, offer, unsigned move
    CHECK(invoiced_with_seat(Funding::self, true));         // the signature, a signed move
}

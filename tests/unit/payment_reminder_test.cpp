#include "pricing/payment_reminder.hpp"

#include <doctest/doctest.h>

#include <boost/date_time/gregorian/gregorian.hpp>

using boost::gregorian::date;
using formations::pricing::payment_reminder_due;

TEST_CASE("payment reminders: the first a cadence after the due date, numbered as sent") {
    auto due = date(2027, 1, 31);
    CHECK(payment_reminder_due(due, std::nullopt, 0, date(2027, 2, 13), 14, 3) == std::nullopt);
    CHECK(payment_reminder_due(due, std::nullopt, 0, date(2027, 2, 14), 14, 3) == 1);
    CHECK(payment_reminder_due(due, date(2027, 2, 14), 1, date(2027, 2, 27), 14, 3) ==
          std::nullopt);
    CHECK(payment_reminder_due(due, date(2027, 2, 14), 1, date(2027, 2, 28), 14, 3) == 2);
    CHECK(payment_reminder_due(due, date(2027, 2, 28), 2, date(2027, 3, 14), 14, 3) == 3);
    CHECK(payment_reminder_due(due, date(2027, 3, 14), 3, date(2027, 6, 1), 14, 3) == std::nullopt);
    CHECK(payment_reminder_due(due, std::nullopt, 0, date(2027, 6, 1), 0, 3) == std::nullopt);
}

TEST_CASE(
    "payment reminders: very late, the next one counts from the previous one, not the due date") {
    auto due = date(2027, 1, 31);
    // Reminded first on 1 June (four months late): not again on the next days...
    CHECK(payment_reminder_due(due, std::nullopt, 0, date(2027, 6, 1), 14, 3) == 1);
    CHECK(payment_reminder_due(due, date(2027, 6, 1), 1, date(2027, 6, 2), 14, 3) == std::nullopt);
    CHECK(payment_reminder_due(due, date(2027, 6, 1), 1, date(2027, 6, 14), 14, 3) == std::nullopt);
    // ...but 14 days after it, then 14 days after the second.
    CHECK(payment_reminder_due(due, date(2027, 6, 1), 1, date(2027, 6, 15), 14, 3) == 2);
    CHECK(payment_reminder_due(due, date(2027, 6, 15), 2, date(2027, 6, 28), 14, 3) ==
          std::nullopt);
    CHECK(payment_reminder_due(due, date(2027, 6, 15), 2, date(2027, 6, 29), 14, 3) == 3);
    // A later instalment (due 28 February) starts its own count.
    CHECK(payment_reminder_due(date(2027, 2, 28), std::nullopt, 0, date(2027, 6, 29), 14, 3) == 1);
}

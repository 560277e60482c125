#include "invoices/french_format.hpp"

#include <doctest/doctest.h>

#include <stdexcept>

using boost::gregorian::date;
using formations::invoices::format_date_fr;
using formations::invoices::format_hours_fr;
using formations::invoices::format_long_date_fr;
using formations::invoices::format_period_fr;

TEST_CASE("a date is printed day/month/year") {
    CHECK(format_date_fr(date(2019, 6, 27)) == "27/06/2019");
    CHECK(format_date_fr(date(2020, 1, 1)) == "01/01/2020");
    CHECK_THROWS_AS(format_date_fr(date()), std::invalid_argument);
}

TEST_CASE("a long date names the month, and the first of a month is 1er") {
    CHECK(format_long_date_fr(date(2019, 6, 27)) == "27 juin 2019");
    CHECK(format_long_date_fr(date(2019, 7, 1)) == "1er juillet 2019");
    CHECK(format_long_date_fr(date(2019, 2, 2)) == "2 février 2019");
    CHECK(format_long_date_fr(date(2019, 8, 15)) == "15 août 2019");
    CHECK(format_long_date_fr(date(2019, 12, 31)) == "31 décembre 2019");
}

TEST_CASE("a session period reads naturally after 'Date de la prestation :'") {
    SUBCASE("one day") {
        CHECK(format_period_fr(date(2019, 6, 27), date(2019, 6, 27)) == "le 27 juin 2019");
        CHECK(format_period_fr(date(2019, 7, 1), date(2019, 7, 1)) == "le 1er juillet 2019");
    }
    SUBCASE("two consecutive days in one month") {
        CHECK(format_period_fr(date(2019, 6, 27), date(2019, 6, 28)) == "27 et 28 juin 2019");
        CHECK(format_period_fr(date(2019, 7, 1), date(2019, 7, 2)) == "1er et 2 juillet 2019");
    }
    SUBCASE("several days in one month") {
        CHECK(format_period_fr(date(2019, 6, 3), date(2019, 6, 7)) == "du 3 au 7 juin 2019");
        CHECK(format_period_fr(date(2019, 6, 1), date(2019, 6, 3)) == "du 1er au 3 juin 2019");
    }
    SUBCASE("across months, even for two consecutive days") {
        CHECK(format_period_fr(date(2019, 6, 30), date(2019, 7, 1)) ==
              "du 30 juin au 1er juillet 2019");
        CHECK(format_period_fr(date(2019, 5, 27), date(2019, 6, 14)) ==
              "du 27 mai au 14 juin 2019");
    }
    SUBCASE("across years") {
        CHECK(format_period_fr(date(2019, 12, 31), date(2020, 1, 1)) ==
              "du 31 décembre 2019 au 1er janvier 2020");
    }
    SUBCASE("refused") {
        CHECK_THROWS_AS(format_period_fr(date(2019, 6, 28), date(2019, 6, 27)),
                        std::invalid_argument);
        CHECK_THROWS_AS(format_period_fr(date(), date(2019, 6, 27)), std::invalid_argument);
    }
}

TEST_CASE("hours have a decimal comma and no useless decimals") {
    CHECK(format_hours_fr(14 * 60) == "14 h");
    CHECK(format_hours_fr(630) == "10,5 h");
    CHECK(format_hours_fr(210) == "3,5 h");
    CHECK(format_hours_fr(45) == "0,75 h");
    CHECK(format_hours_fr(20) == "0,33 h");  // rounded to the hundredth
    CHECK(format_hours_fr(10) == "0,17 h");
    CHECK(format_hours_fr(0) == "0 h");
    CHECK_THROWS_AS(format_hours_fr(-60), std::invalid_argument);
}

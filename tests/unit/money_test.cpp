#include "pricing/money.hpp"

#include <doctest/doctest.h>

#include <concepts>
#include <cstdint>
#include <limits>
#include <stdexcept>

#include "doctest_printers.hpp"

using formations::pricing::format_decimal_comma;
using formations::pricing::format_french;
using formations::pricing::Money;

namespace {

template <typename A, typename B>
concept multipliable = requires(A a, B b) {
    a* b;
};

constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t int64_min = std::numeric_limits<std::int64_t>::min();

}  // namespace

// Multiplying two amounts has no meaning, and a fractional factor would need a rounding rule.
static_assert(!multipliable<Money, Money>);
static_assert(!multipliable<Money, double>);
static_assert(!multipliable<float, Money>);
static_assert(!multipliable<Money, bool>);
static_assert(multipliable<Money, int>);
static_assert(multipliable<std::int64_t, Money>);
// Amounts are not numbers: no implicit conversion either way.
static_assert(!std::convertible_to<std::int64_t, Money>);
static_assert(!std::convertible_to<Money, std::int64_t>);

// Everything but formatting is usable at compile time.
static_assert(Money::euros(3).cents() == 300);
static_assert(Money::euros(1) + Money::from_cents(50) == Money::from_cents(150));
static_assert(3 * Money::euros(500) == Money::euros(1500));
static_assert(Money::zero() == Money{});

TEST_CASE("an amount is a whole number of cents") {
    CHECK(Money::euros(300).cents() == 30000);
    CHECK(Money::from_cents(123450).cents() == 123450);
    CHECK(Money::zero().cents() == 0);
    CHECK(Money{}.cents() == 0);
    CHECK(Money::euros(-5).cents() == -500);
}

TEST_CASE("arithmetic on amounts") {
    CHECK(Money::euros(300) + Money::euros(500) == Money::euros(800));
    CHECK(Money::euros(700) - Money::euros(500) == Money::euros(200));
    CHECK(Money::euros(300) - Money::euros(500) == Money::euros(-200));
    CHECK(-Money::euros(700) == Money::euros(-700));
    CHECK(-Money::zero() == Money::zero());

    Money total = Money::zero();
    total += Money::euros(500);
    total += Money::euros(700);
    total -= Money::from_cents(50);
    CHECK(total == Money::from_cents(119950));

    SUBCASE("scaling by a number of trainees") {
        CHECK(Money::euros(500) * 3 == Money::euros(1500));
        CHECK(3 * Money::euros(500) == Money::euros(1500));
        CHECK(Money::euros(700) * std::int64_t{0} == Money::zero());
        CHECK(Money::euros(300) * -1 == Money::euros(-300));
        CHECK(Money::euros(300) * 2U == Money::euros(600));
    }
}

TEST_CASE("amounts compare by value") {
    CHECK(Money::euros(300) < Money::euros(500));
    CHECK(Money::euros(700) > Money::euros(500));
    CHECK(Money::euros(-1) < Money::zero());
    CHECK(Money::euros(5) == Money::from_cents(500));
    CHECK(Money::euros(5) != Money::from_cents(501));
    CHECK(Money::euros(5) <= Money::from_cents(500));
}

TEST_CASE("overflow throws instead of wrapping") {
    const Money largest = Money::from_cents(int64_max);
    const Money smallest = Money::from_cents(int64_min);

    CHECK_THROWS_AS(largest + Money::from_cents(1), std::overflow_error);
    CHECK_THROWS_AS(smallest - Money::from_cents(1), std::overflow_error);
    CHECK_THROWS_AS(-smallest, std::overflow_error);
    CHECK_THROWS_AS(largest * 2, std::overflow_error);
    CHECK_THROWS_AS(smallest * -1, std::overflow_error);
    CHECK_THROWS_AS(Money::euros(1) * std::numeric_limits<std::uint64_t>::max(),
                    std::overflow_error);
    CHECK_THROWS_AS(Money::euros(int64_max / 10), std::overflow_error);

    Money total = largest;
    CHECK_THROWS_AS(total += Money::from_cents(1), std::overflow_error);

    CHECK(-largest == smallest + Money::from_cents(1));
    CHECK(largest - largest == Money::zero());
}

TEST_CASE("French format for invoices and conventions") {
    CHECK(format_french(Money::euros(300)) == "300,00 €");
    CHECK(format_french(Money::euros(500)) == "500,00 €");
    CHECK(format_french(Money::euros(700)) == "700,00 €");
    CHECK(format_french(Money::zero()) == "0,00 €");
    CHECK(format_french(Money::from_cents(5)) == "0,05 €");
    CHECK(format_french(Money::from_cents(99)) == "0,99 €");
    CHECK(format_french(Money::from_cents(123450)) == "1 234,50 €");
    CHECK(format_french(Money::euros(1000)) == "1 000,00 €");
    CHECK(format_french(Money::euros(999)) == "999,00 €");
    CHECK(format_french(Money::euros(12345)) == "12 345,00 €");
    CHECK(format_french(Money::euros(123456)) == "123 456,00 €");
    CHECK(format_french(Money::from_cents(-123456705)) == "-1 234 567,05 €");
    CHECK(format_french(Money::from_cents(-5)) == "-0,05 €");
    CHECK(format_french(Money::euros(-300)) == "-300,00 €");
}

TEST_CASE("French format uses the UTF-8 euro sign after a plain space") {
    const std::string text = format_french(Money::euros(1));
    CHECK(text == "1,00 \xE2\x82\xAC");
    CHECK(text.size() == 8);
}

TEST_CASE("decimal comma format for CSV and FEC exports") {
    CHECK(format_decimal_comma(Money::from_cents(123450)) == "1234,50");
    CHECK(format_decimal_comma(Money::euros(-300)) == "-300,00");
    CHECK(format_decimal_comma(Money::zero()) == "0,00");
    CHECK(format_decimal_comma(Money::from_cents(7)) == "0,07");
    CHECK(format_decimal_comma(Money::from_cents(-123456705)) == "-1234567,05");
}

TEST_CASE("the extreme amounts format without undefined behaviour") {
    CHECK(format_decimal_comma(Money::from_cents(int64_max)) == "92233720368547758,07");
    CHECK(format_decimal_comma(Money::from_cents(int64_min)) == "-92233720368547758,08");
    CHECK(format_french(Money::from_cents(int64_min)) == "-92 233 720 368 547 758,08 €");
    CHECK(format_french(Money::from_cents(int64_max)) == "92 233 720 368 547 758,07 €");
}

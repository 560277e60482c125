// Money: an amount in euros held as whole cents, so prices and invoice totals never suffer
// floating-point rounding. Example: format_french(Money::euros(300) + Money::from_cents(50))
// == "300,50 €".
#pragma once

#include <compare>
#include <concepts>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

namespace formations::pricing {

class Money {
  public:
    // Zero, so that Money can be a plain member of aggregates and an accumulator start value.
    constexpr Money() = default;

    static constexpr Money from_cents(std::int64_t cents) { return Money{cents}; }

    static constexpr Money euros(std::int64_t euros) {
        std::int64_t cents = 0;
        if (__builtin_mul_overflow(euros, std::int64_t{100}, &cents)) {
            throw std::overflow_error("Money::euros: amount out of range");
        }
        return Money{cents};
    }

    static constexpr Money zero() { return Money{}; }

    constexpr std::int64_t cents() const { return cents_; }

    // Overflow throws rather than wraps: a silently wrong invoice total is worse than a failed
    // request, and signed overflow would be undefined behaviour anyway.
    constexpr Money& operator+=(Money other) {
        if (__builtin_add_overflow(cents_, other.cents_, &cents_)) {
            throw std::overflow_error("Money: addition out of range");
        }
        return *this;
    }

    constexpr Money& operator-=(Money other) {
        if (__builtin_sub_overflow(cents_, other.cents_, &cents_)) {
            throw std::overflow_error("Money: subtraction out of range");
        }
        return *this;
    }

    friend constexpr Money operator+(Money lhs, Money rhs) { return lhs += rhs; }
    friend constexpr Money operator-(Money lhs, Money rhs) { return lhs -= rhs; }
    friend constexpr Money operator-(Money value) { return Money{} - value; }

    // Scaling by a count (quantity of trainees, number of instalments...). A template so that
    // every integer type is range-checked instead of silently converted; bool is not a count.
    template <std::integral N>
    requires(!std::same_as<N, bool>) friend constexpr Money operator*(Money value, N factor) {
        std::int64_t product = 0;
        if (!std::in_range<std::int64_t>(factor) ||
            __builtin_mul_overflow(value.cents_, static_cast<std::int64_t>(factor), &product)) {
            throw std::overflow_error("Money: multiplication out of range");
        }
        return Money{product};
    }

    template <std::integral N>
    requires(!std::same_as<N, bool>) friend constexpr Money operator*(N factor, Money value) {
        return value * factor;
    }

    // A fractional factor would need a rounding rule; make the caller choose one explicitly.
    template <std::floating_point F>
    friend Money operator*(Money, F) = delete;
    template <std::floating_point F>
    friend Money operator*(F, Money) = delete;

    friend constexpr bool operator==(Money, Money) = default;
    friend constexpr std::strong_ordering operator<=>(Money, Money) = default;

  private:
    constexpr explicit Money(std::int64_t cents) : cents_{cents} {}

    std::int64_t cents_ = 0;
};

// As printed on invoices and conventions: "1 234,50 €" (ASCII spaces, so PDFs and e-mails
// render it the same everywhere).
std::string format_french(Money amount);

// As exported to CSV and the FEC, which require a comma decimal separator and nothing else:
// "1234,50", "-300,00".
std::string format_decimal_comma(Money amount);

}  // namespace formations::pricing

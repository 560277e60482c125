#include "pricing/siret.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>

using formations::pricing::Siret;

TEST_CASE("a real SIRET parses") {
    // INSEE's own example: 7th establishment of SIREN 732 829 320.
    const std::optional<Siret> siret = Siret::parse("73282932000074");
    REQUIRE(siret.has_value());
    CHECK(siret->digits() == "73282932000074");
    CHECK(siret->siren() == "732829320");
}

TEST_CASE("a SIRET typed in groups parses to the same digits") {
    const std::optional<Siret> grouped = Siret::parse("732 829 320 00074");
    REQUIRE(grouped.has_value());
    CHECK(grouped->digits() == "73282932000074");
    CHECK(grouped == Siret::parse("73282932000074"));
    CHECK(Siret::parse("732829320 00074").has_value());
    CHECK(Siret::parse("7 3 2 8 2 9 3 2 0 0 0 0 7 4").has_value());
}

TEST_CASE("La Poste establishments follow INSEE's digit-sum exception") {
    // Head office: an ordinary Luhn number.
    const std::optional<Siret> head_office = Siret::parse("35600000000048");
    REQUIRE(head_office.has_value());
    CHECK(head_office->siren() == "356000000");

    // A post office: not Luhn-valid, but its digits add up to 45, a multiple of 5.
    const std::optional<Siret> post_office = Siret::parse("356 000 000 49837");
    REQUIRE(post_office.has_value());
    CHECK(post_office->digits() == "35600000049837");

    // Digit sum 44: neither rule holds.
    CHECK_FALSE(Siret::parse("35600000049836").has_value());
}

TEST_CASE("the digit-sum exception is La Poste's alone") {
    // Digit sums 45 and 60, not Luhn-valid, and not SIREN 356000000.
    CHECK_FALSE(Siret::parse("73282932000081").has_value());
    CHECK_FALSE(Siret::parse("12345678912345").has_value());
}

TEST_CASE("a wrong check digit is rejected") {
    CHECK_FALSE(Siret::parse("73282932000075").has_value());
    CHECK_FALSE(Siret::parse("12345678912345").has_value());
    // Two swapped neighbours, the classic typo Luhn catches.
    CHECK_FALSE(Siret::parse("73282932000047").has_value());
}

TEST_CASE("anything but 14 digits is rejected") {
    CHECK_FALSE(Siret::parse("").has_value());
    CHECK_FALSE(Siret::parse("7328293200007").has_value());    // 13 digits
    CHECK_FALSE(Siret::parse("732829320000740").has_value());  // 15 digits
    CHECK_FALSE(Siret::parse("732829320").has_value());        // a SIREN, not a SIRET
    CHECK_FALSE(Siret::parse("7328293200007A").has_value());
    CHECK_FALSE(Siret::parse("MONACOCONFO001").has_value());
    CHECK_FALSE(Siret::parse("７３２８２９３２０００７４").has_value());  // full-width digits
}

TEST_CASE("only single spaces between digits are cleaned up") {
    CHECK_FALSE(Siret::parse(" 73282932000074").has_value());
    CHECK_FALSE(Siret::parse("73282932000074 ").has_value());
    CHECK_FALSE(Siret::parse("73282932000074\n").has_value());
    CHECK_FALSE(Siret::parse("732  829 320 00074").has_value());
    CHECK_FALSE(Siret::parse("732\t829\t320\t00074").has_value());
    CHECK_FALSE(Siret::parse("732.829.320.00074").has_value());
    CHECK_FALSE(Siret::parse("732-829-320-00074").has_value());
    CHECK_FALSE(Siret::parse("732\xC2\xA0"
                             "829\xC2\xA0"
                             "320\xC2\xA0"
                             "00074")
                    .has_value());
    CHECK_FALSE(Siret::parse("SIRET 73282932000074").has_value());
    CHECK_FALSE(Siret::parse("x73282932000074").has_value());
    CHECK_FALSE(Siret::parse("73282932000074x").has_value());
    CHECK_FALSE(Siret::parse(std::string("73282932000074\0", 15)).has_value());
}

TEST_CASE("two SIRETs are equal when their digits are") {
    CHECK(*Siret::parse("35600000000048") == *Siret::parse("356 000 000 00048"));
    CHECK_FALSE(*Siret::parse("35600000000048") == *Siret::parse("73282932000074"));
}

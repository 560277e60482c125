#include "pricing/price_list.hpp"

#include <doctest/doctest.h>

#include <boost/date_time/gregorian/gregorian.hpp>
#include <optional>
#include <stdexcept>
#include <vector>

#include "doctest_printers.hpp"

using boost::gregorian::date;
using formations::pricing::Money;
using formations::pricing::PriceList;
using formations::pricing::Tariff;
using formations::pricing::Tier;
using formations::pricing::TierPrices;

namespace {

// "Créer sa CAE": the 2019 prices, and a hypothetical increase from 2027.
PriceList creer_sa_cae() {
    return PriceList{{
        Tariff{Tier::non_member, Money::euros(700), date(2019, 1, 1)},
        Tariff{Tier::self_funded, Money::euros(300), date(2019, 1, 1)},
        Tariff{Tier::member, Money::euros(500), date(2019, 1, 1)},
        Tariff{Tier::member, Money::euros(550), date(2027, 1, 1)},
    }};
}

}  // namespace

TEST_CASE("the 2019 prices apply to the 2019 sessions") {
    const PriceList prices = creer_sa_cae();
    const date june_session{2019, 6, 27};
    const date october_session{2019, 10, 24};

    CHECK(prices.price_for(Tier::self_funded, june_session) == Money::euros(300));
    CHECK(prices.price_for(Tier::member, june_session) == Money::euros(500));
    CHECK(prices.price_for(Tier::non_member, june_session) == Money::euros(700));
    CHECK(prices.price_for(Tier::member, october_session) == Money::euros(500));
}

TEST_CASE("a tariff applies from its valid_from day included") {
    const PriceList prices = creer_sa_cae();

    CHECK(prices.price_for(Tier::member, date(2019, 1, 1)) == Money::euros(500));
    CHECK(prices.price_for(Tier::member, date(2018, 12, 31)) == std::nullopt);
}

TEST_CASE("a later tariff replaces the earlier one from its own date") {
    const PriceList prices = creer_sa_cae();

    CHECK(prices.price_for(Tier::member, date(2026, 12, 31)) == Money::euros(500));
    CHECK(prices.price_for(Tier::member, date(2027, 1, 1)) == Money::euros(550));
    CHECK(prices.price_for(Tier::member, date(2030, 6, 1)) == Money::euros(550));
    // The 2027 increase only concerns members; the other 2019 prices still apply.
    CHECK(prices.price_for(Tier::non_member, date(2027, 1, 1)) == Money::euros(700));
}

TEST_CASE("no tariff for a tier means no price, never zero") {
    const PriceList only_members{{Tariff{Tier::member, Money::euros(500), date(2019, 1, 1)}}};

    CHECK(only_members.price_for(Tier::self_funded, date(2019, 6, 27)) == std::nullopt);
    CHECK(PriceList{{}}.price_for(Tier::member, date(2019, 6, 27)) == std::nullopt);
    CHECK(only_members.price_for(Tier::member, date{boost::gregorian::not_a_date_time}) ==
          std::nullopt);
}

TEST_CASE("the order of the tariffs does not matter") {
    const PriceList shuffled{{
        Tariff{Tier::member, Money::euros(550), date(2027, 1, 1)},
        Tariff{Tier::member, Money::euros(500), date(2019, 1, 1)},
        Tariff{Tier::member, Money::euros(520), date(2023, 1, 1)},
    }};

    CHECK(shuffled.price_for(Tier::member, date(2022, 12, 31)) == Money::euros(500));
    CHECK(shuffled.price_for(Tier::member, date(2023, 1, 1)) == Money::euros(520));
    CHECK(shuffled.price_for(Tier::member, date(2027, 1, 1)) == Money::euros(550));

    const std::vector<Tariff>& sorted = shuffled.tariffs();
    REQUIRE(sorted.size() == 3);
    CHECK(sorted[0].valid_from == date(2019, 1, 1));
    CHECK(sorted[2].valid_from == date(2027, 1, 1));
}

TEST_CASE("prices of all tiers on one day") {
    const PriceList prices = creer_sa_cae();

    CHECK(prices.prices_on(date(2019, 6, 27)) == TierPrices{.self_funded = Money::euros(300),
                                                            .member = Money::euros(500),
                                                            .non_member = Money::euros(700)});
    CHECK(prices.prices_on(date(2027, 3, 1)) == TierPrices{.self_funded = Money::euros(300),
                                                           .member = Money::euros(550),
                                                           .non_member = Money::euros(700)});
    CHECK(prices.prices_on(date(2018, 6, 1)) == TierPrices{});
}

TEST_CASE("a free course is a price, a negative one is a mistake") {
    const PriceList free{{Tariff{Tier::member, Money::zero(), date(2019, 1, 1)}}};
    CHECK(free.price_for(Tier::member, date(2019, 6, 27)) == Money::zero());

    CHECK_THROWS_AS(PriceList({Tariff{Tier::member, Money::euros(-500), date(2019, 1, 1)}}),
                    std::invalid_argument);
}

TEST_CASE("an ambiguous price list is rejected") {
    SUBCASE("two tariffs of one tier on the same day") {
        CHECK_THROWS_AS(PriceList({
                            Tariff{Tier::member, Money::euros(500), date(2019, 1, 1)},
                            Tariff{Tier::member, Money::euros(550), date(2019, 1, 1)},
                        }),
                        std::invalid_argument);
    }
    SUBCASE("a tariff without a start date") {
        CHECK_THROWS_AS(PriceList({Tariff{Tier::member, Money::euros(500),
                                          date{boost::gregorian::not_a_date_time}}}),
                        std::invalid_argument);
    }
    SUBCASE("different tiers may start on the same day") {
        CHECK_NOTHROW(creer_sa_cae());
    }
}

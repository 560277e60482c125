#include "pricing/price_list.hpp"

#include <algorithm>
#include <boost/date_time/gregorian/gregorian.hpp>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>

namespace formations::pricing {

PriceList::PriceList(std::vector<Tariff> tariffs) : tariffs_{std::move(tariffs)} {
    for (const Tariff& tariff : tariffs_) {
        if (tariff.valid_from.is_special()) {
            throw std::invalid_argument("tariff for " + std::string{to_string(tariff.tier)} +
                                        " has no valid_from date");
        }
        if (tariff.amount < Money::zero()) {
            throw std::invalid_argument("tariff for " + std::string{to_string(tariff.tier)} +
                                        " has a negative amount");
        }
    }
    std::sort(tariffs_.begin(), tariffs_.end(), [](const Tariff& a, const Tariff& b) {
        return std::tie(a.tier, a.valid_from) < std::tie(b.tier, b.valid_from);
    });
    const auto duplicate =
        std::adjacent_find(tariffs_.begin(), tariffs_.end(), [](const Tariff& a, const Tariff& b) {
            return a.tier == b.tier && a.valid_from == b.valid_from;
        });
    if (duplicate != tariffs_.end()) {
        throw std::invalid_argument(
            "two tariffs for " + std::string{to_string(duplicate->tier)} + " start on " +
            boost::gregorian::to_iso_extended_string(duplicate->valid_from));
    }
}

std::optional<Money> PriceList::price_for(Tier tier, boost::gregorian::date on) const {
    // Comparisons with not_a_date_time are not meaningful; no date, no price.
    if (on.is_not_a_date()) {
        return std::nullopt;
    }
    std::optional<Money> price;
    // Sorted by valid_from within a tier, so the last match is the latest applicable tariff.
    for (const Tariff& tariff : tariffs_) {
        if (tariff.tier == tier && tariff.valid_from <= on) {
            price = tariff.amount;
        }
    }
    return price;
}

TierPrices PriceList::prices_on(boost::gregorian::date on) const {
    return TierPrices{
        .self_funded = price_for(Tier::self_funded, on),
        .member = price_for(Tier::member, on),
        .non_member = price_for(Tier::non_member, on),
    };
}

}  // namespace formations::pricing

// PriceList: the dated tariffs of one course, answering "what did this tier pay on that day",
// since tariffs change by year and a registration freezes the price of its own date.
// Example: PriceList{{{Tier::member, Money::euros(500), date(2019, 1, 1)}}}
//              .price_for(Tier::member, date(2019, 6, 27)) == Money::euros(500).
#pragma once

#include <boost/date_time/gregorian/gregorian_types.hpp>
#include <optional>
#include <vector>

#include "pricing/money.hpp"
#include "pricing/tier.hpp"

namespace formations::pricing {

struct Tariff {
    Tier tier;
    Money amount;
    boost::gregorian::date valid_from;

    friend bool operator==(const Tariff&, const Tariff&) = default;
};

// nullopt where the course has no tariff yet for that tier on that day: a registration cannot
// be priced and must be refused rather than priced at zero.
struct TierPrices {
    std::optional<Money> self_funded;
    std::optional<Money> member;
    std::optional<Money> non_member;

    friend bool operator==(const TierPrices&, const TierPrices&) = default;
};

class PriceList {
  public:
    // Throws std::invalid_argument for a tariff whose valid_from is not a calendar day, with a
    // negative amount, or when two tariffs of one tier start on the same day: each of those would
    // make the price of a day ambiguous, and a price list is staff data worth rejecting loudly.
    explicit PriceList(std::vector<Tariff> tariffs);

    // The tariff of that tier with the latest valid_from on or before `on`.
    std::optional<Money> price_for(Tier tier, boost::gregorian::date on) const;

    TierPrices prices_on(boost::gregorian::date on) const;

    // Sorted by tier, then valid_from.
    const std::vector<Tariff>& tariffs() const { return tariffs_; }

  private:
    std::vector<Tariff> tariffs_;
};

}  // namespace formations::pricing

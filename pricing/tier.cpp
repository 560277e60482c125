#include "pricing/tier.hpp"

namespace formations::pricing {

std::string_view to_string(Tier tier) {
    switch (tier) {
        case Tier::self_funded:
            return "self_funded";
        case Tier::member:
            return "member";
        case Tier::non_member:
            return "non_member";
    }
    // Only reachable with a value cast from an out-of-range integer.
    return "";
}

std::string_view to_string(Funding funding) {
    switch (funding) {
        case Funding::self:
            return "self";
        case Funding::employer:
            return "employer";
    }
    return "";
}

std::string_view to_string(MembershipStatus status) {
    switch (status) {
        case MembershipStatus::societaire:
            return "societaire";
        case MembershipStatus::candidate:
            return "candidate";
        case MembershipStatus::none:
            return "none";
    }
    return "";
}

std::optional<Tier> parse_tier(std::string_view code) {
    for (const Tier tier : {Tier::self_funded, Tier::member, Tier::non_member}) {
        if (code == to_string(tier)) {
            return tier;
        }
    }
    return std::nullopt;
}

std::optional<Funding> parse_funding(std::string_view code) {
    for (const Funding funding : {Funding::self, Funding::employer}) {
        if (code == to_string(funding)) {
            return funding;
        }
    }
    return std::nullopt;
}

std::optional<MembershipStatus> parse_membership_status(std::string_view code) {
    for (const MembershipStatus status :
         {MembershipStatus::societaire, MembershipStatus::candidate, MembershipStatus::none}) {
        if (code == to_string(status)) {
            return status;
        }
    }
    return std::nullopt;
}

Tier derive_tier(Funding funding, std::optional<MembershipStatus> employer_status) {
    if (funding == Funding::self) {
        return Tier::self_funded;
    }
    if (employer_status == MembershipStatus::societaire ||
        employer_status == MembershipStatus::candidate) {
        return Tier::member;
    }
    return Tier::non_member;
}

}  // namespace formations::pricing

#include "pricing/tier.hpp"

#include <doctest/doctest.h>

#include <optional>

using formations::pricing::derive_tier;
using formations::pricing::Funding;
using formations::pricing::MembershipStatus;
using formations::pricing::parse_funding;
using formations::pricing::parse_membership_status;
using formations::pricing::parse_tier;
using formations::pricing::Tier;
using formations::pricing::to_string;

TEST_CASE("tier codes as stored") {
    CHECK(to_string(Tier::self_funded) == "self_funded");
    CHECK(to_string(Tier::member) == "member");
    CHECK(to_string(Tier::non_member) == "non_member");

    CHECK(parse_tier("self_funded") == Tier::self_funded);
    CHECK(parse_tier("member") == Tier::member);
    CHECK(parse_tier("non_member") == Tier::non_member);

    CHECK(parse_tier("") == std::nullopt);
    CHECK(parse_tier("Member") == std::nullopt);
    CHECK(parse_tier("member ") == std::nullopt);
    CHECK(parse_tier("non-member") == std::nullopt);
    CHECK(parse_tier("autofinancant") == std::nullopt);
}

TEST_CASE("funding codes as stored") {
    CHECK(to_string(Funding::self) == "self");
    CHECK(to_string(Funding::employer) == "employer");

    CHECK(parse_funding("self") == Funding::self);
    CHECK(parse_funding("employer") == Funding::employer);
    CHECK(parse_funding("EMPLOYER") == std::nullopt);
    CHECK(parse_funding("opco") == std::nullopt);
}

TEST_CASE("membership status codes as stored") {
    CHECK(to_string(MembershipStatus::societaire) == "societaire");
    CHECK(to_string(MembershipStatus::candidate) == "candidate");
    CHECK(to_string(MembershipStatus::none) == "none");

    CHECK(parse_membership_status("societaire") == MembershipStatus::societaire);
    CHECK(parse_membership_status("candidate") == MembershipStatus::candidate);
    CHECK(parse_membership_status("none") == MembershipStatus::none);
    CHECK(parse_membership_status("sociétaire") == std::nullopt);
    CHECK(parse_membership_status("member") == std::nullopt);
}

TEST_CASE("every code parses back to its value") {
    for (const Tier tier : {Tier::self_funded, Tier::member, Tier::non_member}) {
        CHECK(parse_tier(to_string(tier)) == tier);
    }
    for (const Funding funding : {Funding::self, Funding::employer}) {
        CHECK(parse_funding(to_string(funding)) == funding);
    }
    for (const MembershipStatus status :
         {MembershipStatus::societaire, MembershipStatus::candidate, MembershipStatus::none}) {
        CHECK(parse_membership_status(to_string(status)) == status);
    }
}

TEST_CASE("a trainee paying for themself is self-funded, whoever their employer is") {
    CHECK(derive_tier(Funding::self, std::nullopt) == Tier::self_funded);
    CHECK(derive_tier(Funding::self, MembershipStatus::societaire) == Tier::self_funded);
    CHECK(derive_tier(Funding::self, MembershipStatus::candidate) == Tier::self_funded);
    CHECK(derive_tier(Funding::self, MembershipStatus::none) == Tier::self_funded);
}

TEST_CASE("an employer that is a sociétaire or a candidate pays the member price") {
    CHECK(derive_tier(Funding::employer, MembershipStatus::societaire) == Tier::member);
    CHECK(derive_tier(Funding::employer, MembershipStatus::candidate) == Tier::member);
}

TEST_CASE("any other employer pays the non-member price") {
    CHECK(derive_tier(Funding::employer, MembershipStatus::none) == Tier::non_member);
    // Not found in the member directory at all.
    CHECK(derive_tier(Funding::employer, std::nullopt) == Tier::non_member);
}

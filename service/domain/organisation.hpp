#pragma once
// The member directory: an organisation, what staff set on it, and how a list is filtered.

#include <cstdint>
#include <optional>
#include <string>

#include "pricing/tier.hpp"

namespace formations::domain {

struct Organisation {
    std::int64_t id = 0;
    std::string siret;  // 14 digits, the identity of the row
    std::string name;
    std::string address;  // may be empty; lines separated by \n
    pricing::MembershipStatus status = pricing::MembershipStatus::none;
    std::string created_at;  // ISO 8601, UTC
    std::string updated_at;
};

// What staff set; the SIRET only when the row is created.
struct OrganisationFields {
    std::string siret;
    std::string name;
    std::string address;
    pricing::MembershipStatus status = pricing::MembershipStatus::none;
};

struct OrganisationFilter {
    std::string text;  // part of the name (any case) or start of the SIRET; empty: all
    std::optional<pricing::MembershipStatus> status;
    int limit = 50;
    int offset = 0;
};

}  // namespace formations::domain

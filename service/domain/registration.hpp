#pragma once
// A registration as use cases read it: the trainee as they gave their details for it, who pays,
// the tier and the price frozen when it was made, where it stands.

#include <cstdint>
#include <optional>
#include <string>

#include "pricing/tier.hpp"

namespace formations::domain {

struct Trainee {
    std::string first_name;
    std::string last_name;
    std::string email;
    std::optional<std::string> phone;
    std::optional<std::string> address;
};

struct Employer {
    std::string siret;
    std::string name;
    std::string address;
    std::optional<std::int64_t> organisation_id;  // set when found in the member directory
};

struct Registration {
    std::int64_t id = 0;
    std::int64_t session_id = 0;
    std::string token;
    Trainee trainee;
    pricing::Funding funding = pricing::Funding::self;
    std::optional<Employer> employer;
    pricing::Tier tier = pricing::Tier::self_funded;
    std::int64_t price_cents = 0;
    std::string status;  // confirmed / waitlisted / cancelled
    std::optional<std::int64_t> waitlist_order;
    std::string created_status;  // what the first answer said: confirmed / waitlisted
    std::optional<int> created_waitlist_position;
    std::optional<std::string> idempotency_fingerprint;
    std::string created_at;  // ISO 8601, UTC
};

}  // namespace formations::domain

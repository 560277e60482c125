// Tier: which of the three price levels a registration pays, derived from who pays and the
// employer's membership, never ticked by the trainee.
// Example: derive_tier(Funding::employer, MembershipStatus::candidate) == Tier::member.
#pragma once

#include <optional>
#include <string_view>

namespace formations::pricing {

enum class Tier { self_funded, member, non_member };

// Who pays for the training: the trainee themself or their employer.
enum class Funding { self, employer };

// An employer's status in the member directory; candidates already pay the member price.
enum class MembershipStatus { societaire, candidate, none };

// The codes are the ones stored in the database and exchanged over the API; keep them stable.
std::string_view to_string(Tier tier);
std::string_view to_string(Funding funding);
std::string_view to_string(MembershipStatus status);

// Exact, case-sensitive codes only: a lenient parser would let typos reach the database.
std::optional<Tier> parse_tier(std::string_view code);
std::optional<Funding> parse_funding(std::string_view code);
std::optional<MembershipStatus> parse_membership_status(std::string_view code);

// employer_status is nullopt when the employer is not in the member directory at all, which
// prices like a non-member. A self-funded trainee pays the self-funded price even if their
// employer is a member, because the employer is not the one paying.
Tier derive_tier(Funding funding, std::optional<MembershipStatus> employer_status);

}  // namespace formations::pricing

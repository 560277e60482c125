#pragma once
// How much an anonymous client may ask of the public endpoints that cost something, counted in
// the database per client address (http/client_address.hpp) so that every instance shares the
// count. nginx limits the same endpoints per address in the short run (a burst, then a rate:
// deploy/nginx/formations); these are the service's own ceilings over an hour, which hold when
// nginx is not in front and which no honest person reaches: a family or a company registering
// its team makes a handful of registrations, a person filling the form a few dozen quotes.
// Only a SHA-256 of each address is stored (tokens.hpp: client_key), for a day. Example:
//   if (auto refused = admit(db, clock, limits.registrations, request.client_address); !refused)
//       return refused.error();  // 429 too_many_requests, Retry-After

#include <chrono>
#include <string>

#include "service/app/use_case.hpp"

namespace formations::app {

struct RateLimit {
    std::string scope;
    int requests = 0;
    std::chrono::seconds window{0};
};

// The ceilings in force (FORMATIONS_REGISTRATIONS_PER_HOUR, FORMATIONS_QUOTES_PER_HOUR,
// FORMATIONS_COMPLAINTS_PER_HOUR, FORMATIONS_LOST_LINKS_PER_HOUR; a benchmark or a test of
// something else may raise them).
struct RateLimits {
    RateLimit registrations{"registration", 20, std::chrono::hours(1)};
    RateLimit quotes{"quote", 200, std::chrono::hours(1)};
    // The public complaint form: a person writes one, perhaps a second about the same matter.
    RateLimit complaints{"complaint", 5, std::chrono::hours(1)};
    // "Retrouver mon inscription" (mail.hpp): per client, and per e-mail address asked about
    // (also counted under client_key), so that nobody fills a mailbox with these messages.
    RateLimit lost_links{"lost_link", 10, std::chrono::hours(1)};
    RateLimit lost_links_per_address{"lost_link_address", 3, std::chrono::hours(1)};
};

// Counts the request and lets it through, or refuses it (not counted) with 429
// `too_many_requests` and when to try again. A limit of 0 requests lets everything through.
Result<Done> admit(storage::Database& db, const Clock& clock, const RateLimit& limit,
                   const std::string& client);

}  // namespace formations::app

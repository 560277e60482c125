#pragma once
// Inside the app only: the per-client count of rate_limits.hpp inside a use case's own
// transaction, so that several limits on one request (the lost-link form's per client and per
// address) are counted together or not at all: a refusal rolls the transaction back.

#include <string>

#include "service/app/rate_limits.hpp"
#include "service/storage/database.hpp"

namespace formations::app::detail {

// Counts one request of `key` (a client address, an e-mail address asked about) against `limit`,
// stored as its client_key (tokens.hpp), or refuses it with 429 `too_many_requests` and when to
// try again (Error::retry_after_seconds). A limit of 0 requests lets everything through.
Result<Done> admit(soci::session& sql, Instant now, const RateLimit& limit, const std::string& key);

}  // namespace formations::app::detail

#pragma once
// What the limits on anonymous use count (app/rate_limits.hpp, the registration cap per
// employer): requests per client, and registrations made anonymously for an employer.

#include <cstdint>
#include <optional>
#include <string>

#include "service/domain/clock.hpp"
#include "service/storage/database.hpp"

namespace formations::storage {

struct ClientRequests {
    int count = 0;                  // since the given instant
    std::optional<Instant> oldest;  // the oldest of them
};
// Serialises the requests of one client in one scope across processes (a transaction-scoped
// advisory lock, so that concurrent requests cannot all pass the count), then counts them.
// `client`: what is kept of its address (app/tokens.hpp: client_key).
ClientRequests lock_client_requests_since(soci::session& sql, const std::string& scope,
                                          const std::string& client, Instant since);
// Records one, and deletes those (of any scope) recorded before `purge_before`.
void record_client_request(soci::session& sql, const std::string& scope, const std::string& client,
                           Instant at, Instant purge_before);

}  // namespace formations::storage

#include "service/app/rate_limits.hpp"

#include "service/app/detail/rate_limits.hpp"
#include "service/app/tokens.hpp"
#include "service/storage/limits_repository.hpp"

namespace formations::app {
namespace {

// No rate counts further back; older rows are purged.
constexpr std::chrono::hours kept{24};

}  // namespace

namespace detail {

Result<Done> admit(soci::session& sql, Instant now, const RateLimit& limit,
                   const std::string& client) {
    if (limit.requests <= 0) {
        return Done{};
    }
    const auto key = client_key(client);
    auto recent = storage::lock_client_requests_since(sql, limit.scope, key, now - limit.window);
    if (recent.count >= limit.requests) {
        auto free_at = recent.oldest.value_or(now) + limit.window;
        auto wait = std::chrono::ceil<std::chrono::seconds>(free_at - now);
        Error error{ErrorCategory::too_many_requests,
                    "too_many_requests",
                    "Trop de demandes depuis votre adresse : veuillez réessayer plus tard.",
                    {},
                    {}};
        error.retry_after_seconds = std::max(1, static_cast<int>(wait.count()));
        return error;
    }
    storage::record_client_request(sql, limit.scope, key, now, now - kept);
    return Done{};
}

}  // namespace detail

Result<Done> admit(storage::Database& db, const Clock& clock, const RateLimit& limit,
                   const std::string& client) {
    if (limit.requests <= 0) {
        return Done{};
    }
    const auto now = clock.now();
    return db.transact([&](soci::session& sql) -> Result<Done> {
        return detail::admit(sql, now.instant, limit, client);
    });
}

}  // namespace formations::app

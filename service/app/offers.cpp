#include "service/app/detail/offers.hpp"

#include <stdexcept>

#include "pricing/waitlist_offer.hpp"
#include "service/app/detail/outbox.hpp"
#include "service/app/detail/registration_key.hpp"
#include "service/app/detail/seats.hpp"
#include "service/domain/iso8601.hpp"
#include "service/domain/time_zone.hpp"
#include "service/storage/audit_repository.hpp"
#include "service/storage/offer_repository.hpp"
#include "service/storage/registration_repository.hpp"
#include "service/storage/session_repository.hpp"

namespace formations::app::detail {

std::optional<Error> offer_free_seats(soci::session& sql, const invoices::BillingSettings& billing,
                                      const domain::Session& session, const Now& now) {
    const auto expires_at =
        pricing::offer_expires_at(now.instant, std::chrono::hours(billing.offer_hours),
                                  local_instant(session.starts_on, 0, 0));
    while (auto waiting = storage::next_in_line(sql, session.id)) {
        storage::offer_seat(sql, waiting->id, session.id, now.instant, expires_at);
        auto offered = storage::find_registration_by_id(sql, waiting->id);
        if (!offered) {
            return Error::internal("registration " + std::to_string(waiting->id) + " vanished");
        }
        storage::audit_registration(sql, {"system", now.instant}, "registration.offered", &*waiting,
                                    *offered);
        auto facts = registration_facts(sql, *offered, session);
        facts.offer_expires_at = format_instant(expires_at);
        notify(sql, now, "system", domain::MessageKind::seat_offered, *offered, facts);
    }
    return std::nullopt;
}

std::vector<std::int64_t> expired_offers(soci::session& sql, const Now& now) {
    return storage::expired_offers(sql, now.instant);
}

bool expire_offer(soci::session& sql, const invoices::BillingSettings& billing, const Clock& clock,
                  const Now& now, std::int64_t registration_id) {
    auto locked = lock_with_session(sql, registration_id);
    if (!locked || locked->registration.status != "offered") {
        return false;  // answered, cancelled or moved meanwhile
    }
    const auto& [registration, session] = locked.value();
    auto offer = storage::latest_offer(sql, registration_id);
    if (!offer || offer->outcome) {
        return false;
    }
    auto expires_at = parse_instant(offer->expires_at);
    if (!expires_at || *expires_at > now.instant) {
        return false;
    }
    storage::close_offer(sql, registration_id, "expired", now.instant);
    Canceller canceller{"system", false, domain::MessageKind::offer_expired, Fee::none};
    canceller.offer_expires_at = offer->expires_at;
    if (auto error = cancel_locked(sql, billing, clock, registration, session, now, canceller)) {
        throw std::runtime_error("expiring the offer of registration " +
                                 std::to_string(registration_id) + ": " + error->message);
    }
    return true;
}

}  // namespace formations::app::detail

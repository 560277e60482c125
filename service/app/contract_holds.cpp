#include "service/app/detail/contract_holds.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "invoices/training_contract.hpp"
#include "pricing/payment_schedule.hpp"
#include "service/app/detail/registration_key.hpp"
#include "service/app/detail/seats.hpp"
#include "service/domain/iso8601.hpp"
#include "service/domain/time_zone.hpp"
#include "service/storage/contract_repository.hpp"
#include "service/storage/registration_repository.hpp"
#include "service/storage/session_repository.hpp"

namespace formations::app::detail {

std::vector<std::int64_t> unsigned_seats_past_hold(soci::session& sql, const Now& now,
                                                   int hold_days) {
    std::vector<std::int64_t> past;
    if (hold_days <= 0) {
        return past;
    }
    for (const auto& seat : storage::unsigned_contract_seats(sql)) {
        const auto ends_on = pricing::contract_hold_ends_on(local_date(seat.confirmed_at),
                                                            seat.registration_deadline, hold_days);
        if (now.today > ends_on) {
            past.push_back(seat.registration_id);
        }
    }
    return past;
}

bool release_unsigned_seat(soci::session& sql, const invoices::BillingSettings& billing,
                           const Clock& clock, const Now& now, std::int64_t registration_id) {
    auto locked = lock_with_session(sql, registration_id);
    // Read again under the locks: signed, cancelled or moved meanwhile, it stays as it is.
    if (!locked || locked->registration.status != "confirmed" ||
        storage::find_contract_signature(sql, registration_id)) {
        return false;
    }
    const auto& [registration, session] = locked.value();
    if (auto error =
            cancel_locked(sql, billing, clock, registration, session, now,
                          {"system", false, domain::MessageKind::seat_released, Fee::none})) {
        throw std::runtime_error("releasing seat " + std::to_string(registration_id) + ": " +
                                 error->message);
    }
    return true;
}

std::optional<boost::gregorian::date> contract_signed_on(soci::session& sql,
                                                         std::int64_t registration_id) {
    auto signature = storage::find_contract_signature(sql, registration_id);
    if (!signature) {
        return std::nullopt;
    }
    auto signed_at = parse_instant(signature->signed_at);
    if (!signed_at) {
        throw std::runtime_error("unreadable signed_at: " + signature->signed_at);
    }
    return local_date(*signed_at);
}

std::optional<SignedContract> signed_contract(soci::session& sql, std::int64_t registration_id) {
    auto signed_on = contract_signed_on(sql, registration_id);
    auto contract = signed_on ? storage::find_contract(sql, registration_id) : std::nullopt;
    if (!contract) {
        return std::nullopt;
    }
    const auto terms =
        invoices::training_contract_from_json(nlohmann::json::parse(contract->snapshot));
    return SignedContract{*signed_on, terms.starts_on, terms.ends_on};
}

}  // namespace formations::app::detail

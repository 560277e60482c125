#pragma once
// Inside the app only: the registration a RegistrationKey names (the trainee's token, or the id
// staff use), read in the caller's transaction, and the same locked with its session.

#include <optional>
#include <variant>

#include "service/app/registrations.hpp"
#include "service/storage/registration_repository.hpp"
#include "service/storage/session_repository.hpp"

namespace formations::app::detail {

inline std::optional<domain::Registration> registration_by_key(
    soci::session& sql, const RegistrationKey& key, storage::Lock lock = storage::Lock::none) {
    return std::holds_alternative<std::string>(key)
               ? storage::find_registration_by_token(sql, std::get<std::string>(key), lock)
               : storage::find_registration_by_id(sql, std::get<std::int64_t>(key), lock);
}

struct LockedRegistration {
    domain::Registration registration;
    domain::Session session;
};

// The registration and its session, locked in the order of every seat decision (the session's
// row, then the registration's) and read again under the locks. Errors: registration_not_found,
// conflict (moved to another session between the two reads: the caller may simply retry).
inline Result<LockedRegistration> lock_with_session(soci::session& sql,
                                                    const RegistrationKey& key) {
    auto unlocked = registration_by_key(sql, key);
    if (!unlocked) {
        return registration_not_found();
    }
    auto session = storage::find_session(sql, unlocked->session_id, /*lock=*/true);
    auto registration = registration_by_key(sql, key, storage::Lock::for_update);
    if (!session || !registration || registration->session_id != session->id) {
        return Error::conflict("conflict", "L'inscription vient d'être modifiée. Réessayez.");
    }
    return LockedRegistration{std::move(*registration), std::move(*session)};
}

}  // namespace formations::app::detail

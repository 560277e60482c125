#pragma once
// Inside the app only: the registration a RegistrationKey names (the trainee's token, or the id
// staff use), read in the caller's transaction.

#include <optional>
#include <variant>

#include "service/app/registrations.hpp"
#include "service/storage/registration_repository.hpp"

namespace formations::app::detail {

inline std::optional<domain::Registration> registration_by_key(
    soci::session& sql, const RegistrationKey& key, storage::Lock lock = storage::Lock::none) {
    return std::holds_alternative<std::string>(key)
               ? storage::find_registration_by_token(sql, std::get<std::string>(key), lock)
               : storage::find_registration_by_id(sql, std::get<std::int64_t>(key), lock);
}

}  // namespace formations::app::detail

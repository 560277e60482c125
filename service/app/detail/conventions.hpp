#pragma once
// Inside the app only: what a new registration does about its convention, in its transaction
// (registrations.cpp): the employer's signatory is stored and, when the registration has a seat,
// sent a link to sign the convention (conventions.hpp).

#include <optional>
#include <string>

#include "service/domain/clock.hpp"
#include "service/domain/convention.hpp"
#include "service/domain/registration.hpp"
#include "service/domain/session.hpp"
#include "service/storage/database.hpp"

namespace formations::app::detail {

void record_signatory(soci::session& sql, const Now& now, const std::string& actor,
                      const domain::Registration& registration, const domain::Session& session,
                      const std::optional<domain::Signatory>& signatory);

}  // namespace formations::app::detail

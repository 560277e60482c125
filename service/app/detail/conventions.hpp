#pragma once
// Inside the app only: what a registration does about its convention, in its transaction
// (registrations.cpp): the employer's signatory is stored and, whenever the registration gets a
// seat (at registration, an offer accepted or confirmed by staff, a move), sent a link to sign
// the convention (conventions.hpp).

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

// Sends the stored signatory of an employer-funded registration that holds a confirmed seat a new
// link to sign its convention; nothing without a signatory, a seat, or once it is signed.
// Whether a link was sent.
bool send_signatory_link(soci::session& sql, const Now& now, const std::string& actor,
                         const domain::Registration& registration, const domain::Session& session);

}  // namespace formations::app::detail

#pragma once
// Inside the app only: what a registration does about its convention, in its transaction
// (registrations.cpp): whenever the registration gets a seat (at registration — stored with it
// by storage::register_seat —, an offer accepted or confirmed by staff, a move), the employer's
// signatory is sent a link to sign the convention (conventions.hpp).

#include <string>

#include "service/app/detail/outbox.hpp"
#include "service/domain/clock.hpp"
#include "service/domain/convention.hpp"
#include "service/domain/registration.hpp"
#include "service/domain/session.hpp"
#include "service/storage/database.hpp"

namespace formations::app::detail {

// The e-mail that sends an employer's signatory the link (`token`) to sign the convention
// `reference` of `registration`.
OutgoingMessage convention_link_message(const domain::Registration& registration,
                                        const domain::Session& session,
                                        const domain::Signatory& signatory,
                                        const std::string& token, const std::string& reference);

// Sends the stored signatory of an employer-funded registration that holds a confirmed seat a new
// link to sign its convention; nothing without a signatory, a seat, or once it is signed.
// Whether a link was sent.
bool send_signatory_link(soci::session& sql, const Now& now, const std::string& actor,
                         const domain::Registration& registration, const domain::Session& session);

}  // namespace formations::app::detail

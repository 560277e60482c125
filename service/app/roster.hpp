#pragma once
// The roster of a session for staff and accountants: every registration with the trainee, the
// employer, tier, price, status, waiting-list position, invoice number and payment status; and
// its CSV form for spreadsheets (UTF-8 with BOM, ';' separator, decimal comma: what LibreOffice
// and a French Excel open directly).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "service/app/billing.hpp"
#include "service/app/use_case.hpp"
#include "service/domain/registration.hpp"
#include "service/domain/seat_offer.hpp"
#include "service/domain/session.hpp"

namespace formations::app {

struct RosterEntry {
    domain::Registration registration;
    std::optional<int> waitlist_position;
    std::optional<InvoiceView> invoice;   // the latest invoice (not credit note), if any
    std::map<std::string, int> messages;  // the registration's messages by status ("sent": 2…)
    // A self-funded seat's training contract: "unsigned", "signed" or "withdrawn".
    std::optional<std::string> contract;
    // An employer-funded seat's training convention: "unsigned", "signed" (online) or
    // "signed_on_paper".
    std::optional<std::string> convention;
    // The open waiting-list offer of an 'offered' seat: until when it is held for the person.
    std::optional<domain::SeatOffer> offer;
};

struct Roster {
    domain::Session session;
    std::vector<RosterEntry> entries;
};

Result<Roster> session_roster(storage::Database& db, std::int64_t session_id);

// Pure.
std::string roster_csv(const Roster& roster);

}  // namespace formations::app

#pragma once
// The roster of a session for staff and accountants: every registration with the trainee, the
// employer, tier, price, status, waiting-list position, invoice number and payment status; and
// its CSV form for spreadsheets (UTF-8 with BOM, ';' separator, decimal comma: what LibreOffice
// and a French Excel open directly).

#include <optional>
#include <string>
#include <vector>

#include "service/app/billing.hpp"
#include "service/app/error.hpp"
#include "service/storage/database.hpp"
#include "service/storage/registration_repository.hpp"
#include "service/storage/session_repository.hpp"

namespace formations::app {

struct RosterEntry {
    storage::RegistrationRow registration;
    std::optional<int> waitlist_position;
    std::optional<InvoiceView> invoice;  // the latest invoice (not credit note), if any
};

struct Roster {
    storage::SessionRow session;
    std::vector<RosterEntry> entries;
};

Result<Roster> session_roster(storage::Database& db, std::int64_t session_id);

// Pure.
std::string roster_csv(const Roster& roster);

}  // namespace formations::app

#pragma once
// Use cases of the catalogue: the upcoming sessions and one session for everyone, and the
// sessions staff work on (past ones included), each with seats left, waiting list length,
// whether registration is open and the price of each tier.

#include <cstdint>
#include <optional>
#include <vector>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "pricing/price_list.hpp"
#include "service/app/use_case.hpp"
#include "service/domain/session.hpp"

namespace formations::app {

struct SessionView {
    domain::Session session;
    int seats_left = 0;
    bool registration_open = false;
    pricing::TierPrices prices;  // the tariffs in force on the session's first day
};

// Not cancelled, starting after today.
Result<std::vector<SessionView>> list_upcoming_sessions(storage::Database& db, const Clock& clock);
Result<SessionView> get_session(storage::Database& db, const Clock& clock, std::int64_t id);
// Not cancelled, starting on or after `from` (default: a year ago), past ones included, so that
// staff reach the session of the day for attendance.
Result<std::vector<SessionView>> list_staff_sessions(storage::Database& db, const Clock& clock,
                                                     std::optional<boost::gregorian::date> from);

// Pure: the view of a session read with its price list, as of `today`.
SessionView make_session_view(const domain::Session& session, const pricing::PriceList& prices,
                              boost::gregorian::date today);

Error session_not_found();

}  // namespace formations::app

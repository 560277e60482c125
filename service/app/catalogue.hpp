#pragma once
// Use cases of the public catalogue: the upcoming sessions and one session, with seats left,
// waiting list length, whether registration is open and the price of each tier.

#include <cstdint>
#include <optional>
#include <vector>

#include <boost/date_time/gregorian/gregorian.hpp>

#include "pricing/price_list.hpp"
#include "service/app/error.hpp"
#include "service/storage/database.hpp"
#include "service/storage/session_repository.hpp"

namespace formations::app {

struct SessionView {
    storage::SessionRow session;
    int seats_left = 0;
    bool registration_open = false;
    pricing::TierPrices prices;  // the tariffs in force on the session's first day
};

Result<std::vector<SessionView>> list_upcoming_sessions(storage::Database& db,
                                                        boost::gregorian::date today);
Result<SessionView> get_session(storage::Database& db, std::int64_t id,
                                boost::gregorian::date today);

// Builds the view from rows already read (also used inside the registration transaction).
SessionView make_session_view(const storage::SessionRow& session, const pricing::PriceList& prices,
                              boost::gregorian::date today);

Error session_not_found();

}  // namespace formations::app

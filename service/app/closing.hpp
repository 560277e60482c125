#pragma once
// Closing accounting periods. Once the accountants have exported a period (FEC, CSV), they
// close it up to a day: from then on nothing dated on or before that day can be added —
// invoices, credit notes, payments, refunds, reversals — and corrections go into the open
// period. A closing is final, for admins too (a closed period's exports never change
// afterwards, as the books they were filed into expect), so the day must be over: a closing
// date is before today, and later than the previous one.

#include <optional>
#include <vector>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "service/app/accounts.hpp"
#include "service/app/use_case.hpp"
#include "service/domain/payment.hpp"

namespace formations::app {

struct ClosingState {
    std::optional<boost::gregorian::date> closed_through;  // the latest closing, if any
    std::vector<domain::Closure> closures;                 // newest first
};

Result<ClosingState> closing_state(storage::Database& db);

Result<ClosingState> close_period(storage::Database& db, const Clock& clock, const Actor& actor,
                                  boost::gregorian::date closed_through);

}  // namespace formations::app

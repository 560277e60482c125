#pragma once
// Inside the app only: the check every use case recording a dated money movement makes, in its
// transaction, before writing it.

#include <optional>
#include <string>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "service/domain/error.hpp"
#include "service/storage/database.hpp"

namespace formations::app::detail {

// Takes the closures' SHARE lock (a closing then waits for this transaction) and refuses `day`
// when it falls in a closed period: 409 `period_closed` on `field`.
std::optional<Error> refuse_closed_period(soci::session& sql, boost::gregorian::date day,
                                          const std::string& field);

}  // namespace formations::app::detail

// Registration window: whether a session still accepts registrations on a given day, with
// "today" passed in so the rule stays a pure, testable function.
// Example: registration_open(SessionStatus::open, date(2019, 6, 27), date(2019, 6, 20),
//                            date(2019, 6, 20)) == true.
#pragma once

#include <boost/date_time/gregorian/gregorian_types.hpp>
#include <optional>
#include <string_view>

namespace formations::pricing {

enum class SessionStatus { open, closed, cancelled };

// Stored codes: "open", "closed", "cancelled".
std::string_view to_string(SessionStatus status);
std::optional<SessionStatus> parse_session_status(std::string_view code);

// True iff the session is open, the deadline has not passed (the deadline day itself still
// accepts registrations) and the session has not started (a late registration on the first
// day cannot have signed its contract or convention in time). A missing date (not_a_date_time)
// closes registration rather than opening it.
bool registration_open(SessionStatus status, boost::gregorian::date starts_on,
                       boost::gregorian::date registration_deadline, boost::gregorian::date today);

}  // namespace formations::pricing

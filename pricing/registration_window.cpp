#include "pricing/registration_window.hpp"

namespace formations::pricing {

std::string_view to_string(SessionStatus status) {
    switch (status) {
        case SessionStatus::open:
            return "open";
        case SessionStatus::closed:
            return "closed";
        case SessionStatus::cancelled:
            return "cancelled";
    }
    // Only reachable with a value cast from an out-of-range integer.
    return "";
}

std::optional<SessionStatus> parse_session_status(std::string_view code) {
    for (const SessionStatus status :
         {SessionStatus::open, SessionStatus::closed, SessionStatus::cancelled}) {
        if (code == to_string(status)) {
            return status;
        }
    }
    return std::nullopt;
}

bool registration_open(SessionStatus status, boost::gregorian::date starts_on,
                       boost::gregorian::date registration_deadline, boost::gregorian::date today) {
    if (starts_on.is_not_a_date() || registration_deadline.is_not_a_date() ||
        today.is_not_a_date()) {
        return false;
    }
    return status == SessionStatus::open && today <= registration_deadline && today < starts_on;
}

}  // namespace formations::pricing

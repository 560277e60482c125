#include "pricing/payment_reminder.hpp"

namespace formations::pricing {

std::optional<int> payment_reminder_due(boost::gregorian::date due_on,
                                        std::optional<boost::gregorian::date> last_reminded_on,
                                        int already, boost::gregorian::date today, int cadence_days,
                                        int max) {
    if (cadence_days <= 0 || already >= max) {
        return std::nullopt;
    }
    auto from = already > 0 && last_reminded_on ? *last_reminded_on : due_on;
    if (today < from + boost::gregorian::days(cadence_days)) {
        return std::nullopt;
    }
    return already + 1;
}

}  // namespace formations::pricing

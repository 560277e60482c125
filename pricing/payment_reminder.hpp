// Payment reminders of one instalment (or of an invoice without an échéancier): the first
// `cadence_days` after its due date, each next one `cadence_days` after the previous one was
// sent (or queued, while it waits), at most `max`. A later instalment starts its own count.
// Example (cadence 14, max 3), an instalment due 31 January 2027, first reminded on 1 June:
//   payment_reminder_due(31/01, nullopt, 0, 01/06, 14, 3) == 1;
//   payment_reminder_due(31/01, 01/06,   1, 02/06, 14, 3) == nullopt (not the next pass);
//   payment_reminder_due(31/01, 01/06,   1, 15/06, 14, 3) == 2.
#pragma once

#include <optional>

#include <boost/date_time/gregorian/gregorian_types.hpp>

namespace formations::pricing {

// The number of the reminder due `today` for an instalment due on `due_on` that has had
// `already` reminders, the last one sent (or queued) on `last_reminded_on` (a Paris date):
// already + 1 once today >= (already == 0 ? due_on : last_reminded_on) + cadence_days, while
// it stays within `max`; else nullopt. Never with `cadence_days` <= 0. Without
// `last_reminded_on` after a reminder, the due date stands in for it.
std::optional<int> payment_reminder_due(boost::gregorian::date due_on,
                                        std::optional<boost::gregorian::date> last_reminded_on,
                                        int already, boost::gregorian::date today, int cadence_days,
                                        int max);

}  // namespace formations::pricing

#include "pricing/due_date.hpp"

#include <algorithm>
#include <stdexcept>

namespace formations::pricing {

boost::gregorian::date withdrawal_period_end(boost::gregorian::date signed_on) {
    return signed_on + boost::gregorian::days{withdrawal_period_days};
}

boost::gregorian::date invoice_due_date(Tier tier, boost::gregorian::date issued_on,
                                        boost::gregorian::date session_last_day,
                                        int employer_payment_days) {
    // Checked for every tier so that a bad setting fails on the first invoice, not the first
    // employer-paid one.
    if (employer_payment_days < 0 || employer_payment_days > max_employer_payment_days) {
        throw std::invalid_argument("employer payment terms must be between 0 and 60 days");
    }
    if (tier == Tier::self_funded) {
        // An invoice issued at the signature carries its échéancier (payment_schedule.hpp) and
        // is due on its last instalment. Without one (a price of zero, an invoice issued
        // before), everything is due once both the withdrawal period is over and the course
        // has been delivered: that never asks for more, or earlier, than L6353-6 allows.
        return std::max(session_last_day, withdrawal_period_end(issued_on));
    }
    return issued_on + boost::gregorian::days{employer_payment_days};
}

}  // namespace formations::pricing

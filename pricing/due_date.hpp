// Invoice due dates: when payment may be required, which for self-funded trainees is bounded
// by the Code du travail (L6353-5 and L6353-6), and otherwise by the agreed payment terms.
// Example: invoice_due_date(Tier::member, date(2019, 6, 28), date(2019, 6, 28))
//              == date(2019, 7, 28).
#pragma once

#include <boost/date_time/gregorian/gregorian_types.hpp>

#include "pricing/tier.hpp"

namespace formations::pricing {

// A self-funded trainee may withdraw within 10 days of signing the training contract
// (L6353-5), and no payment may be required before that period ends (L6353-6).
inline constexpr int withdrawal_period_days = 10;

// Our default payment terms for employers; a setting, within the legal 60-day cap.
inline constexpr int default_employer_payment_days = 30;

// Code de commerce L441-10: agreed payment terms may not exceed 60 days from the invoice date.
inline constexpr int max_employer_payment_days = 60;

// The last day of the withdrawal period: signed_on + 10 days (the signing day is not counted,
// as for any legal delay expressed in days).
boost::gregorian::date withdrawal_period_end(boost::gregorian::date signed_on);

// member / non_member (billed to the employer): issued_on + employer_payment_days.
// self_funded (billed to the trainee; used only for an invoice without an échéancier, whose
// due date is otherwise its last instalment's, see payment_schedule.hpp): the later of
// session_last_day and the end of the withdrawal period counted from the issue date.
// Throws std::invalid_argument when employer_payment_days is outside [0, 60].
boost::gregorian::date invoice_due_date(Tier tier, boost::gregorian::date issued_on,
                                        boost::gregorian::date session_last_day,
                                        int employer_payment_days = default_employer_payment_days);

}  // namespace formations::pricing

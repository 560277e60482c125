// The payment schedule of a self-funded trainee (Code du travail L6353-6): nothing may be
// required before the 10-day withdrawal period that follows the signature of the training
// contract ends; when it ends, at most 30 % of the price; the balance is spread over the course
// as it is delivered. Pure: the signature date and the course's days are inputs.
// Example (300 €, signed on 1 June 2019, course on 27 and 28 June 2019):
//   self_funded_schedule(Money::euros(300), date(2019, 6, 1), date(2019, 6, 27), date(2019, 6, 28))
//     == {{12 June, 90 €}, {27 June, 105 €}, {28 June, 105 €}}
#pragma once

#include <vector>

#include <boost/date_time/gregorian/gregorian_types.hpp>

#include "pricing/money.hpp"
#include "pricing/tier.hpp"

namespace formations::pricing {

// The share of the price that may be required when the withdrawal period ends (L6353-6).
inline constexpr int withdrawal_deposit_percent = 30;

struct Instalment {
    boost::gregorian::date due_on;  // the first day it may be required, and the last to pay it
    Money amount;
    bool operator==(const Instalment&) const = default;
};

// The first day any sum may be required: the day after the withdrawal period's last day.
boost::gregorian::date first_payable_day(boost::gregorian::date signed_on);

// The deposit (30 % of the price, rounded down to the cent) on first_payable_day(signed_on),
// then the balance in equal parts, one per day of the course from `first_day` to `last_day`
// (the last part takes the odd cents), each due on its day but never before the day after the
// deposit's: on the day the period ends at most 30 % is ever due. Parts falling on the same day
// are merged, so a contract signed a few days before the course gives a deposit and one
// balance. Empty for a price of zero. Throws std::invalid_argument for a negative price, a
// course ending before it starts, or a course of more than 366 days.
std::vector<Instalment> self_funded_schedule(Money price, boost::gregorian::date signed_on,
                                             boost::gregorian::date first_day,
                                             boost::gregorian::date last_day);

// Whether a seat just given is invoiced now: the invoice comes with the conclusion of the sale.
// An employer's seat is sold when it is given (the convention follows, the employer is a
// business); a self-funded trainee's is sold when they sign their training contract
// (L6353-3), so it is invoiced in the signature's transaction — or with the seat when the
// contract is already signed (a signed registration moved to another session). Never before:
// an unsigned seat that is released, cancelled or moved leaves no invoice and no credit note.
// The one place this decision is made.
bool invoiced_with_seat(Funding funding, bool contract_signed);

// How long a seat waits for its training contract to be signed (L6353-3: signed before final
// registration): `hold_days` days after the seat was given, never past the session's
// registration deadline, and never before the day the seat was given (a seat given by staff
// after the deadline still gets that day). The seat is released from the day after.
// Example: contract_hold_ends_on(date(2019, 6, 1), date(2019, 6, 26), 5) == date(2019, 6, 6).
boost::gregorian::date contract_hold_ends_on(boost::gregorian::date seat_given_on,
                                             boost::gregorian::date registration_deadline,
                                             int hold_days);

}  // namespace formations::pricing

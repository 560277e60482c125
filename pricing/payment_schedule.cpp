#include "pricing/payment_schedule.hpp"

#include <algorithm>
#include <stdexcept>

#include "pricing/due_date.hpp"

namespace formations::pricing {

using boost::gregorian::date;
using boost::gregorian::days;

date first_payable_day(date signed_on) {
    return withdrawal_period_end(signed_on) + days{1};
}

std::vector<Instalment> self_funded_schedule(Money price, date signed_on, date first_day,
                                             date last_day) {
    if (price < Money::zero()) {
        throw std::invalid_argument("self_funded_schedule: negative price");
    }
    if (first_day.is_special() || last_day.is_special() || signed_on.is_special() ||
        last_day < first_day) {
        throw std::invalid_argument("self_funded_schedule: the course ends before it starts");
    }
    const auto course_days = (last_day - first_day).days() + 1;
    if (course_days > 366) {
        throw std::invalid_argument("self_funded_schedule: a course of more than a year");
    }
    std::vector<Instalment> schedule;
    if (price == Money::zero()) {
        return schedule;
    }
    const date deposit_day = first_payable_day(signed_on);
    const Money deposit = Money::from_cents(price.cents() * withdrawal_deposit_percent / 100);
    if (deposit > Money::zero()) {
        schedule.push_back({deposit_day, deposit});
    }
    const Money balance = price - deposit;
    const std::int64_t part = balance.cents() / course_days;
    for (long i = 0; i < course_days; ++i) {
        const bool last = i == course_days - 1;
        const Money amount =
            last ? balance - Money::from_cents(part * (course_days - 1)) : Money::from_cents(part);
        if (amount == Money::zero()) {
            continue;
        }
        // After the deposit's day, so a balance part is never merged into the deposit.
        const date due_on = std::max(first_day + days{i}, deposit_day + days{1});
        if (!schedule.empty() && schedule.back().due_on == due_on) {
            schedule.back().amount += amount;
        } else {
            schedule.push_back({due_on, amount});
        }
    }
    return schedule;
}

bool invoiced_with_seat(Funding funding, bool contract_signed) {
    return funding == Funding::employer || contract_signed;
}

date contract_hold_ends_on(date seat_given_on, date registration_deadline, int hold_days) {
    if (hold_days < 0) {
        throw std::invalid_argument("contract_hold_ends_on: a negative hold");
    }
    return std::max(seat_given_on,
                    std::min(seat_given_on + days{hold_days}, registration_deadline));
}

}  // namespace formations::pricing

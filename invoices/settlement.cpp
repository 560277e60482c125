#include "invoices/settlement.hpp"

#include <algorithm>

namespace formations::invoices {

Settlement settle(pricing::Money total, pricing::Money credited, pricing::Money paid) {
    using pricing::Money;
    auto owed = total + credited;  // what the buyer owes once credit notes are deducted
    Settlement settlement;
    settlement.amount_due = std::max(Money::zero(), owed - paid);
    settlement.refund_due = std::max(Money::zero(), paid - owed);
    if (credited != Money::zero() && owed == Money::zero()) {
        settlement.status = PaymentStatus::credited;
    } else if (settlement.amount_due == Money::zero()) {
        settlement.status = PaymentStatus::paid;
    } else if (paid == Money::zero()) {
        settlement.status = PaymentStatus::unpaid;
    } else {
        settlement.status = PaymentStatus::partially_paid;
    }
    return settlement;
}

std::string_view to_string(PaymentStatus status) {
    switch (status) {
        case PaymentStatus::unpaid:
            return "unpaid";
        case PaymentStatus::partially_paid:
            return "partially_paid";
        case PaymentStatus::paid:
            return "paid";
        case PaymentStatus::credited:
            return "credited";
    }
    return "unpaid";
}

std::vector<pricing::Money> paid_per_instalment(const std::vector<pricing::Instalment>& instalments,
                                                pricing::Money paid) {
    std::vector<pricing::Money> covered;
    auto left = std::max(pricing::Money::zero(), paid);
    for (const auto& instalment : instalments) {
        const auto part = std::min(left, instalment.amount);
        covered.push_back(part);
        left = left - part;
    }
    return covered;
}

}  // namespace formations::invoices

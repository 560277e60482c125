#pragma once
// Where an invoice stands given what was credited and paid against it. Pure.
//   settle(300 €, 0 €, 100 €) -> partially_paid, 200 € due
//   settle(300 €, -300 €, 0 €) -> credited, nothing due
//   settle(300 €, -300 €, 300 €) -> credited, 300 € to refund

#include <string_view>
#include <vector>

#include "pricing/money.hpp"
#include "pricing/payment_schedule.hpp"

namespace formations::invoices {

enum class PaymentStatus { unpaid, partially_paid, paid, credited };

struct Settlement {
    PaymentStatus status = PaymentStatus::unpaid;
    pricing::Money amount_due;  // still to be paid (never negative)
    pricing::Money refund_due;  // paid beyond what remains after credit notes
};

// `credited` is the (negative) total of the credit notes of the invoice.
Settlement settle(pricing::Money total, pricing::Money credited, pricing::Money paid);

std::string_view to_string(PaymentStatus status);

// How much of each instalment `paid` covers, payments settling the earliest instalments first:
//   paid_per_instalment({{12 June, 90 €}, {27 June, 105 €}, {28 June, 105 €}}, 120 €)
//     == {90 €, 30 €, 0 €}
std::vector<pricing::Money> paid_per_instalment(const std::vector<pricing::Instalment>& instalments,
                                                pricing::Money paid);

}  // namespace formations::invoices

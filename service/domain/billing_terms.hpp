#pragma once
// How a registration is billed beyond who pays for it: the buyer's purchase-order number, and a
// funding body (an OPCO) that pays the organisation directly for the employer (subrogation),
// for the whole price or up to the amount of its agreement — the employer is then invoiced the
// rest.

#include <cstdint>
#include <optional>
#include <string>

namespace formations::domain {

struct FundingBody {
    std::string name;
    std::string address;
    std::string siret;             // 14 digits: the invoice's buyer and customer account
    std::string agreement_number;  // n° de l'accord de prise en charge
    std::optional<std::int64_t> amount_cents;  // its share of the price; none: all of it
};

struct BillingTerms {
    std::optional<std::string> purchase_order;
    std::optional<FundingBody> funding_body;

    bool empty() const { return !purchase_order && !funding_body; }
};

}  // namespace formations::domain

#include "invoices/funding_split.hpp"

#include <algorithm>

namespace formations::invoices {

std::vector<InvoiceShare> split_price(pricing::Money price, Payer buyer,
                                      std::optional<pricing::Money> funded) {
    using pricing::Money;
    std::vector<InvoiceShare> shares;
    Money covered = funded ? std::clamp(*funded, Money::zero(), price) : Money::zero();
    if (covered > Money::zero()) {
        shares.push_back({Payer::funding_body, covered});
    }
    if (price - covered > Money::zero() || shares.empty()) {
        shares.push_back({buyer, price - covered});
    }
    return shares;
}

std::string_view to_string(Payer payer) {
    switch (payer) {
        case Payer::trainee:
            return "trainee";
        case Payer::employer:
            return "employer";
        case Payer::funding_body:
            return "funding_body";
    }
    return "trainee";
}

}  // namespace formations::invoices

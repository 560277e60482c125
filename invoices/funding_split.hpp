#pragma once
// Who is invoiced how much for one registration. A funding body (an OPCO) that pays the
// organisation directly for the employer (subrogation) is invoiced its share first, up to the
// price; the employer is invoiced what remains, if anything. Pure.
//   split_price(700 €, Payer::employer, 500 €) -> {funding body 500 €, employer 200 €}
//   split_price(500 €, Payer::employer, 700 €) -> {funding body 500 €}
//   split_price(300 €, Payer::trainee, {})     -> {trainee 300 €}

#include <optional>
#include <string_view>
#include <vector>

#include "pricing/money.hpp"

namespace formations::invoices {

enum class Payer { trainee, employer, funding_body };

struct InvoiceShare {
    Payer payer = Payer::trainee;
    pricing::Money amount;
};

// `buyer`: the trainee or the employer; `funded`: the funding body's share (none without one).
// Never an empty list: a price of zero is one invoice of zero to the buyer.
std::vector<InvoiceShare> split_price(pricing::Money price, Payer buyer,
                                      std::optional<pricing::Money> funded);

// "trainee", "employer", "funding_body": the `payer` of the stored invoice.
std::string_view to_string(Payer payer);

}  // namespace formations::invoices

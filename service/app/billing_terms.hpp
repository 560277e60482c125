#pragma once
// The billing terms an employer-funded registration may carry (domain/billing_terms.hpp): the
// employer's purchase-order number, and a funding body (an OPCO) paying directly for the
// employer, with its agreement number and, when it covers only part of the price, its share.
// Checked and normalised here, as people type them. Pure.

#include "pricing/tier.hpp"
#include "service/domain/billing_terms.hpp"
#include "service/domain/error.hpp"

namespace formations::app {

// Fields are named "purchase_order" and "funding_body.name", "funding_body.address",
// "funding_body.siret", "funding_body.agreement_number", "funding_body.amount_cents". A
// self-funded registration takes none of them.
Result<domain::BillingTerms> validate_billing_terms(const domain::BillingTerms& terms,
                                                    pricing::Funding funding);

}  // namespace formations::app

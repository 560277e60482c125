#pragma once
// The billing terms of a registration (purchase order, funding body): one row at most per
// registration. Every function runs inside the caller's transaction.

#include <cstdint>
#include <optional>

#include "service/domain/billing_terms.hpp"
#include "service/storage/database.hpp"

namespace formations::storage {

// Nothing stored reads as empty terms.
domain::BillingTerms billing_terms_of(soci::session& sql, std::int64_t registration_id);

// Replaces the registration's terms (empty terms remove them).
void save_billing_terms(soci::session& sql, std::int64_t registration_id,
                        const domain::BillingTerms& terms);

}  // namespace formations::storage

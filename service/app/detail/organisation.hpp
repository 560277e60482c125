#pragma once
// Inside the app only: the training organisation as the documents other than invoices print it
// (certificates, sign-in sheets, contracts), from the billing settings.

#include "invoices/attendance_documents.hpp"
#include "invoices/billing_settings.hpp"

namespace formations::app::detail {

inline invoices::Organisation organisation_of(const invoices::BillingSettings& settings) {
    const auto& seller = settings.seller;
    return {seller.name, seller.address,     seller.siret,
            seller.nda,  settings.signatory, settings.signature_city};
}

}  // namespace formations::app::detail

#pragma once
// Inside the app only: the billing steps of the use cases that give or take a seat, run in their
// transaction. Every confirmed seat is invoiced by the transaction that confirms it; cancelling
// an invoiced registration issues the credit note in the transaction that cancels it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "invoices/billing_settings.hpp"
#include "service/app/billing.hpp"
#include "service/domain/registration.hpp"
#include "service/domain/session.hpp"
#include "service/storage/database.hpp"

namespace formations::app::detail {

// Issues the invoice of a registration that just got its seat, dated `now.today`.
std::int64_t issue_invoice(soci::session& sql, const invoices::BillingSettings& settings,
                           const domain::Registration& registration, const domain::Session& session,
                           const Now& now);

// Credits the registration's open invoice, keeping the course's cancellation fee. Does nothing
// when there is no open invoice (waitlisted, already credited) or the fee is the whole price.
std::optional<std::int64_t> credit_registration(soci::session& sql,
                                                const invoices::BillingSettings& settings,
                                                const domain::Registration& registration,
                                                const domain::Session& session, const Now& now,
                                                const std::string& actor);

// The invoice and credit notes of a registration, oldest first.
std::vector<InvoiceView> invoice_views(soci::session& sql, std::int64_t registration_id);

}  // namespace formations::app::detail

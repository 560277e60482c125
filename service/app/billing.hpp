#pragma once
// Billing use cases and the billing steps of other use cases. Every confirmed seat is invoiced
// in the transaction that confirms it; cancelling an invoiced registration issues the credit note
// in the transaction that cancels it; payments are recorded against invoices. Numbers come from
// a counter row locked by the issuing transaction: gapless and unique across processes.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>
#include <boost/date_time/gregorian/gregorian.hpp>

#include "invoices/billing_settings.hpp"
#include "invoices/settlement.hpp"
#include "service/app/error.hpp"
#include "service/storage/database.hpp"
#include "service/storage/invoice_repository.hpp"
#include "service/storage/registration_repository.hpp"
#include "service/storage/session_repository.hpp"

namespace formations::app {

struct InvoiceView {
    storage::InvoiceRow invoice;
    invoices::Settlement settlement;  // meaningful for invoices; credit notes settle themselves
};

InvoiceView make_invoice_view(storage::InvoiceRow invoice);

// Inside a transaction: issues the invoice of a registration that just got its seat.
std::int64_t issue_invoice(soci::session& sql, const invoices::BillingSettings& settings,
                           const storage::RegistrationRow& registration,
                           const storage::SessionRow& session, boost::gregorian::date today);

// Inside a transaction: credits the registration's open invoice, keeping the course's
// cancellation fee. Does nothing when there is no open invoice (waitlisted, already credited).
std::optional<std::int64_t> credit_registration(soci::session& sql,
                                                const invoices::BillingSettings& settings,
                                                const storage::RegistrationRow& registration,
                                                const storage::SessionRow& session,
                                                boost::gregorian::date today,
                                                const std::string& actor);

std::vector<InvoiceView> invoices_of_registration(soci::session& sql, std::int64_t registration_id);

struct PaymentInput {
    std::int64_t amount_cents = 0;
    boost::gregorian::date paid_on;
    std::string method;  // transfer / cheque / card / funding_body
    std::optional<std::string> reference;
};

Result<InvoiceView> record_payment(storage::Database& db, const std::string& number,
                                   const PaymentInput& payment, const std::string& actor,
                                   boost::gregorian::date today);

// The PDF of a document. With `trainee_token`, only for the registration holding that token;
// without, for an already authenticated staff member. Rendered from the snapshot on first request
// and kept: the bytes never change afterwards.
Result<std::string> invoice_pdf(storage::Database& db, const std::string& number,
                                const std::optional<std::string>& trainee_token);

}  // namespace formations::app

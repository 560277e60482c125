#pragma once
// Billing use cases: payments recorded against invoices, and the PDF of an invoice or credit
// note. Invoices and credit notes themselves are issued by the use cases that give or take a
// seat, in their own transaction (detail/invoicing.hpp). Numbers come from a counter row locked
// by the issuing transaction: gapless and unique across processes.

#include <cstdint>
#include <optional>
#include <string>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "invoices/settlement.hpp"
#include "service/app/use_case.hpp"
#include "service/domain/invoice.hpp"

namespace formations::app {

struct InvoiceView {
    domain::Invoice invoice;
    invoices::Settlement settlement;  // meaningful for invoices; credit notes settle themselves
};

// Pure.
InvoiceView make_invoice_view(domain::Invoice invoice);

struct PaymentInput {
    std::int64_t amount_cents = 0;
    boost::gregorian::date paid_on;
    std::string method;  // transfer / cheque / card / funding_body
    std::optional<std::string> reference;
};

// A payment is never dated before its invoice, after today or in a closed period (closing.hpp),
// never more than is due.
Result<InvoiceView> record_payment(storage::Database& db, const Clock& clock,
                                   const std::string& number, const PaymentInput& payment,
                                   const std::string& actor);

// The PDF of a document. With `trainee_token`, only for the registration holding that token;
// without, for an already authenticated staff member. Rendered from the snapshot on first request
// and kept: the bytes never change afterwards.
Result<std::string> invoice_pdf(storage::Database& db, const Clock& clock,
                                const std::string& number,
                                const std::optional<std::string>& trainee_token);

}  // namespace formations::app

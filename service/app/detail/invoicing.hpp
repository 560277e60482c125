#pragma once
// Inside the app only: the billing steps of the use cases that give or take a seat, run in their
// transaction. A seat is invoiced when its sale is concluded (pricing::invoiced_with_seat): an
// employer's by the transaction that gives the seat, a self-funded trainee's by the one that
// records the signature of their training contract; cancelling an invoiced registration issues
// the credit notes in the transaction that cancels it.
//
// A document is dated and numbered in one statement that takes its series' lock
// (storage::take_number), from a reading of the clock made just before it; a document is never
// dated before the series' latest, so two documents racing across midnight (or 31 December)
// cannot get numbers and dates in opposite orders. That reading is the document's own; the rest
// of the use case keeps the reading it started with. The series stays locked until the commit:
// use cases issue their documents as late as they can.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "invoices/billing_settings.hpp"
#include "invoices/document_builder.hpp"
#include "service/app/billing.hpp"
#include "service/domain/billing_terms.hpp"
#include "service/domain/registration.hpp"
#include "service/domain/session.hpp"
#include "service/storage/database.hpp"
#include "service/storage/invoice_repository.hpp"

namespace formations::app::detail {

// Issues the invoices of a registration whose sale is concluded: to the trainee or the employer,
// or — when its billing terms name a funding body — to the funding body for its share and to
// the employer for the rest, numbered one after the other. The trainee's invoice of a signed
// contract carries its échéancier (pricing::self_funded_schedule from the signature's day and the
// session's days) and is due on its last instalment. Their ids, in that order.
std::vector<std::int64_t> issue_invoices(soci::session& sql,
                                         const invoices::BillingSettings& settings,
                                         const Clock& clock,
                                         const domain::Registration& registration,
                                         const domain::Session& session);

// For a seat just given (an offer accepted, a move): its invoices when pricing::invoiced_with_seat
// says the sale is concluded (an employer pays, or the contract is already signed), none
// otherwise. Their ids.
std::vector<std::int64_t> invoice_given_seat(soci::session& sql,
                                             const invoices::BillingSettings& settings,
                                             const Clock& clock,
                                             const domain::Registration& registration,
                                             const domain::Session& session);

// The same for a registration whose billing terms the caller holds (a new one): the invoices
// as stored, without reading anything back.
std::vector<domain::Invoice> issue_invoices(soci::session& sql,
                                            const invoices::BillingSettings& settings,
                                            const Clock& clock,
                                            const domain::Registration& registration,
                                            const domain::Session& session,
                                            const domain::BillingTerms& terms);

// The invoices of a registration about to get its seat, rendered before the seat's lock for
// storage::register_seat, which numbers them under their series' lock: dated `issued_on`, their
// number left empty.
std::vector<storage::NewInvoice> draft_invoices(const invoices::BillingSettings& settings,
                                                const domain::Registration& registration,
                                                const domain::Session& session,
                                                const domain::BillingTerms& terms,
                                                boost::gregorian::date issued_on);

// The invoice `stored` as stored with `id`.
domain::Invoice invoice_of(const storage::NewInvoice& stored, std::int64_t id);

// What a credit note keeps of the invoice it corrects.
enum class Fee { none, cancellation };

// Credits every open invoice of the registration, each with its own credit note naming it and
// `reason`. With Fee::cancellation, the course's cancellation fee is kept on the trainee's or
// employer's invoice, up to its amount (a funding body pays for training delivered: its invoice
// is always credited whole); an invoice whose whole price is kept is left as it is. Returns the
// ids of the credit notes issued.
std::vector<std::int64_t> credit_registration(
    soci::session& sql, const invoices::BillingSettings& settings, const Clock& clock,
    const domain::Registration& registration, const domain::Session& session,
    const std::string& actor, const invoices::CreditReason& reason = {}, Fee fee = Fee::none);

// The invoices and credit notes of a registration, oldest first.
std::vector<InvoiceView> invoice_views(soci::session& sql, std::int64_t registration_id);

}  // namespace formations::app::detail

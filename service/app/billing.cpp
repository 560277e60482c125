#include "service/app/billing.hpp"

#include <algorithm>

#include "invoices/document_builder.hpp"
#include "invoices/funding_split.hpp"
#include "invoices/invoice_pdf.hpp"
#include "invoices/numbering.hpp"
#include "pricing/due_date.hpp"
#include "pricing/payment_schedule.hpp"
#include "service/app/detail/contract_holds.hpp"
#include "service/app/detail/invoicing.hpp"
#include "service/app/detail/money_movements.hpp"
#include "service/app/detail/outbox.hpp"
#include "service/storage/audit_repository.hpp"
#include "service/storage/billing_terms_repository.hpp"
#include "service/storage/invoice_repository.hpp"
#include "service/storage/registration_repository.hpp"

namespace formations::app {
namespace {

using invoices::Payer;
using pricing::Money;

std::string trainee_name(const domain::Registration& registration) {
    return registration.trainee.first_name + " " + registration.trainee.last_name;
}

// A business buyer is identified by its SIRET and, as the e-invoicing mentions ask, its SIREN
// (the SIRET's first 9 digits).
invoices::Buyer business_buyer(const std::string& name, const std::string& address,
                               const std::string& siret) {
    return {name, address, siret, true, siret.substr(0, 9)};
}

// Who one share of a registration's price is invoiced to.
invoices::Buyer buyer_of(const domain::Registration& registration,
                         const domain::BillingTerms& terms, Payer payer) {
    if (payer == Payer::funding_body && terms.funding_body) {
        const auto& body = *terms.funding_body;
        return business_buyer(body.name, body.address, body.siret);
    }
    if (registration.employer) {
        const auto& employer = *registration.employer;
        return business_buyer(employer.name, employer.address, employer.siret);
    }
    return {trainee_name(registration), registration.trainee.address.value_or(""), std::nullopt,
            false};
}

// What ends the line of an invoice when a funding body pays part of the price.
std::optional<std::string> share_note(const std::vector<invoices::InvoiceShare>& shares,
                                      const invoices::InvoiceShare& share,
                                      const domain::BillingTerms& terms, Money price) {
    if (shares.size() < 2 || !terms.funding_body) {
        return std::nullopt;
    }
    const auto& body = *terms.funding_body;
    if (share.payer == Payer::funding_body) {
        return "prise en charge de " + pricing::format_french(share.amount) + " sur un prix de " +
               pricing::format_french(price);
    }
    return "reste à charge après la prise en charge de " +
           pricing::format_french(shares.front().amount) + " par " + body.name + " (accord n° " +
           body.agreement_number + ")";
}

// The number and date of the next document of `series` (storage::take_number): the clock is
// read just before, for this document alone.
struct Numbered {
    std::string number;
    int year = 0;
    int sequence = 0;
    boost::gregorian::date issued_on;
    Instant at;
};

Numbered take_number(soci::session& sql, const Clock& clock, const std::string& series) {
    const auto now = clock.now();
    auto taken = storage::take_number(sql, series, now.today);
    return {invoices::format_number(series, taken.year, taken.sequence), taken.year, taken.sequence,
            taken.issued_on, now.instant};
}

// One invoice per payer of a registration's price (invoices::split_price): who pays and what
// their invoice says, but its number and dates.
struct Share {
    Payer payer = Payer::trainee;
    invoices::RegistrationFacts facts;
};

// `signed_contract`: the self-funded trainee's signed contract, from whose signature and dates the
// trainee's share is staged (pricing::self_funded_schedule); none for a seat invoiced with it.
std::vector<Share> shares_of(const domain::Registration& registration,
                             const domain::Session& session, const domain::BillingTerms& terms,
                             const std::optional<detail::SignedContract>& signed_contract) {
    auto price = Money::from_cents(registration.price_cents);
    std::optional<Money> funded;
    if (terms.funding_body) {
        funded =
            Money::from_cents(terms.funding_body->amount_cents.value_or(registration.price_cents));
    }
    auto split = invoices::split_price(
        price, registration.employer ? Payer::employer : Payer::trainee, funded);

    invoices::RegistrationFacts facts;
    facts.reference = "Inscription n° " + std::to_string(registration.id);
    facts.course_title = session.course_title;
    facts.duration_minutes = session.duration_minutes;
    facts.starts_on = session.starts_on;
    facts.ends_on = session.ends_on;
    facts.place = session.place;
    facts.trainee_name = trainee_name(registration);
    facts.purchase_order = terms.purchase_order;
    std::vector<Share> shares;
    for (const auto& share : split) {
        facts.buyer = buyer_of(registration, terms, share.payer);
        facts.price = share.amount;
        facts.line_note = share_note(split, share, terms, price);
        facts.subrogation.reset();
        if (share.payer == Payer::funding_body && registration.employer) {
            facts.subrogation =
                invoices::Subrogation{registration.employer->name, registration.employer->siret,
                                      facts.trainee_name, terms.funding_body->agreement_number};
        }
        facts.instalments.clear();
        if (share.payer == Payer::trainee && signed_contract) {
            facts.instalments =
                pricing::self_funded_schedule(share.amount, signed_contract->signed_on,
                                              signed_contract->starts_on, signed_contract->ends_on);
        }
        shares.push_back({share.payer, facts});
    }
    return shares;
}

// The invoice of `share`, numbered `number` and dated `issued_on`, due on its last instalment
// or else as the tier says.
storage::NewInvoice drafted(const invoices::BillingSettings& settings,
                            const domain::Registration& registration,
                            const domain::Session& session, const Share& share,
                            const std::string& number, boost::gregorian::date issued_on) {
    const auto& instalments = share.facts.instalments;
    auto due_on = instalments.empty()
                      ? pricing::invoice_due_date(registration.tier, issued_on, session.ends_on,
                                                  settings.employer_payment_days)
                      : instalments.back().due_on;
    return {settings.invoice_prefix,
            0,
            0,
            registration.id,
            std::nullopt,
            std::string(invoices::to_string(share.payer)),
            invoices::build_invoice(settings, share.facts, number, issued_on, due_on)};
}

Error invoice_not_found() {
    return Error::not_found("invoice_not_found", "Cette facture est introuvable.");
}

bool is_payment_method(const std::string& method) {
    return method == "transfer" || method == "cheque" || method == "card" ||
           method == "funding_body";
}

}  // namespace

namespace detail {

std::vector<std::int64_t> issue_invoices(soci::session& sql,
                                         const invoices::BillingSettings& settings,
                                         const Clock& clock,
                                         const domain::Registration& registration,
                                         const domain::Session& session) {
    std::vector<std::int64_t> ids;
    for (const auto& invoice : issue_invoices(sql, settings, clock, registration, session,
                                              storage::billing_terms_of(sql, registration.id))) {
        ids.push_back(invoice.id);
    }
    return ids;
}

std::vector<std::int64_t> invoice_given_seat(soci::session& sql,
                                             const invoices::BillingSettings& settings,
                                             const Clock& clock,
                                             const domain::Registration& registration,
                                             const domain::Session& session) {
    const bool signed_ = contract_signed_on(sql, registration.id).has_value();
    if (!pricing::invoiced_with_seat(registration.funding, signed_)) {
        return {};
    }
    return issue_invoices(sql, settings, clock, registration, session);
}

std::vector<domain::Invoice> issue_invoices(soci::session& sql,
                                            const invoices::BillingSettings& settings,
                                            const Clock& clock,
                                            const domain::Registration& registration,
                                            const domain::Session& session,
                                            const domain::BillingTerms& terms) {
    // A self-funded trainee's invoice follows the signature of their contract: its échéancier
    // is the contract's, from that day (L6353-6).
    const auto signed_terms = registration.funding == pricing::Funding::self
                                  ? signed_contract(sql, registration.id)
                                  : std::nullopt;
    std::vector<domain::Invoice> issued;
    for (auto& share : shares_of(registration, session, terms, signed_terms)) {
        auto numbered = take_number(sql, clock, settings.invoice_prefix);
        storage::NewInvoice invoice =
            drafted(settings, registration, session, share, numbered.number, numbered.issued_on);
        invoice.year = numbered.year;
        invoice.sequence = numbered.sequence;
        auto id = storage::insert_invoice(sql, invoice, numbered.at);
        storage::audit_invoice_issued(sql, {"system", numbered.at}, id, invoice.document.number,
                                      registration.id, invoice.document.total.cents());
        issued.push_back(invoice_of(invoice, id));
    }
    return issued;
}

std::vector<storage::NewInvoice> draft_invoices(const invoices::BillingSettings& settings,
                                                const domain::Registration& registration,
                                                const domain::Session& session,
                                                const domain::BillingTerms& terms,
                                                boost::gregorian::date issued_on) {
    std::vector<storage::NewInvoice> drafts;
    for (auto& share : shares_of(registration, session, terms, std::nullopt)) {
        drafts.push_back(drafted(settings, registration, session, share, "", issued_on));
    }
    return drafts;
}

domain::Invoice invoice_of(const storage::NewInvoice& stored, std::int64_t id) {
    const auto& document = stored.document;
    domain::Invoice invoice;
    invoice.id = id;
    invoice.kind = "invoice";
    invoice.number = document.number;
    invoice.registration_id = stored.registration_id;
    invoice.issued_on = document.issued_on;
    invoice.due_on = document.due_on;
    invoice.payer = stored.payer;
    invoice.buyer_name = document.buyer.name;
    invoice.total_cents = document.total.cents();
    invoice.instalments = document.instalments;
    return invoice;
}

std::vector<std::int64_t> credit_registration(
    soci::session& sql, const invoices::BillingSettings& settings, const Clock& clock,
    const domain::Registration& registration, const domain::Session& session,
    const std::string& actor, const invoices::CreditReason& reason, Fee fee) {
    auto fee_left = fee == Fee::cancellation
                        ? Money::from_cents(storage::cancellation_fee_cents(sql, session.course_id))
                        : Money::zero();
    std::vector<std::int64_t> credit_notes;
    for (const auto& invoice : storage::open_invoices_of_registration(sql, registration.id)) {
        auto original = storage::invoice_document(sql, invoice.id);
        auto kept = Money::zero();
        if (invoice.payer != "funding_body") {
            kept = std::min(fee_left, original.total);
            fee_left = fee_left - kept;
        }
        if (kept == original.total) {
            continue;  // the whole price is kept: nothing to credit
        }
        auto numbered = take_number(sql, clock, settings.credit_note_prefix);
        auto credit = invoices::build_credit_note(settings, original, numbered.number,
                                                  numbered.issued_on, kept, reason);
        auto id =
            storage::insert_invoice(sql,
                                    {settings.credit_note_prefix, numbered.year, numbered.sequence,
                                     registration.id, invoice.id, invoice.payer, credit},
                                    numbered.at);
        storage::audit_credit_note_issued(sql, {actor, numbered.at}, id, credit.number,
                                          invoice.number, credit.total.cents());
        credit_notes.push_back(id);
    }
    return credit_notes;
}

Result<domain::Invoice> locked_invoice(soci::session& sql, const std::string& number) {
    auto invoice = storage::find_invoice_by_number(sql, number, storage::InvoiceLock::for_update);
    if (!invoice) {
        return invoice_not_found();
    }
    if (invoice->kind != "invoice") {
        return Error::conflict("not_an_invoice",
                               "Un paiement, un remboursement ou une annulation ne s'enregistrent "
                               "que sur une facture.");
    }
    return std::move(*invoice);
}

std::vector<InvoiceView> invoice_views(soci::session& sql, std::int64_t registration_id) {
    std::vector<InvoiceView> views;
    for (auto& invoice : storage::invoices_of_registration(sql, registration_id)) {
        views.push_back(make_invoice_view(std::move(invoice)));
    }
    return views;
}

}  // namespace detail

InvoiceView make_invoice_view(domain::Invoice invoice) {
    InvoiceView view;
    // What the buyer paid, net of what was refunded to them.
    view.settlement = invoices::settle(
        Money::from_cents(invoice.total_cents), Money::from_cents(invoice.credited_cents),
        Money::from_cents(invoice.paid_cents - invoice.refunded_cents));
    view.invoice = std::move(invoice);
    return view;
}

Result<InvoiceView> record_payment(storage::Database& db, const Clock& clock,
                                   const std::string& number, const PaymentInput& payment,
                                   const std::string& actor) {
    const auto now = clock.now();
    if (payment.amount_cents <= 0) {
        return Error::invalid("invalid_amount", "Le montant doit être positif.", "amount_cents");
    }
    if (!is_payment_method(payment.method)) {
        return Error::invalid("invalid_payment_method",
                              "Le moyen de paiement doit être transfer (virement), cheque, card "
                              "(carte) ou funding_body (organisme financeur).",
                              "method");
    }
    if (payment.paid_on > now.today) {
        return Error::invalid("payment_in_future",
                              "La date de paiement ne peut pas être dans le futur.", "paid_on");
    }
    return db.transact([&](soci::session& sql) -> Result<InvoiceView> {
        auto invoice = detail::locked_invoice(sql, number);
        if (!invoice) {
            return invoice.error();
        }
        if (payment.paid_on < invoice->issued_on) {
            return Error::invalid("payment_before_invoice",
                                  "La date de paiement ne peut pas précéder la date de la facture.",
                                  "paid_on");
        }
        if (auto closed = detail::refuse_closed_period(sql, payment.paid_on, "paid_on")) {
            return *closed;
        }
        auto due = make_invoice_view(invoice.value()).settlement.amount_due;
        if (Money::from_cents(payment.amount_cents) > due) {
            return Error::conflict(
                "overpayment",
                "Ce paiement dépasse le montant restant dû (" + pricing::format_french(due) + ").",
                "amount_cents");
        }
        auto id = storage::insert_payment(sql,
                                          {invoice->id, payment.amount_cents, payment.paid_on,
                                           payment.method, payment.reference, actor},
                                          now.instant);
        storage::audit_payment(sql, {actor, now.instant}, id, number, payment.amount_cents,
                               payment.method);
        auto paid = storage::find_invoice_by_number(sql, number);
        if (!paid) {
            return Error::internal("invoice " + number + " vanished while being paid");
        }
        auto view = make_invoice_view(std::move(*paid));
        detail::notify_money_movement(
            sql, now, actor, domain::MessageKind::payment_received, view.invoice,
            {number, view.invoice.payer, view.invoice.buyer_name, payment.amount_cents,
             payment.paid_on, payment.method, view.settlement.amount_due.cents()});
        return view;
    });
}

Result<std::string> invoice_pdf(storage::Database& db, const Clock& clock,
                                const std::string& number,
                                const std::optional<std::string>& trainee_token) {
    struct Found {
        std::int64_t invoice_id = 0;
        invoices::Document document;
        std::optional<std::string> pdf;
    };
    auto found = db.transact([&](soci::session& sql) -> Result<Found> {
        auto invoice = storage::find_invoice_by_number(sql, number);
        if (!invoice) {
            return invoice_not_found();
        }
        if (trainee_token) {
            // The same answer whether the number or the token is wrong: numbers are guessable.
            auto registration = storage::find_registration_by_token(sql, *trainee_token);
            if (!registration || registration->id != invoice->registration_id) {
                return invoice_not_found();
            }
        }
        if (auto pdf = storage::stored_pdf(sql, invoice->id)) {
            return Found{invoice->id, {}, std::move(pdf)};
        }
        return Found{invoice->id, storage::invoice_document(sql, invoice->id), std::nullopt};
    });
    if (!found) {
        return found.error();
    }
    if (found->pdf) {
        return std::move(*found->pdf);
    }
    // Rendered outside any transaction (CPU work holds no connection), then kept; if another
    // request stored it first, its bytes win and are returned.
    auto rendered = invoices::render_invoice_pdf(found->document);
    return db.transact([&](soci::session& sql) -> Result<std::string> {
        storage::store_pdf(sql, found->invoice_id, rendered, clock.now().instant);
        if (auto stored = storage::stored_pdf(sql, found->invoice_id)) {
            return std::move(*stored);
        }
        return Error::internal("the PDF of " + number + " was not stored");
    });
}

}  // namespace formations::app

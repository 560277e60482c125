#include "service/app/billing.hpp"

#include "invoices/document_builder.hpp"
#include "invoices/invoice_pdf.hpp"
#include "invoices/numbering.hpp"
#include "pricing/due_date.hpp"
#include "service/app/detail/invoicing.hpp"
#include "service/app/detail/outbox.hpp"
#include "service/storage/audit_repository.hpp"
#include "service/storage/invoice_repository.hpp"
#include "service/storage/registration_repository.hpp"
#include "service/storage/session_repository.hpp"

namespace formations::app {
namespace {

using pricing::Money;

invoices::Buyer buyer_of(const domain::Registration& registration) {
    if (registration.employer) {
        return {registration.employer->name, registration.employer->address,
                registration.employer->siret, true};
    }
    const auto& trainee = registration.trainee;
    return {trainee.first_name + " " + trainee.last_name, trainee.address.value_or(""),
            std::nullopt, false};
}

// The trainee hears of every payment on their registration's invoice, also when their employer
// pays (they are the one person the service can write to about it).
void tell_payment_received(soci::session& sql, const InvoiceView& view, const PaymentInput& payment,
                           const std::string& actor, const Now& now) {
    const auto& invoice = view.invoice;
    auto registration = storage::find_registration_by_id(sql, invoice.registration_id);
    if (!registration) {
        return;
    }
    auto session = storage::find_session(sql, registration->session_id);
    if (!session) {
        return;
    }
    auto facts = detail::registration_facts(sql, *registration, *session);
    facts.payment = domain::PaymentFacts{invoice.number,
                                         invoice.payer,
                                         invoice.buyer_name,
                                         payment.amount_cents,
                                         payment.paid_on,
                                         payment.method,
                                         view.settlement.amount_due.cents()};
    auto message =
        detail::message_to_trainee(domain::MessageKind::payment_received, *registration, facts);
    message.invoice_id = invoice.id;
    detail::queue_message(sql, now, actor, message);
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

std::int64_t issue_invoice(soci::session& sql, const invoices::BillingSettings& settings,
                           const domain::Registration& registration, const domain::Session& session,
                           const Now& now) {
    invoices::RegistrationFacts facts;
    facts.reference = "Inscription n° " + std::to_string(registration.id);
    facts.course_title = session.course_title;
    facts.duration_minutes = session.duration_minutes;
    facts.starts_on = session.starts_on;
    facts.ends_on = session.ends_on;
    facts.place = session.place;
    facts.trainee_name = registration.trainee.first_name + " " + registration.trainee.last_name;
    facts.buyer = buyer_of(registration);
    facts.price = Money::from_cents(registration.price_cents);

    // The year of the business date: an invoice issued at 00:30 on 1 January in Paris is of the
    // new year, whatever the UTC date.
    int year = static_cast<int>(now.today.year());
    int sequence = storage::take_next_sequence(sql, settings.invoice_prefix, year);
    auto due_on = pricing::invoice_due_date(registration.tier, now.today, session.ends_on,
                                            settings.employer_payment_days);
    auto document = invoices::build_invoice(
        settings, facts, invoices::format_number(settings.invoice_prefix, year, sequence),
        now.today, due_on);
    auto id = storage::insert_invoice(
        sql, {settings.invoice_prefix, year, sequence, registration.id, std::nullopt, document},
        now.instant);
    storage::audit_invoice_issued(sql, {"system", now.instant}, id, document.number,
                                  registration.id, document.total.cents());
    return id;
}

std::optional<std::int64_t> credit_registration(soci::session& sql,
                                                const invoices::BillingSettings& settings,
                                                const domain::Registration& registration,
                                                const domain::Session& session, const Now& now,
                                                const std::string& actor) {
    auto invoice = storage::open_invoice_of_registration(sql, registration.id);
    if (!invoice) {
        return std::nullopt;
    }
    auto original = storage::invoice_document(sql, invoice->id);
    auto fee = Money::from_cents(
        std::min(storage::cancellation_fee_cents(sql, session.course_id), invoice->total_cents));
    if (fee == original.total) {
        return std::nullopt;  // the whole price is kept: nothing to credit
    }
    int year = static_cast<int>(now.today.year());
    int sequence = storage::take_next_sequence(sql, settings.credit_note_prefix, year);
    auto credit = invoices::build_credit_note(
        settings, original, invoices::format_number(settings.credit_note_prefix, year, sequence),
        now.today, fee);
    auto id = storage::insert_invoice(
        sql, {settings.credit_note_prefix, year, sequence, registration.id, invoice->id, credit},
        now.instant);
    storage::audit_credit_note_issued(sql, {actor, now.instant}, id, credit.number, invoice->number,
                                      credit.total.cents());
    return id;
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
    view.settlement = invoices::settle(Money::from_cents(invoice.total_cents),
                                       Money::from_cents(invoice.credited_cents),
                                       Money::from_cents(invoice.paid_cents));
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
        auto invoice =
            storage::find_invoice_by_number(sql, number, storage::InvoiceLock::for_update);
        if (!invoice) {
            return invoice_not_found();
        }
        if (invoice->kind != "invoice") {
            return Error::conflict("not_an_invoice",
                                   "Un paiement ne peut être enregistré que sur une facture.");
        }
        if (payment.paid_on < invoice->issued_on) {
            return Error::invalid("payment_before_invoice",
                                  "La date de paiement ne peut pas précéder la date de la facture.",
                                  "paid_on");
        }
        auto due = make_invoice_view(*invoice).settlement.amount_due;
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
        tell_payment_received(sql, view, payment, actor, now);
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

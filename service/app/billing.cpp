#include "service/app/billing.hpp"

#include "invoices/document_builder.hpp"
#include "invoices/invoice_pdf.hpp"
#include "invoices/numbering.hpp"
#include "pricing/due_date.hpp"

namespace formations::app {
namespace {

using pricing::Money;

invoices::Buyer buyer_of(const storage::RegistrationRow& registration) {
    if (registration.employer) {
        return {registration.employer->name, registration.employer->address,
                registration.employer->siret, true};
    }
    const auto& trainee = registration.trainee;
    return {trainee.first_name + " " + trainee.last_name, trainee.address.value_or(""),
            std::nullopt, false};
}

std::int64_t store_document(soci::session& sql, const invoices::Document& document,
                            const std::string& series, int year, int sequence,
                            std::int64_t registration_id,
                            std::optional<std::int64_t> corrects_invoice_id) {
    storage::NewInvoice row;
    row.kind = std::string(invoices::to_string(document.kind));
    row.series = series;
    row.year = year;
    row.sequence = sequence;
    row.number = document.number;
    row.registration_id = registration_id;
    row.corrects_invoice_id = corrects_invoice_id;
    row.issued_on = document.issued_on;
    row.due_on = document.due_on;
    row.payer = document.buyer.business ? "employer" : "trainee";
    row.buyer_name = document.buyer.name;
    row.buyer_siret = document.buyer.siret;
    row.total_cents = document.total.cents();
    row.snapshot = invoices::to_json(document);
    return storage::insert_invoice(sql, row);
}

Error invoice_not_found() {
    return Error::not_found("invoice_not_found", "Cette facture est introuvable.");
}

bool is_payment_method(const std::string& method) {
    return method == "transfer" || method == "cheque" || method == "card" ||
           method == "funding_body";
}

}  // namespace

InvoiceView make_invoice_view(storage::InvoiceRow invoice) {
    InvoiceView view;
    view.settlement = invoices::settle(Money::from_cents(invoice.total_cents),
                                       Money::from_cents(invoice.credited_cents),
                                       Money::from_cents(invoice.paid_cents));
    view.invoice = std::move(invoice);
    return view;
}

std::int64_t issue_invoice(soci::session& sql, const invoices::BillingSettings& settings,
                           const storage::RegistrationRow& registration,
                           const storage::SessionRow& session, boost::gregorian::date today) {
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

    int year = static_cast<int>(today.year());
    int sequence = storage::take_next_sequence(sql, settings.invoice_prefix, year);
    auto due_on = pricing::invoice_due_date(registration.tier, today, session.ends_on,
                                            settings.employer_payment_days);
    auto document = invoices::build_invoice(
        settings, facts, invoices::format_number(settings.invoice_prefix, year, sequence), today,
        due_on);
    auto id = store_document(sql, document, settings.invoice_prefix, year, sequence,
                             registration.id, std::nullopt);
    storage::record_audit(sql, {"system",
                                "invoice.issued",
                                "invoice",
                                id,
                                nullptr,
                                {{"number", document.number},
                                 {"registration_id", registration.id},
                                 {"total_cents", document.total.cents()}}});
    return id;
}

std::optional<std::int64_t> credit_registration(soci::session& sql,
                                                const invoices::BillingSettings& settings,
                                                const storage::RegistrationRow& registration,
                                                const storage::SessionRow& session,
                                                boost::gregorian::date today,
                                                const std::string& actor) {
    auto invoice = storage::open_invoice_of_registration(sql, registration.id);
    if (!invoice) {
        return std::nullopt;
    }
    auto original = invoices::document_from_json(invoice->snapshot);
    auto fee = Money::from_cents(
        std::min(storage::cancellation_fee_cents(sql, session.course_id), invoice->total_cents));
    if (fee == original.total) {
        return std::nullopt;  // the whole price is kept: nothing to credit
    }
    int year = static_cast<int>(today.year());
    int sequence = storage::take_next_sequence(sql, settings.credit_note_prefix, year);
    auto credit = invoices::build_credit_note(
        settings, original, invoices::format_number(settings.credit_note_prefix, year, sequence),
        today, fee);
    auto id = store_document(sql, credit, settings.credit_note_prefix, year, sequence,
                             registration.id, invoice->id);
    storage::record_audit(sql, {actor,
                                "credit_note.issued",
                                "invoice",
                                id,
                                nullptr,
                                {{"number", credit.number},
                                 {"corrects", invoice->number},
                                 {"total_cents", credit.total.cents()}}});
    return id;
}

std::vector<InvoiceView> invoices_of_registration(soci::session& sql,
                                                  std::int64_t registration_id) {
    std::vector<InvoiceView> views;
    for (auto& row : storage::invoices_of_registration(sql, registration_id)) {
        views.push_back(make_invoice_view(std::move(row)));
    }
    return views;
}

Result<InvoiceView> record_payment(storage::Database& db, const std::string& number,
                                   const PaymentInput& payment, const std::string& actor,
                                   boost::gregorian::date today) {
    if (payment.amount_cents <= 0) {
        return Error::invalid("invalid_amount", "Le montant doit être positif.", "amount_cents");
    }
    if (!is_payment_method(payment.method)) {
        return Error::invalid("invalid_payment_method",
                              "Le moyen de paiement doit être transfer (virement), cheque, card "
                              "(carte) ou funding_body (organisme financeur).",
                              "method");
    }
    if (payment.paid_on > today) {
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
        auto due = make_invoice_view(*invoice).settlement.amount_due;
        if (Money::from_cents(payment.amount_cents) > due) {
            return Error::conflict(
                "overpayment",
                "Ce paiement dépasse le montant restant dû (" + pricing::format_french(due) + ").",
                "amount_cents");
        }
        auto id = storage::insert_payment(sql, {invoice->id, payment.amount_cents, payment.paid_on,
                                                payment.method, payment.reference, actor});
        storage::record_audit(sql, {actor,
                                    "payment.recorded",
                                    "payment",
                                    id,
                                    nullptr,
                                    {{"invoice", number},
                                     {"amount_cents", payment.amount_cents},
                                     {"method", payment.method}}});
        return make_invoice_view(storage::find_invoice_by_number(sql, number).value());
    });
}

Result<std::string> invoice_pdf(storage::Database& db, const std::string& number,
                                const std::optional<std::string>& trainee_token) {
    struct Found {
        storage::InvoiceRow invoice;
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
        auto pdf = storage::stored_pdf(sql, invoice->id);
        return Found{std::move(*invoice), std::move(pdf)};
    });
    if (!found) {
        return found.error();
    }
    if (found->pdf) {
        return std::move(*found->pdf);
    }
    // Rendered outside any transaction (CPU work holds no connection), then kept; if another
    // request stored it first, its bytes win and are returned.
    auto rendered =
        invoices::render_invoice_pdf(invoices::document_from_json(found->invoice.snapshot));
    return db.transact([&](soci::session& sql) -> Result<std::string> {
        storage::store_pdf(sql, found->invoice.id, rendered);
        return storage::stored_pdf(sql, found->invoice.id).value();
    });
}

}  // namespace formations::app

#include "service/app/payments.hpp"

#include "service/app/detail/money_movements.hpp"
#include "service/app/detail/outbox.hpp"
#include "service/app/input_rules.hpp"
#include "service/storage/audit_repository.hpp"
#include "service/storage/invoice_repository.hpp"
#include "service/storage/payment_repository.hpp"

namespace formations::app {
namespace {

using pricing::Money;

constexpr std::size_t reason_max = 300;

Error invoice_not_found() {
    return Error::not_found("invoice_not_found", "Cette facture est introuvable.");
}

Error payment_not_found() {
    return Error::not_found("payment_not_found", "Ce règlement est introuvable sur cette facture.");
}

Result<PaymentHistory> history_of(soci::session& sql, const std::string& number) {
    auto invoice = storage::find_invoice_by_number(sql, number);
    if (!invoice) {
        return invoice_not_found();
    }
    PaymentHistory history;
    history.entries = storage::payments_of_invoice(sql, invoice->id);
    history.invoice = make_invoice_view(std::move(*invoice));
    return history;
}

}  // namespace

Result<PaymentHistory> payment_history(storage::Database& db, const std::string& number) {
    return db.transact([&](soci::session& sql) { return history_of(sql, number); });
}

Result<PaymentHistory> record_refund(storage::Database& db, const Clock& clock,
                                     const std::string& number, const RefundInput& refund,
                                     const std::string& actor) {
    const auto now = clock.now();
    if (refund.amount_cents <= 0) {
        return Error::invalid("invalid_amount", "Le montant doit être positif.", "amount_cents");
    }
    if (refund.method != "transfer" && refund.method != "cheque" && refund.method != "card") {
        return Error::invalid("invalid_refund_method",
                              "Le moyen de remboursement doit être transfer (virement), cheque "
                              "ou card (carte).",
                              "method");
    }
    if (refund.refunded_on > now.today) {
        return Error::invalid("refund_in_future",
                              "La date du remboursement ne peut pas être dans le futur.",
                              "refunded_on");
    }
    return db.transact([&](soci::session& sql) -> Result<PaymentHistory> {
        auto invoice = detail::locked_invoice(sql, number);
        if (!invoice) {
            return invoice.error();
        }
        if (refund.refunded_on < invoice->issued_on) {
            return Error::invalid("refund_before_invoice",
                                  "La date du remboursement ne peut pas précéder la date de la "
                                  "facture.",
                                  "refunded_on");
        }
        if (auto closed = detail::refuse_closed_period(sql, refund.refunded_on, "refunded_on")) {
            return *closed;
        }
        auto due = make_invoice_view(invoice.value()).settlement.refund_due;
        if (Money::from_cents(refund.amount_cents) > due) {
            return Error::conflict("refund_exceeds_due",
                                   "Ce remboursement dépasse le montant à rembourser (" +
                                       pricing::format_french(due) + ").",
                                   "amount_cents");
        }
        auto id = storage::insert_payment(sql,
                                          {invoice->id, -refund.amount_cents, refund.refunded_on,
                                           refund.method, refund.reference, actor, "refund"},
                                          now.instant);
        if (auto entry = storage::find_payment(sql, id)) {
            storage::audit_payment_entry(sql, {actor, now.instant}, "refund.recorded", *entry,
                                         number);
        }
        auto history = history_of(sql, number);
        if (history) {
            const auto& refunded = history->invoice;
            detail::notify_money_movement(
                sql, now, actor, domain::MessageKind::refund_recorded, refunded.invoice,
                {number, refunded.invoice.payer, refunded.invoice.buyer_name, refund.amount_cents,
                 refund.refunded_on, refund.method, refunded.settlement.refund_due.cents()});
        }
        return history;
    });
}

Result<PaymentHistory> reverse_payment(storage::Database& db, const Clock& clock,
                                       const std::string& number, std::int64_t payment_id,
                                       const ReversalInput& reversal, const std::string& actor) {
    const auto now = clock.now();
    auto reason = normalise_text(reversal.reason, "reason", reason_max);
    if (!reason) {
        return reason.error();
    }
    if (reversal.reversed_on > now.today) {
        return Error::invalid("reversal_in_future",
                              "La date de l'annulation ne peut pas être dans le futur.",
                              "reversed_on");
    }
    return db.transact([&](soci::session& sql) -> Result<PaymentHistory> {
        auto invoice = detail::locked_invoice(sql, number);
        if (!invoice) {
            return invoice.error();
        }
        auto entry = storage::find_payment(sql, payment_id);
        if (!entry || entry->invoice_id != invoice->id) {
            return payment_not_found();
        }
        if (entry->kind == "reversal") {
            return Error::conflict("cannot_reverse_reversal",
                                   "Une annulation ne s'annule pas : enregistrez à nouveau le "
                                   "règlement.");
        }
        if (entry->reversed_by_id) {
            return Error::conflict("already_reversed", "Ce règlement est déjà annulé.");
        }
        if (reversal.reversed_on < entry->on) {
            return Error::invalid("reversal_before_entry",
                                  "L'annulation ne peut pas précéder le règlement qu'elle annule.",
                                  "reversed_on");
        }
        if (auto closed = detail::refuse_closed_period(sql, reversal.reversed_on, "reversed_on")) {
            return *closed;
        }
        if (entry->kind == "payment" &&
            invoice->paid_cents - entry->amount_cents < invoice->refunded_cents) {
            return Error::conflict("refunds_exceed_payments",
                                   "Des remboursements dépasseraient alors les paiements reçus : "
                                   "annulez d'abord le remboursement.");
        }
        auto id = storage::insert_payment(
            sql,
            {invoice->id, -entry->amount_cents, reversal.reversed_on, entry->method,
             entry->reference, actor, "reversal", entry->id, reason.value()},
            now.instant);
        if (auto recorded = storage::find_payment(sql, id)) {
            storage::audit_payment_entry(sql, {actor, now.instant}, "payment.reversed", *recorded,
                                         number);
        }
        return history_of(sql, number);
    });
}

}  // namespace formations::app

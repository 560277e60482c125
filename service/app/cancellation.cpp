#include "service/app/detail/cancellation.hpp"

#include <set>
#include <string>

#include "invoices/document_builder.hpp"
#include "invoices/french_format.hpp"
#include "pricing/due_date.hpp"
#include "pricing/money.hpp"
#include "service/app/detail/agreements.hpp"
#include "service/app/detail/invoicing.hpp"
#include "service/app/detail/seats.hpp"
#include "service/app/tokens.hpp"
#include "service/domain/iso8601.hpp"
#include "service/storage/contract_repository.hpp"
#include "service/storage/session_repository.hpp"

namespace formations::app::detail {
namespace {

using pricing::Money;

// The last day of the withdrawal period of the self-funded contract in force, when it is still
// open `today` (from the signature's day, Paris, to 10 days later included: L6353-5).
std::optional<boost::gregorian::date> open_withdrawal_period(
    soci::session& sql, const domain::Registration& registration, boost::gregorian::date today) {
    if (registration.funding != pricing::Funding::self) {
        return std::nullopt;
    }
    auto signature = storage::find_contract_signature(sql, registration.id);
    if (!signature) {
        return std::nullopt;
    }
    const auto last_day = pricing::withdrawal_period_end(day_of(signature->signed_at));
    if (today > last_day) {
        return std::nullopt;
    }
    return last_day;
}

// What the registration's invoices still bill (net of earlier credit notes), and the ids of the
// documents they are.
struct Billed {
    Money open = Money::zero();
    std::set<std::int64_t> ids;
};
Billed billed(const std::vector<InvoiceView>& invoices) {
    Billed billed;
    for (const auto& view : invoices) {
        billed.ids.insert(view.invoice.id);
        if (view.invoice.kind == "invoice") {
            billed.open = billed.open +
                          Money::from_cents(view.invoice.total_cents + view.invoice.credited_cents);
        }
    }
    return billed;
}

std::string euros(std::int64_t cents) {
    return pricing::format_french(Money::from_cents(cents));
}

// The sentence the page shows before the click (the product's wording).
std::string summary_of(const CancellationOutcome& outcome, bool convention) {
    std::string text;
    const auto credited = euros(outcome.credited_cents);
    if (outcome.fee_rule == "cancellation_fee") {
        text = "Des frais d'annulation de " + euros(outcome.fee_cents) +
               (outcome.due_cents > 0 ? " restent dus" : " sont retenus");
        text += outcome.credited_cents > 0
                    ? " : un avoir de " + credited + " annule le reste de la facture."
                    : " : la facture n'est pas annulée.";
    } else {
        text = "Annulation sans frais : ";
        if (outcome.fee_rule == "nothing_invoiced") {
            text += "aucune facture n'est en cours pour cette inscription.";
        } else {
            if (outcome.fee_rule == "withdrawal_period") {
                text += "le délai de rétractation court jusqu'au " +
                        invoices::format_long_date_fr(*outcome.withdrawal_ends_on) + " inclus ; ";
            } else if (outcome.fee_rule == "session_edit_not_accepted") {
                text += std::string("la session a été modifiée par l'organisme de formation et ") +
                        (convention ? "la nouvelle convention n'a pas été signée ; "
                                    : "le nouveau contrat n'a pas été signé ; ");
            }
            text += outcome.credited_cents > 0 ? "un avoir de " + credited + " annule la facture."
                                               : "la facture a déjà été annulée.";
        }
    }
    if (outcome.due_cents > 0) {
        text += " Reste à payer : " + euros(outcome.due_cents) + ".";
    }
    if (outcome.refund_cents > 0) {
        text += " À rembourser : " + euros(outcome.refund_cents) + ".";
    }
    if (outcome.seat_offered) {
        text += " La place libérée sera proposée à la première personne de la liste d'attente.";
    }
    return text;
}

}  // namespace

Result<CancellationOutcome> cancel_and_account(soci::session& sql,
                                               const invoices::BillingSettings& billing,
                                               const Clock& clock, const Now& now,
                                               const domain::Registration& registration,
                                               const domain::Session& session,
                                               const Requester& requester) {
    if (!requester.staff && now.today >= session.starts_on) {
        return Error::conflict("session_started",
                               "La session a commencé : l'inscription ne peut plus être "
                               "annulée en ligne. Contactez l'équipe de formation.");
    }
    CancellationOutcome outcome;
    Canceller canceller{requester.audit_name, requester.staff,
                        domain::MessageKind::registration_cancelled};
    const bool convention = registration.funding == pricing::Funding::employer;
    // The organiser changed the session and the person has not accepted the change (the
    // agreement made anew is unsigned): refusing it costs nothing. Not after a move, which the
    // trainee asked for.
    if (auto edit = storage::unaccepted_session_edit(sql, registration.id)) {
        canceller.fee = Fee::none;
        canceller.credit_reason = invoices::cancelled_after_session_edit(convention);
        canceller.fee_waived_because =
            *edit + "; the agreement made anew was not signed: no cancellation fee";
        outcome.fee_rule = "session_edit_not_accepted";
    } else if (auto last_day = open_withdrawal_period(sql, registration, now.today)) {
        // Within the 10 days after signing, cancelling is withdrawing (L6353-5): it costs nothing,
        // whichever button the trainee (or staff on their behalf) used.
        canceller.fee = Fee::none;
        canceller.credit_reason.statement =
            "Annulation pendant le délai de rétractation (article L6353-5 du Code du travail) : "
            "aucun frais n'est retenu.";
        canceller.fee_waived_because = "cancelled within the withdrawal period, which ends on " +
                                       format_date(*last_day) + " (L6353-5): no cancellation fee";
        outcome.fee_rule = "withdrawal_period";
        outcome.withdrawal_ends_on = last_day;
    }
    const auto before = billed(invoice_views(sql, registration.id));
    if (auto error = cancel_locked(sql, billing, clock, registration, session, now, canceller)) {
        return *error;
    }
    const auto after = invoice_views(sql, registration.id);
    Money credited = Money::zero();
    for (const auto& view : after) {
        if (view.invoice.kind == "invoice") {
            outcome.due_cents += view.settlement.amount_due.cents();
            outcome.refund_cents += view.settlement.refund_due.cents();
        } else if (!before.ids.count(view.invoice.id)) {
            credited = credited - Money::from_cents(view.invoice.total_cents);
        }
    }
    outcome.credited_cents = credited.cents();
    outcome.fee_cents = (before.open - credited).cents();
    if (outcome.fee_rule.empty()) {
        outcome.fee_rule = before.open == Money::zero() ? "nothing_invoiced"
                           : outcome.fee_cents > 0      ? "cancellation_fee"
                                                        : "no_cancellation_fee";
    }
    // A seat that was held and is still counted went to the first person waiting.
    if (holds_seat(registration)) {
        auto reread = storage::find_session(sql, session.id);
        outcome.seat_offered = reread && reread->seats_taken >= session.seats_taken;
    }
    outcome.summary = summary_of(outcome, convention);
    outcome.confirmation = sha256_hex(
        std::to_string(registration.id) + "|" + registration.status + "|" + outcome.fee_rule + "|" +
        std::to_string(outcome.fee_cents) + "|" + std::to_string(outcome.credited_cents) + "|" +
        std::to_string(outcome.due_cents) + "|" + std::to_string(outcome.refund_cents) + "|" +
        (outcome.seat_offered ? "offered" : "") + "|" +
        (outcome.withdrawal_ends_on ? format_date(*outcome.withdrawal_ends_on) : ""));
    return outcome;
}

}  // namespace formations::app::detail

#include "service/app/roster.hpp"

#include <cstdio>

#include "pricing/money.hpp"
#include "service/app/accounting.hpp"
#include "service/app/catalogue.hpp"
#include "service/app/csv.hpp"
#include "service/app/detail/invoicing.hpp"
#include "service/domain/iso8601.hpp"
#include "service/domain/time_zone.hpp"
#include "service/storage/contract_repository.hpp"
#include "service/storage/convention_repository.hpp"
#include "service/storage/offer_repository.hpp"
#include "service/storage/outbox_repository.hpp"
#include "service/storage/registration_repository.hpp"
#include "service/storage/session_repository.hpp"

namespace formations::app {

Result<Roster> session_roster(storage::Database& db, std::int64_t session_id) {
    return db.transact([&](soci::session& sql) -> Result<Roster> {
        auto session = storage::find_session(sql, session_id);
        if (!session) {
            return session_not_found();
        }
        Roster roster{*session, {}};
        auto messages = storage::message_statuses_of_session(sql, session_id);
        auto contracts = storage::contract_states_of_session(sql, session_id);
        auto conventions = storage::convention_states_of_session(sql, session_id);
        int position = 0;
        // A few dozen rows per session: one query per row for its invoices is fine here.
        for (auto& registration : storage::registrations_of_session(sql, session_id)) {
            RosterEntry entry;
            if (registration.status == "waitlisted") {
                entry.waitlist_position = ++position;  // rows come in waiting-list order
            }
            for (auto& invoice : detail::invoice_views(sql, registration.id)) {
                if (invoice.invoice.kind == "invoice") {
                    entry.invoice = std::move(invoice);
                }
            }
            if (auto found = messages.find(registration.id); found != messages.end()) {
                entry.messages = std::move(found->second);
            }
            if (auto found = contracts.find(registration.id); found != contracts.end()) {
                entry.contract = found->second;
            }
            if (auto found = conventions.find(registration.id); found != conventions.end()) {
                entry.convention = found->second;
            }
            if (registration.status == "offered") {
                entry.offer = storage::latest_offer(sql, registration.id);
            }
            entry.registration = std::move(registration);
            roster.entries.push_back(std::move(entry));
        }
        return roster;
    });
}

namespace {

std::string registration_status_label(const std::string& status) {
    if (status == "confirmed") {
        return "Confirmée";
    }
    if (status == "offered") {
        return "Place proposée";
    }
    if (status == "waitlisted") {
        return "Liste d'attente";
    }
    return "Annulée";
}

std::string tier_label(pricing::Tier tier) {
    switch (tier) {
        case pricing::Tier::self_funded:
            return "Autofinancement";
        case pricing::Tier::member:
            return "Sociétaire ou candidate";
        case pricing::Tier::non_member:
            return "Non membre";
    }
    return "";
}

// "2026-12-01T09:05:00Z" -> "01/12/2026 10:05" in the business time zone.
std::string local_timestamp(const std::string& utc) {
    auto instant = parse_instant(utc);
    if (!instant) {
        return utc;
    }
    auto local = local_time(*instant);
    char text[32];
    std::snprintf(text, sizeof text, "%02d/%02d/%04d %02d:%02d", static_cast<int>(local.date.day()),
                  static_cast<int>(local.date.month()), static_cast<int>(local.date.year()),
                  local.hour, local.minute);
    return text;
}

}  // namespace

// In French like the invoice CSV: statuses, funding and tiers as people say them, the time of
// registration in the business time zone; CsvWriter neutralises cells a spreadsheet would run.
std::string roster_csv(const Roster& roster) {
    CsvWriter csv;
    csv.row({"Inscription", "Statut", "Position attente", "Nom", "Prénom", "E-mail", "Téléphone",
             "Financement", "Employeur", "SIRET employeur", "Tarif", "Prix (€)", "Facture",
             "Paiement", "Reste dû (€)", "Inscrit le"});
    for (const auto& entry : roster.entries) {
        const auto& r = entry.registration;
        std::string invoice_number, payment, due;
        if (entry.invoice) {
            invoice_number = entry.invoice->invoice.number;
            payment = document_status_label(
                std::string(invoices::to_string(entry.invoice->settlement.status)));
            due = pricing::format_decimal_comma(entry.invoice->settlement.amount_due);
        }
        csv.row({std::to_string(r.id), registration_status_label(r.status),
                 entry.waitlist_position ? std::to_string(*entry.waitlist_position) : "",
                 r.trainee.last_name, r.trainee.first_name, r.trainee.email,
                 r.trainee.phone.value_or(""),
                 r.funding == pricing::Funding::self ? "Autofinancement" : "Employeur",
                 r.employer ? r.employer->name : "", r.employer ? r.employer->siret : "",
                 tier_label(r.tier),
                 pricing::format_decimal_comma(pricing::Money::from_cents(r.price_cents)),
                 invoice_number, payment, due, local_timestamp(r.created_at)});
    }
    return csv.str();
}

}  // namespace formations::app

#include "service/app/closing.hpp"

#include "invoices/french_format.hpp"
#include "service/app/detail/money_movements.hpp"
#include "service/storage/audit_repository.hpp"
#include "service/storage/payment_repository.hpp"

namespace formations::app {
namespace {

ClosingState state_of(soci::session& sql) {
    ClosingState state;
    state.closures = storage::closures(sql);
    if (!state.closures.empty()) {
        state.closed_through = state.closures.front().closed_through;
    }
    return state;
}

}  // namespace

namespace detail {

std::optional<Error> refuse_closed_period(soci::session& sql, boost::gregorian::date day,
                                          const std::string& field) {
    auto closed = storage::lock_closures_for_entry(sql);
    if (closed && day <= *closed) {
        return Error::conflict("period_closed",
                               "La période comptable est clôturée jusqu'au " +
                                   invoices::format_date_fr(*closed) +
                                   " inclus : datez l'opération après cette date (une correction "
                                   "s'enregistre dans la période ouverte).",
                               field);
    }
    return std::nullopt;
}

}  // namespace detail

Result<ClosingState> closing_state(storage::Database& db) {
    return db.transact([&](soci::session& sql) -> Result<ClosingState> { return state_of(sql); });
}

Result<ClosingState> close_period(storage::Database& db, const Clock& clock, const Actor& actor,
                                  boost::gregorian::date closed_through) {
    const auto now = clock.now();
    if (closed_through >= now.today) {
        return Error::invalid("period_not_over",
                              "Seule une période terminée peut être clôturée : choisissez une "
                              "date antérieure à aujourd'hui.",
                              "closed_through");
    }
    return db.transact([&](soci::session& sql) -> Result<ClosingState> {
        auto latest = storage::lock_for_closing(sql);
        if (latest && closed_through <= *latest) {
            return Error::conflict("already_closed",
                                   "La période est déjà clôturée jusqu'au " +
                                       invoices::format_date_fr(*latest) +
                                       " inclus : une clôture ne revient jamais en arrière.",
                                   "closed_through");
        }
        auto id = storage::insert_closure(sql, closed_through, actor.audit_name(), now.instant);
        storage::audit_closure(sql, {actor.audit_name(), now.instant}, id, closed_through);
        return state_of(sql);
    });
}

}  // namespace formations::app

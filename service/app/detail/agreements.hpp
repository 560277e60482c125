#pragma once
// Inside the app only: what the training contract (contracts.hpp) and the training convention
// (conventions.hpp) share — the terms of the training action as both print them, and the checks
// of a simple electronic signature's evidence, and how either is made once. Defined in
// contracts.cpp.

#include <optional>
#include <string>
#include <utility>
#include <variant>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "invoices/billing_settings.hpp"
#include "invoices/training_contract.hpp"
#include "service/domain/clock.hpp"
#include "service/domain/error.hpp"
#include "service/domain/registration.hpp"
#include "service/domain/session.hpp"
#include "service/storage/contract_repository.hpp"
#include "service/storage/database.hpp"

namespace formations::app::detail {

// The action of `registration` on `session` as made `today`: the course's texts from its sheet
// in force (or the product's wording), the session's dates, hours, place and trainer, the price.
invoices::TrainingContract training_terms(soci::session& sql,
                                          const invoices::BillingSettings& settings,
                                          const domain::Registration& registration,
                                          const domain::Session& session,
                                          boost::gregorian::date today);

// An agreement is made once, then always gives the same bytes. `look_up(sql)` (in a
// transaction) answers a Result of either the stored agreement or the terms to make it from;
// the PDF (`render(terms)`) and its snapshot are made outside any transaction — CPU work holds no
// connection — and `store(sql, terms, snapshot, pdf)` keeps them in a second transaction,
// answering the stored agreement: if another request stored one first, its bytes win.
template <class Stored, class Terms, class LookUp, class Render, class Store>
Result<Stored> stored_or_made(storage::Database& db, LookUp look_up, Render render, Store store) {
    auto found = db.transact(
        [&](soci::session& sql) -> Result<std::variant<Stored, Terms>> { return look_up(sql); });
    if (!found) {
        return found.error();
    }
    if (auto* stored = std::get_if<Stored>(&found.value())) {
        return std::move(*stored);
    }
    const auto& terms = std::get<Terms>(found.value());
    const auto pdf = render(terms);
    const auto snapshot = to_json(terms).dump();
    return db.transact(
        [&](soci::session& sql) -> Result<Stored> { return store(sql, terms, snapshot, pdf); });
}

// The reference printed on a registration's agreement in force: "CF-000012" (`prefix` "CF"),
// then "CF-000012-2" once a move superseded the first (storage: agreement_version).
std::string agreement_reference(soci::session& sql, const char* prefix,
                                std::int64_t registration_id);
// The same for a known `version` (1: a new registration's).
std::string agreement_reference(const char* prefix, std::int64_t registration_id, int version);

// The business day (Paris) of an instant stored as ISO 8601 text, e.g. a signature's.
boost::gregorian::date day_of(const std::string& instant);

// Whether an agreement made for `after` would print other terms than one made for `before`
// that a trainee or an employer must agree to again: the dates, the daily hours (hence the
// duration) or the place. The capacity and the trainer's name are printed too, but a larger
// group or another qualified trainer is no substantial change of the action: agreements in force
// keep them as made, and those made later print the new ones.
bool agreement_terms_differ(const domain::Session& before, const domain::Session& after);

// A move to another session, or staff changing what agreements print of the session
// (agreement_terms_differ): the registration's contract or convention in force, if any of it is
// stored, is superseded (kept as it is) and audited; the next one is made for the new terms and
// signed again. What was superseded, if anything. The caller holds the registration's row lock.
std::optional<storage::SupersededAgreement> supersede_agreement(
    soci::session& sql, const Now& now, const std::string& actor,
    const domain::Registration& registration, const std::string& reason,
    storage::SupersessionCause cause);

// Whether the registration changed since an agreement's terms were read from it and from
// `session`, before they are stored: moved (its session, its agreement's version) or its session
// edited (agreement_terms_differ); then a conflict to retry. Takes the registration's row lock,
// which a move and a session edit hold while they supersede.
std::optional<Error> moved_meanwhile(soci::session& sql, std::int64_t registration_id,
                                     const domain::Session& session, int version);

// The session of `registration` (the foreign key keeps it; a missing one is an internal error).
Result<domain::Session> session_of(soci::session& sql, const domain::Registration& registration);

// A header as evidence: printable ASCII (anything else becomes '?'), at most 512 characters.
std::string printable(const std::string& text);

// The hash a page sent, lower-cased, if it is a SHA-256 in hexadecimal.
std::optional<std::string> sha256_of_page(const std::string& text);

}  // namespace formations::app::detail

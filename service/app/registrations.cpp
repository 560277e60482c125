#include "service/app/registrations.hpp"

#include "pricing/siret.hpp"
#include "service/app/catalogue.hpp"
#include "service/app/input_rules.hpp"
#include "service/app/tokens.hpp"

namespace formations::app {
namespace {

using storage::Lock;

constexpr std::size_t name_max = 100;
constexpr std::size_t address_max = 300;
constexpr std::size_t organisation_name_max = 200;
constexpr const char* idempotency_constraint = "registrations_idempotency_key_key";
constexpr const char* one_active_constraint = "registrations_one_active_per_trainee";

Error already_registered() {
    return Error::conflict("already_registered",
                           "Cette personne est déjà inscrite à cette session.", "trainee.email");
}

// A lost race on a unique constraint: the caller runs the use case again and then sees the
// winner's row (for the idempotency key) or refuses cleanly (for the trainee).
struct UniqueRace {
    std::string constraint;
};

// `session`: the registration's session when the caller already read it in this transaction
// (the view uses only what a registration cannot change: course, dates, place).
RegistrationView view_of(soci::session& sql, storage::RegistrationRow registration,
                         const storage::SessionRow* session = nullptr) {
    RegistrationView view;
    view.session = session ? *session : storage::find_session(sql, registration.session_id).value();
    view.status = registration.status;
    if (registration.status == "waitlisted" && registration.waitlist_order) {
        view.waitlist_position =
            storage::waitlist_position(sql, registration.session_id, *registration.waitlist_order);
    }
    view.invoices = invoices_of_registration(sql, registration.id);
    view.registration = std::move(registration);
    return view;
}

RegistrationView replay_of(soci::session& sql, storage::RegistrationRow registration) {
    auto view = view_of(sql, std::move(registration));
    view.status = view.registration.created_status;
    view.waitlist_position = view.registration.created_waitlist_position;
    view.replayed = true;
    return view;
}

Result<RegistrationView> replay_or_refuse(soci::session& sql, storage::RegistrationRow existing,
                                          const IdempotencyKey& idempotency) {
    if (existing.idempotency_fingerprint != idempotency.fingerprint) {
        return Error{ErrorCategory::unprocessable,
                     "idempotency_key_reused",
                     "Cette clé d'idempotence a déjà servi pour une autre demande.",
                     "Idempotency-Key",
                     {}};
    }
    return replay_of(sql, std::move(existing));
}

Result<RegistrationView> register_once(soci::session& sql, const invoices::BillingSettings& billing,
                                       const RegistrationRequest& request,
                                       const std::optional<IdempotencyKey>& idempotency,
                                       const Requester& requester, boost::gregorian::date today) {
    auto session = storage::find_session(sql, request.session_id, /*lock=*/true);
    // Looked up after taking the lock: a retry that waited for its first request sees it here.
    if (idempotency) {
        if (auto existing = storage::find_registration_by_idempotency_key(sql, idempotency->key)) {
            return replay_or_refuse(sql, std::move(*existing), *idempotency);
        }
    }
    if (!session) {
        return Error::invalid("session_not_found", "Cette session de formation n'existe pas.",
                              "session_id");
    }
    // Staff may register someone after the deadline, never on a cancelled session.
    bool open = requester.staff ? session->status != pricing::SessionStatus::cancelled
                                : pricing::registration_open(session->status, session->starts_on,
                                                             session->registration_deadline, today);
    if (!open) {
        return Error::invalid("registration_closed",
                              "Les inscriptions à cette session sont closes.", "session_id");
    }

    std::optional<storage::EmployerRecord> employer;
    std::optional<pricing::MembershipStatus> membership;
    if (request.employer) {
        employer = storage::EmployerRecord{request.employer->siret, request.employer->name,
                                           request.employer->address, std::nullopt};
        if (auto organisation = storage::find_organisation_by_siret(sql, employer->siret)) {
            employer->organisation_id = organisation->id;
            membership = organisation->status;
        }
    }
    auto tier = pricing::derive_tier(request.funding, membership);
    auto price = storage::price_list(sql, session->course_id).price_for(tier, session->starts_on);
    if (!price) {
        return Error::conflict("no_tariff", "Aucun tarif n'est défini pour cette session.");
    }

    const auto& trainee = request.trainee;
    auto trainee_id = storage::upsert_trainee(sql, {trainee.first_name, trainee.last_name,
                                                    trainee.email, trainee.phone, trainee.address});
    if (storage::has_active_registration(sql, session->id, trainee_id)) {
        return already_registered();
    }

    storage::NewRegistration row;
    row.session_id = session->id;
    row.trainee_id = trainee_id;
    row.trainee = {trainee.first_name, trainee.last_name, trainee.email, trainee.phone,
                   trainee.address};
    row.token = random_token();
    row.funding = request.funding;
    row.employer = employer;
    row.tier = tier;
    row.price_cents = price->cents();
    row.confirmed = session->seats_taken < session->capacity;
    if (!row.confirmed) {
        row.waitlist_order = storage::next_waitlist_order(sql);
        // Every waitlisted registration of this session was decided under the lock we hold.
        row.waitlist_position = session->waitlist_length + 1;
    }
    if (idempotency) {
        row.idempotency_key = idempotency->key;
        row.idempotency_fingerprint = idempotency->fingerprint;
    }
    std::int64_t id = 0;
    try {
        id = storage::insert_registration(sql, row);
    } catch (const soci::soci_error& error) {
        auto failure = storage::classify(error);
        if (failure.sqlstate == "23505") {
            throw UniqueRace{failure.constraint};
        }
        throw;
    }
    auto created = storage::find_registration_by_id(sql, id).value();
    storage::record_audit(sql, {requester.audit_name, "registration.created", "registration", id,
                                nullptr, storage::audit_state(created)});
    if (row.confirmed) {
        issue_invoice(sql, billing, created, *session, today);
    }
    return view_of(sql, std::move(created), &*session);
}

}  // namespace

void promote_waitlist(soci::session& sql, const invoices::BillingSettings& billing,
                      const storage::SessionRow& session, boost::gregorian::date today) {
    while (auto promoted = storage::promote_first_waitlisted(sql, session.id)) {
        auto row = storage::find_registration_by_id(sql, *promoted).value();
        storage::record_audit(sql, {"system",
                                    "registration.promoted",
                                    "registration",
                                    *promoted,
                                    {{"status", "waitlisted"}},
                                    storage::audit_state(row)});
        issue_invoice(sql, billing, row, session, today);
    }
}

Error registration_not_found() {
    return Error::not_found("registration_not_found", "Cette inscription est introuvable.");
}

Result<RegistrationRequest> validate_registration(const RegistrationRequest& request) {
    RegistrationRequest clean = request;
    auto take = [](Result<std::string> result, std::string& into) -> std::optional<Error> {
        if (!result) {
            return result.error();
        }
        into = std::move(result.value());
        return std::nullopt;
    };
    const auto& in = request.trainee;
    auto& out = clean.trainee;
    if (auto e =
            take(normalise_text(in.first_name, "trainee.first_name", name_max), out.first_name)) {
        return *e;
    }
    if (auto e = take(normalise_text(in.last_name, "trainee.last_name", name_max), out.last_name)) {
        return *e;
    }
    if (auto e = take(normalise_email(in.email, "trainee.email"), out.email)) {
        return *e;
    }
    if (in.phone) {
        if (auto e = take(normalise_phone(*in.phone, "trainee.phone"), *out.phone)) {
            return *e;
        }
    }
    if (in.address) {
        if (auto e = take(normalise_text(*in.address, "trainee.address", address_max, true),
                          *out.address)) {
            return *e;
        }
    }
    if (request.funding == pricing::Funding::self) {
        // The trainee is the buyer: an invoice must state their address.
        if (!out.address) {
            return Error::invalid("address_required",
                                  "Indiquez votre adresse postale : elle figure sur la facture.",
                                  "trainee.address");
        }
        if (request.employer) {
            return Error::invalid("unexpected_employer",
                                  "Un employeur ne peut pas être indiqué pour une formation "
                                  "financée par le stagiaire lui-même.",
                                  "employer");
        }
        return clean;
    }
    if (!request.employer) {
        return Error::invalid("employer_required", "Indiquez l'employeur qui finance la formation.",
                              "employer");
    }
    auto siret_text = request.employer->siret;
    siret_text.erase(0, siret_text.find_first_not_of(" \t"));
    siret_text.erase(siret_text.find_last_not_of(" \t") + 1);
    auto siret = pricing::Siret::parse(siret_text);
    if (!siret) {
        return Error::invalid("invalid_siret",
                              "Le numéro SIRET doit comporter 14 chiffres et être valide.",
                              "employer.siret");
    }
    clean.employer->siret = siret->digits();
    if (auto e =
            take(normalise_text(request.employer->name, "employer.name", organisation_name_max),
                 clean.employer->name)) {
        return *e;
    }
    if (auto e =
            take(normalise_text(request.employer->address, "employer.address", address_max, true),
                 clean.employer->address)) {
        return *e;
    }
    return clean;
}

Result<RegistrationView> register_trainee(storage::Database& db,
                                          const invoices::BillingSettings& billing,
                                          const RegistrationRequest& request,
                                          const std::optional<IdempotencyKey>& idempotency,
                                          const Requester& requester,
                                          boost::gregorian::date today) {
    auto valid = validate_registration(request);
    if (!valid) {
        return valid.error();
    }
    // Two attempts: a lost race on a unique constraint is settled by reading the winner's row.
    for (int attempt = 1;; ++attempt) {
        try {
            return db.transact([&](soci::session& sql) {
                return register_once(sql, billing, valid.value(), idempotency, requester, today);
            });
        } catch (const UniqueRace& race) {
            if (race.constraint == one_active_constraint) {
                return already_registered();
            }
            if (race.constraint != idempotency_constraint || attempt == 2) {
                return Error::conflict("conflict",
                                       "La demande entre en conflit avec une autre demande "
                                       "simultanée. Veuillez réessayer.");
            }
        }
    }
}

Result<RegistrationView> find_registration(storage::Database& db, const std::string& token) {
    return db.transact([&](soci::session& sql) -> Result<RegistrationView> {
        auto registration = storage::find_registration_by_token(sql, token);
        if (!registration) {
            return registration_not_found();
        }
        return view_of(sql, std::move(*registration));
    });
}

void cancel_locked(soci::session& sql, const invoices::BillingSettings& billing,
                   const storage::RegistrationRow& registration, const storage::SessionRow& session,
                   boost::gregorian::date today, const std::string& actor) {
    auto before = storage::audit_state(registration);
    storage::mark_cancelled(sql, registration.id);
    auto cancelled = storage::find_registration_by_id(sql, registration.id).value();
    storage::record_audit(sql, {actor, "registration.cancelled", "registration", registration.id,
                                before, storage::audit_state(cancelled)});
    credit_registration(sql, billing, cancelled, session, today, actor);
    if (registration.status == "confirmed") {
        promote_waitlist(sql, billing, session, today);
    }
}

namespace {

// Locks the registration's session, then the registration (the order every use case follows,
// so none deadlocks) and runs `change` on the fresh rows.
template <typename Change>
Result<RegistrationView> with_locked_registration(storage::Database& db, const RegistrationKey& key,
                                                  Change&& change) {
    return db.transact([&](soci::session& sql) -> Result<RegistrationView> {
        auto find = [&](Lock lock) {
            return std::holds_alternative<std::string>(key)
                       ? storage::find_registration_by_token(sql, std::get<std::string>(key), lock)
                       : storage::find_registration_by_id(sql, std::get<std::int64_t>(key), lock);
        };
        auto unlocked = find(Lock::none);
        if (!unlocked) {
            return registration_not_found();
        }
        auto session = storage::find_session(sql, unlocked->session_id, /*lock=*/true).value();
        auto registration = find(Lock::for_update).value();
        if (registration.session_id != session.id) {
            // Moved meanwhile: the caller may simply retry.
            return Error::conflict("conflict", "L'inscription vient d'être modifiée. Réessayez.");
        }
        if (registration.status == "cancelled") {
            return Error::conflict("already_cancelled", "Cette inscription est déjà annulée.");
        }
        return change(sql, registration, session);
    });
}

}  // namespace

Result<RegistrationView> cancel_registration(storage::Database& db,
                                             const invoices::BillingSettings& billing,
                                             const RegistrationKey& key, const Requester& requester,
                                             boost::gregorian::date today) {
    return with_locked_registration(
        db, key,
        [&](soci::session& sql, const storage::RegistrationRow& registration,
            const storage::SessionRow& session) -> Result<RegistrationView> {
            if (!requester.staff && today >= session.starts_on) {
                return Error::conflict("session_started",
                                       "La session a commencé : l'inscription ne peut plus être "
                                       "annulée en ligne. Contactez l'équipe de formation.");
            }
            cancel_locked(sql, billing, registration, session, today, requester.audit_name);
            return view_of(sql, storage::find_registration_by_id(sql, registration.id).value());
        });
}

Result<RegistrationView> find_registration(storage::Database& db, const RegistrationKey& key) {
    return db.transact([&](soci::session& sql) -> Result<RegistrationView> {
        auto registration =
            std::holds_alternative<std::string>(key)
                ? storage::find_registration_by_token(sql, std::get<std::string>(key))
                : storage::find_registration_by_id(sql, std::get<std::int64_t>(key));
        if (!registration) {
            return registration_not_found();
        }
        return view_of(sql, std::move(*registration));
    });
}

Result<RegistrationView> correct_tier(storage::Database& db,
                                      const invoices::BillingSettings& billing, const Actor& actor,
                                      std::int64_t registration_id, pricing::Tier tier,
                                      boost::gregorian::date today) {
    return with_locked_registration(
        db, registration_id,
        [&](soci::session& sql, const storage::RegistrationRow& registration,
            const storage::SessionRow& session) -> Result<RegistrationView> {
            if ((registration.funding == pricing::Funding::self) !=
                (tier == pricing::Tier::self_funded)) {
                return Error::invalid("tier_incompatible_with_funding",
                                      "Ce tarif ne correspond pas au financement de l'inscription "
                                      "(autofinancement ou employeur).",
                                      "tier");
            }
            if (tier == registration.tier) {
                return Error::conflict("tier_unchanged", "L'inscription a déjà ce tarif.", "tier");
            }
            auto price =
                storage::price_list(sql, session.course_id).price_for(tier, session.starts_on);
            if (!price) {
                return Error::conflict("no_tariff", "Aucun tarif n'est défini pour cette session.");
            }
            auto before = storage::audit_state(registration);
            storage::update_tier(sql, registration.id, tier, price->cents());
            auto updated = storage::find_registration_by_id(sql, registration.id).value();
            // The invoice is never edited: credit it and invoice the corrected price.
            if (credit_registration(sql, billing, updated, session, today, actor.audit_name())) {
                issue_invoice(sql, billing, updated, session, today);
            }
            storage::record_audit(
                sql, {actor.audit_name(), "registration.tier_corrected", "registration",
                      registration.id, before, storage::audit_state(updated)});
            return view_of(sql, std::move(updated));
        });
}

Result<RegistrationView> move_registration(storage::Database& db,
                                           const invoices::BillingSettings& billing,
                                           const Actor& actor, std::int64_t registration_id,
                                           std::int64_t target_session_id,
                                           boost::gregorian::date today) {
    return db.transact([&](soci::session& sql) -> Result<RegistrationView> {
        auto unlocked = storage::find_registration_by_id(sql, registration_id);
        if (!unlocked) {
            return registration_not_found();
        }
        if (unlocked->session_id == target_session_id) {
            return Error::conflict("same_session", "L'inscription est déjà sur cette session.",
                                   "session_id");
        }
        // Both sessions locked in id order: two opposite moves cannot deadlock.
        auto first = std::min(unlocked->session_id, target_session_id);
        auto second = std::max(unlocked->session_id, target_session_id);
        auto locked_first = storage::find_session(sql, first, /*lock=*/true);
        auto locked_second = storage::find_session(sql, second, /*lock=*/true);
        if (!locked_first || !locked_second) {
            return Error::invalid("session_not_found", "Cette session de formation n'existe pas.",
                                  "session_id");
        }
        auto& source = first == unlocked->session_id ? *locked_first : *locked_second;
        auto& target = first == target_session_id ? *locked_first : *locked_second;
        auto registration =
            storage::find_registration_by_id(sql, registration_id, Lock::for_update).value();
        if (registration.status == "cancelled") {
            return Error::conflict("already_cancelled", "Cette inscription est déjà annulée.");
        }
        if (registration.session_id != source.id) {
            return Error::conflict("conflict", "L'inscription vient d'être modifiée. Réessayez.");
        }
        if (target.course_id != source.course_id) {
            return Error::conflict("different_course",
                                   "Une inscription ne peut être déplacée que vers une session "
                                   "de la même formation.",
                                   "session_id");
        }
        if (target.status == pricing::SessionStatus::cancelled) {
            return Error::conflict("session_cancelled", "Cette session est annulée.", "session_id");
        }
        auto trainee_id = storage::trainee_id_of(sql, registration.id);
        if (storage::has_active_registration(sql, target.id, trainee_id)) {
            return Error::conflict("already_registered",
                                   "Cette personne est déjà inscrite à la session choisie.",
                                   "session_id");
        }
        auto price = storage::price_list(sql, target.course_id)
                         .price_for(registration.tier, target.starts_on);
        if (!price) {
            return Error::conflict("no_tariff", "Aucun tarif n'est défini pour cette session.");
        }
        auto before = storage::audit_state(registration);
        // The invoice names the old dates (and maybe another price): credit it, and invoice
        // the new seat once there is one.
        credit_registration(sql, billing, registration, source, today, actor.audit_name());
        bool seat = target.seats_taken < target.capacity;
        storage::move_to_session(
            sql, registration.id, target.id, seat,
            seat ? std::nullopt : std::optional(storage::next_waitlist_order(sql)), price->cents());
        auto moved = storage::find_registration_by_id(sql, registration.id).value();
        if (seat) {
            issue_invoice(sql, billing, moved, target, today);
        }
        if (registration.status == "confirmed") {
            promote_waitlist(sql, billing, storage::find_session(sql, source.id).value(), today);
        }
        storage::record_audit(sql, {actor.audit_name(), "registration.moved", "registration",
                                    registration.id, before, storage::audit_state(moved)});
        return view_of(sql, std::move(moved));
    });
}

}  // namespace formations::app

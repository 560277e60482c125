#include "service/app/registrations.hpp"

#include <algorithm>
#include <stdexcept>
#include <type_traits>

#include "pricing/payment_schedule.hpp"
#include "service/app/billing_terms.hpp"
#include "service/app/catalogue.hpp"
#include "service/app/conventions.hpp"
#include "service/app/detail/agreements.hpp"
#include "service/app/detail/cancellation.hpp"
#include "service/app/detail/conventions.hpp"
#include "service/app/detail/invoicing.hpp"
#include "service/app/detail/offers.hpp"
#include "service/app/detail/outbox.hpp"
#include "service/app/detail/registration_key.hpp"
#include "service/app/detail/seats.hpp"
#include "service/app/input_rules.hpp"
#include "service/app/tokens.hpp"
#include "service/domain/iso8601.hpp"
#include "service/storage/audit_repository.hpp"
#include "service/storage/billing_terms_repository.hpp"
#include "service/storage/offer_repository.hpp"
#include "service/storage/organisation_repository.hpp"
#include "service/storage/outbox_repository.hpp"
#include "service/storage/registration_repository.hpp"
#include "service/storage/session_repository.hpp"

namespace formations::app {
namespace {

using storage::Lock;

constexpr std::size_t name_max = 100;
constexpr std::size_t address_max = 300;
constexpr std::size_t organisation_name_max = 200;

Error already_registered() {
    return Error::conflict("already_registered",
                           "Cette personne est déjà inscrite à cette session.", "trainee.email");
}

Error no_tariff() {
    return Error::conflict("no_tariff", "Aucun tarif n'est défini pour cette session.");
}

Error changed_meanwhile() {
    return Error::conflict("conflict", "L'inscription vient d'être modifiée. Réessayez.");
}

// A row read again in the transaction that holds its lock: it cannot be missing (registrations
// and sessions are never deleted), but if it were, the answer is an error, not a crash.
template <typename T>
Result<T> reread(std::optional<T> row, const char* what, std::int64_t id) {
    if (!row) {
        return Error::internal(std::string(what) + " " + std::to_string(id) + " vanished");
    }
    return std::move(*row);
}

Result<domain::Registration> reread_registration(soci::session& sql, std::int64_t id) {
    return reread(storage::find_registration_by_id(sql, id), "registration", id);
}

// The tier and price of a registration on `session`: who pays, and for an employer its place in
// the member directory; the tariff in force on the session's first day.
struct Priced {
    pricing::Tier tier = pricing::Tier::self_funded;
    std::int64_t price_cents = 0;
    std::optional<domain::Organisation> organisation;  // the employer in the directory
};

Result<Priced> price_on(soci::session& sql, const domain::Session& session,
                        pricing::Funding funding, const std::optional<std::string>& siret) {
    Priced priced;
    std::optional<pricing::MembershipStatus> membership;
    if (siret) {
        priced.organisation = storage::find_organisation_by_siret(sql, *siret);
        if (priced.organisation) {
            membership = priced.organisation->status;
        }
    }
    priced.tier = pricing::derive_tier(funding, membership);
    auto price =
        storage::price_list(sql, session.course_id).price_for(priced.tier, session.starts_on);
    if (!price) {
        return no_tariff();
    }
    priced.price_cents = price->cents();
    return priced;
}

// `session`: the registration's session when the caller already read it in this transaction
// (the view uses only what a registration cannot change: course, dates, place).
Result<RegistrationView> view_of(soci::session& sql, domain::Registration registration,
                                 const domain::Session* session = nullptr) {
    RegistrationView view;
    if (session) {
        view.session = *session;
    } else {
        auto found = reread(storage::find_session(sql, registration.session_id), "session",
                            registration.session_id);
        if (!found) {
            return found.error();
        }
        view.session = std::move(found.value());
    }
    view.status = registration.status;
    if (registration.status == "waitlisted" && registration.waitlist_order) {
        view.waitlist_position =
            storage::waitlist_position(sql, registration.session_id, *registration.waitlist_order);
    }
    view.offer = storage::latest_offer(sql, registration.id);
    view.invoices = detail::invoice_views(sql, registration.id);
    view.billing = storage::billing_terms_of(sql, registration.id);
    domain::MessageFilter messages;
    messages.registration_id = registration.id;
    view.messages = storage::find_messages(sql, messages);
    view.registration = std::move(registration);
    return view;
}

// The first answer again, for the request that made it.
Result<RegistrationView> replay_or_refuse(soci::session& sql, domain::Registration existing,
                                          const IdempotencyKey& idempotency) {
    if (existing.idempotency_fingerprint != idempotency.fingerprint) {
        return Error{ErrorCategory::unprocessable,
                     "idempotency_key_reused",
                     "Cette clé d'idempotence a déjà servi pour une autre demande.",
                     "Idempotency-Key",
                     {}};
    }
    auto view = view_of(sql, std::move(existing));
    if (view) {
        view->status = view->registration.created_status;
        view->waitlist_position = view->registration.created_waitlist_position;
        view->replayed = true;
    }
    return view;
}

// A new registration. Everything that does not need the seat comes first: the session as it
// is now and its registration window, the price, and the rendering of what the registration
// stores (its audit entry, its invoices dated `issued_on`, its message, for a seat and for the
// waiting list, the link e-mailed to a convention's signatory). Then one statement decides and
// stores it all, the trainee included, under the session's lock (storage::register_seat),
// provided the session is still the one read; `sql` has no transaction open (the use case is
// that one statement: nothing else may write here). The answer is built from what was written,
// without reading it back. nullopt: decide again, because the session changed in between or
// because the invoice series is dated after `issued_on` (which then holds the series' date).
std::optional<Result<RegistrationView>> register_once(
    soci::session& sql, const invoices::BillingSettings& billing,
    const RegistrationRequest& request, const std::optional<IdempotencyKey>& idempotency,
    const Requester& requester, const Now& now, boost::gregorian::date& issued_on) {
    // A retry of a request that was answered gets the first answer, whatever changed since.
    auto refuse = [&](Error error) -> Result<RegistrationView> {
        if (idempotency) {
            if (auto existing =
                    storage::find_registration_by_idempotency_key(sql, idempotency->key)) {
                return replay_or_refuse(sql, std::move(*existing), *idempotency);
            }
        }
        return error;
    };
    auto session = storage::find_session(sql, request.session_id);
    if (!session) {
        return refuse(Error::invalid("session_not_found",
                                     "Cette session de formation n'existe pas.", "session_id"));
    }
    // Staff may register someone after the deadline, never on a cancelled session.
    bool open = requester.staff
                    ? session->status != pricing::SessionStatus::cancelled
                    : pricing::registration_open(session->status, session->starts_on,
                                                 session->registration_deadline, now.today);
    if (!open) {
        return refuse(Error::invalid(
            "registration_closed", "Les inscriptions à cette session sont closes.", "session_id"));
    }

    std::optional<std::string> siret;
    if (request.employer) {
        siret = request.employer->siret;
    }
    auto priced = price_on(sql, *session, request.funding, siret);
    if (!priced) {
        return refuse(priced.error());
    }
    const auto& trainee = request.trainee;
    domain::Trainee person{trainee.first_name, trainee.last_name, trainee.email, trainee.phone,
                           trainee.address};
    auto reserved = storage::reserve_registration(sql, person.email);
    person.email = reserved.email;

    storage::NewRegistration row;
    row.session_id = session->id;
    row.trainee = person;
    row.token = random_token();
    row.funding = request.funding;
    if (request.employer) {
        row.employer = domain::Employer{request.employer->siret, request.employer->name,
                                        request.employer->address, std::nullopt};
        if (priced->organisation) {
            row.employer->organisation_id = priced->organisation->id;
        }
    }
    row.tier = priced->tier;
    row.price_cents = priced->price_cents;
    if (idempotency) {
        row.idempotency_key = idempotency->key;
        row.idempotency_fingerprint = idempotency->fingerprint;
    }
    // The registration as it is stored with a seat, and everything stored with it, rendered
    // now: under the session's lock, storage::register_seat only decides and writes.
    domain::Registration created;
    created.id = reserved.id;
    created.session_id = row.session_id;
    created.token = row.token;
    created.trainee = person;
    created.funding = row.funding;
    created.employer = row.employer;
    created.tier = row.tier;
    created.price_cents = row.price_cents;
    created.status = created.created_status = "confirmed";
    created.idempotency_fingerprint = row.idempotency_fingerprint;
    created.created_at = format_instant(now.instant);

    storage::SeatRequest seat;
    seat.id = created.id;
    seat.row = row;
    seat.expected = {session->course_id, session->status, session->starts_on,
                     session->registration_deadline};
    seat.at = now.instant;
    seat.actor = requester.audit_name;
    if (request.employer && !requester.staff) {
        // Counted under the session's lock, so that concurrent requests cannot all pass.
        seat.employer_limit = max_unpaid_anonymous_per_employer;
    }
    seat.seated = created;
    // A self-funded seat is invoiced when its contract is signed, not here.
    seat.invoice_if_seated =
        pricing::invoiced_with_seat(created.funding, /*contract_signed=*/false);
    seat.series = billing.invoice_prefix;
    seat.issued_on = issued_on;
    std::vector<domain::Invoice> invoices;
    if (seat.invoice_if_seated) {
        seat.invoices =
            detail::draft_invoices(billing, created, *session, request.billing, issued_on);
        for (const auto& draft : seat.invoices) {
            // register_seat writes no échéancier (invoice_instalments): only seats due whole.
            if (!draft.document.instalments.empty()) {
                throw std::logic_error("register_seat cannot store instalments");
            }
            invoices.push_back(detail::invoice_of(draft, 0));
        }
    }
    auto seated_facts = detail::registration_facts(created, *session, std::nullopt);
    seated_facts.by_staff = requester.staff;
    detail::add_documents(seated_facts, invoices);
    seat.seated_message =
        detail::new_message(requester.audit_name,
                            detail::message_to_trainee(domain::MessageKind::registration_confirmed,
                                                       created, seated_facts));
    auto waitlisted = created;
    waitlisted.status = waitlisted.created_status = "waitlisted";
    auto waitlisted_facts = detail::registration_facts(waitlisted, *session, std::nullopt);
    waitlisted_facts.by_staff = requester.staff;
    seat.waitlisted_message =
        detail::new_message(requester.audit_name,
                            detail::message_to_trainee(domain::MessageKind::registration_waitlisted,
                                                       waitlisted, waitlisted_facts));

    // Stored with it: the billing terms, the convention's signatory and, with a seat, the link
    // the signatory is e-mailed.
    seat.billing = request.billing;
    if (created.funding == pricing::Funding::employer && request.employer &&
        request.employer->signatory) {
        const auto& signatory = *request.employer->signatory;
        seat.signatory = signatory;
        const auto link = random_token();
        seat.signatory_link = storage::SeatRequest::SignatoryLink{
            sha256_hex(link),
            detail::new_message(
                requester.audit_name,
                detail::convention_link_message(created, *session, signatory, link,
                                                detail::agreement_reference("CV", created.id, 1)))};
    }

    auto stored = storage::register_seat(sql, seat);
    switch (stored.outcome) {
        case storage::SeatOutcome::decided:
            break;
        case storage::SeatOutcome::session_changed:
            return std::nullopt;
        case storage::SeatOutcome::dated:
            // The series is dated later than our clock (a document issued after midnight while we
            // waited, or another process's clock ahead): our invoices take its date.
            issued_on = stored.series_date;
            return std::nullopt;
        case storage::SeatOutcome::employer_limit:
            return refuse(Error::conflict(
                "employer_limit_reached",
                "Cinq inscriptions en attente de paiement existent déjà pour cet employeur à "
                "cette session : contactez-nous, nous enregistrerons les suivantes.",
                "employer.siret"));
        case storage::SeatOutcome::refused:
            // The same Idempotency-Key committed first (for another session, so its lock did not
            // order us, or this very request retried), or the same person: answer as if it had
            // come before us.
            return refuse(already_registered());
    }
    const auto& decision = *stored.decision;
    RegistrationView view;
    auto message = decision.confirmed ? seat.seated_message : seat.waitlisted_message;
    if (decision.confirmed) {
        for (std::size_t i = 0; i < invoices.size(); ++i) {
            invoices[i].id = stored.invoice_ids.at(i);
            invoices[i].number = stored.invoice_numbers.at(i);
            message.facts.documents.at(i).invoice_id = invoices[i].id;
            message.facts.documents.at(i).number = invoices[i].number;
            view.invoices.push_back(make_invoice_view(invoices[i]));
        }
    } else {
        created = waitlisted;
        created.waitlist_order = decision.waitlist_order;
        created.created_waitlist_position = decision.waitlist_position;
        message.facts.waitlist_position = decision.waitlist_position;
    }
    view.messages.push_back(detail::queued_message(message, stored.message_id, now));

    view.status = created.status;
    view.waitlist_position = decision.waitlist_position;
    view.billing = request.billing;
    view.session = std::move(*session);
    view.registration = std::move(created);
    return view;
}

// Locks the registration's session, then the registration (the order every use case follows,
// so none deadlocks) and runs `change` on the fresh rows; a cancelled registration is refused
// unless `cancelled` says the change answers it itself. `Run::rehearsed` rolls it back whatever
// happens (Database::rehearse), for a preview.
enum class Cancelled { refused, passed };
enum class Run { committed, rehearsed };
template <typename Change>
auto with_locked_registration(storage::Database& db, const RegistrationKey& key, Change&& change,
                              Cancelled cancelled = Cancelled::refused, Run run = Run::committed)
    -> std::invoke_result_t<Change&, soci::session&, const domain::Registration&,
                            const domain::Session&> {
    using Answer = std::invoke_result_t<Change&, soci::session&, const domain::Registration&,
                                        const domain::Session&>;
    auto work = [&](soci::session& sql) -> Answer {
        auto locked = detail::lock_with_session(sql, key);
        if (!locked) {
            return locked.error();
        }
        if (locked->registration.status == "cancelled" && cancelled == Cancelled::refused) {
            return Error::conflict("already_cancelled", "Cette inscription est déjà annulée.");
        }
        return change(sql, locked->registration, locked->session);
    };
    return run == Run::rehearsed ? db.rehearse(work) : db.transact(work);
}

}  // namespace

namespace detail {

std::optional<Error> cancel_locked(soci::session& sql, const invoices::BillingSettings& billing,
                                   const Clock& clock, const domain::Registration& registration,
                                   const domain::Session& session, const Now& now,
                                   const Canceller& canceller) {
    const auto& actor = canceller.actor;
    storage::close_offer(sql, registration.id, "withdrawn", now.instant);
    storage::mark_cancelled(sql, registration.id, now.instant);
    auto cancelled = reread_registration(sql, registration.id);
    if (!cancelled) {
        return cancelled.error();
    }
    storage::audit_registration(sql, {actor, now.instant}, "registration.cancelled", &registration,
                                cancelled.value());
    if (canceller.fee_waived_because) {
        storage::audit_cancellation_fee_waived(sql, {actor, now.instant}, registration.id,
                                               *canceller.fee_waived_because);
    }
    auto credits = credit_registration(sql, billing, clock, cancelled.value(), session, actor,
                                       canceller.credit_reason, canceller.fee);
    auto facts = registration_facts(sql, cancelled.value(), session);
    facts.status = registration.status;  // what was cancelled: a seat, or a place in line
    facts.by_staff = canceller.staff;
    facts.offer_expires_at = canceller.offer_expires_at;
    add_documents(sql, facts, registration.id, credits);
    notify(sql, now, actor, canceller.notice, cancelled.value(), facts);
    if (holds_seat(registration)) {
        return offer_free_seats(sql, billing, session, now);
    }
    return std::nullopt;
}

}  // namespace detail

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
    auto terms = validate_billing_terms(request.billing, request.funding);
    if (!terms) {
        return terms.error();
    }
    clean.billing = std::move(terms.value());
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
    if (auto e = take(normalise_siret(request.employer->siret, "employer.siret"),
                      clean.employer->siret)) {
        return *e;
    }
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
    if (request.employer->signatory) {
        auto signatory = validate_signatory(*request.employer->signatory);
        if (!signatory) {
            return signatory.error();
        }
        clean.employer->signatory = std::move(signatory.value());
    }
    return clean;
}

Result<Quote> quote(storage::Database& db, std::int64_t session_id,
                    const std::optional<std::string>& siret_text,
                    const std::optional<std::string>& organisation_name) {
    std::optional<std::string> siret;
    if (siret_text) {
        // Same code and field as a registration, so the form shows it in one place.
        auto digits = normalise_siret(*siret_text, "employer.siret");
        if (!digits) {
            return digits.error();
        }
        siret = std::move(digits.value());
    }
    return db.transact([&](soci::session& sql) -> Result<Quote> {
        auto session = storage::find_session(sql, session_id);
        if (!session) {
            return session_not_found();
        }
        auto funding = siret ? pricing::Funding::employer : pricing::Funding::self;
        auto priced = price_on(sql, *session, funding, siret);
        if (!priced) {
            return priced.error();
        }
        Quote result;
        result.session_id = session->id;
        auto prices = storage::price_list(sql, session->course_id);
        auto member = prices.price_for(pricing::Tier::member, session->starts_on);
        auto non_member = prices.price_for(pricing::Tier::non_member, session->starts_on);
        result.member_price_cents = member ? member->cents() : 0;
        result.non_member_price_cents = non_member ? non_member->cents() : 0;
        bool known =
            !siret || (priced->organisation && organisation_name &&
                       same_organisation_name(*organisation_name, priced->organisation->name));
        if (known) {
            result.tier = priced->tier;
            result.price_cents = priced->price_cents;
            if (siret) {
                result.employer_address = priced->organisation->address;
            }
        }
        return result;
    });
}

Result<RegistrationView> register_trainee(storage::Database& db, const Clock& clock,
                                          const invoices::BillingSettings& billing,
                                          const RegistrationRequest& request,
                                          const std::optional<IdempotencyKey>& idempotency,
                                          const Requester& requester) {
    auto valid = validate_registration(request);
    if (!valid) {
        return valid.error();
    }
    const auto now = clock.now();
    auto decide = [&](soci::session& sql) -> Result<RegistrationView> {
        // A session edited between its reading and its lock is rare, a series dated after our
        // clock too: read it again, render the invoices with the series' date.
        auto issued_on = now.today;
        for (int attempt = 1;; ++attempt) {
            if (auto decided = register_once(sql, billing, valid.value(), idempotency, requester,
                                             now, issued_on)) {
                return std::move(*decided);
            }
            if (attempt == 3) {
                return changed_meanwhile();
            }
        }
    };
    // Its one write, register_seat, sent alone: it commits as it ends, so the session's and the
    // invoice series' rows are not held for one more round trip (issue 15).
    return db.autocommit(decide);
}

Result<RegistrationView> find_registration(storage::Database& db, const RegistrationKey& key) {
    return db.transact([&](soci::session& sql) -> Result<RegistrationView> {
        auto registration = detail::registration_by_key(sql, key);
        if (!registration) {
            return registration_not_found();
        }
        return view_of(sql, std::move(*registration));
    });
}

Result<CancellationOutcome> preview_cancellation(storage::Database& db, const Clock& clock,
                                                 const invoices::BillingSettings& billing,
                                                 const RegistrationKey& key,
                                                 const Requester& requester) {
    const auto now = clock.now();
    return with_locked_registration(
        db, key,
        [&](soci::session& sql, const domain::Registration& registration,
            const domain::Session& session) {
            return detail::cancel_and_account(sql, billing, clock, now, registration, session,
                                              requester);
        },
        Cancelled::refused, Run::rehearsed);
}

Result<RegistrationView> cancel_registration(storage::Database& db, const Clock& clock,
                                             const invoices::BillingSettings& billing,
                                             const RegistrationKey& key, const Requester& requester,
                                             const std::optional<std::string>& confirmation) {
    const auto now = clock.now();
    return with_locked_registration(
        db, key,
        [&](soci::session& sql, const domain::Registration& registration,
            const domain::Session& session) -> Result<RegistrationView> {
            auto outcome = detail::cancel_and_account(sql, billing, clock, now, registration,
                                                      session, requester);
            if (!outcome) {
                return outcome.error();
            }
            // Confirmed against a preview: what was shown must be what happens (an error rolls
            // the cancellation back).
            if (confirmation && *confirmation != outcome->confirmation) {
                return Error::conflict("cancellation_preview_stale",
                                       "Les conditions d'annulation ont changé depuis leur "
                                       "affichage : vérifiez-les avant de confirmer.");
            }
            auto cancelled = reread_registration(sql, registration.id);
            if (!cancelled) {
                return cancelled.error();
            }
            return view_of(sql, std::move(cancelled.value()));
        });
}

Result<RegistrationView> correct_tier(storage::Database& db, const Clock& clock,
                                      const invoices::BillingSettings& billing, const Actor& actor,
                                      std::int64_t registration_id, pricing::Tier tier) {
    const auto now = clock.now();
    return with_locked_registration(
        db, registration_id,
        [&](soci::session& sql, const domain::Registration& registration,
            const domain::Session& session) -> Result<RegistrationView> {
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
                return no_tariff();
            }
            storage::update_tier(sql, registration.id, tier, price->cents());
            auto updated = reread_registration(sql, registration.id);
            if (!updated) {
                return updated.error();
            }
            // The invoice is never edited: credit it, saying why, and invoice the corrected price.
            auto reason = invoices::tier_correction(
                registration.tier, pricing::Money::from_cents(registration.price_cents), tier,
                *price);
            auto facts = detail::registration_facts(sql, updated.value(), session);
            facts.by_staff = true;
            auto credits = detail::credit_registration(sql, billing, clock, updated.value(),
                                                       session, actor.audit_name(), reason);
            if (!credits.empty()) {
                detail::add_documents(sql, facts, registration.id, credits);
                detail::add_documents(
                    sql, facts, registration.id,
                    detail::issue_invoices(sql, billing, clock, updated.value(), session));
            }
            storage::audit_registration(sql, {actor.audit_name(), now.instant},
                                        "registration.tier_corrected", &registration,
                                        updated.value());
            detail::notify(sql, now, actor.audit_name(), domain::MessageKind::tier_corrected,
                           updated.value(), facts);
            return view_of(sql, std::move(updated.value()));
        });
}

Result<RegistrationView> move_registration(storage::Database& db, const Clock& clock,
                                           const invoices::BillingSettings& billing,
                                           const Actor& actor, std::int64_t registration_id,
                                           std::int64_t target_session_id) {
    const auto now = clock.now();
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
            storage::find_registration_by_id(sql, registration_id, Lock::for_update);
        if (!registration || registration->session_id != source.id) {
            return changed_meanwhile();
        }
        if (registration->status == "cancelled") {
            return Error::conflict("already_cancelled", "Cette inscription est déjà annulée.");
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
        auto trainee_id = storage::trainee_id_of(sql, registration->id);
        if (storage::has_active_registration(sql, target.id, trainee_id)) {
            return Error::conflict("already_registered",
                                   "Cette personne est déjà inscrite à la session choisie.",
                                   "session_id");
        }
        auto price = storage::price_list(sql, target.course_id)
                         .price_for(registration->tier, target.starts_on);
        if (!price) {
            return no_tariff();
        }
        // The invoice names the old dates (and maybe another price): credit it, and invoice
        // the new seat once there is one.
        auto credits = detail::credit_registration(
            sql, billing, clock, *registration, source, actor.audit_name(),
            invoices::session_change(source.starts_on, source.ends_on, target.starts_on,
                                     target.ends_on));
        bool seat = target.seats_taken < target.capacity;
        storage::close_offer(sql, registration->id, "withdrawn", now.instant);
        storage::move_to_session(
            sql, registration->id, target.id, seat,
            seat ? std::nullopt : std::optional(storage::next_waitlist_order(sql)), price->cents(),
            now.instant);
        auto moved = reread_registration(sql, registration->id);
        if (!moved) {
            return moved.error();
        }
        // The contract or convention prints the old dates: a new one is made and signed.
        detail::supersede_agreement(sql, now, actor.audit_name(), moved.value(),
                                    "moved to session " + target.reference,
                                    storage::SupersessionCause::move);
        auto facts = detail::registration_facts(sql, moved.value(), target);
        facts.by_staff = true;
        facts.previous_session = detail::session_facts(source);
        detail::add_documents(sql, facts, registration->id, credits);
        if (seat) {
            detail::add_documents(
                sql, facts, registration->id,
                detail::invoice_given_seat(sql, billing, clock, moved.value(), target));
        }
        detail::notify(sql, now, actor.audit_name(), domain::MessageKind::registration_moved,
                       moved.value(), facts);
        if (seat) {
            detail::send_signatory_link(sql, now, actor.audit_name(), moved.value(), target);
        }
        if (detail::holds_seat(*registration)) {
            if (auto error = detail::offer_free_seats(sql, billing, source, now)) {
                return *error;
            }
        }
        storage::audit_registration(sql, {actor.audit_name(), now.instant}, "registration.moved",
                                    &*registration, moved.value());
        return view_of(sql, std::move(moved.value()));
    });
}

namespace {

// Why an offer cannot be answered any more, from the registration as it stands and its latest
// offer; nullopt while the offer is open.
std::optional<Error> offer_closed(const domain::Registration& registration,
                                  const std::optional<domain::SeatOffer>& offer) {
    const auto outcome = offer ? offer->outcome.value_or("") : "";
    if (registration.status == "offered") {
        return std::nullopt;
    }
    if (registration.status == "confirmed") {
        if (outcome == "accepted") {
            return Error::conflict("offer_already_accepted",
                                   "Vous avez déjà accepté cette place : votre inscription est "
                                   "confirmée. Pour vous désister, annulez votre inscription.");
        }
        return Error::conflict("no_offer", "Votre place est déjà confirmée.");
    }
    if (registration.status == "waitlisted") {
        return Error::conflict("no_offer",
                               "Aucune place ne vous est proposée pour le moment : vous êtes sur "
                               "la liste d'attente.");
    }
    if (outcome == "expired") {
        return Error::conflict("offer_expired",
                               "Le délai pour accepter cette place est dépassé : elle a été "
                               "proposée à la personne suivante.");
    }
    if (outcome == "declined") {
        return Error::conflict("offer_declined", "Vous avez déjà décliné cette place.");
    }
    return Error::conflict("already_cancelled", "Cette inscription est déjà annulée.");
}

}  // namespace

Result<RegistrationView> accept_offer(storage::Database& db, const Clock& clock,
                                      const invoices::BillingSettings& billing,
                                      const RegistrationKey& key, const Requester& requester) {
    const auto now = clock.now();
    return with_locked_registration(
        db, key,
        [&](soci::session& sql, const domain::Registration& registration,
            const domain::Session& session) -> Result<RegistrationView> {
            auto offer = storage::latest_offer(sql, registration.id);
            if (auto closed = offer_closed(registration, offer)) {
                return *closed;
            }
            // Past its deadline the seat belongs to the next person, even before the scheduler
            // has passed it on; staff, on the phone with the person, may still confirm it.
            auto expires_at = offer ? parse_instant(offer->expires_at) : std::nullopt;
            if (!requester.staff && (!expires_at || now.instant >= *expires_at)) {
                return Error::conflict("offer_expired",
                                       "Le délai pour accepter cette place est dépassé : elle va "
                                       "être proposée à la personne suivante.");
            }
            storage::close_offer(sql, registration.id, "accepted", now.instant);
            storage::confirm_seat(sql, registration.id, now.instant);
            auto confirmed = reread_registration(sql, registration.id);
            if (!confirmed) {
                return confirmed.error();
            }
            storage::audit_registration(sql, {requester.audit_name, now.instant},
                                        "registration.offer_accepted", &registration,
                                        confirmed.value());
            auto facts = detail::registration_facts(sql, confirmed.value(), session);
            facts.by_staff = requester.staff;
            detail::add_documents(
                sql, facts, registration.id,
                detail::invoice_given_seat(sql, billing, clock, confirmed.value(), session));
            detail::notify(sql, now, requester.audit_name, domain::MessageKind::promoted,
                           confirmed.value(), facts);
            detail::send_signatory_link(sql, now, requester.audit_name, confirmed.value(), session);
            return view_of(sql, std::move(confirmed.value()), &session);
        },
        Cancelled::passed);
}

Result<RegistrationView> decline_offer(storage::Database& db, const Clock& clock,
                                       const invoices::BillingSettings& billing,
                                       const RegistrationKey& key, const Requester& requester) {
    const auto now = clock.now();
    return with_locked_registration(
        db, key,
        [&](soci::session& sql, const domain::Registration& registration,
            const domain::Session& session) -> Result<RegistrationView> {
            if (auto closed =
                    offer_closed(registration, storage::latest_offer(sql, registration.id))) {
                return *closed;
            }
            storage::close_offer(sql, registration.id, "declined", now.instant);
            if (auto error = detail::cancel_locked(
                    sql, billing, clock, registration, session, now,
                    {requester.audit_name, requester.staff, domain::MessageKind::offer_declined,
                     detail::Fee::none})) {
                return *error;
            }
            auto declined = reread_registration(sql, registration.id);
            if (!declined) {
                return declined.error();
            }
            return view_of(sql, std::move(declined.value()), &session);
        },
        Cancelled::passed);
}

}  // namespace formations::app

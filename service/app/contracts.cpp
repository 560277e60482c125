#include "service/app/contracts.hpp"

#include <cctype>
#include <cstdio>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "invoices/billing_settings.hpp"
#include "invoices/french_format.hpp"
#include "invoices/pdf_blocks.hpp"
#include "invoices/training_contract.hpp"
#include "pricing/due_date.hpp"
#include "service/app/detail/agreements.hpp"
#include "service/app/detail/invoicing.hpp"
#include "service/app/detail/organisation.hpp"
#include "service/app/detail/outbox.hpp"
#include "service/app/detail/registration_key.hpp"
#include "service/app/detail/seats.hpp"
#include "service/app/tokens.hpp"
#include "service/domain/iso8601.hpp"
#include "service/domain/time_zone.hpp"
#include "service/storage/audit_repository.hpp"
#include "service/storage/contract_repository.hpp"
#include "service/storage/course_sheet_repository.hpp"
#include "service/storage/invoice_repository.hpp"
#include "service/storage/registration_repository.hpp"
#include "service/storage/session_repository.hpp"

namespace formations::app {
namespace {

using storage::Lock;

// The course's texts come from its sheet in force (course_sheets.hpp), frozen in the contract's
// snapshot. Our product's wording, valid for the network's courses, stands in where the sheet has
// no such field (certificate prepared, trainers' qualification) and, with the course's programme,
// for a course whose sheet is not published yet.
constexpr const char* objectives =
    "Acquérir les connaissances et les méthodes décrites au programme ci-dessous, et être en "
    "mesure de les mettre en œuvre dans son projet.";
constexpr const char* prerequisites =
    "Aucun diplôme ni connaissance préalable n'est requis ; un projet de création ou de "
    "développement d'une coopérative d'activité et d'emploi est recommandé.";
constexpr const char* teaching_means =
    "Formation en présentiel, en groupe ; apports, études de cas et échanges d'expériences ; "
    "supports remis à chaque stagiaire ; salle équipée (vidéoprojecteur, paperboard).";
constexpr const char* assessment =
    "Positionnement à l'entrée ; évaluation des acquis en fin de formation par un questionnaire "
    "et un échange avec le formateur ; questionnaire de satisfaction.";
constexpr const char* certification =
    "la formation ne prépare à aucun diplôme ni certification ; un certificat de réalisation et "
    "une attestation de fin de formation (article L6353-1 du Code du travail) sont remis au "
    "stagiaire.";
constexpr const char* trainer_qualification =
    "formateur·rice du réseau Coopérer pour Entreprendre, praticien·ne de l'accompagnement "
    "d'entrepreneurs en coopérative d'activité et d'emploi.";

Error no_contract() {
    return Error::not_found("no_contract",
                            "Cette inscription est financée par un employeur : elle est couverte "
                            "par une convention de formation, pas par un contrat.");
}

Error no_seat() {
    return Error::conflict("no_seat",
                           "Vous êtes sur la liste d'attente : le contrat sera établi quand une "
                           "place vous sera attribuée.");
}

Error already_cancelled() {
    return Error::conflict("already_cancelled", "Cette inscription est annulée.");
}

std::string trainee_name(const domain::Registration& registration) {
    return registration.trainee.first_name + " " + registration.trainee.last_name;
}

// "Camille Martin – handicap@exemple.fr – 01 23 45 67 89".
std::string referent_of(const domain::CourseSheetContent& sheet) {
    return sheet.referent_name + " – " + sheet.referent_email +
           (sheet.referent_phone ? " – " + *sheet.referent_phone : "");
}

// `sheet`: the course sheet in force, if published; `programme`: the course's own, without one.
invoices::TrainingContract contract_of(const invoices::BillingSettings& settings,
                                       const domain::Registration& registration,
                                       const domain::Session& session,
                                       const std::optional<domain::CourseSheetContent>& sheet,
                                       const std::string& programme, std::string reference,
                                       boost::gregorian::date today) {
    invoices::TrainingContract contract;
    contract.organisation = detail::organisation_of(settings);
    contract.reference = std::move(reference);
    contract.trainee_name = trainee_name(registration);
    contract.trainee_address = registration.trainee.address.value_or("");
    contract.trainee_email = registration.trainee.email;
    contract.course_title = session.course_title;
    contract.objectives = sheet ? sheet->objectives : objectives;
    contract.programme = sheet ? sheet->programme : programme;
    contract.prerequisites = sheet ? sheet->prerequisites : prerequisites;
    contract.teaching_means = sheet ? sheet->teaching_methods : teaching_means;
    contract.assessment = sheet ? sheet->assessment_methods : assessment;
    contract.accessibility = sheet ? sheet->accessibility : "";
    contract.disability_referent =
        sheet ? referent_of(*sheet) : "l'organisme de formation, " + settings.seller.email;
    contract.trainers = session.trainer ? *session.trainer + ", " + trainer_qualification
                                        : std::string("Les formateurs sont des ") +
                                              "praticiens de l'accompagnement en coopérative "
                                              "d'activité et d'emploi du réseau ; leurs noms "
                                              "sont communiqués avec la convocation.";
    contract.certification = certification;
    contract.place = session.place;
    // The session's own hours: a new session takes the sheet's usual ones, and staff may move them.
    contract.starts_on = session.starts_on;
    contract.ends_on = session.ends_on;
    contract.morning = session.hours.morning();
    contract.afternoon = session.hours.afternoon();
    contract.duration_minutes = session.duration_minutes;
    contract.max_trainees = session.capacity;
    contract.price_cents = registration.price_cents;
    contract.vat_exemption = settings.vat_exemption;
    contract.withdrawal_address =
        settings.seller.name + ", " + invoices::one_line(settings.seller.address);
    contract.issued_on = today;
    return contract;
}

struct Stored {
    storage::StoredContract contract;
    std::optional<storage::ContractSignature> signature;
    std::optional<std::string> withdrawn_at;
    std::string trainee_name;
};

Stored stored_of(soci::session& sql, storage::StoredContract contract, std::string name) {
    const auto id = contract.registration_id;
    auto signature = storage::find_contract_signature(sql, id);
    auto withdrawn_at =
        signature ? storage::find_contract_withdrawal(sql, id) : std::optional<std::string>();
    return {std::move(contract), std::move(signature), std::move(withdrawn_at), std::move(name)};
}

ContractView view_of(const Stored& stored, boost::gregorian::date today) {
    const auto& contract = stored.contract;
    ContractView view{contract.registration_id,
                      contract.reference,
                      contract.pdf_sha256,
                      contract.created_at,
                      signature_statement(stored.trainee_name, contract.reference),
                      {}};
    if (const auto& signature = stored.signature) {
        const auto signed_on = detail::day_of(signature->signed_at);
        // The terms signed are the snapshot's: its price and its dates.
        const auto terms =
            invoices::training_contract_from_json(nlohmann::json::parse(contract.snapshot));
        view.signature = ContractSignatureView{
            signature->signed_at,
            signature->pdf_sha256,
            signature->statement,
            pricing::withdrawal_period_end(signed_on),
            pricing::self_funded_schedule(pricing::Money::from_cents(terms.price_cents), signed_on,
                                          terms.starts_on, terms.ends_on),
            stored.withdrawn_at};
        view.signature->withdrawal_open =
            !stored.withdrawn_at && today <= view.signature->withdrawal_ends_on;
    }
    return view;
}

// Who may have a contract, and whether one may be made now.
std::optional<Error> refuse_new_contract(const domain::Registration& registration) {
    if (registration.funding != pricing::Funding::self) {
        return no_contract();
    }
    if (registration.status == "cancelled") {
        return already_cancelled();
    }
    if (registration.status != "confirmed") {
        return no_seat();
    }
    return std::nullopt;
}

// The stored contract, made (snapshot and PDF, rendered outside any transaction) if need be.
Result<Stored> stored_contract(storage::Database& db, const Now& now,
                               const invoices::BillingSettings& settings,
                               const RegistrationKey& key) {
    using Found = std::variant<Stored, invoices::TrainingContract>;
    std::int64_t registration_id = 0;
    std::optional<domain::Session> read;  // as the terms were read from it
    int version = 0;
    std::string name;
    return detail::stored_or_made<Stored, invoices::TrainingContract>(
        db,
        [&](soci::session& sql) -> Result<Found> {
            auto registration = detail::registration_by_key(sql, key);
            if (!registration) {
                return registration_not_found();
            }
            registration_id = registration->id;
            name = trainee_name(*registration);
            if (registration->funding != pricing::Funding::self) {
                return no_contract();
            }
            if (auto contract = storage::find_contract(sql, registration->id)) {
                return Found{stored_of(sql, std::move(*contract), name)};
            }
            if (auto refusal = refuse_new_contract(*registration)) {
                return *refusal;
            }
            auto session = detail::session_of(sql, *registration);
            if (!session) {
                return session.error();
            }
            read = session.value();
            version = storage::agreement_version(sql, registration->id);
            return Found{
                detail::training_terms(sql, settings, *registration, session.value(), now.today)};
        },
        invoices::render_training_contract_pdf,
        [&](soci::session& sql, const invoices::TrainingContract& terms,
            const std::string& snapshot, const std::string& pdf) -> Result<Stored> {
            if (auto changed = detail::moved_meanwhile(sql, registration_id, *read, version)) {
                return *changed;
            }
            return stored_of(sql,
                             storage::store_contract(sql, registration_id, terms.reference,
                                                     snapshot, pdf, now.instant),
                             name);
        });
}

}  // namespace

namespace detail {

boost::gregorian::date day_of(const std::string& instant) {
    auto parsed = parse_instant(instant);
    if (!parsed) {
        throw std::runtime_error("stored instant is not ISO 8601: " + instant);
    }
    return local_date(*parsed);
}

invoices::TrainingContract training_terms(soci::session& sql,
                                          const invoices::BillingSettings& settings,
                                          const domain::Registration& registration,
                                          const domain::Session& session,
                                          boost::gregorian::date today) {
    auto sheet = storage::sheet_in_force(sql, session.course_id);  // the latest: in force
    return contract_of(settings, registration, session,
                       sheet ? std::optional(sheet->content) : std::nullopt,
                       sheet ? "" : storage::course_programme(sql, session.course_id),
                       agreement_reference(sql, "CF", registration.id), today);
}

std::string agreement_reference(soci::session& sql, const char* prefix,
                                std::int64_t registration_id) {
    return agreement_reference(prefix, registration_id,
                               storage::agreement_version(sql, registration_id));
}

std::string agreement_reference(const char* prefix, std::int64_t registration_id, int version) {
    char text[40];
    if (version == 1) {
        std::snprintf(text, sizeof text, "%s-%06lld", prefix,
                      static_cast<long long>(registration_id));
    } else {
        std::snprintf(text, sizeof text, "%s-%06lld-%d", prefix,
                      static_cast<long long>(registration_id), version);
    }
    return text;
}

bool agreement_terms_differ(const domain::Session& before, const domain::Session& after) {
    return before.starts_on != after.starts_on || before.ends_on != after.ends_on ||
           before.hours != after.hours || before.place != after.place;
}

std::optional<storage::SupersededAgreement> supersede_agreement(
    soci::session& sql, const Now& now, const std::string& actor,
    const domain::Registration& registration, const std::string& reason,
    storage::SupersessionCause cause) {
    const auto reference = agreement_reference(
        sql, registration.funding == pricing::Funding::self ? "CF" : "CV", registration.id);
    auto superseded =
        storage::supersede_agreement(sql, registration.id, now.instant, actor, reason, cause);
    if (superseded) {
        storage::audit_agreement_superseded(sql, {actor, now.instant}, registration.id, reference);
    }
    return superseded;
}

std::optional<Error> moved_meanwhile(soci::session& sql, std::int64_t registration_id,
                                     const domain::Session& session, int version) {
    auto registration = storage::find_registration_by_id(sql, registration_id, Lock::for_update);
    // Read after the lock: a session edit that superseded holds it until its commit.
    auto now_session = registration && registration->session_id == session.id
                           ? storage::find_session(sql, session.id)
                           : std::nullopt;
    if (!now_session || agreement_terms_differ(session, *now_session) ||
        storage::agreement_version(sql, registration_id) != version) {
        return Error::conflict("conflict", "L'inscription vient d'être modifiée. Réessayez.");
    }
    return std::nullopt;
}

Result<domain::Session> session_of(soci::session& sql, const domain::Registration& registration) {
    auto session = storage::find_session(sql, registration.session_id);
    if (!session) {
        return Error::internal("the session of registration " + std::to_string(registration.id) +
                               " is missing");
    }
    return std::move(*session);
}

std::string printable(const std::string& text) {
    std::string kept = text.substr(0, 512);
    for (char& c : kept) {
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) {
            c = '?';
        }
    }
    return kept;
}

std::optional<std::string> sha256_of_page(const std::string& text) {
    if (text.size() != 64) {
        return std::nullopt;
    }
    std::string hash = text;
    for (char& c : hash) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (!std::isdigit(static_cast<unsigned char>(c)) && (c < 'a' || c > 'f')) {
            return std::nullopt;
        }
    }
    return hash;
}

}  // namespace detail

std::string signature_statement(const std::string& trainee_name, const std::string& reference) {
    return "Je soussigné·e " + trainee_name + " déclare avoir lu le contrat de formation " +
           "professionnelle n° " + reference +
           " et l'accepter. Je sais que je peux me rétracter dans les " +
           std::to_string(pricing::withdrawal_period_days) +
           " jours qui suivent ma signature, sans frais.";
}

Result<ContractView> training_contract(storage::Database& db, const Clock& clock,
                                       const invoices::BillingSettings& settings,
                                       const RegistrationKey& key) {
    const auto now = clock.now();
    auto stored = stored_contract(db, now, settings, key);
    if (!stored) {
        return stored.error();
    }
    return view_of(stored.value(), now.today);
}

Result<std::string> training_contract_pdf(storage::Database& db, const Clock& clock,
                                          const invoices::BillingSettings& settings,
                                          const RegistrationKey& key) {
    auto stored = stored_contract(db, clock.now(), settings, key);
    if (!stored) {
        return stored.error();
    }
    return std::move(stored->contract.pdf);
}

Result<ContractView> sign_training_contract(storage::Database& db, const Clock& clock,
                                            const invoices::BillingSettings& settings,
                                            const std::string& token,
                                            const SignatureEvidence& evidence) {
    const auto hash = detail::sha256_of_page(evidence.pdf_sha256);
    if (!hash) {
        return Error::invalid("invalid_sha256",
                              "L'empreinte du contrat doit être un SHA-256 en hexadécimal "
                              "(64 caractères 0-9 a-f).",
                              "pdf_sha256");
    }
    return db.transact([&](soci::session& sql) -> Result<ContractView> {
        auto locked = detail::lock_with_session(sql, token);
        if (!locked) {
            return locked.error();
        }
        const auto& registration = locked->registration;
        if (auto refusal = refuse_new_contract(registration)) {
            return *refusal;
        }
        if (storage::superseded_document(sql, registration.id, *hash)) {
            return Error::conflict("superseded",
                                   "Ce contrat a été remplacé par un nouveau, établi pour les "
                                   "nouvelles dates de votre formation : rechargez la page pour "
                                   "le lire et le signer.");
        }
        auto contract = storage::find_contract(sql, registration.id);
        if (!contract) {
            return Error::conflict("contract_not_read",
                                   "Ouvrez et lisez le contrat avant de le signer.");
        }
        const std::string name = trainee_name(registration);
        if (storage::find_contract_signature(sql, registration.id)) {
            return Error::conflict("already_signed", "Ce contrat est déjà signé.");
        }
        if (*hash != contract->pdf_sha256) {
            return Error::conflict("contract_mismatch",
                                   "Le document signé n'est pas le contrat en vigueur : "
                                   "rechargez la page et relisez-le.",
                                   "pdf_sha256");
        }
        if (evidence.statement != signature_statement(name, contract->reference)) {
            return Error::invalid("statement_mismatch",
                                  "La phrase confirmée n'est pas celle du contrat.", "statement");
        }
        const auto now = clock.now();
        storage::ContractSignature signature{registration.id,
                                             contract->pdf_sha256,
                                             {},
                                             evidence.client_address,
                                             detail::printable(evidence.user_agent),
                                             evidence.statement};
        storage::insert_contract_signature(sql, signature, now.instant);
        storage::audit_contract(sql, {"trainee", now.instant}, "contract.signed", registration.id,
                                contract->pdf_sha256);
        // The sale is concluded: the invoice, with its échéancier, is issued now (and numbered
        // last, its series being locked until the commit), and sent to the trainee. A seat
        // invoiced when it was given (before invoices waited for the signature) keeps that
        // invoice: never two for one seat.
        auto facts = detail::registration_facts(sql, registration, locked->session);
        if (storage::open_invoices_of_registration(sql, registration.id).empty()) {
            detail::add_documents(
                sql, facts, registration.id,
                detail::issue_invoices(sql, settings, clock, registration, locked->session));
        }
        detail::notify(sql, now, "trainee", domain::MessageKind::contract_signed, registration,
                       facts);
        return view_of(stored_of(sql, std::move(*contract), name), now.today);
    });
}

Result<ContractView> withdraw_from_contract(storage::Database& db, const Clock& clock,
                                            const invoices::BillingSettings& settings,
                                            const std::string& token,
                                            const WithdrawalEvidence& evidence) {
    return db.transact([&](soci::session& sql) -> Result<ContractView> {
        auto locked = detail::lock_with_session(sql, token);
        if (!locked) {
            return locked.error();
        }
        const auto& registration = locked->registration;
        if (registration.funding != pricing::Funding::self) {
            return no_contract();
        }
        if (registration.status == "cancelled") {
            return already_cancelled();
        }
        auto contract = storage::find_contract(sql, registration.id);
        auto signature = storage::find_contract_signature(sql, registration.id);
        if (!contract || !signature) {
            return Error::conflict("contract_not_signed",
                                   "Votre contrat n'est pas signé : il n'y a pas de rétractation "
                                   "à faire. Vous pouvez annuler votre inscription.");
        }
        const auto now = clock.now();
        const auto last_day = pricing::withdrawal_period_end(detail::day_of(signature->signed_at));
        if (now.today > last_day) {
            return Error::conflict("withdrawal_period_over",
                                   "Le délai de rétractation a pris fin le " +
                                       invoices::format_long_date_fr(last_day) +
                                       ". Pour annuler votre inscription, utilisez l'annulation "
                                       "ou contactez l'équipe de formation.");
        }
        storage::insert_contract_withdrawal(sql, registration.id, now.instant,
                                            evidence.client_address,
                                            detail::printable(evidence.user_agent));
        storage::audit_contract(sql, {"trainee", now.instant}, "contract.withdrawn",
                                registration.id, contract->pdf_sha256);
        if (auto error = detail::cancel_locked(
                sql, settings, clock, registration, locked->session, now,
                {"trainee", false, domain::MessageKind::contract_withdrawn, detail::Fee::none})) {
            return *error;
        }
        return view_of(stored_of(sql, std::move(*contract), trainee_name(registration)), now.today);
    });
}

}  // namespace formations::app

#include "service/app/conventions.hpp"

#include <string_view>

#include <nlohmann/json.hpp>

#include "invoices/billing_settings.hpp"
#include "invoices/training_convention.hpp"
#include "service/app/detail/agreements.hpp"
#include "service/app/detail/conventions.hpp"
#include "service/app/detail/outbox.hpp"
#include "service/app/detail/registration_key.hpp"
#include "service/app/input_rules.hpp"
#include "service/app/tokens.hpp"
#include "service/storage/audit_repository.hpp"
#include "service/storage/billing_terms_repository.hpp"
#include "service/storage/contract_repository.hpp"
#include "service/storage/convention_repository.hpp"
#include "service/storage/registration_repository.hpp"
#include "service/storage/session_repository.hpp"

namespace formations::app {
namespace {

using storage::Lock;

constexpr std::size_t signatory_name_max = 200;

Error no_convention() {
    return Error::not_found("no_convention",
                            "Cette inscription est financée par le ou la stagiaire : elle est "
                            "couverte par un contrat de formation, pas par une convention.");
}

Error no_seat() {
    return Error::conflict("no_seat",
                           "Cette inscription est sur la liste d'attente : la convention sera "
                           "établie quand une place sera attribuée.");
}

Error already_cancelled() {
    return Error::conflict("already_cancelled",
                           "Cette inscription a été annulée : la convention n'est plus à signer.");
}

Error already_signed() {
    return Error::conflict("already_signed", "Cette convention est déjà signée.");
}

Error superseded() {
    return Error::conflict("superseded",
                           "Cette convention a été remplacée par une nouvelle, établie pour les "
                           "nouvelles dates de la formation : utilisez le lien du dernier e-mail "
                           "reçu, ou demandez-en un nouveau à l'organisme de formation.");
}

Error link_not_found() {
    return Error::not_found("link_not_found",
                            "Ce lien de signature n'existe pas ou est incomplet. Utilisez le lien "
                            "complet reçu par e-mail, ou demandez-en un nouveau à l'organisme de "
                            "formation.");
}

std::string trainee_name(const domain::Registration& registration) {
    return registration.trainee.first_name + " " + registration.trainee.last_name;
}

// Who may have a convention made now.
std::optional<Error> refuse_new_convention(const domain::Registration& registration) {
    if (registration.funding != pricing::Funding::employer || !registration.employer) {
        return no_convention();
    }
    if (registration.status == "cancelled") {
        return already_cancelled();
    }
    if (registration.status != "confirmed") {
        return no_seat();
    }
    return std::nullopt;
}

invoices::TrainingConvention convention_of(soci::session& sql,
                                           const invoices::BillingSettings& settings,
                                           const domain::Registration& registration,
                                           const domain::Session& session,
                                           boost::gregorian::date today) {
    invoices::TrainingConvention convention;
    convention.action = detail::training_terms(sql, settings, registration, session, today);
    convention.reference = detail::agreement_reference(sql, "CV", registration.id);
    convention.employer_name = registration.employer->name;
    convention.employer_address = registration.employer->address;
    convention.employer_siret = registration.employer->siret;
    if (auto signatory = storage::find_signatory(sql, registration.id)) {
        convention.signatory_name = signatory->name;
        convention.signatory_role = signatory->role;
        convention.signatory_email = signatory->email;
    } else {
        convention.signatory_name = "son ou sa représentant·e légal·e";
        convention.signatory_role = "dûment habilité·e";
        convention.signatory_email = "adresse non communiquée";
    }
    convention.payment_days = settings.employer_payment_days;
    const auto terms = storage::billing_terms_of(sql, registration.id);
    convention.purchase_order = terms.purchase_order;
    if (terms.funding_body) {
        convention.funding = invoices::ConventionFunding{terms.funding_body->name,
                                                         terms.funding_body->agreement_number,
                                                         terms.funding_body->amount_cents};
    }
    return convention;
}

struct Stored {
    storage::StoredContract convention;
    std::optional<storage::ConventionSignature> signature;
    std::optional<domain::Signatory> signatory;
};

Stored stored_of(soci::session& sql, storage::StoredContract convention) {
    const auto id = convention.registration_id;
    return {std::move(convention), storage::find_convention_signature(sql, id),
            storage::find_signatory(sql, id)};
}

ConventionView view_of(const Stored& stored) {
    const auto& convention = stored.convention;
    const auto terms =
        invoices::training_convention_from_json(nlohmann::json::parse(convention.snapshot));
    ConventionView view;
    view.registration_id = convention.registration_id;
    view.reference = convention.reference;
    view.pdf_sha256 = convention.pdf_sha256;
    view.created_at = convention.created_at;
    view.employer_name = terms.employer_name;
    view.trainee_name = terms.action.trainee_name;
    view.course_title = terms.action.course_title;
    view.starts_on = terms.action.starts_on;
    view.ends_on = terms.action.ends_on;
    view.signatory = stored.signatory;
    view.statement = convention_statement(stored.signatory ? stored.signatory->name : "",
                                          terms.employer_name, convention.reference);
    if (const auto& signature = stored.signature) {
        view.signature = ConventionSignatureView{signature->method,      signature->signed_at,
                                                 signature->pdf_sha256,  signature->statement,
                                                 signature->scan_sha256, signature->recorded_by};
    }
    return view;
}

// The stored convention of a registration, made (snapshot and PDF, rendered outside any
// transaction) if need be.
Result<Stored> stored_convention(storage::Database& db, const Now& now,
                                 const invoices::BillingSettings& settings,
                                 std::int64_t registration_id) {
    using Found = std::variant<Stored, invoices::TrainingConvention>;
    std::optional<domain::Session> read;  // as the terms were read from it
    int version = 0;
    return detail::stored_or_made<Stored, invoices::TrainingConvention>(
        db,
        [&](soci::session& sql) -> Result<Found> {
            auto registration = storage::find_registration_by_id(sql, registration_id);
            if (!registration) {
                return registration_not_found();
            }
            if (registration->funding != pricing::Funding::employer) {
                return no_convention();
            }
            if (auto convention = storage::find_convention(sql, registration->id)) {
                return Found{stored_of(sql, std::move(*convention))};
            }
            if (auto refusal = refuse_new_convention(*registration)) {
                return *refusal;
            }
            auto session = detail::session_of(sql, *registration);
            if (!session) {
                return session.error();
            }
            read = session.value();
            version = storage::agreement_version(sql, registration->id);
            return Found{convention_of(sql, settings, *registration, session.value(), now.today)};
        },
        invoices::render_training_convention_pdf,
        [&](soci::session& sql, const invoices::TrainingConvention& terms,
            const std::string& snapshot, const std::string& pdf) -> Result<Stored> {
            if (auto changed = detail::moved_meanwhile(sql, registration_id, *read, version)) {
                return *changed;
            }
            return stored_of(sql, storage::store_convention(sql, registration_id, terms.reference,
                                                            snapshot, pdf, now.instant));
        });
}

// The registration a signatory's link leads to.
Result<std::int64_t> registration_of_token(storage::Database& db, const std::string& token) {
    if (!looks_like_token(token)) {
        return link_not_found();
    }
    return db.transact([&](soci::session& sql) -> Result<std::int64_t> {
        auto link = storage::registration_of_link(sql, sha256_hex(token));
        if (!link) {
            return link_not_found();
        }
        if (link->superseded) {
            return superseded();
        }
        return link->registration_id;
    });
}

// A new link for the signatory, and the message that carries it. The message's id.
std::int64_t queue_link(soci::session& sql, const Now& now, const std::string& actor,
                        const domain::Registration& registration, const domain::Session& session,
                        const domain::Signatory& signatory) {
    const std::string token = random_token();
    storage::insert_convention_link(sql, sha256_hex(token), registration.id, now.instant, actor);
    return detail::queue_message(sql, now, actor,
                                 detail::convention_link_message(
                                     registration, session, signatory, token,
                                     detail::agreement_reference(sql, "CV", registration.id)))
        .value_or(0);
}

// Whether `bytes` look like a whole PDF file: its header, and its end-of-file marker near the end.
bool looks_like_pdf(const std::string& bytes) {
    if (bytes.rfind("%PDF-", 0) != 0) {
        return false;
    }
    const auto tail = std::string_view(bytes).substr(bytes.size() > 1024 ? bytes.size() - 1024 : 0);
    return tail.find("%%EOF") != std::string_view::npos;
}

}  // namespace

namespace detail {

OutgoingMessage convention_link_message(const domain::Registration& registration,
                                        const domain::Session& session,
                                        const domain::Signatory& signatory,
                                        const std::string& token, const std::string& reference) {
    domain::MessageFacts facts;
    facts.first_name = signatory.name;
    facts.registration_id = registration.id;
    facts.funding = "employer";
    facts.employer_name = registration.employer ? registration.employer->name : "";
    facts.session = session_facts(session);
    facts.convention = domain::ConventionFacts{token, reference, facts.employer_name.value_or(""),
                                               trainee_name(registration)};
    OutgoingMessage message;
    message.kind = domain::MessageKind::convention_to_sign;
    message.to = {signatory.email, signatory.name};
    message.facts = std::move(facts);
    message.registration_id = registration.id;
    message.session_id = session.id;
    return message;
}

bool send_signatory_link(soci::session& sql, const Now& now, const std::string& actor,
                         const domain::Registration& registration, const domain::Session& session) {
    if (registration.funding != pricing::Funding::employer || registration.status != "confirmed") {
        return false;
    }
    auto signatory = storage::find_signatory(sql, registration.id);
    if (!signatory || storage::find_convention_signature(sql, registration.id)) {
        return false;
    }
    queue_link(sql, now, actor, registration, session, *signatory);
    return true;
}

}  // namespace detail

Result<domain::Signatory> validate_signatory(const domain::Signatory& signatory) {
    domain::Signatory clean;
    auto name = normalise_text(signatory.name, "employer.signatory.name", signatory_name_max);
    if (!name) {
        return name.error();
    }
    clean.name = std::move(name.value());
    auto role = normalise_text(signatory.role, "employer.signatory.role", signatory_name_max);
    if (!role) {
        return role.error();
    }
    clean.role = std::move(role.value());
    auto email = normalise_email(signatory.email, "employer.signatory.email");
    if (!email) {
        return email.error();
    }
    clean.email = std::move(email.value());
    return clean;
}

std::string convention_statement(const std::string& signatory_name,
                                 const std::string& employer_name, const std::string& reference) {
    return "Je soussigné·e " + signatory_name + ", habilité·e à représenter " + employer_name +
           ", déclare avoir lu la convention de formation professionnelle n° " + reference +
           " et l'accepter au nom de l'employeur.";
}

Result<ConventionView> training_convention(storage::Database& db, const Clock& clock,
                                           const invoices::BillingSettings& settings,
                                           std::int64_t registration_id) {
    auto stored = stored_convention(db, clock.now(), settings, registration_id);
    if (!stored) {
        return stored.error();
    }
    return view_of(stored.value());
}

Result<std::string> training_convention_pdf(storage::Database& db, const Clock& clock,
                                            const invoices::BillingSettings& settings,
                                            std::int64_t registration_id) {
    auto stored = stored_convention(db, clock.now(), settings, registration_id);
    if (!stored) {
        return stored.error();
    }
    return std::move(stored->convention.pdf);
}

Result<ConventionView> convention_of_link(storage::Database& db, const Clock& clock,
                                          const invoices::BillingSettings& settings,
                                          const std::string& token) {
    auto id = registration_of_token(db, token);
    if (!id) {
        return id.error();
    }
    return training_convention(db, clock, settings, id.value());
}

Result<std::string> convention_pdf_of_link(storage::Database& db, const Clock& clock,
                                           const invoices::BillingSettings& settings,
                                           const std::string& token) {
    auto id = registration_of_token(db, token);
    if (!id) {
        return id.error();
    }
    return training_convention_pdf(db, clock, settings, id.value());
}

Result<ConventionView> sign_convention(storage::Database& db, const Clock& clock,
                                       const std::string& token,
                                       const SignatureEvidence& evidence) {
    const auto hash = detail::sha256_of_page(evidence.pdf_sha256);
    if (!hash) {
        return Error::invalid("invalid_sha256",
                              "L'empreinte de la convention doit être un SHA-256 en hexadécimal "
                              "(64 caractères 0-9 a-f).",
                              "pdf_sha256");
    }
    auto id = registration_of_token(db, token);
    if (!id) {
        return id.error();
    }
    return db.transact([&](soci::session& sql) -> Result<ConventionView> {
        auto locked = detail::lock_with_session(sql, id.value());
        if (!locked) {
            return locked.error();
        }
        const auto& registration = locked->registration;
        if (storage::superseded_document(sql, registration.id, *hash)) {
            return superseded();
        }
        if (storage::find_convention_signature(sql, registration.id)) {
            return already_signed();
        }
        if (auto refusal = refuse_new_convention(registration)) {
            return *refusal;
        }
        auto convention = storage::find_convention(sql, registration.id);
        if (!convention) {
            return Error::conflict("convention_not_read",
                                   "Ouvrez et lisez la convention avant de la signer.");
        }
        if (*hash != convention->pdf_sha256) {
            return Error::conflict("convention_mismatch",
                                   "Le document signé n'est pas la convention en vigueur : "
                                   "rechargez la page et relisez-la.",
                                   "pdf_sha256");
        }
        auto stored = stored_of(sql, std::move(*convention));
        const auto expected = view_of(stored).statement;
        if (evidence.statement != expected) {
            return Error::invalid("statement_mismatch",
                                  "La phrase confirmée n'est pas celle de la convention.",
                                  "statement");
        }
        const auto now = clock.now();
        storage::insert_online_convention_signature(
            sql, registration.id, *hash, now.instant, evidence.client_address,
            detail::printable(evidence.user_agent), evidence.statement);
        storage::audit_contract(
            sql,
            {"signatory:" + (stored.signatory ? stored.signatory->email : std::string("?")),
             now.instant},
            "convention.signed", registration.id, *hash);
        stored.signature = storage::find_convention_signature(sql, registration.id);
        return view_of(stored);
    });
}

Result<ConventionView> attach_signed_copy(storage::Database& db, const Clock& clock,
                                          const invoices::BillingSettings& settings,
                                          const Actor& actor, std::int64_t registration_id,
                                          const std::string& scan) {
    if (scan.size() > max_scan_bytes) {
        return Error::invalid("scan_too_large",
                              "Le fichier est trop volumineux (1 Mio au maximum) : numérisez la "
                              "convention en noir et blanc ou à une résolution plus basse.");
    }
    if (!looks_like_pdf(scan)) {
        return Error::invalid("not_a_pdf",
                              "Le fichier n'est pas un PDF complet : joignez la convention "
                              "signée numérisée au format PDF.");
    }
    const auto now = clock.now();
    // The convention the copy signs exists first (made now if staff never opened it).
    auto made = stored_convention(db, now, settings, registration_id);
    if (!made) {
        return made.error();
    }
    return db.transact([&](soci::session& sql) -> Result<ConventionView> {
        auto locked = detail::lock_with_session(sql, registration_id);
        if (!locked) {
            return locked.error();
        }
        if (storage::find_convention_signature(sql, registration_id)) {
            return already_signed();
        }
        if (locked->registration.status == "cancelled") {
            return already_cancelled();
        }
        storage::insert_paper_convention_signature(sql, registration_id, scan, now.instant,
                                                   actor.email);
        auto stored = stored_of(sql, *storage::find_convention(sql, registration_id));
        storage::audit_contract(sql, {actor.audit_name(), now.instant},
                                "convention.signed_on_paper", registration_id,
                                stored.signature->scan_sha256.value_or(""));
        return view_of(stored);
    });
}

Result<std::string> signed_copy(storage::Database& db, std::int64_t registration_id) {
    return db.transact([&](soci::session& sql) -> Result<std::string> {
        if (!storage::find_registration_by_id(sql, registration_id)) {
            return registration_not_found();
        }
        auto scan = storage::find_convention_scan(sql, registration_id);
        if (!scan) {
            return Error::not_found("no_signed_copy",
                                    "Aucune copie signée n'est jointe à cette convention.");
        }
        return std::move(*scan);
    });
}

Result<LinkSent> send_convention_link(storage::Database& db, const Clock& clock, const Actor& actor,
                                      std::int64_t registration_id) {
    return db.transact([&](soci::session& sql) -> Result<LinkSent> {
        auto locked = detail::lock_with_session(sql, registration_id);
        if (!locked) {
            return locked.error();
        }
        const auto& registration = locked->registration;
        if (auto refusal = refuse_new_convention(registration)) {
            return *refusal;
        }
        if (storage::find_convention_signature(sql, registration_id)) {
            return already_signed();
        }
        auto signatory = storage::find_signatory(sql, registration_id);
        if (!signatory) {
            return Error::conflict("no_signatory",
                                   "Aucun·e signataire n'a été indiqué·e pour l'employeur : "
                                   "joignez la convention signée sur papier.");
        }
        const auto now = clock.now();
        const auto id =
            queue_link(sql, now, actor.audit_name(), registration, locked->session, *signatory);
        return LinkSent{signatory->email, id};
    });
}

Result<std::vector<domain::UnsignedConvention>> unsigned_conventions(storage::Database& db,
                                                                     const Clock& clock) {
    const auto today = clock.now().today;
    return db.transact([&](soci::session& sql) -> Result<std::vector<domain::UnsignedConvention>> {
        return storage::unsigned_conventions(sql, today);
    });
}

}  // namespace formations::app

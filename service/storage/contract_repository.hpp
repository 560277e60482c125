#pragma once
// The training contracts of self-funded trainees and their signatures (migration
// create_training_contracts): both written once, never changed (triggers refuse it).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>
#include <boost/date_time/gregorian/greg_date.hpp>

#include "service/domain/clock.hpp"

namespace formations::storage {

struct StoredContract {
    std::int64_t registration_id = 0;
    std::string reference;
    std::string snapshot;  // JSON text
    std::string pdf;       // the bytes the trainee reads and signs
    std::string pdf_sha256;
    std::string created_at;  // ISO 8601, UTC
};

// A contract or convention read with the columns reference, snapshot (text), pdf (base64),
// pdf_sha256 and created_at (UTC text), for the repositories of both.
StoredContract stored_agreement_of(const soci::row& row, std::int64_t registration_id);

struct ContractSignature {
    std::int64_t registration_id = 0;
    std::string pdf_sha256;
    std::string signed_at;  // ISO 8601, UTC (as read; written from an Instant)
    std::string client_address;
    std::string user_agent;
    std::string statement;
};

std::optional<StoredContract> find_contract(soci::session& sql, std::int64_t registration_id);
// The stored contract afterwards: this one, or the one another transaction stored first.
StoredContract store_contract(soci::session& sql, std::int64_t registration_id,
                              const std::string& reference, const std::string& snapshot,
                              const std::string& pdf, Instant at);

// The training conventions of employer-funded registrations (migration
// create_training_conventions), stored the same way: snapshot and PDF written once.
std::optional<StoredContract> find_convention(soci::session& sql, std::int64_t registration_id);
StoredContract store_convention(soci::session& sql, std::int64_t registration_id,
                                const std::string& reference, const std::string& snapshot,
                                const std::string& pdf, Instant at);

// Every function here reads and writes the registration's agreement *in force*: its version is
// 1 until a move supersedes it (migration supersede_agreements), and the documents, signatures,
// withdrawals and links of a superseded version stay stored as they were.
int agreement_version(soci::session& sql, std::int64_t registration_id);
// Why an agreement is superseded: a move to another session (asked for by the trainee), or staff
// editing the session's dates, hours or place (the organiser's change, which a person may refuse
// at no cost while the new version is unsigned: unaccepted_session_edit).
enum class SupersessionCause { move, session_edit };
// An agreement just superseded: its version, and whether it was signed.
struct SupersededAgreement {
    int version = 1;
    bool was_signed = false;
};
// Supersedes the agreement in force when anything of it is stored (a contract, a convention, a
// signatory's link): the next one made is the next version. What was superseded, if anything.
// A session edit supersedes it even when nothing is stored yet (nullopt is then returned, as
// nothing stored was superseded): the person registered on the session's former terms, and may
// refuse the new ones at no cost until an agreement made since is signed. The caller holds the
// registration's row lock.
std::optional<SupersededAgreement> supersede_agreement(soci::session& sql,
                                                       std::int64_t registration_id, Instant at,
                                                       const std::string& by,
                                                       const std::string& reason,
                                                       SupersessionCause cause);
// The reason of the session edit that superseded the registration's last agreement when the
// version in force since is not signed: the person has not accepted the organiser's change.
// nullopt otherwise (never superseded, last superseded by a move, or the new version signed).
std::optional<std::string> unaccepted_session_edit(soci::session& sql,
                                                   std::int64_t registration_id);
// Whether `pdf_sha256` is the PDF of a superseded contract or convention of the registration.
bool superseded_document(soci::session& sql, std::int64_t registration_id,
                         const std::string& pdf_sha256);

std::optional<ContractSignature> find_contract_signature(soci::session& sql,
                                                         std::int64_t registration_id);
// The caller holds the registration's row lock and found no signature: a second one is refused
// by the primary key (an exception), never stored.
void insert_contract_signature(soci::session& sql, const ContractSignature& signature,
                               Instant signed_at);

// Every signed training contract of a registration, oldest version first: the one in force and
// those a move superseded (still evidence), each with its signature, its withdrawal and, when
// superseded, when (ISO 8601, UTC).
struct SignedContractVersion {
    int version = 1;
    StoredContract contract;
    ContractSignature signature;
    std::optional<std::string> withdrawn_at;
    std::optional<std::string> superseded_at;
};
std::vector<SignedContractVersion> signed_contract_versions(soci::session& sql,
                                                            std::int64_t registration_id);

// Self-funded seats whose contract is not signed (sessions not cancelled), oldest first: when
// the seat was given, or the contract in force made anew (its predecessor superseded by a move
// or a session edit), and the session's registration deadline.
struct UnsignedSeat {
    std::int64_t registration_id = 0;
    Instant confirmed_at;  // or the last supersession, if later
    boost::gregorian::date registration_deadline;
};
std::vector<UnsignedSeat> unsigned_contract_seats(soci::session& sql);

// Where the contracts of a session stand, by registration: "unsigned", "signed" or "withdrawn",
// for self-funded seats and any registration with a signature (employer-funded and waitlisted
// registrations are absent).
std::map<std::int64_t, std::string> contract_states_of_session(soci::session& sql,
                                                               std::int64_t session_id);

// A withdrawal (the caller holds the registration's lock and found a signature): when it was
// made, or nullopt.
std::optional<std::string> find_contract_withdrawal(soci::session& sql,
                                                    std::int64_t registration_id);
void insert_contract_withdrawal(soci::session& sql, std::int64_t registration_id, Instant at,
                                const std::string& client_address, const std::string& user_agent);

}  // namespace formations::storage

#pragma once
// The signatories of training conventions, their signature links (only each token's SHA-256)
// and the signatures, online or on paper (migration create_training_conventions); the
// conventions themselves are stored like the contracts (contract_repository.hpp).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>
#include <boost/date_time/gregorian/greg_date.hpp>

#include "service/domain/clock.hpp"
#include "service/domain/convention.hpp"
#include "service/storage/contract_repository.hpp"

namespace formations::storage {

void save_signatory(soci::session& sql, std::int64_t registration_id,
                    const domain::Signatory& signatory);
std::optional<domain::Signatory> find_signatory(soci::session& sql, std::int64_t registration_id);

void insert_convention_link(soci::session& sql, const std::string& token_hash,
                            std::int64_t registration_id, Instant at, const std::string& by);
// The registration a link's token hash leads to, and whether the link was for a convention a
// move superseded since (contract_repository.hpp: supersede_agreement).
struct LinkTarget {
    std::int64_t registration_id = 0;
    bool superseded = false;
};
std::optional<LinkTarget> registration_of_link(soci::session& sql, const std::string& token_hash);

struct ConventionSignature {
    std::int64_t registration_id = 0;
    std::string method;                     // online / paper
    std::string signed_at;                  // ISO 8601, UTC
    std::optional<std::string> pdf_sha256;  // online: the PDF signed
    std::optional<std::string> client_address;
    std::optional<std::string> user_agent;
    std::optional<std::string> statement;
    std::optional<std::string> scan_sha256;  // paper: the scanned copy
    std::optional<std::string> recorded_by;  // paper: the staff member who attached it
};

std::optional<ConventionSignature> find_convention_signature(soci::session& sql,
                                                             std::int64_t registration_id);
// The caller holds the registration's row lock and found no signature: a second one is refused
// by the primary key (an exception), never stored.
void insert_online_convention_signature(soci::session& sql, std::int64_t registration_id,
                                        const std::string& pdf_sha256, Instant at,
                                        const std::string& client_address,
                                        const std::string& user_agent,
                                        const std::string& statement);
void insert_paper_convention_signature(soci::session& sql, std::int64_t registration_id,
                                       const std::string& scan, Instant at,
                                       const std::string& recorded_by);
std::optional<std::string> find_convention_scan(soci::session& sql, std::int64_t registration_id);

// Every signed training convention of a registration, oldest version first: the one in force and
// those a move or a session edit superseded (still evidence), each with its signature, the
// scanned copy when signed on paper, and, when superseded, when (ISO 8601, UTC).
struct SignedConventionVersion {
    int version = 1;
    StoredContract convention;
    ConventionSignature signature;
    std::optional<std::string> scan;  // paper: the signed copy, byte for byte
    std::optional<std::string> superseded_at;
};
std::vector<SignedConventionVersion> signed_convention_versions(soci::session& sql,
                                                                std::int64_t registration_id);

// Where the conventions of a session stand, by registration: "unsigned", "signed" (online) or
// "signed_on_paper", for employer-funded seats and any registration with a signature.
std::map<std::int64_t, std::string> convention_states_of_session(soci::session& sql,
                                                                 std::int64_t session_id);

// Employer-funded seats whose convention is not signed, in sessions not cancelled that end on or
// after `from`, soonest session first.
std::vector<domain::UnsignedConvention> unsigned_conventions(soci::session& sql,
                                                             boost::gregorian::date from);

}  // namespace formations::storage

#pragma once
// The member directory (table `organisations`): the rows staff maintain, by hand or by importing
// a spreadsheet. Registrations read it (find_organisation_by_siret) to price an employer; a row
// changed here never touches a registration or an invoice already made. Every function runs
// inside the caller's transaction; none commits.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "pricing/tier.hpp"

namespace formations::storage {

struct Organisation {
    std::int64_t id = 0;
    std::string siret;  // 14 digits, the identity of the row
    std::string name;
    std::string address;  // may be empty; lines separated by \n
    pricing::MembershipStatus status = pricing::MembershipStatus::none;
    std::string created_at;  // ISO 8601, UTC
    std::string updated_at;
};

// What staff set; the SIRET only when the row is created.
struct OrganisationFields {
    std::string siret;
    std::string name;
    std::string address;
    pricing::MembershipStatus status = pricing::MembershipStatus::none;
};

struct OrganisationFilter {
    std::string text;  // part of the name (any case) or start of the SIRET; empty: all
    std::optional<pricing::MembershipStatus> status;
    int limit = 50;
    int offset = 0;
};

// One page, ordered by name (then id), and how many rows match in all.
std::vector<Organisation> list_organisations(soci::session& sql, const OrganisationFilter& filter);
std::int64_t count_organisations(soci::session& sql, const OrganisationFilter& filter);

std::optional<Organisation> find_organisation_by_id(soci::session& sql, std::int64_t id,
                                                    bool for_update = false);

// The rows among `sirets` (14 digits each) that exist.
std::vector<Organisation> find_organisations_by_sirets(soci::session& sql,
                                                       const std::vector<std::string>& sirets);

// Inserts the row; nullopt when its SIRET is already in the directory (also when a concurrent
// transaction inserted it first: ON CONFLICT waits for it).
std::optional<Organisation> insert_organisation(soci::session& sql,
                                                const OrganisationFields& fields);

// Sets name, address and status (the SIRET stays) and updated_at = now().
Organisation update_organisation(soci::session& sql, std::int64_t id,
                                 const OrganisationFields& fields);

// Takes at once the table lock an UPDATE takes: a change that reads its row FOR UPDATE first and
// updates it next would otherwise wait for an import that waits for it (a deadlock).
void lock_organisations_for_change(soci::session& sql);

// Keeps other writers of the directory out until the transaction ends (readers go on): an import
// decides insert or update from what it read, so nobody may insert in between.
void lock_organisations_for_writing(soci::session& sql);

}  // namespace formations::storage

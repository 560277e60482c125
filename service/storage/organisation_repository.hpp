#pragma once
// The member directory (table `organisations`): the rows staff maintain, by hand or by importing
// a spreadsheet. Registrations read it (find_organisation_by_siret) to price an employer; a row
// changed here never touches a registration or an invoice already made. Every function runs
// inside the caller's transaction; none commits.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "service/domain/clock.hpp"
#include "service/domain/organisation.hpp"
#include "service/storage/database.hpp"

namespace formations::storage {

// One page, ordered by name (then id), and how many rows match in all.
std::vector<domain::Organisation> list_organisations(soci::session& sql,
                                                     const domain::OrganisationFilter& filter);
std::int64_t count_organisations(soci::session& sql, const domain::OrganisationFilter& filter);

std::optional<domain::Organisation> find_organisation_by_id(soci::session& sql, std::int64_t id,
                                                            bool for_update = false);
std::optional<domain::Organisation> find_organisation_by_siret(soci::session& sql,
                                                               const std::string& siret);

// The rows among `sirets` (14 digits each) that exist.
std::vector<domain::Organisation> find_organisations_by_sirets(
    soci::session& sql, const std::vector<std::string>& sirets);

// Inserts the row; nullopt when its SIRET is already in the directory (also when a concurrent
// transaction inserted it first: ON CONFLICT waits for it).
std::optional<domain::Organisation> insert_organisation(soci::session& sql,
                                                        const domain::OrganisationFields& fields,
                                                        Instant at);

// Sets name, address and status (the SIRET stays) and updated_at = at.
domain::Organisation update_organisation(soci::session& sql, std::int64_t id,
                                         const domain::OrganisationFields& fields, Instant at);

// Takes at once the table lock an UPDATE takes: a change that reads its row FOR UPDATE first and
// updates it next would otherwise wait for an import that waits for it (a deadlock).
void lock_organisations_for_change(soci::session& sql);

// Keeps other writers of the directory out until the transaction ends (readers go on): an import
// decides insert or update from what it read, so nobody may insert in between.
void lock_organisations_for_writing(soci::session& sql);

}  // namespace formations::storage

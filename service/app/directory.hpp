#pragma once
// Use cases of the member directory, for staff: list and search it, look at one organisation,
// add one, change its name, address or status, and import a spreadsheet of them (all lines or
// none). The directory only decides the tier of *future* registrations: a registration keeps the
// tier and price it was made with, and its invoice is a snapshot, so changing a status here never
// changes either. Every write is audited with the staff member's name. Example:
//   auto created = create_organisation(db, clock, {"732 829 320 00074", "Coop", "", "societaire"},
//                                      actor);
//   created->siret == "73282932000074"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/app/accounts.hpp"
#include "service/app/organisation_csv.hpp"
#include "service/app/use_case.hpp"
#include "service/domain/organisation.hpp"

namespace formations::app {

inline constexpr int default_directory_page = 50;
inline constexpr int max_directory_page = 500;

// As received (text not yet normalised, status as an API code).
struct OrganisationInput {
    std::string siret;
    std::string name;
    std::string address;  // empty: unknown
    std::string status;   // societaire / candidate / none
};

// Absent members are left as they are; the SIRET cannot be changed.
struct OrganisationPatch {
    std::optional<std::string> name;
    std::optional<std::string> address;
    std::optional<std::string> status;
};

struct OrganisationPage {
    std::vector<domain::Organisation> organisations;
    std::int64_t total = 0;  // rows matching the filter, all pages together
};

struct ImportCounts {
    int created = 0;
    int updated = 0;
    int unchanged = 0;
};

// Either the counts (written) or the lines refused (nothing written).
struct ImportOutcome {
    ImportCounts counts;
    std::vector<CsvLineError> rejected;  // at most max_listed_csv_errors
    std::size_t error_count = 0;         // all of them
};

Error organisation_not_found();
// The error an import answers when lines are refused; the lines go next to it.
Error invalid_csv(std::size_t error_count);

// Pure checks: the normalised fields, or the first error (with its field).
Result<domain::OrganisationFields> validate_organisation(const OrganisationInput& input);
Result<pricing::MembershipStatus> parse_status_code(const std::string& code);

Result<OrganisationPage> list_organisations(storage::Database& db,
                                            const domain::OrganisationFilter& filter);
Result<domain::Organisation> get_organisation(storage::Database& db, std::int64_t id);
Result<domain::Organisation> create_organisation(storage::Database& db, const Clock& clock,
                                                 const OrganisationInput& input,
                                                 const Actor& actor);
Result<domain::Organisation> update_organisation(storage::Database& db, const Clock& clock,
                                                 std::int64_t id, const OrganisationPatch& patch,
                                                 const Actor& actor);
// Upsert by SIRET in one transaction: new SIRETs are created, known ones get the file's name,
// address and status; rows absent from the file are left alone.
// `encoding`: CsvEncoding::utf8 when the request declared charset=utf-8, else recognised.
Result<ImportOutcome> import_organisations(storage::Database& db, const Clock& clock,
                                           std::string_view csv, const Actor& actor,
                                           CsvEncoding encoding = CsvEncoding::detect);

}  // namespace formations::app

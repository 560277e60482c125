#include "service/app/directory.hpp"

#include <map>

#include "service/app/input_rules.hpp"
#include "service/storage/audit_repository.hpp"
#include "service/storage/organisation_repository.hpp"

namespace formations::app {
namespace {

constexpr std::size_t name_max = 200;
constexpr std::size_t address_max = 500;

Result<std::string> checked_name(const std::string& name) {
    return normalise_text(name, "name", name_max);
}

// The address is optional in the directory (registrations carry the employer's own): blank
// means unknown and is stored empty.
Result<std::string> checked_address(const std::string& address) {
    if (address.find_first_not_of(" \t\r\n") == std::string::npos) {
        return std::string();
    }
    return normalise_text(address, "address", address_max, /*multiline=*/true);
}

bool same_fields(const domain::Organisation& row, const domain::OrganisationFields& fields) {
    return row.name == fields.name && row.address == fields.address && row.status == fields.status;
}

domain::OrganisationFields fields_of(const domain::Organisation& row) {
    return {row.siret, row.name, row.address, row.status};
}

Error organisation_exists() {
    return Error::conflict("organisation_exists",
                           "Une organisation avec ce numéro SIRET figure déjà dans l'annuaire.",
                           "siret");
}

}  // namespace

Error organisation_not_found() {
    return Error::not_found("organisation_not_found",
                            "Cette organisation ne figure pas dans l'annuaire.");
}

Error invalid_csv(std::size_t error_count) {
    return Error::invalid("invalid_csv",
                          "Le fichier contient " + std::to_string(error_count) +
                              (error_count > 1 ? " erreurs" : " erreur") +
                              " : rien n'a été importé. Corrigez les lignes indiquées et "
                              "importez-le à nouveau.");
}

Result<pricing::MembershipStatus> parse_status_code(const std::string& code) {
    if (auto status = pricing::parse_membership_status(code)) {
        return *status;
    }
    return Error::invalid("invalid_status",
                          "Le statut doit être « societaire », « candidate » ou « none ».",
                          "status");
}

Result<domain::OrganisationFields> validate_organisation(const OrganisationInput& input) {
    domain::OrganisationFields fields;
    // The same rule and message as the registration form's: a wrong check digit is said so.
    auto siret = normalise_siret(input.siret, "siret");
    if (!siret) {
        return siret.error();
    }
    fields.siret = std::move(siret.value());
    auto name = checked_name(input.name);
    if (!name) {
        return name.error();
    }
    fields.name = std::move(name.value());
    auto address = checked_address(input.address);
    if (!address) {
        return address.error();
    }
    fields.address = std::move(address.value());
    auto status = parse_status_code(input.status);
    if (!status) {
        return status.error();
    }
    fields.status = status.value();
    return fields;
}

Result<OrganisationPage> list_organisations(storage::Database& db,
                                            const domain::OrganisationFilter& filter) {
    return db.transact([&](soci::session& sql) -> Result<OrganisationPage> {
        OrganisationPage page;
        page.organisations = storage::list_organisations(sql, filter);
        page.total = storage::count_organisations(sql, filter);
        return page;
    });
}

Result<domain::Organisation> get_organisation(storage::Database& db, std::int64_t id) {
    return db.transact([&](soci::session& sql) -> Result<domain::Organisation> {
        if (auto organisation = storage::find_organisation_by_id(sql, id)) {
            return *organisation;
        }
        return organisation_not_found();
    });
}

Result<domain::Organisation> create_organisation(storage::Database& db, const Clock& clock,
                                                 const OrganisationInput& input,
                                                 const Actor& actor) {
    auto fields = validate_organisation(input);
    if (!fields) {
        return fields.error();
    }
    const auto now = clock.now();
    return db.transact([&](soci::session& sql) -> Result<domain::Organisation> {
        // ON CONFLICT waits for a concurrent insert of the same SIRET, then reports it.
        auto created = storage::insert_organisation(sql, fields.value(), now.instant);
        if (!created) {
            return organisation_exists();
        }
        storage::audit_organisation(sql, {actor.audit_name(), now.instant}, "organisation.created",
                                    nullptr, *created);
        return *created;
    });
}

Result<domain::Organisation> update_organisation(storage::Database& db, const Clock& clock,
                                                 std::int64_t id, const OrganisationPatch& patch,
                                                 const Actor& actor) {
    std::optional<std::string> name, address;
    std::optional<pricing::MembershipStatus> status;
    if (patch.name) {
        auto checked = checked_name(*patch.name);
        if (!checked) {
            return checked.error();
        }
        name = std::move(checked.value());
    }
    if (patch.address) {
        auto checked = checked_address(*patch.address);
        if (!checked) {
            return checked.error();
        }
        address = std::move(checked.value());
    }
    if (patch.status) {
        auto checked = parse_status_code(*patch.status);
        if (!checked) {
            return checked.error();
        }
        status = checked.value();
    }
    const auto now = clock.now();
    return db.transact([&](soci::session& sql) -> Result<domain::Organisation> {
        storage::lock_organisations_for_change(sql);
        auto before = storage::find_organisation_by_id(sql, id, /*for_update=*/true);
        if (!before) {
            return organisation_not_found();
        }
        auto fields = fields_of(*before);
        fields.name = name.value_or(fields.name);
        fields.address = address.value_or(fields.address);
        fields.status = status.value_or(fields.status);
        if (same_fields(*before, fields)) {
            return *before;  // nothing to change: no write, no audit entry
        }
        auto after = storage::update_organisation(sql, id, fields, now.instant);
        storage::audit_organisation(sql, {actor.audit_name(), now.instant}, "organisation.updated",
                                    &*before, after);
        return after;
    });
}

Result<ImportOutcome> import_organisations(storage::Database& db, const Clock& clock,
                                           std::string_view csv, const Actor& actor,
                                           CsvEncoding encoding) {
    auto parsed = parse_organisation_csv(csv, encoding);
    if (parsed.error_count > 0) {
        ImportOutcome refused;
        refused.rejected = std::move(parsed.errors);
        refused.error_count = parsed.error_count;
        return refused;
    }
    const auto now = clock.now();
    const storage::Audit audit{actor.audit_name(), now.instant};
    return db.transact([&](soci::session& sql) -> Result<ImportOutcome> {
        // Nobody else writes the directory until we commit: what we read below stays true.
        storage::lock_organisations_for_writing(sql);
        std::vector<std::string> sirets;
        sirets.reserve(parsed.rows.size());
        for (const auto& row : parsed.rows) {
            sirets.push_back(row.siret);
        }
        std::map<std::string, domain::Organisation> existing;
        for (auto& organisation : storage::find_organisations_by_sirets(sql, sirets)) {
            auto siret = organisation.siret;
            existing.emplace(std::move(siret), std::move(organisation));
        }

        ImportOutcome outcome;
        for (const auto& row : parsed.rows) {
            domain::OrganisationFields fields{row.siret, row.name, row.address, row.status};
            auto found = existing.find(row.siret);
            if (found == existing.end()) {
                auto created = storage::insert_organisation(sql, fields, now.instant);
                if (!created) {  // cannot happen under the lock
                    return Error::internal("organisation " + row.siret + " appeared during import");
                }
                storage::audit_organisation(sql, audit, "organisation.imported", nullptr, *created);
                ++outcome.counts.created;
            } else if (same_fields(found->second, fields)) {
                ++outcome.counts.unchanged;
            } else {
                auto after =
                    storage::update_organisation(sql, found->second.id, fields, now.instant);
                storage::audit_organisation(sql, audit, "organisation.imported", &found->second,
                                            after);
                ++outcome.counts.updated;
            }
        }
        return outcome;
    });
}

}  // namespace formations::app

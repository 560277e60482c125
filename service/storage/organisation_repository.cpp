#include "service/storage/organisation_repository.hpp"

#include <algorithm>
#include <cctype>

#include "service/storage/rows.hpp"

namespace formations::storage {
namespace {

constexpr const char* organisation_columns = R"sql(
       o.id, o.siret, o.name, o.address, o.status,
       to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at,
       to_char(o.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS updated_at
)sql";

// The filter's values, each bound once (SOCI binds by position): NULL means "no condition".
constexpr const char* filtered = R"sql(
  FROM organisations o,
       (SELECT CAST(:name_pattern AS text) AS name_pattern,
               CAST(:siret_prefix AS text) AS siret_prefix,
               CAST(:status AS text) AS status) p
 WHERE (p.name_pattern IS NULL OR o.name ILIKE p.name_pattern
        OR (p.siret_prefix IS NOT NULL AND o.siret LIKE p.siret_prefix))
   AND (p.status IS NULL OR o.status = p.status)
)sql";

domain::Organisation to_organisation(const soci::row& row) {
    domain::Organisation o;
    o.id = row.get<long long>("id");
    o.siret = row.get<std::string>("siret");
    o.name = row.get<std::string>("name");
    o.address = row.get<std::string>("address");
    o.status = pricing::parse_membership_status(row.get<std::string>("status"))
                   .value_or(pricing::MembershipStatus::none);
    o.created_at = row.get<std::string>("created_at");
    o.updated_at = row.get<std::string>("updated_at");
    return o;
}

std::string select_organisations() {
    return std::string("SELECT") + organisation_columns + " FROM organisations o";
}

// LIKE treats % _ and \ specially: a search for "50%" means those three characters.
std::string like_escaped(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out;
}

// The filter as bound values and their NULL indicators.
struct FilterValues {
    std::string name_pattern, siret_prefix, status;
    soci::indicator name_indicator = soci::i_null, siret_indicator = soci::i_null,
                    status_indicator = soci::i_null;

    explicit FilterValues(const domain::OrganisationFilter& filter) {
        if (!filter.text.empty()) {
            name_pattern = "%" + like_escaped(filter.text) + "%";
            name_indicator = soci::i_ok;
            // "732 829" finds 73282932000074: people group the digits as they read them.
            std::string digits = filter.text;
            std::erase(digits, ' ');
            if (!digits.empty() && std::all_of(digits.begin(), digits.end(),
                                               [](unsigned char c) { return std::isdigit(c); })) {
                siret_prefix = digits + "%";
                siret_indicator = soci::i_ok;
            }
        }
        if (filter.status) {
            status = std::string(pricing::to_string(*filter.status));
            status_indicator = soci::i_ok;
        }
    }
};

}  // namespace

std::vector<domain::Organisation> list_organisations(soci::session& sql,
                                                     const domain::OrganisationFilter& filter) {
    FilterValues values(filter);
    int limit = filter.limit, offset = filter.offset;
    soci::rowset<soci::row> rows =
        (sql.prepare << std::string("SELECT") + organisation_columns + filtered +
                            " ORDER BY o.name, o.id LIMIT :limit OFFSET :offset",
         soci::use(values.name_pattern, values.name_indicator),
         soci::use(values.siret_prefix, values.siret_indicator),
         soci::use(values.status, values.status_indicator), soci::use(limit), soci::use(offset));
    std::vector<domain::Organisation> organisations;
    for (const auto& row : rows) {
        organisations.push_back(to_organisation(row));
    }
    return organisations;
}

std::int64_t count_organisations(soci::session& sql, const domain::OrganisationFilter& filter) {
    FilterValues values(filter);
    long long total = 0;
    sql << std::string("SELECT count(*)") + filtered,
        soci::use(values.name_pattern, values.name_indicator),
        soci::use(values.siret_prefix, values.siret_indicator),
        soci::use(values.status, values.status_indicator), soci::into(total);
    return total;
}

std::optional<domain::Organisation> find_organisation_by_id(soci::session& sql, std::int64_t id,
                                                            bool for_update) {
    long long key = id;
    soci::row row;
    sql << select_organisations() + " WHERE o.id = :id" + (for_update ? " FOR UPDATE" : ""),
        soci::use(key), soci::into(row);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return to_organisation(row);
}

std::optional<domain::Organisation> find_organisation_by_siret(soci::session& sql,
                                                               const std::string& siret) {
    std::string key = siret;
    soci::row row;
    sql << select_organisations() + " WHERE o.siret = :siret", soci::use(key), soci::into(row);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return to_organisation(row);
}

std::vector<domain::Organisation> find_organisations_by_sirets(
    soci::session& sql, const std::vector<std::string>& sirets) {
    std::vector<domain::Organisation> organisations;
    if (sirets.empty()) {
        return organisations;
    }
    // One statement whatever the number: the SIRETs are digits, joined by commas.
    std::string list;
    for (const auto& siret : sirets) {
        list += (list.empty() ? "" : ",") + siret;
    }
    soci::rowset<soci::row> rows =
        (sql.prepare << select_organisations() +
                            " WHERE o.siret = ANY (string_to_array(:sirets, ','))",
         soci::use(list));
    for (const auto& row : rows) {
        organisations.push_back(to_organisation(row));
    }
    return organisations;
}

std::optional<domain::Organisation> insert_organisation(soci::session& sql,
                                                        const domain::OrganisationFields& fields,
                                                        Instant at) {
    std::string siret = fields.siret, name = fields.name, address = fields.address,
                status(pricing::to_string(fields.status)), now = timestamp(at);
    soci::row row;
    sql << std::string(
               "INSERT INTO organisations AS o (siret, name, address, status, created_at,"
               " updated_at) VALUES (:siret, :name, :address, :status,"
               " CAST(:now AS timestamptz), CAST(:now2 AS timestamptz))"
               " ON CONFLICT (siret) DO NOTHING RETURNING") +
               organisation_columns,
        soci::use(siret), soci::use(name), soci::use(address), soci::use(status), soci::use(now),
        soci::use(now), soci::into(row);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return to_organisation(row);
}

domain::Organisation update_organisation(soci::session& sql, std::int64_t id,
                                         const domain::OrganisationFields& fields, Instant at) {
    long long key = id;
    std::string name = fields.name, address = fields.address,
                status(pricing::to_string(fields.status)), now = timestamp(at);
    soci::row row;
    sql << std::string(
               "UPDATE organisations AS o SET name = :name, address = :address,"
               " status = :status, updated_at = CAST(:now AS timestamptz)"
               " WHERE o.id = :id RETURNING") +
               organisation_columns,
        soci::use(name), soci::use(address), soci::use(status), soci::use(now), soci::use(key),
        soci::into(row);
    return to_organisation(row);
}

void lock_organisations_for_change(soci::session& sql) {
    sql << "LOCK TABLE organisations IN ROW EXCLUSIVE MODE";
}

void lock_organisations_for_writing(soci::session& sql) {
    // SHARE ROW EXCLUSIVE conflicts with INSERT/UPDATE/DELETE and with itself, not with SELECT.
    sql << "LOCK TABLE organisations IN SHARE ROW EXCLUSIVE MODE";
}

}  // namespace formations::storage

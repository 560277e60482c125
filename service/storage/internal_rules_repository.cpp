#include "service/storage/internal_rules_repository.hpp"

#include "service/storage/rows.hpp"

namespace formations::storage {

std::optional<InternalRulesVersion> latest_internal_rules(soci::session& sql) {
    soci::row row;
    sql << "SELECT version, text, " + utc_text("published_at") +
               " AS published_at, published_by FROM internal_rules ORDER BY version DESC LIMIT 1",
        soci::into(row);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return InternalRulesVersion{row.get<int>("version"), row.get<std::string>("text"),
                                row.get<std::string>("published_at"),
                                row.get<std::string>("published_by")};
}

std::vector<InternalRulesVersion> internal_rules_versions(soci::session& sql) {
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT version, text, " + utc_text("published_at") +
                            " AS published_at, published_by FROM internal_rules"
                            " ORDER BY version DESC");
    std::vector<InternalRulesVersion> versions;
    for (const auto& row : rows) {
        versions.push_back({row.get<int>("version"), row.get<std::string>("text"),
                            row.get<std::string>("published_at"),
                            row.get<std::string>("published_by")});
    }
    return versions;
}

void insert_internal_rules(soci::session& sql, int version, const std::string& text, Instant at,
                           const std::string& actor) {
    int number = version;
    std::string body = text, published_at = timestamp(at), by = actor;
    sql << "INSERT INTO internal_rules (version, text, published_at, published_by)"
           " VALUES (:version, :text, CAST(:at AS timestamptz), :by)",
        soci::use(number), soci::use(body), soci::use(published_at), soci::use(by);
}

}  // namespace formations::storage

#include "service/app/audit.hpp"

#include <algorithm>

namespace formations::app {

Result<nlohmann::json> read_audit(storage::Database& db, const AuditQuery& query) {
    int limit = std::clamp(query.limit, 1, 500);
    return db.transact([&](soci::session& sql) -> Result<nlohmann::json> {
        std::string entity = query.entity.value_or(""), actor = query.actor.value_or("");
        long long entity_id = query.entity_id.value_or(0), before = query.before_id.value_or(0);
        // Empty / zero filters match everything; each placeholder appears once (SOCI binds by
        // position).
        soci::rowset<soci::row> rows =
            (sql.prepare << "SELECT id, to_char(occurred_at AT TIME ZONE 'UTC',"
                            " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS occurred_at, actor, action,"
                            " entity, entity_id, COALESCE(before::text, 'null') AS before_state,"
                            " COALESCE(after::text, 'null') AS after_state"
                            " FROM audit_events, (SELECT CAST(:entity AS text) AS e,"
                            " CAST(:entity_id AS bigint) AS i, CAST(:actor AS text) AS a,"
                            " CAST(:before AS bigint) AS b) f"
                            " WHERE (f.e = '' OR entity = f.e) AND (f.i = 0 OR entity_id = f.i)"
                            " AND (f.a = '' OR actor = f.a) AND (f.b = 0 OR id < f.b)"
                            " ORDER BY id DESC LIMIT " +
                                std::to_string(limit),
             soci::use(entity), soci::use(entity_id), soci::use(actor), soci::use(before));
        nlohmann::json events = nlohmann::json::array();
        for (const auto& row : rows) {
            events.push_back(
                {{"id", row.get<long long>("id")},
                 {"occurred_at", row.get<std::string>("occurred_at")},
                 {"actor", row.get<std::string>("actor")},
                 {"action", row.get<std::string>("action")},
                 {"entity", row.get<std::string>("entity")},
                 {"entity_id", row.get<long long>("entity_id")},
                 {"before", nlohmann::json::parse(row.get<std::string>("before_state"))},
                 {"after", nlohmann::json::parse(row.get<std::string>("after_state"))}});
        }
        nlohmann::json next = nullptr;
        if (static_cast<int>(events.size()) == limit) {
            next = events.back()["id"];
        }
        return nlohmann::json{{"events", events}, {"next_before_id", next}};
    });
}

}  // namespace formations::app

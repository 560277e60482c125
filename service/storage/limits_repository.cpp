#include "service/storage/limits_repository.hpp"

#include "service/storage/rows.hpp"

namespace formations::storage {

ClientRequests lock_client_requests_since(soci::session& sql, const std::string& scope,
                                          const std::string& client, Instant since) {
    std::string kind = scope, from = client, after = timestamp(since);
    sql << "SELECT pg_advisory_xact_lock(hashtextextended(:s || ':' || :c, 0))", soci::use(kind),
        soci::use(from);
    ClientRequests requests;
    long long oldest = 0;
    soci::indicator indicator = soci::i_null;
    sql << "SELECT count(*)::integer, (extract(epoch FROM min(at)) * 1000000)::bigint"
           " FROM client_requests WHERE scope = :s AND client = :c"
           " AND at > CAST(:since AS timestamptz)",
        soci::use(kind), soci::use(from), soci::use(after), soci::into(requests.count),
        soci::into(oldest, indicator);
    if (indicator != soci::i_null) {
        requests.oldest = Instant{} + std::chrono::microseconds(oldest);
    }
    return requests;
}

void record_client_request(soci::session& sql, const std::string& scope, const std::string& client,
                           Instant at, Instant purge_before) {
    std::string kind = scope, from = client, now = timestamp(at), before = timestamp(purge_before);
    sql << "INSERT INTO client_requests (scope, client, at)"
           " VALUES (:s, :c, CAST(:at AS timestamptz))",
        soci::use(kind), soci::use(from), soci::use(now);
    sql << "DELETE FROM client_requests WHERE at < CAST(:before AS timestamptz)", soci::use(before);
}

}  // namespace formations::storage

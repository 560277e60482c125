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

int anonymous_unpaid_registrations(soci::session& sql, std::int64_t session_id,
                                   const std::string& siret) {
    long long session = session_id;
    std::string employer = siret;
    int count = 0;
    sql << "SELECT count(*)::integer FROM registrations r"
           " WHERE r.session_id = :session AND r.employer_siret = :siret"
           " AND r.status <> 'cancelled'"
           " AND EXISTS (SELECT 1 FROM audit_events a WHERE a.entity = 'registration'"
           "             AND a.entity_id = r.id AND a.action = 'registration.created'"
           "             AND a.actor = 'trainee')"
           " AND NOT EXISTS (SELECT 1 FROM payments p JOIN invoices i ON i.id = p.invoice_id"
           "                 WHERE i.registration_id = r.id)",
        soci::use(session), soci::use(employer), soci::into(count);
    return count;
}

}  // namespace formations::storage

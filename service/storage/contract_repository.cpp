#include "service/storage/contract_repository.hpp"

#include <stdexcept>

#include "service/storage/rows.hpp"

namespace formations::storage {
namespace {

// Contracts and conventions are stored alike; `table` is one of those two names, never input.
std::optional<StoredContract> find_document(soci::session& sql, const std::string& table,
                                            std::int64_t registration_id) {
    long long id = registration_id;
    soci::row row;
    sql << "SELECT reference, snapshot::text AS snapshot, encode(pdf, 'base64') AS pdf,"
           " pdf_sha256, " +
               utc_text("created_at") + " AS created_at FROM " + table +
               " WHERE registration_id = :id AND version = agreement_version(:id2)",
        soci::use(id), soci::use(id), soci::into(row);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return stored_agreement_of(row, registration_id);
}

StoredContract store_document(soci::session& sql, const std::string& table,
                              std::int64_t registration_id, const std::string& reference,
                              const std::string& snapshot, const std::string& pdf, Instant at) {
    long long id = registration_id;
    std::string ref = reference, json = snapshot, encoded = to_base64(pdf),
                created_at = timestamp(at);
    sql << "INSERT INTO " + table +
               " (registration_id, version, reference, snapshot, pdf, pdf_sha256, created_at)"
               " VALUES (:id, agreement_version(:id2), :reference, CAST(:snapshot AS jsonb),"
               " decode(:pdf, 'base64'), encode(sha256(decode(:pdf2, 'base64')), 'hex'),"
               " CAST(:at AS timestamptz)) ON CONFLICT (registration_id, version) DO NOTHING",
        soci::use(id), soci::use(id), soci::use(ref), soci::use(json), soci::use(encoded),
        soci::use(encoded), soci::use(created_at);
    auto stored = find_document(sql, table, registration_id);
    if (!stored) {
        throw std::runtime_error("the document was not stored in " + table);
    }
    return std::move(*stored);
}

}  // namespace

StoredContract stored_agreement_of(const soci::row& row, std::int64_t registration_id) {
    return StoredContract{registration_id,
                          row.get<std::string>("reference"),
                          row.get<std::string>("snapshot"),
                          from_base64(row.get<std::string>("pdf")),
                          row.get<std::string>("pdf_sha256"),
                          row.get<std::string>("created_at")};
}

std::optional<StoredContract> find_contract(soci::session& sql, std::int64_t registration_id) {
    return find_document(sql, "training_contracts", registration_id);
}

StoredContract store_contract(soci::session& sql, std::int64_t registration_id,
                              const std::string& reference, const std::string& snapshot,
                              const std::string& pdf, Instant at) {
    return store_document(sql, "training_contracts", registration_id, reference, snapshot, pdf, at);
}

std::optional<StoredContract> find_convention(soci::session& sql, std::int64_t registration_id) {
    return find_document(sql, "training_conventions", registration_id);
}

StoredContract store_convention(soci::session& sql, std::int64_t registration_id,
                                const std::string& reference, const std::string& snapshot,
                                const std::string& pdf, Instant at) {
    return store_document(sql, "training_conventions", registration_id, reference, snapshot, pdf,
                          at);
}

int agreement_version(soci::session& sql, std::int64_t registration_id) {
    long long id = registration_id;
    int version = 1;
    sql << "SELECT agreement_version(:id)", soci::use(id), soci::into(version);
    return version;
}

std::optional<SupersededAgreement> supersede_agreement(soci::session& sql,
                                                       std::int64_t registration_id, Instant at,
                                                       const std::string& by,
                                                       const std::string& reason,
                                                       SupersessionCause cause) {
    long long id = registration_id;
    std::string when = timestamp(at), actor = by, why = reason,
                kind = cause == SupersessionCause::session_edit ? "session_edit" : "move";
    soci::row row;
    // A session edit is recorded even when nothing of the agreement is stored yet (contracts and
    // conventions are made when first read): the terms the person registered on changed all the
    // same, and unaccepted_session_edit waives the fee until an agreement made since is signed.
    sql << "WITH v AS (SELECT agreement_version(:id) AS version),"
           " d AS (SELECT v.version, (EXISTS (SELECT 1 FROM training_contracts"
           " WHERE registration_id = :id2 AND version = v.version)"
           " OR EXISTS (SELECT 1 FROM training_conventions"
           " WHERE registration_id = :id3 AND version = v.version)"
           " OR EXISTS (SELECT 1 FROM convention_links"
           " WHERE registration_id = :id4 AND version = v.version)) AS stored FROM v),"
           " a AS (INSERT INTO agreement_supersessions (registration_id, version, superseded_at,"
           " superseded_by, reason, cause) SELECT :id5, d.version, CAST(:at AS timestamptz), :by,"
           " :reason, :cause FROM d WHERE d.stored OR :cause2 = 'session_edit'"
           " RETURNING registration_id, version)"
           " SELECT a.version, d.stored::integer AS stored, (EXISTS (SELECT 1"
           " FROM contract_signatures s WHERE s.registration_id = a.registration_id"
           " AND s.version = a.version) OR EXISTS (SELECT 1 FROM convention_signatures s"
           " WHERE s.registration_id = a.registration_id AND s.version = a.version))::integer"
           " AS was_signed FROM a, d",
        soci::use(id), soci::use(id), soci::use(id), soci::use(id), soci::use(id), soci::use(when),
        soci::use(actor), soci::use(why), soci::use(kind), soci::use(kind), soci::into(row);
    if (!sql.got_data() || row.get<int>("stored") == 0) {
        return std::nullopt;
    }
    return SupersededAgreement{row.get<int>("version"), row.get<int>("was_signed") != 0};
}

std::optional<std::string> unaccepted_session_edit(soci::session& sql,
                                                   std::int64_t registration_id) {
    long long id = registration_id;
    std::string reason;
    sql << "SELECT a.reason FROM agreement_supersessions a"
           " WHERE a.registration_id = :id AND a.cause = 'session_edit'"
           " AND a.version = agreement_version(:id2) - 1"
           " AND NOT EXISTS (SELECT 1 FROM contract_signatures s"
           " WHERE s.registration_id = a.registration_id AND s.version = a.version + 1)"
           " AND NOT EXISTS (SELECT 1 FROM convention_signatures s"
           " WHERE s.registration_id = a.registration_id AND s.version = a.version + 1)",
        soci::use(id), soci::use(id), soci::into(reason);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return reason;
}

bool superseded_document(soci::session& sql, std::int64_t registration_id,
                         const std::string& pdf_sha256) {
    long long id = registration_id;
    std::string hash = pdf_sha256;
    int found = 0;
    sql << "SELECT count(*)::integer FROM (SELECT version, pdf_sha256 FROM training_contracts"
           " WHERE registration_id = :id UNION ALL SELECT version, pdf_sha256"
           " FROM training_conventions WHERE registration_id = :id2) d"
           " WHERE d.pdf_sha256 = :hash AND d.version < agreement_version(:id3)",
        soci::use(id), soci::use(id), soci::use(hash), soci::use(id), soci::into(found);
    return found > 0;
}

std::optional<ContractSignature> find_contract_signature(soci::session& sql,
                                                         std::int64_t registration_id) {
    long long id = registration_id;
    soci::row row;
    sql << "SELECT pdf_sha256, " + utc_text("signed_at") +
               " AS signed_at, client_address, user_agent, statement"
               " FROM contract_signatures WHERE registration_id = :id"
               " AND version = agreement_version(:id2)",
        soci::use(id), soci::use(id), soci::into(row);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return ContractSignature{registration_id,
                             row.get<std::string>("pdf_sha256"),
                             row.get<std::string>("signed_at"),
                             row.get<std::string>("client_address"),
                             row.get<std::string>("user_agent"),
                             row.get<std::string>("statement")};
}

std::vector<SignedContractVersion> signed_contract_versions(soci::session& sql,
                                                            std::int64_t registration_id) {
    long long id = registration_id;
    soci::rowset<soci::row> rows =
        (sql.prepare
             << "SELECT c.version, c.reference, c.snapshot::text AS snapshot,"
                " encode(c.pdf, 'base64') AS pdf, c.pdf_sha256, " +
                    utc_text("c.created_at") + " AS created_at, s.pdf_sha256 AS signed_sha256, " +
                    utc_text("s.signed_at") +
                    " AS signed_at, s.client_address, s.user_agent, s.statement, " +
                    utc_text("w.withdrawn_at") + " AS withdrawn_at, " +
                    utc_text("a.superseded_at") +
                    " AS superseded_at FROM training_contracts c"
                    " JOIN contract_signatures s ON s.registration_id = c.registration_id"
                    " AND s.version = c.version"
                    " LEFT JOIN contract_withdrawals w ON w.registration_id = c.registration_id"
                    " AND w.version = c.version"
                    " LEFT JOIN agreement_supersessions a"
                    " ON a.registration_id = c.registration_id AND a.version = c.version"
                    " WHERE c.registration_id = :id ORDER BY c.version",
         soci::use(id));
    std::vector<SignedContractVersion> versions;
    for (const auto& row : rows) {
        SignedContractVersion entry;
        entry.version = row.get<int>("version");
        entry.contract = stored_agreement_of(row, registration_id);
        entry.signature = ContractSignature{registration_id,
                                            row.get<std::string>("signed_sha256"),
                                            row.get<std::string>("signed_at"),
                                            row.get<std::string>("client_address"),
                                            row.get<std::string>("user_agent"),
                                            row.get<std::string>("statement")};
        entry.withdrawn_at = optional_text(row, "withdrawn_at");
        entry.superseded_at = optional_text(row, "superseded_at");
        versions.push_back(std::move(entry));
    }
    return versions;
}

void insert_contract_signature(soci::session& sql, const ContractSignature& signature,
                               Instant signed_at) {
    long long id = signature.registration_id;
    std::string hash = signature.pdf_sha256, at = timestamp(signed_at),
                address = signature.client_address, agent = signature.user_agent,
                statement = signature.statement;
    sql << "INSERT INTO contract_signatures (registration_id, version, pdf_sha256, signed_at,"
           " client_address, user_agent, statement) VALUES (:id, agreement_version(:id2), :hash,"
           " CAST(:at AS timestamptz), :address, :agent, :statement)",
        soci::use(id), soci::use(id), soci::use(hash), soci::use(at), soci::use(address),
        soci::use(agent), soci::use(statement);
}

std::vector<UnsignedSeat> unsigned_contract_seats(soci::session& sql) {
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT r.id, " + utc_text("r.held_from") +
                            " AS confirmed_at, r.registration_deadline::text AS deadline"
                            " FROM (SELECT r.id, s.registration_deadline,"
                            " GREATEST(r.confirmed_at, (SELECT max(a.superseded_at)"
                            " FROM agreement_supersessions a WHERE a.registration_id = r.id"
                            // A contract made anew is held from its supersession; a seat with
                            // no contract made before an edit keeps its first hold.
                            " AND EXISTS (SELECT 1 FROM training_contracts c"
                            " WHERE c.registration_id = r.id AND c.version = a.version)))"
                            " AS held_from"
                            " FROM registrations r JOIN sessions s ON s.id = r.session_id"
                            " WHERE r.status = 'confirmed' AND r.funding = 'self'"
                            " AND s.status <> 'cancelled' AND NOT EXISTS (SELECT 1 FROM"
                            " contract_signatures c WHERE c.registration_id = r.id"
                            " AND c.version = agreement_version(r.id))) r"
                            " ORDER BY r.held_from, r.id");
    std::vector<UnsignedSeat> seats;
    for (const auto& row : rows) {
        auto confirmed = parse_instant(row.get<std::string>("confirmed_at"));
        if (!confirmed) {
            throw std::runtime_error("unreadable confirmed_at");
        }
        seats.push_back({row.get<long long>("id"), *confirmed, date_column(row, "deadline")});
    }
    return seats;
}

std::map<std::int64_t, std::string> contract_states_of_session(soci::session& sql,
                                                               std::int64_t session_id) {
    long long id = session_id;
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT r.id, CASE WHEN w.registration_id IS NOT NULL THEN 'withdrawn'"
                        " WHEN c.registration_id IS NOT NULL THEN 'signed' ELSE 'unsigned' END"
                        " AS state FROM registrations r"
                        " LEFT JOIN contract_signatures c ON c.registration_id = r.id"
                        " AND c.version = agreement_version(r.id)"
                        " LEFT JOIN contract_withdrawals w ON w.registration_id = r.id"
                        " AND w.version = c.version"
                        " WHERE r.session_id = :id AND r.funding = 'self'"
                        " AND (r.status = 'confirmed' OR c.registration_id IS NOT NULL)",
         soci::use(id));
    std::map<std::int64_t, std::string> states;
    for (const auto& row : rows) {
        states[row.get<long long>("id")] = row.get<std::string>("state");
    }
    return states;
}

std::optional<std::string> find_contract_withdrawal(soci::session& sql,
                                                    std::int64_t registration_id) {
    long long id = registration_id;
    std::string at;
    sql << "SELECT " + utc_text("withdrawn_at") +
               " FROM contract_withdrawals WHERE registration_id = :id"
               " AND version = agreement_version(:id2)",
        soci::use(id), soci::use(id), soci::into(at);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return at;
}

void insert_contract_withdrawal(soci::session& sql, std::int64_t registration_id, Instant at,
                                const std::string& client_address, const std::string& user_agent) {
    long long id = registration_id;
    std::string when = timestamp(at), address = client_address, agent = user_agent;
    sql << "INSERT INTO contract_withdrawals (registration_id, version, withdrawn_at,"
           " client_address, user_agent) VALUES (:id, agreement_version(:id2),"
           " CAST(:at AS timestamptz), :address, :agent)",
        soci::use(id), soci::use(id), soci::use(when), soci::use(address), soci::use(agent);
}

}  // namespace formations::storage

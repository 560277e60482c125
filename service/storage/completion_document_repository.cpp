#include "service/storage/completion_document_repository.hpp"

#include "service/storage/rows.hpp"

namespace formations::storage {
namespace {

std::string kind_text(CompletionKind kind) {
    return kind == CompletionKind::certificate ? "certificate" : "attestation";
}

}  // namespace

std::optional<IssuedDocument> latest_completion_document(soci::session& sql,
                                                         std::int64_t registration_id,
                                                         CompletionKind kind) {
    long long id = registration_id;
    std::string kind_name = kind_text(kind);
    soci::row row;
    sql << "SELECT version, snapshot::text AS snapshot, encode(pdf, 'base64') AS pdf, " +
               utc_text("issued_at") +
               " AS issued_at FROM completion_documents WHERE registration_id = :id"
               " AND kind = :kind ORDER BY version DESC LIMIT 1",
        soci::use(id), soci::use(kind_name), soci::into(row);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return IssuedDocument{row.get<int>("version"), row.get<std::string>("snapshot"),
                          from_base64(row.get<std::string>("pdf")),
                          row.get<std::string>("issued_at")};
}

void insert_completion_document(soci::session& sql, std::int64_t registration_id,
                                CompletionKind kind, int version, const std::string& snapshot,
                                const std::string& pdf, Instant at) {
    long long id = registration_id;
    int number = version;
    std::string kind_name = kind_text(kind), json = snapshot, encoded = to_base64(pdf),
                issued_at = timestamp(at);
    sql << "INSERT INTO completion_documents (registration_id, kind, version, snapshot, pdf,"
           " pdf_sha256, issued_at) VALUES (:id, :kind, :version, CAST(:snapshot AS jsonb),"
           " decode(:pdf, 'base64'), encode(sha256(decode(:pdf2, 'base64')), 'hex'),"
           " CAST(:at AS timestamptz))",
        soci::use(id), soci::use(kind_name), soci::use(number), soci::use(json), soci::use(encoded),
        soci::use(encoded), soci::use(issued_at);
}

}  // namespace formations::storage

#include "service/storage/convention_repository.hpp"

#include "service/domain/iso8601.hpp"
#include "service/storage/rows.hpp"

namespace formations::storage {

void save_signatory(soci::session& sql, std::int64_t registration_id,
                    const domain::Signatory& signatory) {
    long long id = registration_id;
    std::string name = signatory.name, role = signatory.role, email = signatory.email;
    sql << "INSERT INTO convention_signatories (registration_id, name, role, email)"
           " VALUES (:id, :name, :role, :email)",
        soci::use(id), soci::use(name), soci::use(role), soci::use(email);
}

std::optional<domain::Signatory> find_signatory(soci::session& sql, std::int64_t registration_id) {
    long long id = registration_id;
    domain::Signatory signatory;
    sql << "SELECT name, role, email FROM convention_signatories WHERE registration_id = :id",
        soci::use(id), soci::into(signatory.name), soci::into(signatory.role),
        soci::into(signatory.email);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return signatory;
}

void insert_convention_link(soci::session& sql, const std::string& token_hash,
                            std::int64_t registration_id, Instant at, const std::string& by) {
    long long id = registration_id;
    std::string hash = token_hash, when = timestamp(at), actor = by;
    sql << "INSERT INTO convention_links (token_hash, registration_id, version, created_at,"
           " created_by) VALUES (:hash, :id, agreement_version(:id2), CAST(:at AS timestamptz),"
           " :by)",
        soci::use(hash), soci::use(id), soci::use(id), soci::use(when), soci::use(actor);
}

std::optional<LinkTarget> registration_of_link(soci::session& sql, const std::string& token_hash) {
    std::string hash = token_hash;
    long long id = 0;
    int superseded = 0;
    sql << "SELECT registration_id, CASE WHEN version < agreement_version(registration_id)"
           " THEN 1 ELSE 0 END FROM convention_links WHERE token_hash = :hash",
        soci::use(hash), soci::into(id), soci::into(superseded);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return LinkTarget{id, superseded == 1};
}

std::optional<ConventionSignature> find_convention_signature(soci::session& sql,
                                                             std::int64_t registration_id) {
    long long id = registration_id;
    soci::row row;
    sql << "SELECT method, " + utc_text("signed_at") +
               " AS signed_at, pdf_sha256, client_address, user_agent, statement, scan_sha256,"
               " recorded_by FROM convention_signatures WHERE registration_id = :id"
               " AND version = agreement_version(:id2)",
        soci::use(id), soci::use(id), soci::into(row);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return ConventionSignature{registration_id,
                               row.get<std::string>("method"),
                               row.get<std::string>("signed_at"),
                               optional_text(row, "pdf_sha256"),
                               optional_text(row, "client_address"),
                               optional_text(row, "user_agent"),
                               optional_text(row, "statement"),
                               optional_text(row, "scan_sha256"),
                               optional_text(row, "recorded_by")};
}

void insert_online_convention_signature(soci::session& sql, std::int64_t registration_id,
                                        const std::string& pdf_sha256, Instant at,
                                        const std::string& client_address,
                                        const std::string& user_agent,
                                        const std::string& statement) {
    long long id = registration_id;
    std::string hash = pdf_sha256, when = timestamp(at), address = client_address,
                agent = user_agent, sentence = statement;
    sql << "INSERT INTO convention_signatures (registration_id, version, method, signed_at,"
           " pdf_sha256, client_address, user_agent, statement) VALUES (:id,"
           " agreement_version(:id2), 'online', CAST(:at AS timestamptz), :hash, :address, :agent,"
           " :statement)",
        soci::use(id), soci::use(id), soci::use(when), soci::use(hash), soci::use(address),
        soci::use(agent), soci::use(sentence);
}

void insert_paper_convention_signature(soci::session& sql, std::int64_t registration_id,
                                       const std::string& scan, Instant at,
                                       const std::string& recorded_by) {
    long long id = registration_id;
    std::string encoded = to_base64(scan), when = timestamp(at), by = recorded_by;
    sql << "INSERT INTO convention_signatures (registration_id, version, method, signed_at, scan,"
           " scan_sha256, recorded_by) VALUES (:id, agreement_version(:id2), 'paper',"
           " CAST(:at AS timestamptz), decode(:scan, 'base64'),"
           " encode(sha256(decode(:scan2, 'base64')), 'hex'), :by)",
        soci::use(id), soci::use(id), soci::use(when), soci::use(encoded), soci::use(encoded),
        soci::use(by);
}

std::optional<std::string> find_convention_scan(soci::session& sql, std::int64_t registration_id) {
    long long id = registration_id;
    std::string encoded;
    soci::indicator indicator = soci::i_null;
    sql << "SELECT encode(scan, 'base64') FROM convention_signatures WHERE registration_id = :id"
           " AND version = agreement_version(:id2)",
        soci::use(id), soci::use(id), soci::into(encoded, indicator);
    if (!sql.got_data() || indicator == soci::i_null) {
        return std::nullopt;
    }
    return from_base64(encoded);
}

std::vector<SignedConventionVersion> signed_convention_versions(soci::session& sql,
                                                                std::int64_t registration_id) {
    long long id = registration_id;
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT c.version, c.reference, c.snapshot::text AS snapshot,"
                        " encode(c.pdf, 'base64') AS pdf, c.pdf_sha256, " +
                            utc_text("c.created_at") + " AS created_at, s.method, " +
                            utc_text("s.signed_at") +
                            " AS signed_at, s.pdf_sha256 AS signed_sha256, s.client_address,"
                            " s.user_agent, s.statement, s.scan_sha256, s.recorded_by,"
                            " encode(s.scan, 'base64') AS scan, " +
                            utc_text("a.superseded_at") +
                            " AS superseded_at FROM training_conventions c"
                            " JOIN convention_signatures s ON s.registration_id = c.registration_id"
                            " AND s.version = c.version"
                            " LEFT JOIN agreement_supersessions a"
                            " ON a.registration_id = c.registration_id AND a.version = c.version"
                            " WHERE c.registration_id = :id ORDER BY c.version",
         soci::use(id));
    std::vector<SignedConventionVersion> versions;
    for (const auto& row : rows) {
        SignedConventionVersion entry;
        entry.version = row.get<int>("version");
        entry.convention = stored_agreement_of(row, registration_id);
        entry.signature = ConventionSignature{registration_id,
                                              row.get<std::string>("method"),
                                              row.get<std::string>("signed_at"),
                                              optional_text(row, "signed_sha256"),
                                              optional_text(row, "client_address"),
                                              optional_text(row, "user_agent"),
                                              optional_text(row, "statement"),
                                              optional_text(row, "scan_sha256"),
                                              optional_text(row, "recorded_by")};
        if (auto scan = optional_text(row, "scan")) {
            entry.scan = from_base64(*scan);
        }
        entry.superseded_at = optional_text(row, "superseded_at");
        versions.push_back(std::move(entry));
    }
    return versions;
}

std::map<std::int64_t, std::string> convention_states_of_session(soci::session& sql,
                                                                 std::int64_t session_id) {
    long long id = session_id;
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT r.id, CASE WHEN c.method = 'paper' THEN 'signed_on_paper'"
                        " WHEN c.method = 'online' THEN 'signed' ELSE 'unsigned' END AS state"
                        " FROM registrations r"
                        " LEFT JOIN convention_signatures c ON c.registration_id = r.id"
                        " AND c.version = agreement_version(r.id)"
                        " WHERE r.session_id = :id AND r.funding = 'employer'"
                        " AND (r.status = 'confirmed' OR c.registration_id IS NOT NULL)",
         soci::use(id));
    std::map<std::int64_t, std::string> states;
    for (const auto& row : rows) {
        states[row.get<long long>("id")] = row.get<std::string>("state");
    }
    return states;
}

std::vector<domain::UnsignedConvention> unsigned_conventions(soci::session& sql,
                                                             boost::gregorian::date from) {
    std::string day = format_date(from);
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT r.id, s.id AS session_id, s.reference, c.title,"
                        " s.starts_on::text AS starts_on,"
                        " r.trainee_first_name || ' ' || r.trainee_last_name AS trainee,"
                        " r.employer_name, g.name, g.role, g.email,"
                        " (SELECT count(*) FROM convention_links l WHERE l.registration_id = r.id"
                        " AND l.version = agreement_version(r.id))"
                        " AS links, (SELECT " +
                            utc_text("max(l.created_at)") +
                            " FROM convention_links l WHERE l.registration_id = r.id"
                            " AND l.version = agreement_version(r.id)) AS last_link"
                            " FROM registrations r JOIN sessions s ON s.id = r.session_id"
                            " JOIN courses c ON c.id = s.course_id"
                            " LEFT JOIN convention_signatories g ON g.registration_id = r.id"
                            " WHERE r.status = 'confirmed' AND r.funding = 'employer'"
                            " AND s.status <> 'cancelled' AND s.ends_on >= CAST(:from AS date)"
                            " AND NOT EXISTS (SELECT 1 FROM convention_signatures x"
                            " WHERE x.registration_id = r.id"
                            " AND x.version = agreement_version(r.id))"
                            " ORDER BY s.starts_on, s.id, r.id",
         soci::use(day));
    std::vector<domain::UnsignedConvention> found;
    for (const auto& row : rows) {
        domain::UnsignedConvention entry;
        entry.registration_id = row.get<long long>("id");
        entry.session_id = row.get<long long>("session_id");
        entry.session_reference = row.get<std::string>("reference");
        entry.course_title = row.get<std::string>("title");
        entry.starts_on = date_column(row, "starts_on");
        entry.trainee_name = row.get<std::string>("trainee");
        entry.employer_name = row.get<std::string>("employer_name");
        if (auto name = optional_text(row, "name")) {
            entry.signatory = domain::Signatory{*name, row.get<std::string>("role"),
                                                row.get<std::string>("email")};
        }
        entry.links_sent = static_cast<int>(row.get<long long>("links"));
        entry.last_link_at = optional_text(row, "last_link");
        found.push_back(std::move(entry));
    }
    return found;
}

}  // namespace formations::storage

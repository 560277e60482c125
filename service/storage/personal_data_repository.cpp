#include "service/storage/personal_data_repository.hpp"

#include "service/storage/rows.hpp"

namespace formations::storage {
namespace {

// Arbitrary but fixed: identifies "formations housekeeping" among advisory locks.
constexpr long long housekeeping_lock_key = 0x686f7573656b;

// The answers without their free text (the "text" of text questions).
constexpr const char* answers_without_free_text =
    "COALESCE((SELECT jsonb_agg(CASE WHEN e->>'type' = 'text' THEN e - 'text' ELSE e END"
    " ORDER BY n) FROM jsonb_array_elements(answers) WITH ORDINALITY AS x (e, n)), '[]'::jsonb)";

int changed(soci::session& sql, const std::string& statement, std::string at, std::string limit) {
    soci::statement update = (sql.prepare << statement, soci::use(at), soci::use(limit));
    update.execute(true);
    return static_cast<int>(update.get_affected_rows());
}

// Anonymises outbox messages (the rows the caller's WHERE selects, its parameters after these
// three instants): the recipient, and in the facts the names, personal links, lost-link lists,
// questionnaire and complaint links and the buyers' names; kinds, dates, sessions, amounts and
// document numbers stay. A message not sent yet never will be: it is marked failed.
constexpr const char* anonymise_messages = R"sql(
UPDATE outbox_messages SET
    recipient_email = 'anonyme@anonyme.invalid', recipient_name = '',
    facts = facts || jsonb_build_object(
        'first_name', '', 'last_name', '', 'token', '', 'employer_name', NULL,
        'registrations', '[]'::jsonb, 'surveys', '[]'::jsonb, 'complaint', NULL,
        'payment', CASE WHEN jsonb_typeof(facts -> 'payment') = 'object'
                        THEN facts -> 'payment' || '{"buyer_name": ""}'::jsonb
                        ELSE 'null'::jsonb END,
        'documents', (SELECT coalesce(jsonb_agg(d || '{"buyer_name": ""}'::jsonb), '[]'::jsonb)
                      FROM jsonb_array_elements(coalesce(facts -> 'documents', '[]'::jsonb)) d))
        || CASE WHEN jsonb_typeof(facts -> 'convention') = 'object'
                THEN jsonb_build_object('convention', facts -> 'convention'
                                        || '{"token": "", "trainee_name": ""}'::jsonb)
                ELSE '{}'::jsonb END,
    last_error = CASE WHEN status IN ('pending', 'sending')
                      THEN 'not sent: personal data anonymised' END,
    failed_at = CASE WHEN status IN ('pending', 'sending') THEN CAST(:at1 AS timestamptz)
                     ELSE failed_at END,
    status = CASE WHEN status IN ('pending', 'sending') THEN 'failed' ELSE status END,
    lease_until = NULL,
    anonymised_at = CAST(:at2 AS timestamptz)
WHERE anonymised_at IS NULL AND )sql";

std::string select_trainees() {
    return "SELECT t.id, t.email, t.first_name, t.last_name,"
           " (SELECT count(*)::integer FROM registrations r WHERE r.trainee_id = t.id)"
           "   AS registrations,"
           " (SELECT count(*)::integer FROM registrations r JOIN sessions s ON s.id = r.session_id"
           "   WHERE r.trainee_id = t.id AND r.status IN ('confirmed', 'offered', 'waitlisted')"
           "   AND s.status <> 'cancelled' AND s.ends_on >= CAST(:today AS date)) AS ongoing,"
           " (SELECT count(*)::integer FROM invoices i JOIN registrations r"
           "   ON r.id = i.registration_id WHERE r.trainee_id = t.id) AS invoices,"
           " (SELECT count(*)::integer FROM contract_signatures c JOIN registrations r"
           "   ON r.id = c.registration_id WHERE r.trainee_id = t.id) AS contracts, " +
           utc_text("t.erased_at") + " AS erased_at FROM trainees t";
}

TraineeRecord to_trainee(const soci::row& row) {
    return {row.get<long long>("id"),           row.get<std::string>("email"),
            row.get<std::string>("first_name"), row.get<std::string>("last_name"),
            row.get<int>("registrations"),      row.get<int>("ongoing"),
            row.get<int>("invoices"),           row.get<int>("contracts"),
            optional_text(row, "erased_at")};
}

}  // namespace

bool try_lock_housekeeping(soci::session& sql) {
    int locked = 0;
    sql << "SELECT CASE WHEN pg_try_advisory_xact_lock(" << housekeeping_lock_key
        << ") THEN 1 ELSE 0 END",
        soci::into(locked);
    return locked == 1;
}

int anonymise_answers_before(soci::session& sql, boost::gregorian::date cutoff, Instant at) {
    return changed(sql,
                   std::string("UPDATE questionnaire_responses SET answers = ") +
                       answers_without_free_text +
                       ", registration_id = NULL, anonymised_at = CAST(:at AS timestamptz)"
                       " WHERE anonymised_at IS NULL AND session_id IN (SELECT id FROM sessions"
                       " WHERE ends_on < CAST(:cutoff AS date))",
                   timestamp(at), iso(cutoff));
}

int anonymise_accommodations_before(soci::session& sql, boost::gregorian::date cutoff, Instant at) {
    return changed(sql,
                   "UPDATE accommodation_requests SET needs = NULL, referent_notes = NULL,"
                   " registration_id = NULL, anonymised_at = CAST(:at AS timestamptz)"
                   " WHERE anonymised_at IS NULL AND session_id IN (SELECT id FROM sessions"
                   " WHERE ends_on < CAST(:cutoff AS date))",
                   timestamp(at), iso(cutoff));
}

int anonymise_complaints_closed_before(soci::session& sql, Instant cutoff, Instant at) {
    return changed(sql,
                   "UPDATE complaints SET author_name = NULL, author_email = NULL,"
                   " registration_id = NULL,"
                   " anonymised_at = CAST(:at AS timestamptz)"
                   " WHERE anonymised_at IS NULL AND closed_at < CAST(:cutoff AS timestamptz)",
                   timestamp(at), timestamp(cutoff));
}

int anonymise_messages_before(soci::session& sql, Instant cutoff, Instant at) {
    std::string now = timestamp(at), limit = timestamp(cutoff);
    soci::statement update = (sql.prepare << std::string(anonymise_messages) +
                                                 "created_at < CAST(:cutoff AS timestamptz)",
                              soci::use(now), soci::use(now), soci::use(limit));
    update.execute(true);
    return static_cast<int>(update.get_affected_rows());
}

std::vector<TraineeRecord> find_trainees(soci::session& sql, const std::string& text,
                                         boost::gregorian::date today) {
    std::string day = iso(today), pattern;
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') {
            pattern += '\\';
        }
        pattern += c;
    }
    pattern = "%" + pattern + "%";
    soci::rowset<soci::row> rows =
        (sql.prepare << select_trainees() +
                            " WHERE t.email ILIKE :p1 OR (t.first_name || ' ' || t.last_name)"
                            " ILIKE :p2 OR (t.last_name || ' ' || t.first_name) ILIKE :p3"
                            " ORDER BY t.last_name, t.first_name, t.id LIMIT 50",
         soci::use(day), soci::use(pattern), soci::use(pattern), soci::use(pattern));
    std::vector<TraineeRecord> result;
    for (const auto& row : rows) {
        result.push_back(to_trainee(row));
    }
    return result;
}

std::optional<TraineeRecord> find_trainee(soci::session& sql, std::int64_t id,
                                          boost::gregorian::date today, bool lock) {
    long long key = id;
    if (lock) {
        long long locked = 0;
        sql << "SELECT id FROM trainees WHERE id = :id FOR UPDATE", soci::use(key),
            soci::into(locked);
        if (!sql.got_data()) {
            return std::nullopt;
        }
    }
    std::string day = iso(today);
    soci::row row;
    sql << select_trainees() + " WHERE t.id = :id", soci::use(day), soci::use(key), soci::into(row);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return to_trainee(row);
}

ErasureCounts erase_trainee(soci::session& sql, std::int64_t trainee_id, Instant at) {
    long long id = trainee_id;
    std::string now = timestamp(at);
    ErasureCounts counts;
    // Messages and complaints first: they are found by the person's e-mail too, which is about
    // to go.
    {
        soci::statement update =
            (sql.prepare << std::string(anonymise_messages) +
                                "(registration_id IN (SELECT id FROM registrations"
                                "   WHERE trainee_id = :id1)"
                                " OR lower(recipient_email) = (SELECT email FROM trainees"
                                "   WHERE id = :id2))",
             soci::use(now), soci::use(now), soci::use(id), soci::use(id));
        update.execute(true);
        counts.messages = static_cast<int>(update.get_affected_rows());
    }
    {
        soci::statement update =
            (sql.prepare
                 << "UPDATE complaints SET author_name = NULL, author_email = NULL,"
                    " registration_id = NULL,"
                    " anonymised_at = COALESCE(anonymised_at, CAST(:at AS timestamptz))"
                    " WHERE registration_id IN (SELECT id FROM registrations"
                    "   WHERE trainee_id = :id1)"
                    " OR lower(author_email) = (SELECT email FROM trainees WHERE id = :id2)",
             soci::use(now), soci::use(id), soci::use(id));
        update.execute(true);
        counts.complaints = static_cast<int>(update.get_affected_rows());
    }
    {
        soci::statement update =
            (sql.prepare << std::string("UPDATE questionnaire_responses SET answers = ") +
                                answers_without_free_text +
                                ", registration_id = NULL,"
                                " anonymised_at = CAST(:at AS timestamptz)"
                                " WHERE registration_id IN (SELECT id FROM registrations"
                                "   WHERE trainee_id = :id)",
             soci::use(now), soci::use(id));
        update.execute(true);
        counts.answers = static_cast<int>(update.get_affected_rows());
    }
    {
        soci::statement update =
            (sql.prepare << "UPDATE accommodation_requests SET needs = NULL, referent_notes = NULL,"
                            " registration_id = NULL, anonymised_at = CAST(:at AS timestamptz)"
                            " WHERE registration_id IN (SELECT id FROM registrations"
                            "   WHERE trainee_id = :id)",
             soci::use(now), soci::use(id));
        update.execute(true);
        counts.accommodations = static_cast<int>(update.get_affected_rows());
    }
    {
        // The employer's signatory named by the registration: a person too. A convention already
        // made keeps the name it prints, and a signed one its evidence, as signed contracts do.
        soci::statement update =
            (sql.prepare << "UPDATE convention_signatories SET name = 'Anonyme',"
                            " role = 'Anonyme', email = 'erased-signatory-' || registration_id"
                            " || '@erased.invalid' WHERE registration_id IN (SELECT id FROM"
                            " registrations WHERE trainee_id = :id) AND name <> 'Anonyme'",
             soci::use(id));
        update.execute(true);
        counts.signatories = static_cast<int>(update.get_affected_rows());
    }
    {
        soci::statement update =
            (sql.prepare << "UPDATE registrations SET trainee_first_name = 'Anonyme',"
                            " trainee_last_name = 'n° ' || trainee_id, trainee_phone = NULL,"
                            " trainee_address = NULL WHERE trainee_id = :id",
             soci::use(id));
        update.execute(true);
        counts.registrations = static_cast<int>(update.get_affected_rows());
    }
    sql << "UPDATE trainees SET email = 'erased-' || id || '@erased.invalid',"
           " first_name = 'Anonyme', last_name = 'n° ' || id, phone = NULL, address = NULL,"
           " erased_at = CAST(:at AS timestamptz), updated_at = CAST(:at2 AS timestamptz)"
           " WHERE id = :id",
        soci::use(now), soci::use(now), soci::use(id);
    return counts;
}

}  // namespace formations::storage

#include "service/storage/complaint_repository.hpp"

#include "service/storage/rows.hpp"

namespace formations::storage {
namespace {

std::string select_complaints() {
    return "SELECT c.id, c.kind, c.channel, c.token, c.registration_id, c.session_id,"
           " s.reference AS session_reference, c.author_name, c.author_email, c.author_role,"
           " c.subject, c.description, c.status, c.answer, " +
           utc_text("c.answered_at") +
           " AS answered_at, c.answered_by, c.improvement_action,"
           " c.improvement_status, " +
           utc_text("c.improvement_decided_at") + " AS improvement_decided_at, " +
           utc_text("c.improvement_done_at") + " AS improvement_done_at, " +
           utc_text("c.received_at") + " AS received_at, " + utc_text("c.updated_at") +
           " AS updated_at, " + utc_text("c.closed_at") +
           " AS closed_at,"
           " CASE WHEN c.anonymised_at IS NULL THEN 0 ELSE 1 END AS anonymised"
           " FROM complaints c LEFT JOIN sessions s ON s.id = c.session_id";
}

domain::Complaint to_complaint(const soci::row& row) {
    domain::Complaint c;
    c.id = row.get<long long>("id");
    c.kind = row.get<std::string>("kind");
    c.channel = row.get<std::string>("channel");
    c.token = row.get<std::string>("token");
    c.registration_id = optional_bigint(row, "registration_id");
    c.session_id = optional_bigint(row, "session_id");
    c.session_reference = optional_text(row, "session_reference");
    c.author_name = optional_text(row, "author_name");
    c.author_email = optional_text(row, "author_email");
    c.author_role = row.get<std::string>("author_role");
    c.subject = row.get<std::string>("subject");
    c.description = row.get<std::string>("description");
    c.status = row.get<std::string>("status");
    c.answer = optional_text(row, "answer");
    c.answered_at = optional_text(row, "answered_at");
    c.answered_by = optional_text(row, "answered_by");
    c.improvement_action = optional_text(row, "improvement_action");
    c.improvement_status = optional_text(row, "improvement_status");
    c.improvement_decided_at = optional_text(row, "improvement_decided_at");
    c.improvement_done_at = optional_text(row, "improvement_done_at");
    c.received_at = row.get<std::string>("received_at");
    c.updated_at = row.get<std::string>("updated_at");
    c.closed_at = optional_text(row, "closed_at");
    c.anonymised = row.get<int>("anonymised") == 1;
    return c;
}

// A text that may be NULL, bound with its indicator (kept alive by the caller).
struct Nullable {
    std::string text;
    soci::indicator indicator = soci::i_null;
    explicit Nullable(const std::optional<std::string>& value)
        : text(value.value_or("")), indicator(value ? soci::i_ok : soci::i_null) {}
};

}  // namespace

std::int64_t insert_complaint(soci::session& sql, const NewComplaint& c, Instant at) {
    long long registration = c.registration_id.value_or(0), session = c.session_id.value_or(0),
              id = 0;
    soci::indicator registration_indicator = c.registration_id ? soci::i_ok : soci::i_null;
    soci::indicator session_indicator = c.session_id ? soci::i_ok : soci::i_null;
    Nullable name(c.author_name), email(c.author_email);
    std::string kind = c.kind, channel = c.channel, token = c.token, role = c.author_role,
                subject = c.subject, description = c.description, now = timestamp(at);
    sql << "INSERT INTO complaints (kind, channel, token, registration_id, session_id,"
           " author_name, author_email, author_role, subject, description, received_at,"
           " updated_at) VALUES (:kind, :channel, :token, :registration, :session, :name, :email,"
           " :role, :subject, :description, CAST(:received AS timestamptz),"
           " CAST(:updated AS timestamptz)) RETURNING id",
        soci::use(kind), soci::use(channel), soci::use(token),
        soci::use(registration, registration_indicator), soci::use(session, session_indicator),
        soci::use(name.text, name.indicator), soci::use(email.text, email.indicator),
        soci::use(role), soci::use(subject), soci::use(description), soci::use(now), soci::use(now),
        soci::into(id);
    return id;
}

std::optional<domain::Complaint> find_complaint(soci::session& sql, std::int64_t id, bool lock) {
    long long key = id;
    soci::row row;
    sql << select_complaints() + " WHERE c.id = :id" + (lock ? " FOR UPDATE OF c" : ""),
        soci::use(key), soci::into(row);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return to_complaint(row);
}

std::optional<domain::Complaint> find_complaint_by_token(soci::session& sql,
                                                         const std::string& token) {
    std::string key = token;
    soci::row row;
    sql << select_complaints() + " WHERE c.token = :token", soci::use(key), soci::into(row);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return to_complaint(row);
}

std::vector<domain::Complaint> complaints_of_registration(soci::session& sql,
                                                          std::int64_t registration_id) {
    long long key = registration_id;
    soci::rowset<soci::row> rows =
        (sql.prepare << select_complaints() + " WHERE c.registration_id = :id ORDER BY c.id",
         soci::use(key));
    std::vector<domain::Complaint> result;
    for (const auto& row : rows) {
        result.push_back(to_complaint(row));
    }
    return result;
}

ComplaintPage list_complaints(soci::session& sql, const ComplaintFilter& filter) {
    Nullable status(filter.status);
    Nullable from(filter.received_from ? std::optional(timestamp(*filter.received_from))
                                       : std::nullopt);
    Nullable before(filter.received_before ? std::optional(timestamp(*filter.received_before))
                                           : std::nullopt);
    // Each value bound once (SOCI binds by position): NULL means "no condition".
    const std::string where =
        " , (SELECT CAST(:status AS text) AS status, CAST(:from_at AS timestamptz) AS from_at,"
        " CAST(:before_at AS timestamptz) AS before_at) f"
        " WHERE (f.status IS NULL OR c.status = f.status)"
        " AND (f.from_at IS NULL OR c.received_at >= f.from_at)"
        " AND (f.before_at IS NULL OR c.received_at < f.before_at)";
    ComplaintPage page;
    sql << "SELECT count(*) FROM complaints c" + where, soci::use(status.text, status.indicator),
        soci::use(from.text, from.indicator), soci::use(before.text, before.indicator),
        soci::into(page.total);
    soci::rowset<soci::row> rows =
        (sql.prepare << select_complaints() + where + " ORDER BY c.received_at DESC, c.id DESC" +
                            " LIMIT " + std::to_string(filter.limit) + " OFFSET " +
                            std::to_string(filter.offset),
         soci::use(status.text, status.indicator), soci::use(from.text, from.indicator),
         soci::use(before.text, before.indicator));
    for (const auto& row : rows) {
        page.items.push_back(to_complaint(row));
    }
    return page;
}

void update_complaint(soci::session& sql, const domain::Complaint& c) {
    long long id = c.id;
    std::string status = c.status, updated = c.updated_at;
    Nullable answer(c.answer), answered_at(c.answered_at), answered_by(c.answered_by),
        action(c.improvement_action), action_status(c.improvement_status),
        decided_at(c.improvement_decided_at), done_at(c.improvement_done_at),
        closed_at(c.closed_at);
    sql << "UPDATE complaints SET status = :status, answer = :answer,"
           " answered_at = CAST(:answered_at AS timestamptz), answered_by = :answered_by,"
           " improvement_action = :action, improvement_status = :action_status,"
           " improvement_decided_at = CAST(:decided_at AS timestamptz),"
           " improvement_done_at = CAST(:done_at AS timestamptz),"
           " closed_at = CAST(:closed_at AS timestamptz),"
           " updated_at = CAST(:updated AS timestamptz) WHERE id = :id",
        soci::use(status), soci::use(answer.text, answer.indicator),
        soci::use(answered_at.text, answered_at.indicator),
        soci::use(answered_by.text, answered_by.indicator),
        soci::use(action.text, action.indicator),
        soci::use(action_status.text, action_status.indicator),
        soci::use(decided_at.text, decided_at.indicator),
        soci::use(done_at.text, done_at.indicator), soci::use(closed_at.text, closed_at.indicator),
        soci::use(updated), soci::use(id);
}

}  // namespace formations::storage

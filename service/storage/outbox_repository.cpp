#include "service/storage/outbox_repository.hpp"

#include <cstdio>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "service/storage/rows.hpp"
#include "service/storage/stored_facts_json.hpp"

namespace formations::storage {
namespace {

using nlohmann::json;

// Any number: this lock is the scheduler's only.
constexpr long long scheduler_lock = 0x666f726d6d61696cLL;  // "formmail"

constexpr const char* select_message = R"sql(
SELECT m.id, m.kind, m.recipient_email, m.recipient_name, m.registration_id, m.session_id,
       m.invoice_id, m.facts::text AS facts, m.message_key, m.resend_of, m.status, m.attempts,
       to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at,
       m.created_by,
       to_char(m.next_attempt_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
           AS next_attempt_at,
       to_char(m.sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS sent_at,
       to_char(m.failed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS failed_at,
       m.last_error, count(*) OVER () AS total
  FROM outbox_messages m
)sql";

// --- Facts as JSON ---

std::string time_text(invoices::ClockTime time) {
    char text[8];
    std::snprintf(text, sizeof text, "%02d:%02d", time.hour, time.minute);
    return text;
}

invoices::ClockTime time_of(const json& text) {
    auto value = text.get<std::string>();
    if (value.size() != 5 || value[2] != ':') {
        throw std::runtime_error("not a time of day: " + value);
    }
    return {std::stoi(value.substr(0, 2)), std::stoi(value.substr(3, 2))};
}

json span_json(const invoices::TimeSpan& span) {
    return {time_text(span.start), time_text(span.end)};
}

invoices::TimeSpan span_of(const json& value) {
    return {time_of(value.at(0)), time_of(value.at(1))};
}

boost::gregorian::date date_of(const json& value) {
    auto text = value.get<std::string>();
    if (auto day = parse_date(text)) {
        return *day;
    }
    throw std::runtime_error("not a date: " + text);
}

json session_json(const domain::SessionFacts& s) {
    return {{"id", s.id},
            {"reference", s.reference},
            {"course_title", s.course_title},
            {"starts_on", iso(s.starts_on)},
            {"ends_on", iso(s.ends_on)},
            {"place", s.place},
            {"duration_minutes", s.duration_minutes},
            {"morning", span_json(s.morning)},
            {"afternoon", span_json(s.afternoon)}};
}

domain::SessionFacts session_of(const json& j) {
    domain::SessionFacts s;
    s.id = j.at("id").get<std::int64_t>();
    s.reference = j.at("reference").get<std::string>();
    s.course_title = j.at("course_title").get<std::string>();
    s.starts_on = date_of(j.at("starts_on"));
    s.ends_on = date_of(j.at("ends_on"));
    s.place = j.at("place").get<std::string>();
    s.duration_minutes = j.at("duration_minutes").get<int>();
    s.morning = span_of(j.at("morning"));
    s.afternoon = span_of(j.at("afternoon"));
    return s;
}

template <typename T>
json optional_json(const std::optional<T>& value) {
    return value ? json(*value) : json(nullptr);
}

template <typename T>
std::optional<T> optional_of(const json& j, const char* name) {
    auto found = j.find(name);
    if (found == j.end() || found->is_null()) {
        return std::nullopt;
    }
    return found->get<T>();
}

json facts_json(const domain::MessageFacts& f) {
    json documents = json::array();
    for (const auto& d : f.documents) {
        documents.push_back({{"invoice_id", d.invoice_id},
                             {"number", d.number},
                             {"kind", d.kind},
                             {"total_cents", d.total_cents},
                             {"issued_on", iso(d.issued_on)},
                             {"due_on", iso(d.due_on)},
                             {"payer", d.payer},
                             {"buyer_name", d.buyer_name},
                             {"corrects_number", d.corrects_number},
                             {"attached", d.attached}});
    }
    json links = json::array();
    for (const auto& l : f.registrations) {
        links.push_back(
            {{"token", l.token}, {"status", l.status}, {"session", session_json(l.session)}});
    }
    json payment = nullptr;
    if (f.payment) {
        const auto& p = *f.payment;
        payment = {{"invoice_number", p.invoice_number},  {"payer", p.payer},
                   {"buyer_name", p.buyer_name},          {"amount_cents", p.amount_cents},
                   {"paid_on", iso(p.paid_on)},           {"method", p.method},
                   {"remaining_cents", p.remaining_cents}};
    }
    json reminder = nullptr;
    if (f.reminder) {
        reminder = {{"number", f.reminder->number},
                    {"amount_due_cents", f.reminder->amount_due_cents},
                    {"days_overdue", f.reminder->days_overdue},
                    {"overdue_cents", f.reminder->overdue_cents}};
        if (f.reminder->instalment_due_on) {
            reminder["instalment_due_on"] = iso(*f.reminder->instalment_due_on);
        }
    }
    json surveys = json::array();
    for (const auto& survey : f.surveys) {
        surveys.push_back(
            {{"kind", survey.kind}, {"token", survey.token}, {"closes_on", iso(survey.closes_on)}});
    }
    json complaint = nullptr;
    if (f.complaint) {
        complaint = {{"token", f.complaint->token},
                     {"subject", f.complaint->subject},
                     {"received_on", iso(f.complaint->received_on)}};
    }
    json convention = nullptr;
    if (f.convention) {
        convention = {{"token", f.convention->token},
                      {"reference", f.convention->reference},
                      {"employer_name", f.convention->employer_name},
                      {"trainee_name", f.convention->trainee_name}};
    }
    return {{"first_name", f.first_name},
            {"last_name", f.last_name},
            {"registration_id", optional_json(f.registration_id)},
            {"token", f.token},
            {"status", f.status},
            {"waitlist_position", optional_json(f.waitlist_position)},
            {"funding", f.funding},
            {"employer_name", optional_json(f.employer_name)},
            {"tier", f.tier},
            {"price_cents", f.price_cents},
            {"by_staff", f.by_staff},
            {"agreement_superseded", f.agreement_superseded},
            {"session", f.session ? session_json(*f.session) : json(nullptr)},
            {"previous_session",
             f.previous_session ? session_json(*f.previous_session) : json(nullptr)},
            {"documents", documents},
            {"payment", payment},
            {"reminder", reminder},
            {"registrations", links},
            {"surveys", surveys},
            {"complaint", complaint},
            {"convention", convention},
            {"offer_expires_at", optional_json(f.offer_expires_at)}};
}

domain::MessageFacts facts_of(const json& j) {
    domain::MessageFacts f;
    f.first_name = j.at("first_name").get<std::string>();
    f.last_name = j.at("last_name").get<std::string>();
    f.registration_id = optional_of<std::int64_t>(j, "registration_id");
    f.token = j.at("token").get<std::string>();
    f.status = j.at("status").get<std::string>();
    f.waitlist_position = optional_of<int>(j, "waitlist_position");
    f.funding = j.at("funding").get<std::string>();
    f.employer_name = optional_of<std::string>(j, "employer_name");
    f.tier = j.at("tier").get<std::string>();
    f.price_cents = j.at("price_cents").get<std::int64_t>();
    f.by_staff = j.at("by_staff").get<bool>();
    // Facts stored before session edits superseded agreements have none.
    f.agreement_superseded = j.value("agreement_superseded", false);
    if (!j.at("session").is_null()) {
        f.session = session_of(j.at("session"));
    }
    if (!j.at("previous_session").is_null()) {
        f.previous_session = session_of(j.at("previous_session"));
    }
    for (const auto& d : j.at("documents")) {
        f.documents.push_back(
            {d.at("invoice_id").get<std::int64_t>(), d.at("number").get<std::string>(),
             d.at("kind").get<std::string>(), d.at("total_cents").get<std::int64_t>(),
             date_of(d.at("issued_on")), date_of(d.at("due_on")), d.at("payer").get<std::string>(),
             d.at("buyer_name").get<std::string>(), d.at("corrects_number").get<std::string>(),
             d.at("attached").get<bool>()});
    }
    if (const auto& p = j.at("payment"); !p.is_null()) {
        f.payment = domain::PaymentFacts{p.at("invoice_number").get<std::string>(),
                                         p.at("payer").get<std::string>(),
                                         p.at("buyer_name").get<std::string>(),
                                         p.at("amount_cents").get<std::int64_t>(),
                                         date_of(p.at("paid_on")),
                                         p.at("method").get<std::string>(),
                                         p.at("remaining_cents").get<std::int64_t>()};
    }
    if (const auto& r = j.at("reminder"); !r.is_null()) {
        f.reminder = domain::ReminderFacts{r.at("number").get<int>(),
                                           r.at("amount_due_cents").get<std::int64_t>(),
                                           r.at("days_overdue").get<int>()};
        if (r.contains("instalment_due_on")) {
            f.reminder->instalment_due_on = date_of(r.at("instalment_due_on"));
            f.reminder->overdue_cents = r.value("overdue_cents", std::int64_t{0});
        }
    }
    for (const auto& l : j.at("registrations")) {
        f.registrations.push_back({l.at("token").get<std::string>(),
                                   l.at("status").get<std::string>(), session_of(l.at("session"))});
    }
    // Facts stored before the Qualiopi messages have none of these.
    for (const auto& survey : j.value("surveys", json::array())) {
        f.surveys.push_back({survey.at("kind").get<std::string>(),
                             survey.at("token").get<std::string>(),
                             date_of(survey.at("closes_on"))});
    }
    if (auto c = j.value("complaint", json(nullptr)); !c.is_null()) {
        f.complaint = domain::ComplaintFacts{c.at("token").get<std::string>(),
                                             c.at("subject").get<std::string>(),
                                             date_of(c.at("received_on"))};
    }
    if (auto c = j.value("convention", json(nullptr)); !c.is_null()) {
        f.convention = domain::ConventionFacts{
            c.at("token").get<std::string>(), c.at("reference").get<std::string>(),
            c.at("employer_name").get<std::string>(), c.at("trainee_name").get<std::string>()};
    }
    // Facts stored before the waiting-list offers have none.
    f.offer_expires_at = optional_of<std::string>(j, "offer_expires_at");
    return f;
}

// --- Rows ---

domain::OutboxMessage to_message(const soci::row& row) {
    domain::OutboxMessage m;
    m.id = row.get<long long>("id");
    auto kind = row.get<std::string>("kind");
    auto parsed = domain::parse_message_kind(kind);
    if (!parsed) {
        throw std::runtime_error("unknown message kind " + kind);
    }
    m.kind = *parsed;
    m.recipient = {row.get<std::string>("recipient_email"), row.get<std::string>("recipient_name")};
    m.registration_id = optional_bigint(row, "registration_id");
    m.session_id = optional_bigint(row, "session_id");
    m.invoice_id = optional_bigint(row, "invoice_id");
    m.facts = facts_of(json::parse(row.get<std::string>("facts")));
    m.message_key = row.get<std::string>("message_key");
    m.resend_of = optional_bigint(row, "resend_of");
    m.status = row.get<std::string>("status");
    m.attempts = row.get<int>("attempts");
    m.created_at = row.get<std::string>("created_at");
    m.created_by = row.get<std::string>("created_by");
    m.next_attempt_at = row.get<std::string>("next_attempt_at");
    m.sent_at = optional_text(row, "sent_at");
    m.failed_at = optional_text(row, "failed_at");
    m.last_error = optional_text(row, "last_error");
    return m;
}

// The WHERE clause of a filter; every value travels as a parameter (NULL matches everything).
constexpr const char* filter_condition =
    " WHERE (CAST(:registration AS bigint) IS NULL OR m.registration_id = CAST(:registration2 AS "
    "bigint)) AND (CAST(:session AS bigint) IS NULL OR m.session_id = CAST(:session2 AS bigint))"
    " AND (CAST(:invoice AS bigint) IS NULL OR m.invoice_id = CAST(:invoice2 AS bigint))"
    " AND (CAST(:status AS text) IS NULL OR m.status = :status2)"
    " AND (CAST(:kind AS text) IS NULL OR m.kind = :kind2)";

// The filter's values, each bound twice (the two places the condition names it).
struct FilterValues {
    std::string registration, session, invoice, status, kind;
    soci::indicator registration_set, session_set, invoice_set, status_set, kind_set;

    explicit FilterValues(const domain::MessageFilter& filter)
        : registration(filter.registration_id ? std::to_string(*filter.registration_id) : ""),
          session(filter.session_id ? std::to_string(*filter.session_id) : ""),
          invoice(filter.invoice_id ? std::to_string(*filter.invoice_id) : ""),
          status(filter.status.value_or("")),
          kind(filter.kind ? std::string(domain::to_string(*filter.kind)) : ""),
          registration_set(filter.registration_id ? soci::i_ok : soci::i_null),
          session_set(filter.session_id ? soci::i_ok : soci::i_null),
          invoice_set(filter.invoice_id ? soci::i_ok : soci::i_null),
          status_set(filter.status ? soci::i_ok : soci::i_null),
          kind_set(filter.kind ? soci::i_ok : soci::i_null) {}
};

bool record(soci::session& sql, const std::string& assignments, std::int64_t id, int attempt,
            const std::string& at, const std::optional<std::string>& error) {
    long long key = id;
    std::string text = error.value_or("");
    if (text.size() > 1000) {
        text.resize(1000);
        while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80) {
            text.pop_back();  // never half a character
        }
        if (!text.empty() && static_cast<unsigned char>(text.back()) >= 0xC0) {
            text.pop_back();
        }
    }
    soci::indicator error_set = error ? soci::i_ok : soci::i_null;
    long long changed = 0;
    sql << "WITH changed AS (UPDATE outbox_messages SET " + assignments +
               ", lease_until = NULL, last_error = COALESCE(:error, last_error)"
               " WHERE id = :id AND status = 'sending' AND attempts = :attempt RETURNING 1)"
               " SELECT count(*) FROM changed",
        soci::use(at), soci::use(text, error_set), soci::use(key), soci::use(attempt),
        soci::into(changed);
    return changed > 0;
}

}  // namespace

nlohmann::json stored_facts_json(const domain::MessageFacts& facts) {
    return facts_json(facts);
}

std::string stored_facts(const domain::MessageFacts& facts) {
    return facts_json(facts).dump();
}

std::optional<std::int64_t> insert_message(soci::session& sql, const NewMessage& m, Instant at) {
    std::string kind(domain::to_string(m.kind)),
        email = m.recipient.email, name = m.recipient.name, facts = stored_facts(m.facts),
        key = m.message_key, once = m.once_key.value_or(""), by = m.created_by, now = timestamp(at);
    long long registration = m.registration_id.value_or(0), session = m.session_id.value_or(0),
              invoice = m.invoice_id.value_or(0), resend = m.resend_of.value_or(0);
    soci::indicator registration_set = m.registration_id ? soci::i_ok : soci::i_null;
    soci::indicator session_set = m.session_id ? soci::i_ok : soci::i_null;
    soci::indicator invoice_set = m.invoice_id ? soci::i_ok : soci::i_null;
    soci::indicator resend_set = m.resend_of ? soci::i_ok : soci::i_null;
    soci::indicator once_set = m.once_key ? soci::i_ok : soci::i_null;
    long long id = 0;
    sql << "INSERT INTO outbox_messages (kind, recipient_email, recipient_name, registration_id,"
           " session_id, invoice_id, facts, message_key, once_key, resend_of, next_attempt_at,"
           " created_at, created_by) VALUES (:kind, :email, :name, :registration, :session,"
           " :invoice, CAST(:facts AS jsonb), :message_key, :once_key, :resend_of,"
           " CAST(:due AS timestamptz), CAST(:created AS timestamptz), :created_by)"
           " ON CONFLICT (once_key) DO NOTHING RETURNING id",
        soci::use(kind), soci::use(email), soci::use(name),
        soci::use(registration, registration_set), soci::use(session, session_set),
        soci::use(invoice, invoice_set), soci::use(facts), soci::use(key),
        soci::use(once, once_set), soci::use(resend, resend_set), soci::use(now), soci::use(now),
        soci::use(by), soci::into(id);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return id;
}

std::optional<domain::OutboxMessage> claim_due_message(soci::session& sql, Instant now,
                                                       Instant lease_until) {
    std::string at = timestamp(now), until = timestamp(lease_until);
    long long id = 0;
    sql << "WITH next AS (SELECT id FROM outbox_messages"
           "   WHERE (status = 'pending' AND next_attempt_at <= CAST(:now AS timestamptz))"
           "      OR (status = 'sending' AND lease_until <= CAST(:now2 AS timestamptz))"
           "   ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)"
           " UPDATE outbox_messages m SET status = 'sending', attempts = m.attempts + 1,"
           "   lease_until = CAST(:until AS timestamptz)"
           " FROM next WHERE m.id = next.id RETURNING m.id",
        soci::use(at), soci::use(at), soci::use(until), soci::into(id);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return find_message(sql, id);
}

bool record_sent(soci::session& sql, std::int64_t id, int attempt, Instant at) {
    // A signatory's link is a key to sign for an employer: once it has left, its token is not
    // kept (only its SHA-256, in convention_links, to recognise it).
    return record(sql,
                  "status = 'sent', sent_at = CAST(:at AS timestamptz), facts = CASE WHEN"
                  " jsonb_typeof(facts -> 'convention') = 'object' THEN jsonb_set(facts,"
                  " '{convention,token}', '\"\"') ELSE facts END",
                  id, attempt, timestamp(at), std::nullopt);
}

bool record_retry(soci::session& sql, std::int64_t id, int attempt, Instant next_attempt_at,
                  const std::string& error) {
    return record(sql, "status = 'pending', next_attempt_at = CAST(:at AS timestamptz)", id,
                  attempt, timestamp(next_attempt_at), error);
}

bool record_failure(soci::session& sql, std::int64_t id, int attempt, Instant at,
                    const std::string& error) {
    return record(sql, "status = 'failed', failed_at = CAST(:at AS timestamptz)", id, attempt,
                  timestamp(at), error);
}

std::vector<domain::OutboxMessage> find_messages(soci::session& sql,
                                                 const domain::MessageFilter& filter,
                                                 std::int64_t* total) {
    FilterValues values(filter);
    int limit = filter.limit, offset = filter.offset;
    // The total in the same statement: one snapshot for the page and its count.
    soci::rowset<soci::row> rows =
        (sql.prepare << std::string(select_message) + filter_condition +
                            " ORDER BY m.id DESC LIMIT :limit OFFSET :offset",
         soci::use(values.registration, values.registration_set),
         soci::use(values.registration, values.registration_set),
         soci::use(values.session, values.session_set),
         soci::use(values.session, values.session_set),
         soci::use(values.invoice, values.invoice_set),
         soci::use(values.invoice, values.invoice_set), soci::use(values.status, values.status_set),
         soci::use(values.status, values.status_set), soci::use(values.kind, values.kind_set),
         soci::use(values.kind, values.kind_set), soci::use(limit), soci::use(offset));
    std::vector<domain::OutboxMessage> messages;
    for (const auto& row : rows) {
        if (total != nullptr) {
            *total = row.get<long long>("total");
        }
        messages.push_back(to_message(row));
    }
    if (total != nullptr && messages.empty()) {
        *total = count_messages(sql, filter);
    }
    return messages;
}

std::int64_t count_messages(soci::session& sql, const domain::MessageFilter& filter) {
    FilterValues v(filter);
    long long count = 0;
    sql << std::string("SELECT count(*) FROM outbox_messages m") + filter_condition,
        soci::use(v.registration, v.registration_set),
        soci::use(v.registration, v.registration_set), soci::use(v.session, v.session_set),
        soci::use(v.session, v.session_set), soci::use(v.invoice, v.invoice_set),
        soci::use(v.invoice, v.invoice_set), soci::use(v.status, v.status_set),
        soci::use(v.status, v.status_set), soci::use(v.kind, v.kind_set),
        soci::use(v.kind, v.kind_set), soci::into(count);
    return count;
}

std::optional<domain::OutboxMessage> find_message(soci::session& sql, std::int64_t id) {
    long long key = id;
    soci::row row;
    sql << std::string(select_message) + " WHERE m.id = :id", soci::use(key), soci::into(row);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return to_message(row);
}

std::map<std::int64_t, std::map<std::string, int>> message_statuses_of_session(
    soci::session& sql, std::int64_t session_id) {
    long long key = session_id;
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT m.registration_id, m.status, count(*)::integer AS n"
                        " FROM outbox_messages m JOIN registrations r ON r.id = m.registration_id"
                        " WHERE r.session_id = :session GROUP BY m.registration_id, m.status",
         soci::use(key));
    std::map<std::int64_t, std::map<std::string, int>> statuses;
    for (const auto& row : rows) {
        statuses[row.get<long long>("registration_id")][row.get<std::string>("status")] =
            row.get<int>("n");
    }
    return statuses;
}

std::map<std::string, std::int64_t> message_counts(soci::session& sql) {
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT status, count(*) AS n FROM outbox_messages GROUP BY status");
    std::map<std::string, std::int64_t> counts{
        {"pending", 0}, {"sending", 0}, {"sent", 0}, {"failed", 0}};
    for (const auto& row : rows) {
        counts[row.get<std::string>("status")] = row.get<long long>("n");
    }
    return counts;
}

std::optional<SchedulerLock> SchedulerLock::try_take(soci::session& sql) {
    long long key = scheduler_lock;
    int locked = 0;
    sql << "SELECT pg_try_advisory_lock(:key)::integer", soci::use(key), soci::into(locked);
    if (locked == 0) {
        return std::nullopt;
    }
    return SchedulerLock(sql);
}

SchedulerLock::~SchedulerLock() {
    if (sql_ == nullptr) {
        return;
    }
    try {
        long long key = scheduler_lock;
        int unlocked = 0;
        *sql_ << "SELECT pg_advisory_unlock(:key)::integer", soci::use(key), soci::into(unlocked);
    } catch (const soci::soci_error&) {
        // The connection is gone, and the lock with its session.
    }
}

std::vector<Candidate> confirmed_without_message(soci::session& sql, domain::MessageKind kind,
                                                 boost::gregorian::date first,
                                                 boost::gregorian::date last) {
    std::string name(domain::to_string(kind)), from = iso(first), to = iso(last);
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT r.id, to_char(r.confirmed_at AT TIME ZONE 'UTC',"
                        " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS confirmed_at"
                        " FROM registrations r JOIN sessions s ON s.id = r.session_id"
                        " WHERE r.status = 'confirmed' AND s.status <> 'cancelled'"
                        " AND s.starts_on BETWEEN CAST(:first AS date) AND CAST(:last AS date)"
                        " AND NOT EXISTS (SELECT 1 FROM outbox_messages m WHERE"
                        " m.registration_id = r.id AND m.session_id = s.id AND m.kind = :kind)"
                        " ORDER BY r.id",
         soci::use(from), soci::use(to), soci::use(name));
    std::vector<Candidate> candidates;
    for (const auto& row : rows) {
        auto confirmed = parse_instant(row.get<std::string>("confirmed_at"));
        if (!confirmed) {
            throw std::runtime_error("unreadable confirmed_at");
        }
        candidates.push_back({row.get<long long>("id"), *confirmed});
    }
    return candidates;
}

namespace {

std::vector<std::int64_t> ended_registrations(soci::session& sql, domain::MessageKind kind,
                                              boost::gregorian::date first,
                                              boost::gregorian::date last, bool attended) {
    std::string name(domain::to_string(kind)), from = iso(first), to = iso(last);
    int need_attendance = attended ? 1 : 0;
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT r.id FROM registrations r JOIN sessions s ON s.id = r.session_id"
                        " WHERE r.status = 'confirmed' AND s.status <> 'cancelled'"
                        " AND s.ends_on BETWEEN CAST(:first AS date) AND CAST(:last AS date)"
                        " AND (:attended = 0 OR EXISTS (SELECT 1 FROM attendance a"
                        " WHERE a.registration_id = r.id AND a.present))"
                        " AND NOT EXISTS (SELECT 1 FROM outbox_messages m WHERE"
                        " m.registration_id = r.id AND m.kind = :kind)"
                        " ORDER BY r.id",
         soci::use(from), soci::use(to), soci::use(need_attendance), soci::use(name));
    std::vector<std::int64_t> ids;
    for (const auto& row : rows) {
        ids.push_back(row.get<long long>("id"));
    }
    return ids;
}

}  // namespace

std::vector<std::int64_t> attended_without_message(soci::session& sql, domain::MessageKind kind,
                                                   boost::gregorian::date first,
                                                   boost::gregorian::date last) {
    return ended_registrations(sql, kind, first, last, /*attended=*/true);
}

std::vector<std::int64_t> ended_without_message(soci::session& sql, domain::MessageKind kind,
                                                boost::gregorian::date first,
                                                boost::gregorian::date last) {
    return ended_registrations(sql, kind, first, last, /*attended=*/false);
}

std::map<std::string, OnceStemTally> messages_per_once_stem(soci::session& sql,
                                                            domain::MessageKind kind) {
    std::string name(domain::to_string(kind));
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT regexp_replace(once_key, ':[0-9]+$', '') AS stem,"
                        " count(*)::integer AS n,"
                        " to_char(max(coalesce(sent_at, created_at)) AT TIME ZONE 'UTC',"
                        " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS last_at FROM outbox_messages"
                        " WHERE kind = :kind AND once_key IS NOT NULL AND resend_of IS NULL"
                        " GROUP BY 1",
         soci::use(name));
    std::map<std::string, OnceStemTally> tallies;
    for (const auto& row : rows) {
        auto last_at = parse_instant(row.get<std::string>("last_at"));
        if (!last_at) {
            throw std::runtime_error("unreadable last_at");
        }
        tallies[row.get<std::string>("stem")] = {row.get<int>("n"), *last_at};
    }
    return tallies;
}

}  // namespace formations::storage

#include "service/storage/session_repository.hpp"

#include "service/storage/rows.hpp"

namespace formations::storage {
namespace {

const std::string select_sessions = R"sql(
SELECT s.id, s.reference, s.course_id, c.code AS course_code, c.title AS course_title,
       c.duration_minutes, c.half_day_minutes, s.trainer, s.starts_on::text AS starts_on, s.ends_on::text AS ends_on,
       s.registration_deadline::text AS registration_deadline, s.place, s.capacity,
       s.seats_taken,
       (SELECT count(*)::integer FROM registrations r
         WHERE r.session_id = s.id AND r.status = 'waitlisted') AS waitlist_length,
       s.status, )sql" + daily_hours_text("s") +
                                    R"sql(
  FROM sessions s JOIN courses c ON c.id = s.course_id
)sql";

domain::Session to_session(const soci::row& row) {
    domain::Session session;
    session.id = row.get<long long>("id");
    session.reference = row.get<std::string>("reference");
    session.course_id = row.get<long long>("course_id");
    session.course_code = row.get<std::string>("course_code");
    session.course_title = row.get<std::string>("course_title");
    session.duration_minutes = row.get<int>("duration_minutes");
    session.half_day_minutes = row.get<int>("half_day_minutes");
    session.trainer = optional_text(row, "trainer");
    session.starts_on = date_column(row, "starts_on");
    session.ends_on = date_column(row, "ends_on");
    session.registration_deadline = date_column(row, "registration_deadline");
    session.place = row.get<std::string>("place");
    session.capacity = row.get<int>("capacity");
    session.seats_taken = row.get<int>("seats_taken");
    session.waitlist_length = row.get<int>("waitlist_length");
    session.status = pricing::parse_session_status(row.get<std::string>("status"))
                         .value_or(pricing::SessionStatus::closed);
    session.hours = daily_hours_columns(row);
    return session;
}

}  // namespace

std::vector<domain::Session> sessions_starting_after(soci::session& sql,
                                                     boost::gregorian::date after) {
    std::string day = iso(after);
    soci::rowset<soci::row> rows =
        (sql.prepare << std::string(select_sessions) +
                            " WHERE s.status <> 'cancelled' AND s.starts_on > CAST(:day AS date)"
                            " ORDER BY s.starts_on, s.id",
         soci::use(day));
    std::vector<domain::Session> sessions;
    for (const auto& row : rows) {
        sessions.push_back(to_session(row));
    }
    return sessions;
}

std::optional<domain::Session> find_session(soci::session& sql, std::int64_t id, bool lock) {
    long long key = id;
    if (lock) {
        // Lock first, in its own statement: the counts read below then see every seat decision
        // committed before ours.
        long long locked = 0;
        sql << "SELECT id FROM sessions WHERE id = :id FOR UPDATE", soci::use(key),
            soci::into(locked);
        if (!sql.got_data()) {
            return std::nullopt;
        }
    }
    soci::row row;
    sql << std::string(select_sessions) + " WHERE s.id = :id", soci::use(key), soci::into(row);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return to_session(row);
}

std::optional<std::int64_t> find_course_id(soci::session& sql, const std::string& code) {
    std::string key = code;
    long long id = 0;
    sql << "SELECT id FROM courses WHERE code = :code", soci::use(key), soci::into(id);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return id;
}

std::optional<std::int64_t> insert_session(soci::session& sql, const SessionFields& fields,
                                           Instant created_at) {
    std::string reference = fields.reference, place = fields.place,
                trainer = fields.trainer.value_or(""), starts = iso(fields.starts_on),
                ends = iso(fields.ends_on), deadline = iso(fields.registration_deadline),
                status(pricing::to_string(fields.status)), created = timestamp(created_at);
    soci::indicator trainer_indicator = fields.trainer ? soci::i_ok : soci::i_null;
    long long course = fields.course_id, id = 0;
    int capacity = fields.capacity;
    auto times = daily_hours_values(fields.hours);
    sql << "INSERT INTO sessions (reference, course_id, starts_on, ends_on, place, capacity,"
           " registration_deadline, status, trainer, created_at, morning_start, morning_end,"
           " afternoon_start, afternoon_end) VALUES (:reference, :course,"
           " CAST(:starts AS date), CAST(:ends AS date), :place, :capacity,"
           " CAST(:deadline AS date), :status, :trainer, CAST(:created AS timestamptz),"
           " CAST(:morning_start AS time), CAST(:morning_end AS time),"
           " CAST(:afternoon_start AS time), CAST(:afternoon_end AS time))"
           " ON CONFLICT (reference) DO NOTHING RETURNING id",
        soci::use(reference), soci::use(course), soci::use(starts), soci::use(ends),
        soci::use(place), soci::use(capacity), soci::use(deadline), soci::use(status),
        soci::use(trainer, trainer_indicator), soci::use(created), soci::use(times[0]),
        soci::use(times[1]), soci::use(times[2]), soci::use(times[3]), soci::into(id);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return id;
}

void update_session(soci::session& sql, std::int64_t id, const SessionFields& fields) {
    std::string place = fields.place, trainer = fields.trainer.value_or(""),
                starts = iso(fields.starts_on), ends = iso(fields.ends_on),
                deadline = iso(fields.registration_deadline),
                status(pricing::to_string(fields.status));
    soci::indicator trainer_indicator = fields.trainer ? soci::i_ok : soci::i_null;
    long long key = id;
    int capacity = fields.capacity;
    auto times = daily_hours_values(fields.hours);
    sql << "UPDATE sessions SET starts_on = CAST(:starts AS date), ends_on = CAST(:ends AS date),"
           " place = :place, capacity = :capacity,"
           " registration_deadline = CAST(:deadline AS date), status = :status,"
           " trainer = :trainer, morning_start = CAST(:morning_start AS time),"
           " morning_end = CAST(:morning_end AS time),"
           " afternoon_start = CAST(:afternoon_start AS time),"
           " afternoon_end = CAST(:afternoon_end AS time) WHERE id = :id",
        soci::use(starts), soci::use(ends), soci::use(place), soci::use(capacity),
        soci::use(deadline), soci::use(status), soci::use(trainer, trainer_indicator),
        soci::use(times[0]), soci::use(times[1]), soci::use(times[2]), soci::use(times[3]),
        soci::use(key);
}

pricing::PriceList price_list(soci::session& sql, std::int64_t course_id) {
    long long key = course_id;
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT tier, amount_cents, valid_from::text AS valid_from"
                        " FROM tariffs WHERE course_id = :id",
         soci::use(key));
    std::vector<pricing::Tariff> tariffs;
    for (const auto& row : rows) {
        auto tier = pricing::parse_tier(row.get<std::string>("tier"));
        if (tier) {
            tariffs.push_back({*tier,
                               pricing::Money::from_cents(row.get<long long>("amount_cents")),
                               date_column(row, "valid_from")});
        }
    }
    return pricing::PriceList(std::move(tariffs));
}

}  // namespace formations::storage

#include "service/storage/attendance_repository.hpp"

#include "service/storage/rows.hpp"

namespace formations::storage {

std::vector<domain::AttendanceMark> attendance_of_session(soci::session& sql,
                                                          std::int64_t session_id) {
    long long key = session_id;
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT a.registration_id, a.day::text AS day, a.half,"
                        " CASE WHEN a.present THEN 1 ELSE 0 END AS present"
                        " FROM attendance a JOIN registrations r ON r.id = a.registration_id"
                        " WHERE r.session_id = :id ORDER BY a.registration_id, a.day, a.half",
         soci::use(key));
    std::vector<domain::AttendanceMark> marks;
    for (const auto& row : rows) {
        marks.push_back({row.get<long long>("registration_id"), date_column(row, "day"),
                         row.get<std::string>("half"), row.get<int>("present") == 1});
    }
    return marks;
}

std::map<std::int64_t, Instant> cancellations_of_session(soci::session& sql,
                                                         std::int64_t session_id) {
    long long key = session_id;
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT id, to_char(cancelled_at AT TIME ZONE 'UTC',"
                        " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS cancelled_at FROM registrations"
                        " WHERE session_id = :id AND status = 'cancelled'",
         soci::use(key));
    std::map<std::int64_t, Instant> cancelled;
    for (const auto& row : rows) {
        if (auto at = parse_instant(row.get<std::string>("cancelled_at"))) {
            cancelled[row.get<long long>("id")] = *at;
        }
    }
    return cancelled;
}

void record_attendance(soci::session& sql, const domain::AttendanceMark& mark,
                       const std::string& actor, Instant at) {
    long long registration = mark.registration_id;
    std::string day = iso(mark.day), half = mark.half, by = actor, now = timestamp(at);
    int present = mark.present ? 1 : 0;
    sql << "INSERT INTO attendance (registration_id, day, half, present, recorded_by, recorded_at)"
           " VALUES (:registration, CAST(:day AS date), :half, :present = 1, :by,"
           " CAST(:at AS timestamptz))"
           " ON CONFLICT (registration_id, day, half) DO UPDATE SET present = EXCLUDED.present,"
           " recorded_by = EXCLUDED.recorded_by, recorded_at = EXCLUDED.recorded_at",
        soci::use(registration), soci::use(day), soci::use(half), soci::use(present), soci::use(by),
        soci::use(now);
}

}  // namespace formations::storage

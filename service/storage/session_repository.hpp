#pragma once
// Sessions with their course and seat counts, and the tariffs of a course. Every function runs
// inside the caller's transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "pricing/price_list.hpp"
#include "pricing/registration_window.hpp"
#include "service/domain/clock.hpp"
#include "service/domain/session.hpp"
#include "service/storage/database.hpp"

namespace formations::storage {

// Sessions not cancelled that start after `day`, earliest first.
std::vector<domain::Session> sessions_starting_after(soci::session& sql,
                                                     boost::gregorian::date day);

// One session. With `lock`, takes the row lock (SELECT … FOR UPDATE) that serialises every seat
// decision of that session across all server processes.
std::optional<domain::Session> find_session(soci::session& sql, std::int64_t id, bool lock = false);

pricing::PriceList price_list(soci::session& sql, std::int64_t course_id);

// The course's programme, as staff keep it (courses.programme).
std::string course_programme(soci::session& sql, std::int64_t course_id);
std::optional<std::int64_t> find_course_id(soci::session& sql, const std::string& code);

// What staff set on a session.
struct SessionFields {
    std::string reference;
    std::int64_t course_id = 0;
    boost::gregorian::date starts_on;
    boost::gregorian::date ends_on;
    boost::gregorian::date registration_deadline;
    std::string place;
    int capacity = 0;
    std::optional<std::string> trainer;
    pricing::SessionStatus status = pricing::SessionStatus::open;
    domain::DailyHours hours;
};

// The new session's id; nullopt when its reference is taken (also by a concurrent transaction:
// ON CONFLICT waits for it).
std::optional<std::int64_t> insert_session(soci::session& sql, const SessionFields& fields,
                                           Instant created_at);
// Updates everything but the reference and the course.
void update_session(soci::session& sql, std::int64_t id, const SessionFields& fields);

}  // namespace formations::storage

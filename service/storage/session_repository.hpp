#pragma once
// Reads sessions with their course and seat counts, and the tariffs of a course.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>
#include <boost/date_time/gregorian/gregorian.hpp>

#include "pricing/price_list.hpp"
#include "pricing/registration_window.hpp"

namespace formations::storage {

struct SessionRow {
    std::int64_t id = 0;
    std::string reference;
    std::int64_t course_id = 0;
    std::string course_code;
    std::string course_title;
    int duration_minutes = 0;
    int half_day_minutes = 210;
    std::optional<std::string> trainer;
    boost::gregorian::date starts_on;
    boost::gregorian::date ends_on;
    boost::gregorian::date registration_deadline;
    std::string place;
    int capacity = 0;
    int seats_taken = 0;
    int waitlist_length = 0;
    pricing::SessionStatus status = pricing::SessionStatus::open;
};

// Sessions not cancelled that start after `today`, earliest first.
std::vector<SessionRow> upcoming_sessions(soci::session& sql, boost::gregorian::date today);

// One session. With `lock`, takes the row lock (SELECT … FOR UPDATE) that serialises every seat
// decision of that session across all server processes.
std::optional<SessionRow> find_session(soci::session& sql, std::int64_t id, bool lock = false);

pricing::PriceList price_list(soci::session& sql, std::int64_t course_id);

std::optional<std::int64_t> find_course_id(soci::session& sql, const std::string& code);
bool reference_taken(soci::session& sql, const std::string& reference);

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
};

std::int64_t insert_session(soci::session& sql, const SessionFields& fields);
// Updates everything but the reference and the course.
void update_session(soci::session& sql, std::int64_t id, const SessionFields& fields);

}  // namespace formations::storage

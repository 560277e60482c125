#pragma once
// A training session as use cases read it: its course, dates and daily hours, place, capacity and
// seats taken.

#include <cstdint>
#include <optional>
#include <string>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "invoices/attendance_documents.hpp"
#include "pricing/registration_window.hpp"

namespace formations::domain {

// The hours of each day of a session, in minutes after midnight.
struct DailyHours {
    int morning_start = 9 * 60;
    int morning_end = 12 * 60 + 30;
    int afternoon_start = 13 * 60 + 30;
    int afternoon_end = 17 * 60;

    bool operator==(const DailyHours&) const = default;

    // The morning and the afternoon as documents and messages print them.
    invoices::TimeSpan morning() const {
        return {{morning_start / 60, morning_start % 60}, {morning_end / 60, morning_end % 60}};
    }
    invoices::TimeSpan afternoon() const {
        return {{afternoon_start / 60, afternoon_start % 60},
                {afternoon_end / 60, afternoon_end % 60}};
    }
};

struct Session {
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
    DailyHours hours;
};

}  // namespace formations::domain

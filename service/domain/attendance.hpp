#pragma once
// One half-day of attendance: a registration, a day, the morning or the afternoon.

#include <cstdint>
#include <string>

#include <boost/date_time/gregorian/greg_date.hpp>

namespace formations::domain {

struct AttendanceMark {
    std::int64_t registration_id = 0;
    boost::gregorian::date day;
    std::string half;  // am / pm
    bool present = false;
};

}  // namespace formations::domain

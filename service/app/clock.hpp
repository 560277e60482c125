#pragma once
// "Today" as the people of the service count it (Europe/Paris by default, set with the TZ of the
// process at start-up). Use cases take the date as a parameter so tests can pin it.

#include <functional>

#include <boost/date_time/gregorian/gregorian.hpp>

namespace formations::app {

using Today = std::function<boost::gregorian::date()>;

inline boost::gregorian::date local_today() {
    return boost::gregorian::day_clock::local_day();
}

}  // namespace formations::app

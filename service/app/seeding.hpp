#pragma once
// Loading the catalogue (`formations seed`): the 2019 course, tariffs and sessions, and with
// `demo` fictional member organisations and two upcoming sessions placed from the clock. Each
// demonstration session runs on two consecutive working days (Monday to Friday, never a French
// public holiday), about 30 and 90 days ahead, and closes its registrations at the end of the
// working day before it starts. Idempotent: sessions and organisations have natural keys, so a
// second run (even on another day) changes nothing.

#include <string>
#include <vector>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "service/app/use_case.hpp"

namespace formations::app {

struct DemoSession {
    std::string reference;
    boost::gregorian::date starts_on;
    boost::gregorian::date ends_on;
    boost::gregorian::date registration_deadline;
};

// Pure: the demonstration sessions for a seed run on `today`.
std::vector<DemoSession> demo_sessions(boost::gregorian::date today);

Result<Done> seed_catalogue(storage::Database& db, const Clock& clock, bool demo);

}  // namespace formations::app

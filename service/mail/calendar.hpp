#pragma once
// The .ics file a message attaches (RFC 5545, written and escaped by libical): one event per day
// of a session, in UTC. METHOD:PUBLISH adds the days to the person's calendar; a later file with
// the same UIDs and a higher SEQUENCE updates them, and METHOD:CANCEL removes them.
// Example:
//   auto ics = calendar_file({CalendarMethod::publish, "Coopérer pour Entreprendre",
//                             "formation@example.org", stamp, 3, events});

#include <string>
#include <vector>

#include "service/domain/clock.hpp"

namespace formations::mail {

enum class CalendarMethod { publish, cancel };

struct CalendarEvent {
    std::string uid;  // stable for the same day of the same registration
    Instant start;
    Instant end;
    std::string summary;
    std::string location;
    std::string description;
    std::string url;  // may be empty
};

struct Calendar {
    CalendarMethod method = CalendarMethod::publish;
    std::string organizer_name;
    std::string organizer_email;  // ASCII (address.hpp)
    Instant stamp;                // DTSTAMP: when the file was made
    int sequence = 0;             // higher in every later version of the same events
    std::vector<CalendarEvent> events;
};

// The file's text (CRLF line ends, lines folded at 75 octets).
std::string calendar_file(const Calendar& calendar);

}  // namespace formations::mail

#pragma once
// The training conventions of employer-funded trainees (app/conventions.hpp): the person who
// signs for the employer, as the registration form collects them, and the staff's list of
// conventions still to sign.

#include <cstdint>
#include <optional>
#include <string>

#include <boost/date_time/gregorian/greg_date.hpp>

namespace formations::domain {

struct Signatory {
    std::string name;
    std::string role;   // "Directrice générale", "Gérant"…
    std::string email;  // where the signature link is sent
};

// An employer-funded seat whose convention is not signed yet.
struct UnsignedConvention {
    std::int64_t registration_id = 0;
    std::int64_t session_id = 0;
    std::string session_reference;
    std::string course_title;
    boost::gregorian::date starts_on;
    std::string trainee_name;
    std::string employer_name;
    std::optional<Signatory> signatory;
    int links_sent = 0;                       // signature links sent so far
    std::optional<std::string> last_link_at;  // ISO 8601, UTC
};

}  // namespace formations::domain

#pragma once
// One entry of the complaints and incidents register (Qualiopi indicators 31 and 32): what was
// reported, by whom and how, the answer given, the improvement decided, with their dates.

#include <cstdint>
#include <optional>
#include <string>

namespace formations::domain {

struct Complaint {
    std::int64_t id = 0;
    std::string kind;     // complaint / incident
    std::string channel;  // public_form / trainee_page / email / phone / letter / in_person
    std::string token;    // the follow-up link of whoever submitted it
    std::optional<std::int64_t> registration_id;
    std::optional<std::int64_t> session_id;
    std::optional<std::string> session_reference;
    std::optional<std::string> author_name;  // none once anonymised
    std::optional<std::string> author_email;
    std::string author_role;  // trainee / employer / funder / trainer / staff / other
    std::string subject;
    std::string description;
    std::string status;  // received / in_progress / answered / closed
    std::optional<std::string> answer;
    std::optional<std::string> answered_at;  // ISO 8601, UTC
    std::optional<std::string> answered_by;
    std::optional<std::string> improvement_action;
    std::optional<std::string> improvement_status;  // planned / done
    std::optional<std::string> improvement_decided_at;
    std::optional<std::string> improvement_done_at;
    std::string received_at;
    std::string updated_at;
    std::optional<std::string> closed_at;
    bool anonymised = false;
};

}  // namespace formations::domain

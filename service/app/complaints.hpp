#pragma once
// The complaints and incidents register (Qualiopi indicators 31 and 32). Anyone submits from the
// public page (at most a few per client address and hour, whatever the number of server
// processes: rate_limits.hpp), a trainee from their personal page, staff record what arrived by
// e-mail, phone, letter or in person; whoever submitted follows it through the link they get. Staff
// record the answer and the improvement action decided, each with its date. Example:
//   auto filed = submit_public_complaint(db, clock, limits.complaints, input, "203.0.113.7");
//   update_complaint(db, clock, staff, filed->id, {.status = "answered", .answer = "…"});

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "service/app/accounts.hpp"
#include "service/app/rate_limits.hpp"
#include "service/app/use_case.hpp"
#include "service/domain/complaint.hpp"

namespace formations::app {

struct ComplaintInput {
    std::string kind = "complaint";     // complaint / incident
    std::string author_role = "other";  // trainee / employer / funder / trainer / staff / other
    std::optional<std::string> author_name;
    std::optional<std::string> author_email;
    std::string subject;
    std::string description;
    std::optional<std::int64_t> session_id;
    std::string channel = "public_form";  // staff: email / phone / letter / in_person
};

// Pure: kinds, roles and channels known, texts within their lengths, a valid e-mail if given.
Result<ComplaintInput> validate_complaint(const ComplaintInput& input);

// `client_address`: the address the request came from (behind nginx, the one nginx saw), counted
// against `limit` once the complaint is valid (429 `too_many_requests`).
Result<domain::Complaint> submit_public_complaint(storage::Database& db, const Clock& clock,
                                                  const RateLimit& limit,
                                                  const ComplaintInput& input,
                                                  const std::string& client_address);
// From the trainee's personal page: linked to the registration and its session; the trainee's
// name and e-mail are those of the registration.
Result<domain::Complaint> submit_trainee_complaint(storage::Database& db, const Clock& clock,
                                                   const std::string& registration_token,
                                                   const ComplaintInput& input);
// Staff record one received otherwise; `input.channel` says how.
Result<domain::Complaint> record_complaint(storage::Database& db, const Clock& clock,
                                           const Actor& actor, const ComplaintInput& input);

// The submitter's view, through the token of their link.
Result<domain::Complaint> follow_complaint(storage::Database& db, const std::string& token);
// The complaints of a registration (the trainee's page).
Result<std::vector<domain::Complaint>> complaints_of_registration(storage::Database& db,
                                                                  const std::string& token);

struct ComplaintListFilter {
    std::optional<std::string> status;
    std::optional<boost::gregorian::date> from;  // received on or after (business dates)
    std::optional<boost::gregorian::date> to;    // received on or before
    int limit = 50;
    int offset = 0;
};
struct ComplaintList {
    std::vector<domain::Complaint> items;
    long long total = 0;
};
Result<ComplaintList> list_complaints(storage::Database& db, const ComplaintListFilter& filter);
Result<domain::Complaint> get_complaint(storage::Database& db, std::int64_t id);

// What staff change; absent members stay as they are. A blank `improvement_action` removes it.
struct ComplaintChanges {
    std::optional<std::string> status;  // received / in_progress / answered / closed
    std::optional<std::string> answer;
    std::optional<std::string> improvement_action;
    std::optional<std::string> improvement_status;  // planned / done
};

// Pure: the complaint after the changes, made at `at` by `by`. Answered and closed need an
// answer; an improvement has a status; the dates follow (answered_at when the answer is first
// given or changed, closed_at while closed, improvement_decided_at / improvement_done_at).
Result<domain::Complaint> apply_changes(const domain::Complaint& complaint,
                                        const ComplaintChanges& changes, Instant at,
                                        const std::string& by);

Result<domain::Complaint> update_complaint(storage::Database& db, const Clock& clock,
                                           const Actor& actor, std::int64_t id,
                                           const ComplaintChanges& changes);

}  // namespace formations::app

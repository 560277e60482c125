#pragma once
// The complaints and incidents register. Every function runs inside the caller's transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "service/domain/clock.hpp"
#include "service/domain/complaint.hpp"
#include "service/storage/database.hpp"

namespace formations::storage {

struct NewComplaint {
    std::string kind;
    std::string channel;
    std::string token;
    std::optional<std::int64_t> registration_id;
    std::optional<std::int64_t> session_id;
    std::optional<std::string> author_name;
    std::optional<std::string> author_email;
    std::string author_role;
    std::string subject;
    std::string description;
};

std::int64_t insert_complaint(soci::session& sql, const NewComplaint& complaint, Instant at);

std::optional<domain::Complaint> find_complaint(soci::session& sql, std::int64_t id,
                                                bool lock = false);
std::optional<domain::Complaint> find_complaint_by_token(soci::session& sql,
                                                         const std::string& token);
std::vector<domain::Complaint> complaints_of_registration(soci::session& sql,
                                                          std::int64_t registration_id);

struct ComplaintFilter {
    std::optional<std::string> status;
    std::optional<Instant> received_from;    // included
    std::optional<Instant> received_before;  // excluded
    int limit = 50;
    int offset = 0;
};
struct ComplaintPage {
    std::vector<domain::Complaint> items;  // newest first
    long long total = 0;
};
ComplaintPage list_complaints(soci::session& sql, const ComplaintFilter& filter);

// Writes what staff may change, as the use case decided it (dates included).
void update_complaint(soci::session& sql, const domain::Complaint& complaint);

}  // namespace formations::storage

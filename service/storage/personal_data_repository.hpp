#pragma once
// Personal data at the end of its life: the retention job's anonymisation (questionnaire
// answers, accommodation needs, complaints' authors, the outbox's messages) and the erasure of a
// trainee on request. Invoices are never touched: their snapshot is the legal record (Code de
// commerce L123-22). Every function runs inside the caller's transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "service/domain/clock.hpp"
#include "service/storage/database.hpp"

namespace formations::storage {

// One housekeeping run at a time across every process (a transaction-scoped advisory lock):
// false when another transaction holds it.
bool try_lock_housekeeping(soci::session& sql);

// Answers of sessions whose last day is before `cutoff`: cut from the person, free text removed
// (scores and options stay, for the results). Returns the rows changed.
int anonymise_answers_before(soci::session& sql, boost::gregorian::date cutoff, Instant at);
// Accommodation requests of sessions whose last day is before `cutoff`: text, notes and the
// link to the person removed; dates and outcome kept.
int anonymise_accommodations_before(soci::session& sql, boost::gregorian::date cutoff, Instant at);
// Complaints closed before `cutoff`: the author's name, e-mail and link removed.
int anonymise_complaints_closed_before(soci::session& sql, Instant cutoff, Instant at);
// Outbox messages queued before `cutoff`: recipient and the personal parts of their facts
// removed, those not sent yet marked failed (never sent).
int anonymise_messages_before(soci::session& sql, Instant cutoff, Instant at);

struct TraineeRecord {
    std::int64_t id = 0;
    std::string email;
    std::string first_name;
    std::string last_name;
    int registrations = 0;
    int ongoing_registrations = 0;  // confirmed or waitlisted, session not over nor cancelled
    int invoices = 0;
    int contracts = 0;  // training contracts signed online: kept as signed, evidence included
    std::optional<std::string> erased_at;  // ISO 8601, UTC
};

// By e-mail or name (case-insensitive, part of it), at most 50.
std::vector<TraineeRecord> find_trainees(soci::session& sql, const std::string& text,
                                         boost::gregorian::date today);
std::optional<TraineeRecord> find_trainee(soci::session& sql, std::int64_t id,
                                          boost::gregorian::date today, bool lock = false);

struct ErasureCounts {
    int registrations = 0;
    int answers = 0;
    int accommodations = 0;
    int complaints = 0;
    int messages = 0;
    int signatories = 0;  // the employers' signatories named by the trainee's registrations
};
// Replaces the trainee's identity everywhere but in invoices and signed training contracts (with
// their signature's evidence: legal records, immutable), anonymises their answers,
// accommodation requests, complaints and the messages about them or to their address.
ErasureCounts erase_trainee(soci::session& sql, std::int64_t trainee_id, Instant at);

}  // namespace formations::storage

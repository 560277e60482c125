#pragma once
// Personal data at the end of its life.
//
// Retention: answers to questionnaires and accommodation needs are kept for a configurable time
// after the session's last day, complaints' authors after the complaint is closed, e-mails of the
// outbox (recipient, names, links) after FORMATIONS_RETENTION_DAYS from when they were queued; then
// apply_retention anonymises them (free text and the link to the person removed; scores,
// options, dates and outcomes kept, so results and evidence stay). The server runs it
// periodically (`formations serve`), `formations privacy anonymise` runs it now; several
// processes may run it together: one does the work, the others skip (an advisory lock).
//
// Erasure on request (admins, audited): a trainee's identity is replaced by "Anonyme n° <id>"
// everywhere but in invoices and credit notes, whose snapshot is the legal record for ten years
// (Code de commerce L123-22), and in signed training contracts: the contract (snapshot and PDF),
// its signature's evidence (hash, instant, client address, user agent, sentence) and any
// withdrawal are the proof of the contract and of its simple electronic signature (Code civil
// 1366-1367; L6353-3 to L6353-5), needed to establish or defend legal claims (GDPR art. 17(3)(b)
// and (e)): kept as signed, never anonymised (the database forbids any change). Their answers,
// accommodation needs, complaints and e-mails (those of their registrations and those sent to
// their address) are anonymised.
// Not while they have a registration for a session that is not over (cancel it first).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "service/app/use_case.hpp"

namespace formations::app {

struct RetentionSettings {
    int answers_days = 1095;       // FORMATIONS_RETENTION_DAYS, after the session's last day
    int accommodation_days = 365;  // FORMATIONS_ACCOMMODATION_RETENTION_DAYS
    int complaints_days = 1095;    // FORMATIONS_RETENTION_DAYS, after a complaint is closed
    int messages_days = 1095;      // FORMATIONS_RETENTION_DAYS, after a message was queued
};

struct RetentionReport {
    bool ran = false;  // false: another process was running it
    int answers = 0;
    int accommodations = 0;
    int complaints = 0;
    int messages = 0;
};

Result<RetentionReport> apply_retention(storage::Database& db, const Clock& clock,
                                        const RetentionSettings& settings);

struct TraineeRecord {
    std::int64_t id = 0;
    std::string email;
    std::string first_name;
    std::string last_name;
    int registrations = 0;
    int ongoing_registrations = 0;
    int invoices = 0;
    int contracts = 0;  // training contracts signed online, kept as signed
    std::optional<std::string> erased_at;
};

struct ErasureReport {
    TraineeRecord trainee;  // as it is after the erasure
    int registrations = 0;
    int answers = 0;
    int accommodations = 0;
    int complaints = 0;
    int messages = 0;
    int signatories = 0;  // employers' signatories named by the registrations
};

// Admins: by e-mail or name, part of it (at least 2 characters).
Result<std::vector<TraineeRecord>> find_trainees(storage::Database& db, const Clock& clock,
                                                 const std::string& text);
// `actor`: how the audit trail names who asked ("user:<e-mail>", or "command" from the shell).
Result<ErasureReport> erase_trainee(storage::Database& db, const Clock& clock,
                                    const std::string& actor, std::int64_t trainee_id);
// The same, by the trainee's e-mail (the command line).
Result<ErasureReport> erase_trainee_by_email(storage::Database& db, const Clock& clock,
                                             const std::string& actor, const std::string& email);

}  // namespace formations::app

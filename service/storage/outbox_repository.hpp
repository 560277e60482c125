#pragma once
// The outbox (table outbox_messages): messages written by the transaction of the state change
// that owes them, then claimed, sent and recorded by the senders. The stored form of the facts
// (a JSON object) is this file's business. Every function runs inside the caller's transaction;
// every instant comes from the caller's clock (never the database's now()).
//
// A sender's cycle, each step its own short transaction (nothing is held during SMTP):
//   auto claimed = claim_due_message(sql, now, now + lease);   // status sending, attempts + 1
//   … send …
//   record_sent(sql, claimed->id, claimed->attempts, at);      // or record_retry / record_failure
// A claim is a lease: a message whose sender died stays `sending` until `lease_until`, then the
// next claim takes it over (another attempt); the stale sender's record_* then changes nothing.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "service/domain/clock.hpp"
#include "service/domain/message.hpp"
#include "service/storage/database.hpp"

namespace formations::storage {

struct NewMessage {
    domain::MessageKind kind = domain::MessageKind::registration_confirmed;
    domain::Recipient recipient;
    std::optional<std::int64_t> registration_id;
    std::optional<std::int64_t> session_id;
    std::optional<std::int64_t> invoice_id;
    domain::MessageFacts facts;
    std::string message_key;
    std::optional<std::string> once_key;
    std::optional<std::int64_t> resend_of;
    std::string created_by;
};

// The stored form (JSON text) of a message's facts.
std::string stored_facts(const domain::MessageFacts& facts);

// Queued, due at `at`. Nullopt when `once_key` is taken (also by a concurrent transaction: ON
// CONFLICT waits for it, no exception).
std::optional<std::int64_t> insert_message(soci::session& sql, const NewMessage& message,
                                           Instant at);

// The oldest due message — pending with next_attempt_at <= now, or sending past its lease — now
// `sending` with one more attempt, leased until `lease_until`; skips rows other transactions
// hold (FOR UPDATE SKIP LOCKED), so two senders never claim the same one.
std::optional<domain::OutboxMessage> claim_due_message(soci::session& sql, Instant now,
                                                       Instant lease_until);

// The outcome of attempt `attempt` of a claimed message. False (and nothing changed) when the
// message is no longer held by that attempt.
bool record_sent(soci::session& sql, std::int64_t id, int attempt, Instant at);
bool record_retry(soci::session& sql, std::int64_t id, int attempt, Instant next_attempt_at,
                  const std::string& error);
bool record_failure(soci::session& sql, std::int64_t id, int attempt, Instant at,
                    const std::string& error);

// Newest first; with `total`, how many match on every page (read with the page, consistently).
std::vector<domain::OutboxMessage> find_messages(soci::session& sql,
                                                 const domain::MessageFilter& filter,
                                                 std::int64_t* total = nullptr);
std::int64_t count_messages(soci::session& sql, const domain::MessageFilter& filter);
std::optional<domain::OutboxMessage> find_message(soci::session& sql, std::int64_t id);
// For each registration of the session that has messages: how many have each status.
std::map<std::int64_t, std::map<std::string, int>> message_statuses_of_session(
    soci::session& sql, std::int64_t session_id);
// Messages by status: {"pending": 2, "sent": 40, …}.
std::map<std::string, std::int64_t> message_counts(soci::session& sql);

// --- What the scheduler looks for ---

// Only one process at a time runs the scheduler's pass: the one holding this advisory lock,
// taken on its connection's session (pg_try_advisory_lock, outside any transaction) for the whole
// pass, across the transactions that commit its work unit by unit, and given back when the pass
// ends — or with the connection, when the process dies. The others skip their pass. Session-level
// rather than taken again by each unit's transaction: between two units, another process must not
// start a pass of its own over the same items (it would read them all again and race on each,
// only for once_key and the locks to turn its duplicates down). The key is the one the
// transaction-level lock of earlier versions took, which it excludes too.
//   auto lock = storage::SchedulerLock::try_take(sql);
//   if (!lock) { /* another process is running a pass */ }
class SchedulerLock {
  public:
    // nullopt: another session holds it.
    static std::optional<SchedulerLock> try_take(soci::session& sql);
    ~SchedulerLock();
    SchedulerLock(SchedulerLock&& other) noexcept : sql_(std::exchange(other.sql_, nullptr)) {}
    SchedulerLock(const SchedulerLock&) = delete;
    SchedulerLock& operator=(const SchedulerLock&) = delete;
    SchedulerLock& operator=(SchedulerLock&&) = delete;

  private:
    explicit SchedulerLock(soci::session& sql) : sql_(&sql) {}
    soci::session* sql_;
};

// Confirmed registrations of sessions (not cancelled) starting from `first` to `last`, with no
// message of `kind` about that session yet: the registration id and its confirmation instant.
struct Candidate {
    std::int64_t registration_id = 0;
    Instant confirmed_at;
};
std::vector<Candidate> confirmed_without_message(soci::session& sql, domain::MessageKind kind,
                                                 boost::gregorian::date first,
                                                 boost::gregorian::date last);

// Confirmed registrations with a half-day attended, of sessions (not cancelled) that ended from
// `first` to `last`, with no message of `kind` yet.
std::vector<std::int64_t> attended_without_message(soci::session& sql, domain::MessageKind kind,
                                                   boost::gregorian::date first,
                                                   boost::gregorian::date last);

// Confirmed registrations of sessions (not cancelled) that ended from `first` to `last`, with no
// message of `kind` yet.
std::vector<std::int64_t> ended_without_message(soci::session& sql, domain::MessageKind kind,
                                                boost::gregorian::date first,
                                                boost::gregorian::date last);

// How many messages of `kind` (resends excluded) there are per once_key stem: the once_key
// without its last ":N" part ("payment_reminder:12:2027-01-13:2" counts for
// "payment_reminder:12:2027-01-13"), and when the last of them was sent (or queued, while it
// has not been sent).
struct OnceStemTally {
    int count = 0;
    Instant last_at;
};
std::map<std::string, OnceStemTally> messages_per_once_stem(soci::session& sql,
                                                            domain::MessageKind kind);

}  // namespace formations::storage

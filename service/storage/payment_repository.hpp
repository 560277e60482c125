#pragma once
// The money movements of an invoice (payments, refunds, reversals; inserted by
// invoice_repository's insert_payment) read back, and the closings of accounting periods. Every
// function runs inside the caller's transaction.
//
// Closing and recording are ordered by a lock on the closures table: whoever records a dated
// entry takes it in SHARE mode before checking the closing date (lock_closures_for_entry), and
// a closing takes it in EXCLUSIVE mode, then waits for the invoices and payments being written
// (lock_for_closing). So no entry can slip into a period while it is being closed, and a
// closing never waits for the registrations' hot path except for the instant of its own insert.

#include <cstdint>
#include <optional>
#include <vector>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "service/domain/clock.hpp"
#include "service/domain/payment.hpp"
#include "service/storage/database.hpp"

namespace formations::storage {

// Oldest first, each with the reversal that cancelled it, if any.
std::vector<domain::PaymentEntry> payments_of_invoice(soci::session& sql, std::int64_t invoice_id);

std::optional<domain::PaymentEntry> find_payment(soci::session& sql, std::int64_t payment_id);

// For a transaction about to record a dated entry: the latest closing date, if any, read under
// the closures' SHARE lock (held until the transaction ends).
std::optional<boost::gregorian::date> lock_closures_for_entry(soci::session& sql);

// For a closing: the closures' EXCLUSIVE lock, then every invoice and payment being written is
// waited for. Returns the latest closing date so far.
std::optional<boost::gregorian::date> lock_for_closing(soci::session& sql);

std::int64_t insert_closure(soci::session& sql, boost::gregorian::date closed_through,
                            const std::string& closed_by, Instant at);

// Newest first.
std::vector<domain::Closure> closures(soci::session& sql);

}  // namespace formations::storage

#pragma once
// Helpers of the repositories (storage .cpp files only): reading optional columns of SOCI rows,
// and dates and instants, which travel as ISO text (`::text` in SQL, CAST(:x AS date) and
// CAST(:x AS timestamptz) in parameters) to keep std::tm out of the way.

#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "service/domain/clock.hpp"
#include "service/domain/invoice.hpp"
#include "service/domain/iso8601.hpp"
#include "service/domain/session.hpp"

namespace formations::storage {

inline std::optional<std::string> optional_text(const soci::row& row, const std::string& column) {
    if (row.get_indicator(column) == soci::i_null) {
        return std::nullopt;
    }
    return row.get<std::string>(column);
}

inline std::optional<long long> optional_bigint(const soci::row& row, const std::string& column) {
    if (row.get_indicator(column) == soci::i_null) {
        return std::nullopt;
    }
    return row.get<long long>(column);
}

inline boost::gregorian::date date_column(const soci::row& row, const std::string& column) {
    auto text = row.get<std::string>(column);
    if (auto date = parse_date(text)) {
        return *date;
    }
    throw std::runtime_error("column " + column + " is not a date: " + text);
}

inline std::string iso(boost::gregorian::date date) {
    return format_date(date);
}

// A LATERAL subquery (`LEFT JOIN LATERAL (…) alias ON true`) of what invoice `invoice.id`
// received and paid back: paid_cents (payments, net of their reversals) and refunded_cents
// (refunds, net of theirs), both zero without entries. A reversal has the opposite sign of the
// entry it cancels: negative for a payment, positive for a refund.
// `condition` narrows the movements counted, e.g. "AND m.paid_on <= params.to_on".
inline std::string money_movements_of(const std::string& invoice,
                                      const std::string& condition = "") {
    return "SELECT COALESCE(sum(m.amount_cents) FILTER (WHERE m.kind = 'payment'"
           " OR (m.kind = 'reversal' AND m.amount_cents < 0)), 0)::bigint AS paid_cents,"
           " COALESCE(-sum(m.amount_cents) FILTER (WHERE m.kind = 'refund'"
           " OR (m.kind = 'reversal' AND m.amount_cents > 0)), 0)::bigint AS refunded_cents"
           " FROM payments m WHERE m.invoice_id = " +
           invoice + ".id " + condition;
}

// A scalar subquery of the instalments of invoice `invoice.id` as text,
// "2019-06-12=9000;2019-06-27=10500;2019-06-28=10500" (NULL without instalments), read back by
// instalments_column. One index lookup per invoice.
inline std::string instalments_of(const std::string& invoice) {
    return "(SELECT string_agg(x.due_on::text || '=' || x.amount_cents, ';' ORDER BY x.position)"
           " FROM invoice_instalments x WHERE x.invoice_id = " +
           invoice + ".id)";
}
std::vector<pricing::Instalment> instalments_column(const soci::row& row,
                                                    const std::string& column);

// The columns of an invoice, named as domain::Invoice's members (dates as ISO text): id, kind,
// number, registration_id, corrects_invoice_id, corrects_number, issued_on, due_on, payer,
// buyer_name, total_cents, credited_cents, paid_cents, refunded_cents and instalments
// (instalments_of). Defined in invoice_repository.cpp.
domain::Invoice invoice_columns(const soci::row& row);

// Binary columns (BYTEA) travel as base64, since SOCI 4.0 reads bytea as escaped text:
// `encode(pdf, 'base64')` in a SELECT, `decode(:pdf, 'base64')` in an INSERT.
std::string to_base64(const std::string& bytes);
std::string from_base64(const std::string& encoded);  // throws std::runtime_error when malformed

// The SQL that reads a timestamptz column as ISO 8601 text in UTC, to the second:
//   utc_text("r.created_at") + " AS created_at"  →  "2026-12-31T22:30:00Z"
inline std::string utc_text(const std::string& column) {
    return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";
}

inline std::optional<int> optional_integer(const soci::row& row, const std::string& column) {
    if (row.get_indicator(column) == soci::i_null) {
        return std::nullopt;
    }
    return row.get<int>(column);
}

// Daily hours are four TIME columns, morning_start, morning_end, afternoon_start and
// afternoon_end (sessions, course sheets). The SQL that reads them of `table` as "HH:MM" text:
//   "SELECT s.id, " + daily_hours_text("s") + " FROM sessions s"
inline std::string daily_hours_text(const std::string& table) {
    std::string columns;
    for (const char* name : {"morning_start", "morning_end", "afternoon_start", "afternoon_end"}) {
        columns += std::string(columns.empty() ? "" : ", ") + "to_char(" + table + "." + name +
                   ", 'HH24:MI') AS " + name;
    }
    return columns;
}
// The hours read by daily_hours_text's columns.
domain::DailyHours daily_hours_columns(const soci::row& row);
// The four times as "HH:MM", in the columns' order, for CAST(:morning_start AS time)….
std::array<std::string, 4> daily_hours_values(const domain::DailyHours& hours);

// An instant as a timestamptz literal, to the microsecond: "2026-12-31T22:30:00.123456Z".
std::string timestamp(Instant instant);

}  // namespace formations::storage

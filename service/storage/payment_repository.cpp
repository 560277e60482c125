#include "service/storage/payment_repository.hpp"

#include "service/storage/rows.hpp"

namespace formations::storage {
namespace {

constexpr const char* select_payments = R"sql(
SELECT p.id, p.invoice_id, p.kind, p.amount_cents, p.paid_on::text AS paid_on, p.method,
       p.reference, p.reason, p.reverses_payment_id, r.id AS reversed_by_id, p.recorded_by,
       to_char(p.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS recorded_at
  FROM payments p LEFT JOIN payments r ON r.reverses_payment_id = p.id
)sql";

domain::PaymentEntry to_entry(const soci::row& row) {
    domain::PaymentEntry entry;
    entry.id = row.get<long long>("id");
    entry.invoice_id = row.get<long long>("invoice_id");
    entry.kind = row.get<std::string>("kind");
    entry.amount_cents = row.get<long long>("amount_cents");
    entry.on = date_column(row, "paid_on");
    entry.method = row.get<std::string>("method");
    entry.reference = optional_text(row, "reference");
    entry.reason = optional_text(row, "reason");
    entry.reverses_id = optional_bigint(row, "reverses_payment_id");
    entry.reversed_by_id = optional_bigint(row, "reversed_by_id");
    entry.recorded_by = row.get<std::string>("recorded_by");
    entry.recorded_at = row.get<std::string>("recorded_at");
    return entry;
}

std::optional<boost::gregorian::date> latest_closing(soci::session& sql) {
    std::string latest;
    soci::indicator indicator = soci::i_null;
    sql << "SELECT max(closed_through)::text FROM accounting_closures",
        soci::into(latest, indicator);
    if (indicator == soci::i_null) {
        return std::nullopt;
    }
    return parse_date(latest);
}

}  // namespace

std::vector<domain::PaymentEntry> payments_of_invoice(soci::session& sql, std::int64_t invoice_id) {
    long long id = invoice_id;
    soci::rowset<soci::row> rows =
        (sql.prepare << std::string(select_payments) +
                            " WHERE p.invoice_id = :id ORDER BY p.paid_on, p.id",
         soci::use(id));
    std::vector<domain::PaymentEntry> entries;
    for (const auto& row : rows) {
        entries.push_back(to_entry(row));
    }
    return entries;
}

std::optional<domain::PaymentEntry> find_payment(soci::session& sql, std::int64_t payment_id) {
    long long id = payment_id;
    soci::row row;
    sql << std::string(select_payments) + " WHERE p.id = :id", soci::use(id), soci::into(row);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return to_entry(row);
}

std::optional<boost::gregorian::date> lock_closures_for_entry(soci::session& sql) {
    sql << "LOCK TABLE accounting_closures IN SHARE MODE";
    return latest_closing(sql);
}

std::optional<boost::gregorian::date> lock_for_closing(soci::session& sql) {
    sql << "LOCK TABLE accounting_closures IN EXCLUSIVE MODE";
    sql << "LOCK TABLE invoices, payments IN SHARE ROW EXCLUSIVE MODE";
    return latest_closing(sql);
}

std::int64_t insert_closure(soci::session& sql, boost::gregorian::date closed_through,
                            const std::string& closed_by, Instant at) {
    std::string through = iso(closed_through), by = closed_by, when = timestamp(at);
    long long id = 0;
    sql << "INSERT INTO accounting_closures (closed_through, closed_by, closed_at)"
           " VALUES (CAST(:through AS date), :by, CAST(:at AS timestamptz)) RETURNING id",
        soci::use(through), soci::use(by), soci::use(when), soci::into(id);
    return id;
}

std::vector<domain::Closure> closures(soci::session& sql) {
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT id, closed_through::text AS closed_through, closed_by,"
                        " to_char(closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
                        " AS closed_at FROM accounting_closures ORDER BY closed_through DESC");
    std::vector<domain::Closure> found;
    for (const auto& row : rows) {
        found.push_back({row.get<long long>("id"), date_column(row, "closed_through"),
                         row.get<std::string>("closed_by"), row.get<std::string>("closed_at")});
    }
    return found;
}

}  // namespace formations::storage

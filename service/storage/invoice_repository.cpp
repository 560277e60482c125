#include "service/storage/invoice_repository.hpp"

#include "invoices/document_json.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "service/storage/rows.hpp"

namespace formations::storage {
namespace {

const std::string select_invoice = R"sql(
SELECT i.id, i.kind, i.number, i.registration_id, i.corrects_invoice_id,
       i.issued_on::text AS issued_on, i.due_on::text AS due_on, i.payer, i.buyer_name,
       i.total_cents, o.number AS corrects_number,
       COALESCE((SELECT sum(c.total_cents) FROM invoices c WHERE c.corrects_invoice_id = i.id),
                0)::bigint AS credited_cents,
       m.paid_cents, m.refunded_cents, )sql" +
                                   instalments_of("i") + R"sql( AS instalments
  FROM invoices i LEFT JOIN invoices o ON o.id = i.corrects_invoice_id
  CROSS JOIN LATERAL ()sql" + money_movements_of("i") +
                                   ") m\n";

std::vector<domain::Invoice> invoices_where(soci::session& sql, const std::string& condition,
                                            long long key) {
    soci::rowset<soci::row> rows =
        (sql.prepare << select_invoice + " WHERE " + condition + " ORDER BY i.id", soci::use(key));
    std::vector<domain::Invoice> invoices;
    for (const auto& row : rows) {
        invoices.push_back(invoice_columns(row));
    }
    return invoices;
}

}  // namespace

std::vector<pricing::Instalment> instalments_column(const soci::row& row,
                                                    const std::string& column) {
    std::vector<pricing::Instalment> instalments;
    auto text = optional_text(row, column);
    if (!text) {
        return instalments;
    }
    std::size_t start = 0;
    while (start <= text->size()) {
        auto end = text->find(';', start);
        if (end == std::string::npos) {
            end = text->size();
        }
        const auto item = text->substr(start, end - start);
        const auto equals = item.find('=');
        auto due_on = parse_date(item.substr(0, equals));
        if (equals == std::string::npos || !due_on) {
            throw std::runtime_error("column " + column +
                                     " is not a list of instalments: " + *text);
        }
        instalments.push_back(
            {*due_on, pricing::Money::from_cents(std::stoll(item.substr(equals + 1)))});
        start = end + 1;
    }
    return instalments;
}

domain::Invoice invoice_columns(const soci::row& row) {
    domain::Invoice invoice;
    invoice.id = row.get<long long>("id");
    invoice.kind = row.get<std::string>("kind");
    invoice.number = row.get<std::string>("number");
    invoice.registration_id = row.get<long long>("registration_id");
    invoice.corrects_invoice_id = optional_bigint(row, "corrects_invoice_id");
    invoice.corrects_number = optional_text(row, "corrects_number");
    invoice.issued_on = date_column(row, "issued_on");
    invoice.due_on = date_column(row, "due_on");
    invoice.payer = row.get<std::string>("payer");
    invoice.buyer_name = row.get<std::string>("buyer_name");
    invoice.total_cents = row.get<long long>("total_cents");
    invoice.credited_cents = row.get<long long>("credited_cents");
    invoice.paid_cents = row.get<long long>("paid_cents");
    invoice.refunded_cents = row.get<long long>("refunded_cents");
    invoice.instalments = instalments_column(row, "instalments");
    return invoice;
}

TakenNumber take_number(soci::session& sql, const std::string& series,
                        boost::gregorian::date today) {
    std::string name = series, day = iso(today), issued_on;
    TakenNumber taken;
    sql << "WITH series AS (INSERT INTO invoice_series AS s (series, last_issued_on)"
           "   VALUES (:series, CAST(:today AS date)) ON CONFLICT (series) DO UPDATE"
           "   SET last_issued_on = GREATEST(s.last_issued_on, EXCLUDED.last_issued_on)"
           "   RETURNING last_issued_on),"
           " counter AS (INSERT INTO invoice_counters AS c (series, year, last_number)"
           "   SELECT :series2, extract(year FROM last_issued_on)::integer, 1 FROM series"
           "   ON CONFLICT (series, year) DO UPDATE SET last_number = c.last_number + 1"
           "   RETURNING year, last_number)"
           " SELECT series.last_issued_on::text, counter.year, counter.last_number"
           " FROM series, counter",
        soci::use(name), soci::use(day), soci::use(name), soci::into(issued_on),
        soci::into(taken.year), soci::into(taken.sequence);
    taken.issued_on = parse_date(issued_on).value();
    return taken;
}

std::int64_t insert_invoice(soci::session& sql, const NewInvoice& invoice, Instant at) {
    const auto& document = invoice.document;
    std::string kind(invoices::to_string(document.kind)),
        series = invoice.series, number = document.number, payer = invoice.payer,
        buyer = document.buyer.name, siret = document.buyer.siret.value_or(""),
        snapshot = invoices::to_json(document).dump(), issued = iso(document.issued_on),
        due = iso(document.due_on), created = timestamp(at);
    long long registration = invoice.registration_id, total = document.total.cents();
    long long corrects = invoice.corrects_invoice_id.value_or(0);
    soci::indicator corrects_indicator = invoice.corrects_invoice_id ? soci::i_ok : soci::i_null;
    soci::indicator siret_indicator = document.buyer.siret ? soci::i_ok : soci::i_null;
    int year = invoice.year, sequence = invoice.sequence;
    long long id = 0;
    sql << "INSERT INTO invoices (kind, series, year, sequence, number, registration_id,"
           " corrects_invoice_id, issued_on, due_on, payer, buyer_name, buyer_siret, total_cents,"
           " snapshot, created_at) VALUES (:kind, :series, :year, :sequence, :number,"
           " :registration, :corrects, CAST(:issued AS date), CAST(:due AS date), :payer, :buyer,"
           " :siret, :total, CAST(:snapshot AS jsonb), CAST(:created AS timestamptz))"
           " RETURNING id",
        soci::use(kind), soci::use(series), soci::use(year), soci::use(sequence), soci::use(number),
        soci::use(registration), soci::use(corrects, corrects_indicator), soci::use(issued),
        soci::use(due), soci::use(payer), soci::use(buyer), soci::use(siret, siret_indicator),
        soci::use(total), soci::use(snapshot), soci::use(created), soci::into(id);
    int position = 0;
    for (const auto& instalment : document.instalments) {
        std::string due_on = iso(instalment.due_on);
        long long amount = instalment.amount.cents();
        ++position;
        sql << "INSERT INTO invoice_instalments (invoice_id, position, due_on, amount_cents)"
               " VALUES (:id, :position, CAST(:due_on AS date), :amount)",
            soci::use(id), soci::use(position), soci::use(due_on), soci::use(amount);
    }
    return id;
}

std::vector<domain::Invoice> invoices_of_registration(soci::session& sql,
                                                      std::int64_t registration_id) {
    return invoices_where(sql, "i.registration_id = :id", registration_id);
}

std::optional<domain::Invoice> find_invoice_by_number(soci::session& sql, const std::string& number,
                                                      InvoiceLock lock) {
    std::string key = number;
    if (lock == InvoiceLock::for_update) {
        // Serialises payments and credit notes of one invoice (the row itself never changes).
        long long locked = 0;
        sql << "SELECT id FROM invoices WHERE number = :n FOR UPDATE", soci::use(key),
            soci::into(locked);
    }
    soci::row row;
    sql << select_invoice + " WHERE i.number = :n", soci::use(key), soci::into(row);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return invoice_columns(row);
}

std::vector<domain::Invoice> open_invoices_of_registration(soci::session& sql,
                                                           std::int64_t registration_id) {
    return invoices_where(sql,
                          "i.registration_id = :id AND i.kind = 'invoice' AND NOT EXISTS"
                          " (SELECT 1 FROM invoices c WHERE c.corrects_invoice_id = i.id)",
                          registration_id);
}

invoices::Document invoice_document(soci::session& sql, std::int64_t invoice_id) {
    long long id = invoice_id;
    std::string snapshot;
    sql << "SELECT snapshot::text FROM invoices WHERE id = :id", soci::use(id),
        soci::into(snapshot);
    if (!sql.got_data()) {
        throw std::runtime_error("no invoice " + std::to_string(invoice_id));
    }
    return invoices::document_from_json(nlohmann::json::parse(snapshot));
}

std::optional<std::string> stored_pdf(soci::session& sql, std::int64_t invoice_id) {
    long long id = invoice_id;
    std::string encoded;
    // SOCI 4.0 reads bytea as escaped text: move it as base64 instead.
    sql << "SELECT encode(pdf, 'base64') FROM invoice_documents WHERE invoice_id = :id",
        soci::use(id), soci::into(encoded);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return from_base64(encoded);
}

void store_pdf(soci::session& sql, std::int64_t invoice_id, const std::string& pdf, Instant at) {
    long long id = invoice_id;
    std::string rendered_at = timestamp(at);
    std::string encoded = to_base64(pdf);
    sql << "INSERT INTO invoice_documents (invoice_id, pdf, rendered_at)"
           " VALUES (:id, decode(:pdf, 'base64'), CAST(:at AS timestamptz))"
           " ON CONFLICT (invoice_id) DO NOTHING",
        soci::use(id), soci::use(encoded), soci::use(rendered_at);
}

std::int64_t insert_payment(soci::session& sql, const NewPayment& payment, Instant at) {
    long long invoice = payment.invoice_id, amount = payment.amount_cents, id = 0;
    long long reverses = payment.reverses_payment_id.value_or(0);
    std::string paid_on = iso(payment.paid_on), method = payment.method,
                reference = payment.reference.value_or(""), by = payment.recorded_by,
                recorded_at = timestamp(at), kind = payment.kind,
                reason = payment.reason.value_or("");
    soci::indicator reference_indicator = payment.reference ? soci::i_ok : soci::i_null;
    soci::indicator reverses_indicator = payment.reverses_payment_id ? soci::i_ok : soci::i_null;
    soci::indicator reason_indicator = payment.reason ? soci::i_ok : soci::i_null;
    sql << "INSERT INTO payments (invoice_id, amount_cents, paid_on, method, reference,"
           " recorded_by, recorded_at, kind, reverses_payment_id, reason) VALUES (:invoice,"
           " :amount, CAST(:paid_on AS date), :method, :reference, :by,"
           " CAST(:at AS timestamptz), :kind, :reverses, :reason) RETURNING id",
        soci::use(invoice), soci::use(amount), soci::use(paid_on), soci::use(method),
        soci::use(reference, reference_indicator), soci::use(by), soci::use(recorded_at),
        soci::use(kind), soci::use(reverses, reverses_indicator),
        soci::use(reason, reason_indicator), soci::into(id);
    return id;
}

std::int64_t cancellation_fee_cents(soci::session& sql, std::int64_t course_id) {
    long long id = course_id, fee = 0;
    sql << "SELECT cancellation_fee_cents FROM courses WHERE id = :id", soci::use(id),
        soci::into(fee);
    return fee;
}

}  // namespace formations::storage

#include "service/storage/accounting_repository.hpp"

#include "service/storage/embedded_sql.hpp"
#include "service/storage/rows.hpp"

namespace formations::storage {
namespace {

constexpr std::size_t fetch_batch = 1000;

// The documents issued from :from_on to :to_on (either NULL: no bound) with what was credited
// and paid against them up to :settled_on (NULL: everything), their registration's session and
// their status, in the order of the invoice CSV: sql/queries/ledger_documents.sql.
std::string select_documents() {
    return std::string(embedded_sql_file("queries/ledger_documents.sql"));
}

domain::LedgerDocument to_document(const soci::row& row) {
    domain::LedgerDocument document;
    document.invoice = invoice_columns(row);
    document.buyer_siret = optional_text(row, "buyer_siret");
    document.trainee_id = row.get<long long>("trainee_id");
    document.session_id = row.get<long long>("session_id");
    document.session_reference = row.get<std::string>("session_reference");
    document.session_starts_on = date_column(row, "session_starts_on");
    document.status = row.get<std::string>("status");
    return document;
}

// A cursor's plan is by default tuned to return its first rows fast (cursor_tuple_fraction
// 0.1), which picks nested loops that are far slower for reading everything, as exports do.
void plan_for_all_rows(soci::session& sql) {
    sql << "SET LOCAL cursor_tuple_fraction = 1.0";
}

// Reads an open cursor to its end, `fetch_batch` rows at a time, then closes it.
void read_cursor(soci::session& sql, const std::string& cursor,
                 const std::function<void(const soci::row&)>& each) {
    const std::string fetch = "FETCH FORWARD " + std::to_string(fetch_batch) + " FROM " + cursor;
    for (;;) {
        soci::rowset<soci::row> rows = (sql.prepare << fetch);
        std::size_t count = 0;
        for (const auto& row : rows) {
            ++count;
            each(row);
        }
        if (count < fetch_batch) {
            break;
        }
    }
    sql << "CLOSE " + cursor;
}

}  // namespace

domain::LedgerPage list_documents(soci::session& sql, const domain::LedgerFilter& filter) {
    std::string from = filter.from ? iso(*filter.from) : "", to = filter.to ? iso(*filter.to) : "";
    std::string kind = filter.kind.value_or(""), status = filter.status.value_or("");
    soci::indicator from_null = filter.from ? soci::i_ok : soci::i_null;
    soci::indicator to_null = filter.to ? soci::i_ok : soci::i_null;
    soci::indicator kind_null = filter.kind ? soci::i_ok : soci::i_null;
    soci::indicator status_null = filter.status ? soci::i_ok : soci::i_null;
    std::string search = filter.search.value_or("");
    soci::indicator search_null = filter.search ? soci::i_ok : soci::i_null;
    // Bound by position: the query's :from_on, :to_on and :settled_on (NULL: today's status),
    // then :kind, :status and :search. The search is a plain substring (strpos), so % and _ typed
    // by someone match themselves.
    std::string settled;
    soci::indicator settled_null = soci::i_null;
    const std::string matching = "SELECT d.* FROM (" + select_documents() + R"sql() d
 CROSS JOIN (SELECT CAST(:kind AS text) AS wanted_kind, CAST(:status AS text) AS wanted_status,
                    lower(CAST(:search AS text)) AS search) f
 WHERE (f.wanted_kind IS NULL OR d.kind = f.wanted_kind)
   AND (f.search IS NULL OR strpos(lower(d.number), f.search) > 0
        OR strpos(lower(d.buyer_name), f.search) > 0)
   AND (f.wanted_status IS NULL OR d.status = f.wanted_status)
)sql";

    domain::LedgerPage page;
    long long total = 0;
    sql << "SELECT count(*) FROM (" + matching + ") counted", soci::use(from, from_null),
        soci::use(to, to_null), soci::use(settled, settled_null), soci::use(kind, kind_null),
        soci::use(status, status_null), soci::use(search, search_null), soci::into(total);
    page.total = total;

    int limit = filter.limit, offset = filter.offset;
    soci::rowset<soci::row> rows =
        (sql.prepare << matching + " ORDER BY issued_on, id LIMIT :limit OFFSET :offset",
         soci::use(from, from_null), soci::use(to, to_null), soci::use(settled, settled_null),
         soci::use(kind, kind_null), soci::use(status, status_null), soci::use(search, search_null),
         soci::use(limit), soci::use(offset));
    for (const auto& row : rows) {
        page.items.push_back(to_document(row));
    }
    return page;
}

std::vector<domain::LedgerDocument> overdue_invoices(soci::session& sql,
                                                     boost::gregorian::date today) {
    std::string day = iso(today), unbounded;
    soci::indicator none = soci::i_null;
    // Every document with today's status (the shared query's three dates NULL), then :today.
    // Per instalment (invoice_schedule: an invoice without instalments is one): what fell due
    // before today, net of credit notes (which take the latest instalments off first), minus what
    // was paid (which settles the earliest first); `overdue_since`, the first instalment that
    // payments do not cover. An instalment not yet due is never overdue.
    soci::rowset<soci::row> rows =
        (sql.prepare
             << "SELECT d.*, coalesce(v.snapshot -> 'buyer' ->> 'address', '') AS"
                " contact_address, r.trainee_first_name || ' ' || r.trainee_last_name AS"
                " contact_name, t.email AS contact_email, r.trainee_phone AS contact_phone,"
                " GREATEST(0, LEAST(f.fallen_due_cents, d.total_cents + d.credited_cents)"
                " - (d.paid_cents - d.refunded_cents))::bigint AS overdue_cents,"
                " u.since::text AS overdue_since"
                " FROM (" +
                    select_documents() +
                    ") d"
                    " CROSS JOIN (SELECT CAST(:today AS date) AS today) params"
                    " JOIN invoices v ON v.id = d.id"
                    " JOIN registrations r ON r.id = d.registration_id"
                    " JOIN trainees t ON t.id = r.trainee_id"
                    " CROSS JOIN LATERAL (SELECT COALESCE(sum(x.amount_cents), 0) AS"
                    "  fallen_due_cents FROM invoice_schedule x WHERE x.invoice_id = d.id"
                    "  AND x.due_on < params.today) f"
                    " CROSS JOIN LATERAL (SELECT min(y.due_on) AS since FROM (SELECT x.due_on,"
                    "  sum(x.amount_cents) OVER (ORDER BY x.position) AS up_to FROM"
                    "  invoice_schedule x WHERE x.invoice_id = d.id) y"
                    "  WHERE y.up_to > d.paid_cents - d.refunded_cents) u"
                    // Something left to pay first: settled invoices are never looked at further.
                    " WHERE d.kind = 'invoice'"
                    " AND d.total_cents + d.credited_cents - d.paid_cents + d.refunded_cents > 0"
                    " AND LEAST(f.fallen_due_cents, d.total_cents + d.credited_cents)"
                    " - (d.paid_cents - d.refunded_cents) > 0"
                    " ORDER BY u.since, d.id",
         soci::use(unbounded, none), soci::use(unbounded, none), soci::use(unbounded, none),
         soci::use(day));
    std::vector<domain::LedgerDocument> documents;
    for (const auto& row : rows) {
        auto document = to_document(row);
        document.contact = domain::BuyerContact{
            row.get<std::string>("contact_address"), row.get<std::string>("contact_name"),
            row.get<std::string>("contact_email"), optional_text(row, "contact_phone")};
        document.overdue =
            domain::Overdue{row.get<long long>("overdue_cents"), date_column(row, "overdue_since")};
        documents.push_back(std::move(document));
    }
    return documents;
}

void for_each_document(soci::session& sql, const domain::Period& period,
                       const std::function<void(const domain::LedgerDocument&)>& each) {
    std::string from = iso(period.from), to = iso(period.to);
    plan_for_all_rows(sql);
    // As bench/exports.sh times it: settled on the period's last day.
    sql << "DECLARE ledger_documents NO SCROLL CURSOR FOR " + select_documents(), soci::use(from),
        soci::use(to), soci::use(to);
    read_cursor(sql, "ledger_documents", [&](const soci::row& row) { each(to_document(row)); });
}

std::vector<std::pair<std::int64_t, std::string>> documents_issued_in(
    soci::session& sql, const domain::Period& period) {
    std::string from = iso(period.from), to = iso(period.to);
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT id, number FROM invoices WHERE issued_on BETWEEN"
                        " CAST(:from_on AS date) AND CAST(:to_on AS date) ORDER BY issued_on, id",
         soci::use(from), soci::use(to));
    std::vector<std::pair<std::int64_t, std::string>> documents;
    for (const auto& row : rows) {
        documents.emplace_back(row.get<long long>("id"), row.get<std::string>("number"));
    }
    return documents;
}

void for_each_posting(soci::session& sql, const domain::Period& period,
                      const std::function<void(const PostingEvent&)>& each) {
    std::string from = iso(period.from), to = iso(period.to);
    plan_for_all_rows(sql);
    // account_names: one name per customer sub-account, its first invoice's buyer, the same in
    // every file. balance: for the invoice of each entry, when it was issued in the period (so
    // every line of its group is in this file: credit notes and money movements come after the
    // invoice), what its 411 lines add up to on the period's last day. It is computed for each
    // entry through the invoice's indexes: a join on a set of settled invoices would be planned
    // from a guess of a few rows and compared with every entry.
    sql << "DECLARE postings NO SCROLL CURSOR FOR " +
               std::string(embedded_sql_file("queries/fec_postings.sql")),
        soci::use(from), soci::use(to);
    read_cursor(sql, "postings", [&](const soci::row& row) {
        PostingEvent event;
        event.kind = row.get<std::string>("kind");
        event.payment = row.get<int>("journal") == 1;
        event.credit_note = event.kind == "credit_note";
        event.on = date_column(row, "entry_on");
        event.number = row.get<std::string>("number");
        event.amount_cents = row.get<long long>("amount_cents");
        event.corrects_number = optional_text(row, "corrects_number");
        event.method = optional_text(row, "method").value_or("");
        event.reference = optional_text(row, "reference");
        event.reason = optional_text(row, "reason");
        event.payer = row.get<std::string>("payer");
        event.buyer_name = row.get<std::string>("buyer_name");
        event.account_name = row.get<std::string>("account_name");
        event.buyer_siret = optional_text(row, "buyer_siret");
        event.trainee_id = row.get<long long>("trainee_id");
        event.lettering_index = optional_bigint(row, "letter_index");
        if (auto lettered = optional_text(row, "lettered_on")) {
            event.lettered_on = parse_date(*lettered).value();
        }
        each(event);
    });
}

domain::TrainingFigures training_figures(soci::session& sql, const domain::Period& period) {
    domain::TrainingFigures figures;
    std::string from = iso(period.from), to = iso(period.to);
    {
        // The products of the training delivered in the year: invoices of the sessions starting
        // in it that were held (someone present), net of all their credit notes whenever
        // issued, by who pays them; an employer's invoice paid by its OPCO directly (method
        // funding_body, net of reversals) counts under the OPCO for that part.
        long long employers = 0, funding_bodies = 0, individuals = 0;
        sql << R"sql(
WITH held AS (SELECT DISTINCT r.session_id FROM attendance a
                JOIN registrations r ON r.id = a.registration_id WHERE a.present),
products AS (
    SELECT i.payer, GREATEST(i.total_cents + COALESCE(c.credited, 0), 0) AS net,
           COALESCE(f.by_funding_body, 0) AS by_funding_body
      FROM invoices i
      JOIN registrations r ON r.id = i.registration_id
      JOIN sessions s ON s.id = r.session_id
      LEFT JOIN LATERAL (SELECT sum(x.total_cents) AS credited FROM invoices x
                          WHERE x.corrects_invoice_id = i.id) c ON true
      LEFT JOIN LATERAL (SELECT sum(m.amount_cents) AS by_funding_body FROM payments m
                          WHERE m.invoice_id = i.id AND m.method = 'funding_body'
                            AND (m.kind = 'payment'
                                 OR (m.kind = 'reversal' AND m.amount_cents < 0))) f ON true
     WHERE i.kind = 'invoice' AND s.status <> 'cancelled'
       AND s.starts_on BETWEEN CAST(:from_on AS date) AND CAST(:to_on AS date)
       AND s.id IN (SELECT session_id FROM held))
SELECT COALESCE(sum(CASE WHEN payer = 'employer'
                         THEN net - LEAST(GREATEST(by_funding_body, 0), net) END), 0)::bigint,
       COALESCE(sum(CASE WHEN payer = 'funding_body' THEN net
                         WHEN payer = 'employer' THEN LEAST(GREATEST(by_funding_body, 0), net)
                    END), 0)::bigint,
       COALESCE(sum(CASE WHEN payer = 'trainee' THEN net END), 0)::bigint
  FROM products
)sql",
            soci::use(from), soci::use(to), soci::into(employers), soci::into(funding_bodies),
            soci::into(individuals);
        figures.employer_revenue_cents = employers;
        figures.funding_body_revenue_cents = funding_bodies;
        figures.individual_revenue_cents = individuals;
    }
    {
        soci::rowset<soci::row> rows =
            (sql.prepare << "SELECT r.funding, count(DISTINCT r.id) AS trainees,"
                            " COALESCE(sum(c.half_day_minutes), 0)::bigint AS minutes"
                            " FROM attendance a"
                            " JOIN registrations r ON r.id = a.registration_id"
                            " JOIN sessions s ON s.id = r.session_id"
                            " JOIN courses c ON c.id = s.course_id"
                            " WHERE a.present AND s.starts_on BETWEEN CAST(:from_on AS date)"
                            " AND CAST(:to_on AS date) GROUP BY r.funding",
             soci::use(from), soci::use(to));
        for (const auto& row : rows) {
            domain::TraineeFigures category{row.get<long long>("trainees"),
                                            row.get<long long>("minutes")};
            if (row.get<std::string>("funding") == "employer") {
                figures.employees = category;
            } else {
                figures.individuals = category;
            }
        }
    }
    long long delivered = 0, delivered_minutes = 0, scheduled = 0, scheduled_minutes = 0;
    sql << "SELECT count(DISTINCT h.session_id),"
           " COALESCE(sum(c.half_day_minutes), 0)::bigint"
           " FROM (SELECT DISTINCT r.session_id, a.day, a.half FROM attendance a"
           "       JOIN registrations r ON r.id = a.registration_id WHERE a.present) h"
           " JOIN sessions s ON s.id = h.session_id JOIN courses c ON c.id = s.course_id"
           " WHERE s.starts_on BETWEEN CAST(:from_on AS date) AND CAST(:to_on AS date)",
        soci::use(from), soci::use(to), soci::into(delivered), soci::into(delivered_minutes);
    sql << "SELECT count(*), COALESCE(sum(c.duration_minutes), 0)::bigint"
           " FROM sessions s JOIN courses c ON c.id = s.course_id"
           " WHERE s.status <> 'cancelled' AND s.starts_on BETWEEN CAST(:from_on AS date)"
           " AND CAST(:to_on AS date)",
        soci::use(from), soci::use(to), soci::into(scheduled), soci::into(scheduled_minutes);
    figures.sessions_delivered = delivered;
    figures.delivered_minutes = delivered_minutes;
    figures.sessions_scheduled = scheduled;
    figures.scheduled_minutes = scheduled_minutes;
    {
        // Each trainer's sessions delivered in the year and the half-days given in them.
        soci::rowset<soci::row> rows =
            (sql.prepare << "SELECT COALESCE(s.trainer, '') AS trainer,"
                            " count(DISTINCT h.session_id) AS sessions,"
                            " COALESCE(sum(c.half_day_minutes), 0)::bigint AS minutes"
                            " FROM (SELECT DISTINCT r.session_id, a.day, a.half FROM attendance a"
                            "       JOIN registrations r ON r.id = a.registration_id"
                            "       WHERE a.present) h"
                            " JOIN sessions s ON s.id = h.session_id"
                            " JOIN courses c ON c.id = s.course_id"
                            " WHERE s.starts_on BETWEEN CAST(:from_on AS date)"
                            " AND CAST(:to_on AS date)"
                            " GROUP BY COALESCE(s.trainer, '') ORDER BY 1",
             soci::use(from), soci::use(to));
        for (const auto& row : rows) {
            figures.trainers.push_back({row.get<std::string>("trainer"),
                                        row.get<long long>("sessions"),
                                        row.get<long long>("minutes")});
        }
    }
    return figures;
}

}  // namespace formations::storage

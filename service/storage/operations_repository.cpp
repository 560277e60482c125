#include "service/storage/operations_repository.hpp"

#include <soci/soci.h>

namespace formations::storage {
namespace {

// "SELECT label, count" rows as samples of `figure`, one per label value.
void add_counts(soci::session& sql, std::vector<domain::StoredFigure>& figures,
                const domain::StoredFigure& figure, const std::string& label,
                const std::string& query) {
    soci::rowset<soci::row> rows = sql.prepare << query;
    for (const auto& row : rows) {
        auto sample = figure;
        sample.labels.emplace_back(label, row.get<std::string>(0));
        sample.value = static_cast<double>(row.get<long long>(1));
        figures.push_back(std::move(sample));
    }
}

}  // namespace

std::vector<domain::StoredFigure> stored_figures(soci::session& sql) {
    std::vector<domain::StoredFigure> figures;
    // Rows are never deleted: the count of those ever made is a counter.
    add_counts(sql, figures,
               {"formations_registrations_created_total",
                "counter",
                "Registrations made (stored rows), by the status they were created with.",
                {},
                0},
               "status",
               "SELECT created_status, count(*)::bigint FROM registrations GROUP BY created_status"
               " ORDER BY 1");
    add_counts(sql, figures,
               {"formations_registrations", "gauge", "Registrations by current status.", {}, 0},
               "status",
               "SELECT status, count(*)::bigint FROM registrations GROUP BY status ORDER BY 1");
    add_counts(sql, figures,
               {"formations_invoices_issued_total",
                "counter",
                "Invoices and credit notes issued (stored rows), by kind.",
                {},
                0},
               "kind", "SELECT kind, count(*)::bigint FROM invoices GROUP BY kind ORDER BY 1");
    // The outbox: every status, also when no message has it (an alert on failed > 0 needs the
    // series to exist).
    add_counts(sql, figures,
               {"formations_outbox_messages",
                "gauge",
                "E-mails of the outbox by status: pending (waiting for their first or next "
                "attempt), sending (held by a sender), sent, failed.",
                {},
                0},
               "status",
               "SELECT s.status, count(m.id)::bigint"
               " FROM (VALUES ('pending'), ('sending'), ('sent'), ('failed')) AS s (status)"
               " LEFT JOIN outbox_messages m ON m.status = s.status GROUP BY s.status ORDER BY 1");
    long long retrying = 0;
    double oldest = 0;
    soci::indicator oldest_indicator = soci::i_null;
    sql << "SELECT count(*) FILTER (WHERE attempts > 0)::bigint,"
           " extract(epoch FROM min(created_at))::double precision"
           " FROM outbox_messages WHERE status IN ('pending', 'sending')",
        soci::into(retrying), soci::into(oldest, oldest_indicator);
    figures.push_back({"formations_outbox_retrying",
                       "gauge",
                       "E-mails not sent yet after a failed attempt (the SMTP server deferred "
                       "them or could not be reached).",
                       {},
                       static_cast<double>(retrying)});
    if (oldest_indicator == soci::i_ok) {
        // time() - this: how long the oldest message has waited (alert when it grows).
        figures.push_back({"formations_outbox_oldest_unsent_created_seconds",
                           "gauge",
                           "When the oldest e-mail not sent yet was queued (Unix time).",
                           {},
                           oldest});
    }
    return figures;
}

}  // namespace formations::storage

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
    // Issue 10 (e-mail outbox): the backlog of messages not sent yet goes here, e.g.
    // formations_outbox_backlog{state="due"|"retrying"|"failed"}.
    return figures;
}

}  // namespace formations::storage

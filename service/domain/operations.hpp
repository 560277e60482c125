#pragma once
// What the service tells its operators about itself, beyond HTTP (see /metrics): the use of the
// database pool, and counts read from the stored data.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace formations::domain {

struct PoolUse {
    std::size_t size = 0;     // connections opened at start
    long leased = 0;          // in use now
    long lease_timeouts = 0;  // leases that waited in vain (answered 503), since the start
};

// One sample of a metric read from the database, e.g.
// {"formations_invoices_issued_total", "counter", "…", {{"kind", "invoice"}}, 12}.
// Every instance reads the same rows: aggregate them with max(), not sum().
struct StoredFigure {
    std::string name;
    std::string type;  // "counter" or "gauge"
    std::string help;
    std::vector<std::pair<std::string, std::string>> labels;
    double value = 0;
};

}  // namespace formations::domain

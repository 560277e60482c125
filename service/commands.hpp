#pragma once
// The commands of the `formations` binary (see main.cpp for their options). Each returns the
// process's exit status and prints what went wrong on the error stream.

#include <string>

#include "config.hpp"
#include "service/domain/clock.hpp"

namespace formations {

int migrate(const Config& config);
int seed(const Config& config, const Clock& clock, bool demo);
// Until SIGTERM or SIGINT.
int serve(const Config& config, const Clock& clock);
int add_user(const Config& config, const Clock& clock, const std::string& email,
             const std::string& role, bool password_from_stdin);
int ensure_admin(const Config& config, const Clock& clock, const std::string& email);

struct ExportOptions {
    std::string year, from, to, output, format = "json", encoding = "latin9";
};
// fec, invoices-csv, invoices-zip, bpf or qualiopi, to standard output (the ZIPs to `output`).
int export_data(const Config& config, const Clock& clock, const std::string& what,
                const ExportOptions& options);

// The disability referent flag of a staff account.
int set_referent(const Config& config, const Clock& clock, const std::string& email, bool referent);
// Retention now: anonymises what is past its retention period (as the server does periodically).
int anonymise_expired(const Config& config, const Clock& clock);
// Erasure on request of the trainee with that e-mail (invoices keep their snapshot).
int erase_trainee(const Config& config, const Clock& clock, const std::string& email);

}  // namespace formations

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
// fec, invoices-csv, invoices-zip or bpf, to standard output (the ZIP to `output`).
int export_data(const Config& config, const Clock& clock, const std::string& what,
                const ExportOptions& options);

}  // namespace formations

// formations: the registration and billing service of "Créer sa CAE".
//   formations migrate         apply pending schema migrations
//   formations seed [--demo]   load the catalogue (and demonstration data)
//   formations serve           serve the HTTP API until SIGTERM / SIGINT
//   formations user add EMAIL --role ROLE [--password-stdin]
//                              create a staff account (password generated and printed once,
//                              or read from the first line of standard input)
//   formations user ensure-admin EMAIL
//                              create that admin account unless an admin exists
//   formations user referent EMAIL [--off]
//                              flag the account as the disability referent (or no longer)
//   formations export fec --year 2019 | --from D --to D [--encoding latin9|utf-8]   the FEC
//   formations export invoices-csv --year Y | --from D --to D
//   formations export invoices-zip --from D --to D --output FILE.zip
//   formations export bpf --year 2019 [--format json|csv]   yearly training report figures
//   formations export qualiopi --from D --to D --output FILE.zip   Qualiopi audit evidence
//   formations privacy anonymise                anonymise what is past its retention period
//   formations privacy erase EMAIL              erase a trainee on request (invoices kept)
// Configuration comes from the environment (see config.hpp and the README). Here the program is
// wired: the configuration, the business time zone and the one clock every command uses.

#include <iostream>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "config.hpp"
#include "service/domain/time_zone.hpp"

int main(int argc, char** argv) {
    using namespace formations;
    CLI::App cli{"formations: registration and billing of the « Créer sa CAE » training"};
    cli.require_subcommand(1);
    auto* migrate_command = cli.add_subcommand("migrate", "Apply pending schema migrations");
    auto* seed_command = cli.add_subcommand("seed", "Load the catalogue (idempotent)");
    bool demo = false;
    seed_command->add_flag("--demo", demo, "Also load demonstration sessions and organisations");
    auto* serve_command = cli.add_subcommand("serve", "Serve the HTTP API");
    auto* user_command = cli.add_subcommand("user", "Manage staff accounts");
    user_command->require_subcommand(1);
    std::string email, role;
    bool password_from_stdin = false;
    auto* add_command = user_command->add_subcommand("add", "Create an account");
    add_command->add_option("email", email, "E-mail address (the login)")->required();
    add_command->add_option("--role", role, "admin, staff or accountant")->required();
    add_command->add_flag("--password-stdin", password_from_stdin,
                          "Read the password from standard input instead of generating one");
    auto* ensure_admin_command =
        user_command->add_subcommand("ensure-admin", "Create this admin unless one exists");
    ensure_admin_command->add_option("email", email, "E-mail address (the login)")->required();
    bool referent_off = false;
    auto* referent_command = user_command->add_subcommand(
        "referent", "Flag the account as the disability referent (reads accommodation needs)");
    referent_command->add_option("email", email, "E-mail address of the account")->required();
    referent_command->add_flag("--off", referent_off, "No longer the disability referent");
    auto* export_command = cli.add_subcommand(
        "export", "Exports (FEC, invoices CSV or PDF archive, BPF, Qualiopi evidence)");
    export_command->require_subcommand(1);
    ExportOptions export_options;
    auto add_period = [&](CLI::App* command) {
        command->add_option("--year", export_options.year, "Calendar year, e.g. 2019");
        command->add_option("--from", export_options.from, "First day, YYYY-MM-DD");
        command->add_option("--to", export_options.to, "Last day (included), YYYY-MM-DD");
    };
    auto* export_fec = export_command->add_subcommand("fec", "FEC to standard output");
    add_period(export_fec);
    export_fec->add_option("--encoding", export_options.encoding,
                           "latin9 (ISO 8859-15, the default) or utf-8");
    auto* export_csv =
        export_command->add_subcommand("invoices-csv", "Invoices and credit notes, CSV");
    add_period(export_csv);
    auto* export_zip =
        export_command->add_subcommand("invoices-zip", "PDFs of the period in a ZIP file");
    add_period(export_zip);
    export_zip->add_option("--output", export_options.output, "The ZIP file to write")->required();
    auto* export_bpf = export_command->add_subcommand("bpf", "Yearly training report figures");
    export_bpf->add_option("--year", export_options.year, "Calendar year")->required();
    export_bpf->add_option("--format", export_options.format, "json (default) or csv");
    auto* export_qualiopi = export_command->add_subcommand(
        "qualiopi", "Qualiopi evidence of a period, per indicator, in a ZIP file");
    add_period(export_qualiopi);
    export_qualiopi->add_option("--output", export_options.output, "The ZIP file to write")
        ->required();
    auto* privacy_command = cli.add_subcommand("privacy", "Personal data: retention and erasure");
    privacy_command->require_subcommand(1);
    auto* anonymise_command = privacy_command->add_subcommand(
        "anonymise", "Anonymise what is past its retention period (the server does it hourly)");
    auto* erase_command = privacy_command->add_subcommand(
        "erase",
        "Erase a trainee on request: identity, answers, needs and complaints anonymised, "
        "invoices kept");
    erase_command->add_option("email", email, "The trainee's e-mail address")->required();
    CLI11_PARSE(cli, argc, argv);

    auto config = config_from_environment();
    if (!config) {
        std::cerr << "formations: " << config.error().message << '\n';
        return 1;
    }
    // Once, before any thread: every business date is a date of this zone.
    if (auto error = use_time_zone(config->timezone)) {
        std::cerr << "formations: " << error->message << '\n';
        return 1;
    }
    const auto clock =
        config->clock_start ? Clock::starting_at(*config->clock_start) : Clock::real();
    try {
        if (*migrate_command) {
            return migrate(config.value());
        }
        if (*seed_command) {
            return seed(config.value(), clock, demo);
        }
        if (*add_command) {
            return add_user(config.value(), clock, email, role, password_from_stdin);
        }
        if (*ensure_admin_command) {
            return ensure_admin(config.value(), clock, email);
        }
        if (*referent_command) {
            return set_referent(config.value(), clock, email, !referent_off);
        }
        if (*anonymise_command) {
            return anonymise_expired(config.value(), clock);
        }
        if (*erase_command) {
            return erase_trainee(config.value(), clock, email);
        }
        for (auto* command : {export_fec, export_csv, export_zip, export_bpf, export_qualiopi}) {
            if (*command) {
                return export_data(config.value(), clock, command->get_name(), export_options);
            }
        }
        if (*serve_command) {
            return serve(config.value(), clock);
        }
    } catch (const std::exception& error) {
        std::cerr << "formations: " << error.what() << '\n';
        return 1;
    }
    return 1;
}

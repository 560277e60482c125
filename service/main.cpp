// formations: the registration and billing service of "Créer sa CAE".
//   formations migrate         apply pending schema migrations
//   formations seed [--demo]   load the catalogue (and demonstration data)
//   formations serve           serve the HTTP API until SIGTERM / SIGINT
//   formations user add EMAIL --role ROLE [--password-stdin]
//                              create a staff account (password generated and printed once,
//                              or read from the first line of standard input)
//   formations user ensure-admin EMAIL
//                              create that admin account unless an admin exists
//   formations export fec --year 2019 | --from D --to D      the FEC, to standard output
//   formations export invoices-csv --year Y | --from D --to D
//   formations export invoices-zip --from D --to D --output FILE.zip
//   formations export bpf --year 2019 [--format json|csv]   yearly training report figures
// Configuration comes from the environment (see service/config.hpp and the README).

#include <csignal>
#include <cstdlib>
#include <ctime>
#include <iostream>

#include <CLI/CLI.hpp>

#include "service/app/accounting.hpp"
#include "service/app/accounts.hpp"
#include "service/app/passwords.hpp"
#include "service/config.hpp"
#include "service/http/server.hpp"
#include "service/storage/database.hpp"
#include "service/storage/migrations.hpp"

namespace {

using namespace formations;

int fail(const std::string& message) {
    std::cerr << "formations: " << message << '\n';
    return 1;
}

int migrate(const Config& config) {
    auto sql = storage::open_session(config.database_url);
    auto applied = storage::apply_migrations(*sql);
    auto status = storage::schema_status(*sql);
    std::cout << "migrations applied: " << applied.size() << "; schema version "
              << status.database_version << '\n';
    return 0;
}

int seed(const Config& config, bool demo) {
    auto sql = storage::open_session(config.database_url);
    if (!storage::schema_status(*sql).current()) {
        return fail("the schema is not current: run `formations migrate` first");
    }
    storage::apply_seed(*sql, demo);
    std::cout << "seed loaded" << (demo ? " (with demonstration data)" : "") << '\n';
    return 0;
}

int add_user(const Config& config, const std::string& email, const std::string& role_name,
             bool password_from_stdin) {
    auto role = app::parse_role(role_name);
    if (!role) {
        return fail("unknown role '" + role_name + "': admin, staff or accountant");
    }
    std::string password;
    if (password_from_stdin) {
        std::getline(std::cin, password);
    } else {
        password = app::generate_password();
    }
    storage::Database database(config.database_url, 1);
    auto user = app::create_user(database, email, *role, password);
    if (!user) {
        return fail(user.error().message);
    }
    std::cout << "account created: " << user->email << " (" << app::to_string(user->role) << ")\n";
    if (!password_from_stdin) {
        std::cout << "password (shown once): " << password << '\n';
    }
    return 0;
}

int ensure_admin(const Config& config, const std::string& email) {
    storage::Database database(config.database_url, 1);
    if (app::any_admin(database)) {
        std::cout << "an admin account exists already\n";
        return 0;
    }
    return add_user(config, email, "admin", false);
}

// The accountants' exports, with the code of the HTTP routes, written to standard output.
struct ExportOptions {
    std::string year, from, to, output, format = "json";
};

int export_data(const Config& config, const std::string& what, const ExportOptions& options) {
    auto given = [](const std::string& text) {
        return text.empty() ? std::nullopt : std::optional<std::string>(text);
    };
    storage::Database database(config.database_url, 1);
    app::Sink to_stdout = [](std::string_view text) {
        std::cout.write(text.data(), static_cast<std::streamsize>(text.size()));
        if (!std::cout) {
            throw std::runtime_error("cannot write to standard output");
        }
    };
    if (what == "bpf") {
        auto year = app::read_year(options.year, "--year");
        if (!year) {
            return fail(year.error().message);
        }
        if (options.format != "json" && options.format != "csv") {
            return fail("--format: json or csv");
        }
        auto report = app::training_report(database, year.value());
        if (!report) {
            return fail(report.error().message);
        }
        if (options.format == "csv") {
            to_stdout(app::training_report_csv(report.value()));
        } else {
            to_stdout(app::training_report_json(report.value()).dump(2) + "\n");
        }
        return 0;
    }
    auto period = app::read_period(given(options.year), given(options.from), given(options.to));
    if (!period) {
        return fail(period.error().message);
    }
    app::Result<app::Done> done = app::Done{};
    if (what == "fec") {
        done = app::write_fec(database, config.billing, period.value(), to_stdout);
    } else if (what == "invoices-csv") {
        done = app::write_invoices_csv(database, config.billing, period.value(), to_stdout);
    } else {
        done = app::write_invoices_zip(database, period.value(), options.output);
    }
    std::cout.flush();
    if (!done) {
        return fail(done.error().message + (done.error().detail.empty()
                                                ? std::string()
                                                : " (" + done.error().detail + ")"));
    }
    return 0;
}

int serve(const Config& config) {
    // Block the stop signals before any thread starts, so that every thread inherits the mask
    // and only sigwait below receives them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    storage::Database database(config.database_url, static_cast<std::size_t>(config.workers));
    storage::SchemaStatus status{};
    if (auto error = database.with_session(
            [&](soci::session& sql) { status = storage::schema_status(sql); })) {
        return fail("database unreachable: " + error->detail);
    }
    if (!status.current()) {
        return fail("the database schema is at version " + std::to_string(status.database_version) +
                    ", this binary needs " + std::to_string(status.expected_version) +
                    ": run `formations migrate`");
    }
    http::Server server(config, database, app::local_today);
    server.start();
    std::cout << "formations: listening on http://" << config.listen_host << ':' << server.port()
              << '/' << std::endl;
    int received = 0;
    sigwait(&signals, &received);
    std::cout << "formations: stopping (signal " << received << ")" << std::endl;
    server.stop();
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
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
    auto* export_command =
        cli.add_subcommand("export", "Accounting exports (FEC, invoices CSV or PDF archive, BPF)");
    export_command->require_subcommand(1);
    ExportOptions export_options;
    auto add_period = [&](CLI::App* command) {
        command->add_option("--year", export_options.year, "Calendar year, e.g. 2019");
        command->add_option("--from", export_options.from, "First day, YYYY-MM-DD");
        command->add_option("--to", export_options.to, "Last day (included), YYYY-MM-DD");
    };
    auto* export_fec = export_command->add_subcommand("fec", "FEC to standard output");
    add_period(export_fec);
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
    CLI11_PARSE(cli, argc, argv);

    auto config = config_from_environment();
    if (!config) {
        return fail(config.error().message);
    }
    setenv("TZ", config->timezone.c_str(), 1);
    tzset();
    try {
        if (*migrate_command) {
            return migrate(config.value());
        }
        if (*seed_command) {
            return seed(config.value(), demo);
        }
        if (*add_command) {
            return add_user(config.value(), email, role, password_from_stdin);
        }
        if (*ensure_admin_command) {
            return ensure_admin(config.value(), email);
        }
        for (auto* command : {export_fec, export_csv, export_zip, export_bpf}) {
            if (*command) {
                return export_data(config.value(), command->get_name(), export_options);
            }
        }
        if (*serve_command) {
            return serve(config.value());
        }
    } catch (const std::exception& error) {
        return fail(error.what());
    }
    return 1;
}

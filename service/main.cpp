// formations: the registration and billing service of "Créer sa CAE".
//   formations migrate         apply pending schema migrations
//   formations seed [--demo]   load the catalogue (and demonstration data)
//   formations serve           serve the HTTP API until SIGTERM / SIGINT
//   formations user add EMAIL --role ROLE [--password-stdin]
//                              create a staff account (password generated and printed once,
//                              or read from the first line of standard input)
//   formations user ensure-admin EMAIL
//                              create that admin account unless an admin exists
// Configuration comes from the environment (see service/config.hpp and the README).

#include <csignal>
#include <cstdlib>
#include <ctime>
#include <iostream>

#include <CLI/CLI.hpp>

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
        if (*serve_command) {
            return serve(config.value());
        }
    } catch (const std::exception& error) {
        return fail(error.what());
    }
    return 1;
}

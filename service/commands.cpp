#include "commands.hpp"

#include <csignal>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "service/app/accounting.hpp"
#include "service/app/accounts.hpp"
#include "service/app/background.hpp"
#include "service/app/passwords.hpp"
#include "service/app/personal_data.hpp"
#include "service/app/qualiopi_export.hpp"
#include "service/app/schema.hpp"
#include "service/app/seeding.hpp"
#include "service/domain/iso8601.hpp"
#include "service/http/json_io.hpp"
#include "service/http/log.hpp"
#include "service/http/server.hpp"
#include "service/storage/database.hpp"

namespace formations {
namespace {

int fail(const std::string& message) {
    std::cerr << "formations: " << message << '\n';
    return 1;
}

int fail(const Error& error) {
    return fail(error.message + (error.detail.empty() ? "" : " (" + error.detail + ")"));
}

}  // namespace

int migrate(const Config& config) {
    storage::Database database(config.database_url, 1);
    auto applied = app::migrate(database);
    if (!applied) {
        return fail(applied.error());
    }
    auto schema = app::schema_state(database);
    if (!schema) {
        return fail(schema.error());
    }
    std::cout << "migrations applied: " << applied->size() << "; schema version "
              << schema->database_version << '\n';
    return 0;
}

int seed(const Config& config, const Clock& clock, bool demo) {
    storage::Database database(config.database_url, 1);
    auto schema = app::schema_state(database);
    if (!schema) {
        return fail(schema.error());
    }
    if (!schema->current()) {
        return fail("the schema is not current: run `formations migrate` first");
    }
    if (auto seeded = app::seed_catalogue(database, clock, demo); !seeded) {
        return fail(seeded.error());
    }
    std::cout << "seed loaded" << (demo ? " (with demonstration data)" : "") << '\n';
    return 0;
}

int add_user(const Config& config, const Clock& clock, const std::string& email,
             const std::string& role_name, bool password_from_stdin) {
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
    auto user = app::create_user(database, clock, email, *role, password);
    if (!user) {
        return fail(user.error());
    }
    std::cout << "account created: " << user->email << " (" << app::to_string(user->role) << ")\n";
    if (!password_from_stdin) {
        std::cout << "password (shown once): " << password << '\n';
    }
    return 0;
}

int ensure_admin(const Config& config, const Clock& clock, const std::string& email) {
    storage::Database database(config.database_url, 1);
    auto exists = app::any_admin(database);
    if (!exists) {
        return fail(exists.error());
    }
    if (exists.value()) {
        std::cout << "an admin account exists already\n";
        return 0;
    }
    return add_user(config, clock, email, "admin", false);
}

int export_data(const Config& config, const Clock& clock, const std::string& what,
                const ExportOptions& options) {
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
            return fail(year.error());
        }
        if (options.format != "json" && options.format != "csv") {
            return fail("--format: json or csv");
        }
        auto report = app::training_report(database, config.billing.accounting, year.value());
        if (!report) {
            return fail(report.error());
        }
        to_stdout(options.format == "csv"
                      ? app::training_report_csv(report.value())
                      : http::training_report_json(report.value()).dump(2) + "\n");
        return 0;
    }
    auto period = app::read_period(given(options.year), given(options.from), given(options.to));
    if (!period) {
        return fail(period.error());
    }
    Result<Done> done = Done{};
    if (what == "fec") {
        auto encoding = app::parse_fec_encoding(options.encoding);
        if (!encoding) {
            return fail("--encoding: latin9 or utf-8");
        }
        done = app::write_fec(database, config.billing, period.value(), to_stdout, *encoding);
    } else if (what == "invoices-csv") {
        done = app::write_invoices_csv(database, config.billing, period.value(), to_stdout);
    } else if (what == "qualiopi") {
        done = app::write_qualiopi_zip(database, clock, config.billing, period.value(),
                                       options.output);
    } else {
        done = app::write_invoices_zip(database, clock, period.value(), options.output);
    }
    std::cout.flush();
    return done ? 0 : fail(done.error());
}

int serve(const Config& config, const Clock& clock) {
    // Block the stop signals before any thread starts, so that every thread inherits the mask
    // and only sigwait below receives them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    storage::Database database(config.database_url,
                               static_cast<std::size_t>(config.server.workers));
    auto schema = app::schema_state(database);
    if (!schema) {
        return fail("database unreachable: " + schema.error().detail);
    }
    if (!schema->current()) {
        return fail("the database schema is at version " +
                    std::to_string(schema->database_version) + ", this binary needs " +
                    std::to_string(schema->expected_version) + ": run `formations migrate`");
    }
    // From here on the error stream is the service's log: JSON lines (http/log.hpp).
    if (clock.pinned_start()) {
        http::log_event("warning", "clock_pinned",
                        {{"variable", "FORMATIONS_CLOCK"},
                         {"started_at", format_instant(*clock.pinned_start())}});
    }
    http::Server server(config.server, database, clock, config.billing, config.evaluations,
                        config.mail);
    server.start();
    // The outbox's senders and the scheduler (reminders, survey invitations, retention of
    // personal data), on their own threads and connections.
    app::Background background(
        config.database_url, clock, config.mail, config.billing,
        {config.evaluations, config.retention, config.housekeeping_interval},
        [](std::string_view level, std::string_view event,
           const std::vector<app::LogField>& fields) {
            nlohmann::json line = nlohmann::json::object();
            for (const auto& [name, value] : fields) {
                std::visit([&, &name = name](const auto& v) { line[name] = v; }, value);
            }
            http::log_event(level, event, std::move(line));
        });
    background.start();
    http::log_event("info", "listening",
                    {{"address", config.server.host + ':' + std::to_string(server.port())}});
    std::cout << "formations: listening on http://" << config.server.host << ':' << server.port()
              << '/' << std::endl;
    int received = 0;
    sigwait(&signals, &received);
    std::cout << "formations: stopping (signal " << received << ")" << std::endl;
    http::log_event("info", "stopping", {{"signal", received}});
    // The scheduler and the senders are asked to stop as the drain starts, not once it ends: a
    // long scheduler pass and the drain then take the longer of the two, not their sum.
    background.request_stop();
    server.stop();
    background.stop();
    http::log_event("info", "stopped");
    return 0;
}

int set_referent(const Config& config, const Clock& clock, const std::string& email,
                 bool referent) {
    storage::Database database(config.database_url, 1);
    auto actor = app::set_disability_referent(database, clock, email, referent, "command");
    if (!actor) {
        return fail(actor.error());
    }
    std::cout << actor->email
              << (referent ? " is now the disability referent (reads accommodation needs)\n"
                           : " is no longer a disability referent\n");
    return 0;
}

int anonymise_expired(const Config& config, const Clock& clock) {
    storage::Database database(config.database_url, 1);
    auto report = app::apply_retention(database, clock, config.retention);
    if (!report) {
        return fail(report.error());
    }
    if (!report->ran) {
        std::cout << "another process is applying the retention rules right now; nothing done\n";
        return 0;
    }
    std::cout << "anonymised: " << report->answers << " questionnaire answers, "
              << report->accommodations << " accommodation requests, " << report->complaints
              << " complaints, " << report->messages << " e-mails\n";
    return 0;
}

int erase_trainee(const Config& config, const Clock& clock, const std::string& email) {
    storage::Database database(config.database_url, 1);
    auto report = app::erase_trainee_by_email(database, clock, "command", email);
    if (!report) {
        return fail(report.error());
    }
    std::cout << "erased: trainee " << report->trainee.id << " is now « "
              << report->trainee.first_name << " " << report->trainee.last_name << " »; "
              << report->registrations << " registrations, " << report->answers << " answers, "
              << report->accommodations << " accommodation requests, " << report->complaints
              << " complaints, " << report->messages << " e-mails anonymised, "
              << report->signatories << " employers' signatories anonymised; "
              << report->trainee.invoices << " invoices kept as issued, "
              << report->trainee.contracts << " signed contracts kept as signed (legal records)\n";
    return 0;
}

}  // namespace formations

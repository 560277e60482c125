#pragma once
// The connection pool and the one way use cases touch the database: `transact`, which runs a
// function inside one transaction, commits it, retries it on serialization failures and
// deadlocks, and turns database exceptions into `app::Error` values. Example:
//   auto result = db.transact([&](soci::session& sql) -> Result<Done> { ...; return Done{}; });

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include <soci/soci.h>

#include "service/app/error.hpp"

namespace formations::storage {

// A database error classified for the caller: the SQLSTATE and, for constraint violations, the
// constraint name (both empty when unknown).
struct DatabaseFailure {
    std::string sqlstate;
    std::string constraint;
    std::string message;
    bool connection_lost = false;
};

DatabaseFailure classify(const soci::soci_error& error);

class Database {
  public:
    Database(std::string connection_string, std::size_t pool_size,
             std::chrono::milliseconds lease_timeout = std::chrono::seconds(5));
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    const std::string& connection_string() const { return connection_string_; }
    std::size_t pool_size() const { return pool_size_; }

    // Runs `work(sql)` in one transaction. `work` returns Result<T>; an error result rolls back.
    // Serialization failures (40001) and deadlocks (40P01) are retried a few times. A lost
    // connection or an exhausted pool gives `unavailable`.
    template <typename F>
    auto transact(F&& work) -> std::invoke_result_t<F&, soci::session&> {
        using R = std::invoke_result_t<F&, soci::session&>;
        std::optional<R> outcome;
        auto error = run_in_transaction([&](soci::session& sql) {
            outcome.emplace(work(sql));
            return outcome->ok();
        });
        if (error) {
            return *error;
        }
        return std::move(*outcome);
    }

    // Runs `work(sql)` on a leased connection without a transaction (DDL helpers, health checks).
    std::optional<app::Error> with_session(const std::function<void(soci::session&)>& work);

  private:
    // `work` returns true to commit, false to roll back.
    std::optional<app::Error> run_in_transaction(const std::function<bool(soci::session&)>& work);

    std::string connection_string_;
    std::size_t pool_size_;
    std::chrono::milliseconds lease_timeout_;
    std::unique_ptr<soci::connection_pool> pool_;
};

// Opens one connection outside any pool (command-line tools, tests).
std::unique_ptr<soci::session> open_session(const std::string& connection_string);

}  // namespace formations::storage

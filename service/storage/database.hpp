#pragma once
// The connection pool and the one way use cases touch the database: `transact`, which runs a
// function inside one transaction, commits it, retries it on serialization failures and
// deadlocks, and turns database exceptions into `Error` values. Example:
//   auto result = db.transact([&](soci::session& sql) -> Result<Done> { ...; return Done{}; });
// SOCI stays behind this layer: its headers are included by storage's .cpp files only, callers
// see `soci::session` as an opaque type they hand back to the repositories.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "service/domain/error.hpp"
#include "service/domain/operations.hpp"

namespace soci {
class session;
class connection_pool;
}  // namespace soci

namespace formations::storage {

class Database {
  public:
    Database(std::string connection_string, std::size_t pool_size,
             std::chrono::milliseconds lease_timeout = std::chrono::seconds(5));
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Runs `work(sql)` in one transaction. `work` returns Result<T>; an error result rolls back.
    // Serialization failures (40001) and deadlocks (40P01) run `work` again, a few times; then,
    // like a lost connection or an exhausted pool, they give `unavailable` (503).
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

    // Runs `work(sql)` like transact, then always rolls back: what a use case would do, answered
    // without doing it (a preview). Everything it wrote is undone, its outbox rows, audit entries
    // and invoice numbers (counter rows locked FOR UPDATE) included; only PostgreSQL's sequences,
    // which no rollback rewinds, have advanced (row ids, which promise no continuity). Its row
    // locks are held until the rollback, as the real use case's until its commit.
    template <typename F>
    auto rehearse(F&& work) -> std::invoke_result_t<F&, soci::session&> {
        using R = std::invoke_result_t<F&, soci::session&>;
        std::optional<R> outcome;
        auto error = run_in_transaction([&](soci::session& sql) {
            outcome.emplace(work(sql));
            return false;
        });
        if (error) {
            return *error;
        }
        return std::move(*outcome);
    }

    // The same on `sql`, a connection the caller holds through with_session: a series of
    // transactions committed one by one on one connection, which keeps what its session holds
    // between them (the scheduler's session-level advisory lock). Retried on the same connection,
    // never on a new one: a lost connection lost what its session held, so it is an error
    // (`unavailable`) for the caller to end its series on.
    template <typename F>
    auto transact_on(soci::session& sql, F&& work) -> std::invoke_result_t<F&, soci::session&> {
        using R = std::invoke_result_t<F&, soci::session&>;
        std::optional<R> outcome;
        auto error = run_in_transaction_on(sql, [&](soci::session& held) {
            outcome.emplace(work(held));
            return outcome->ok();
        });
        if (error) {
            return *error;
        }
        return std::move(*outcome);
    }

    // Runs `work(sql)` without BEGIN: each statement is a transaction of its own and commits as
    // it ends. For a use case whose writes are ONE statement (a server-side function that writes
    // all of it and checks again what was read before it): its commit then costs no round trip
    // of its own, so the rows it locks are held for its execution and the commit's flush only,
    // not for one more round trip from here (issue 15: every invoiced registration takes its
    // series' counter). Never for two writes: the first would stay if the second failed.
    // Serialization failures and deadlocks (the one write undone by the server) run `work`
    // again; so does a connection found lost, once, on a new one — the write may then have been
    // applied, so running it again must meet it (refused or replayed, never applied twice).
    // Errors as `transact`; an error result undoes nothing.
    template <typename F>
    auto autocommit(F&& work) -> std::invoke_result_t<F&, soci::session&> {
        using R = std::invoke_result_t<F&, soci::session&>;
        std::optional<R> outcome;
        auto error = run_autocommit([&](soci::session& sql) { outcome.emplace(work(sql)); });
        if (error) {
            return *error;
        }
        return std::move(*outcome);
    }

    // Runs `work(sql)` on a leased connection without a transaction (health checks), or around
    // the transactions it runs there with transact_on.
    std::optional<Error> with_session(const std::function<void(soci::session&)>& work);

    // For /metrics.
    domain::PoolUse pool_use() const;

  private:
    // A free slot of the pool, waited for lease_timeout_ at most (counted when none came).
    bool lease_slot(std::size_t& position);
    // `work` returns true to commit, false to roll back.
    std::optional<Error> run_in_transaction(const std::function<bool(soci::session&)>& work);
    std::optional<Error> run_autocommit(const std::function<void(soci::session&)>& work);
    std::optional<Error> run_in_transaction_on(soci::session& sql,
                                               const std::function<bool(soci::session&)>& work);

    std::string connection_string_;
    std::size_t pool_size_;
    std::chrono::milliseconds lease_timeout_;
    std::unique_ptr<soci::connection_pool> pool_;
    std::atomic<long> leased_{0};
    std::atomic<long> lease_timeouts_{0};
};

// One connection outside any pool (migrations, seeds, tests).
std::unique_ptr<soci::session> open_session(const std::string& connection_string);

// Inside a transaction, before its first query: it only reads (exports).
void make_read_only(soci::session& sql);

}  // namespace formations::storage

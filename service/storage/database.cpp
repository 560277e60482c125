#include "service/storage/database.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

namespace formations::storage {
namespace {

constexpr int max_attempts = 5;

// A database error as the server classified it: its SQLSTATE (PG_DIAG_SQLSTATE, the same in
// every language of lc_messages) and whether the connection is gone.
struct Failure {
    std::string sqlstate;
    std::string message;  // for the log only, never parsed
    bool connection_lost = false;
};

Failure classify(const soci::soci_error& error, soci::session& sql) {
    Failure failure;
    failure.message = error.what();
    if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&error)) {
        failure.sqlstate = pg->sqlstate();
    }
    failure.connection_lost = error.get_error_category() == soci::soci_error::connection_error ||
                              failure.sqlstate.starts_with("08") ||
                              failure.sqlstate.starts_with("57P") || !sql.is_connected();
    return failure;
}

bool is_retryable(const Failure& failure) {
    return failure.sqlstate == "40001" || failure.sqlstate == "40P01";
}

Error to_error(const Failure& failure) {
    auto detail =
        "SQLSTATE " + (failure.sqlstate.empty() ? "?" : failure.sqlstate) + ": " + failure.message;
    if (failure.connection_lost || is_retryable(failure)) {
        return Error::unavailable(detail);
    }
    if (failure.sqlstate.starts_with("23")) {
        // A constraint the use case did not expect (expected ones are checked or handled with
        // ON CONFLICT by the repositories): the data stays right, the request is refused.
        auto error = Error::conflict("conflict",
                                     "La demande entre en conflit avec l'état actuel des données.");
        error.detail = detail;
        return error;
    }
    return Error::internal(detail);
}

// Gives a leased connection back to the pool whatever happens.
class Lease {
  public:
    Lease(soci::connection_pool& pool, std::size_t position, std::atomic<long>& leased)
        : pool_(pool), position_(position), leased_(leased) {
        ++leased_;
    }
    ~Lease() {
        pool_.give_back(position_);
        --leased_;
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    soci::session& session() { return pool_.at(position_); }

  private:
    soci::connection_pool& pool_;
    std::size_t position_;
    std::atomic<long>& leased_;
};

// A connection lost earlier (server restarted, backend terminated) is found by the first
// statement a lease sends, not by a ping before every use (SOCI's is_connected() is a round trip
// per request): the statements that may run again safely on a new connection (BEGIN, the health
// check's read) are retried once there.
// After a failed statement: the transaction is over whatever happens here (a lost connection
// has none left to roll back).
void roll_back_quietly(soci::session& sql) {
    try {
        sql.rollback();
    } catch (const soci::soci_error&) {
    }
}

template <typename Statement>
void on_live_connection(soci::session& sql, Statement&& statement) {
    try {
        statement();
        return;
    } catch (const soci::soci_error& error) {
        if (!classify(error, sql).connection_lost) {
            throw;
        }
    }
    sql.reconnect();
    statement();
}

// BEGIN (`begin`), `work`, then COMMIT or ROLLBACK as `work` says: nothing when that went
// through, else the database error that ended the transaction (classified).
template <typename Begin>
std::optional<Failure> one_transaction(soci::session& sql,
                                       const std::function<bool(soci::session&)>& work,
                                       Begin&& begin) {
    try {
        begin();
        bool commit = false;
        try {
            commit = work(sql);
        } catch (...) {
            roll_back_quietly(sql);
            throw;
        }
        if (commit) {
            sql.commit();
        } else {
            sql.rollback();
        }
        return std::nullopt;
    } catch (const soci::soci_error& error) {
        return classify(error, sql);
    }
}

}  // namespace

Database::Database(std::string connection_string, std::size_t pool_size,
                   std::chrono::milliseconds lease_timeout)
    : connection_string_(std::move(connection_string)),
      pool_size_(pool_size),
      lease_timeout_(lease_timeout),
      pool_(std::make_unique<soci::connection_pool>(pool_size)) {
    for (std::size_t i = 0; i < pool_size_; ++i) {
        pool_->at(i).open(soci::postgresql, connection_string_);
    }
}

Database::~Database() = default;

bool Database::lease_slot(std::size_t& position) {
    if (pool_->try_lease(position, static_cast<int>(lease_timeout_.count()))) {
        return true;
    }
    ++lease_timeouts_;
    return false;
}

std::optional<Error> Database::with_session(const std::function<void(soci::session&)>& work) {
    std::size_t position = 0;
    if (!lease_slot(position)) {
        return Error::unavailable("connection pool exhausted");
    }
    Lease lease(*pool_, position, leased_);
    try {
        on_live_connection(lease.session(), [&] { work(lease.session()); });
        return std::nullopt;
    } catch (const soci::soci_error& error) {
        return to_error(classify(error, lease.session()));
    }
}

std::optional<Error> Database::run_in_transaction(const std::function<bool(soci::session&)>& work) {
    for (int attempt = 1;; ++attempt) {
        std::size_t position = 0;
        if (!lease_slot(position)) {
            return Error::unavailable("connection pool exhausted");
        }
        Lease lease(*pool_, position, leased_);
        soci::session& sql = lease.session();
        auto failure =
            one_transaction(sql, work, [&] { on_live_connection(sql, [&] { sql.begin(); }); });
        if (!failure) {
            return std::nullopt;
        }
        if (!is_retryable(*failure) || attempt == max_attempts) {
            return to_error(*failure);
        }
    }
}

std::optional<Error> Database::run_autocommit(const std::function<void(soci::session&)>& work) {
    std::size_t position = 0;
    if (!lease_slot(position)) {
        return Error::unavailable("connection pool exhausted");
    }
    Lease lease(*pool_, position, leased_);
    soci::session& sql = lease.session();
    bool reconnected = false;
    for (int attempt = 1;; ++attempt) {
        try {
            work(sql);
            return std::nullopt;
        } catch (const soci::soci_error& error) {
            auto failure = classify(error, sql);
            if (failure.connection_lost && !reconnected) {
                reconnected = true;
                try {
                    sql.reconnect();
                } catch (const soci::soci_error& again) {
                    return to_error(classify(again, sql));
                }
                continue;
            }
            if (!is_retryable(failure) || attempt == max_attempts) {
                return to_error(failure);
            }
        }
    }
}

std::optional<Error> Database::run_in_transaction_on(
    soci::session& sql, const std::function<bool(soci::session&)>& work) {
    for (int attempt = 1;; ++attempt) {
        auto failure = one_transaction(sql, work, [&] { sql.begin(); });
        if (!failure) {
            return std::nullopt;
        }
        if (!is_retryable(*failure) || attempt == max_attempts) {
            return to_error(*failure);
        }
    }
}

domain::PoolUse Database::pool_use() const {
    return {pool_size_, leased_.load(), lease_timeouts_.load()};
}

std::unique_ptr<soci::session> open_session(const std::string& connection_string) {
    return std::make_unique<soci::session>(soci::postgresql, connection_string);
}

void make_read_only(soci::session& sql) {
    sql << "SET TRANSACTION READ ONLY";
}

}  // namespace formations::storage

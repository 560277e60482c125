#include "service/storage/database.hpp"

#include <iostream>

#include <soci/postgresql/soci-postgresql.h>

namespace formations::storage {
namespace {

constexpr int max_attempts = 5;

bool is_retryable(const DatabaseFailure& failure) {
    return failure.sqlstate == "40001" || failure.sqlstate == "40P01";
}

// Gives a leased connection back to the pool whatever happens.
class Lease {
  public:
    Lease(soci::connection_pool& pool, std::size_t position) : pool_(pool), position_(position) {}
    ~Lease() { pool_.give_back(position_); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    soci::session& session() { return pool_.at(position_); }

  private:
    soci::connection_pool& pool_;
    std::size_t position_;
};

app::Error to_error(const DatabaseFailure& failure) {
    if (failure.connection_lost || failure.sqlstate.starts_with("08") ||
        failure.sqlstate.starts_with("57P")) {
        return app::Error::unavailable(failure.message);
    }
    if (failure.sqlstate.starts_with("23")) {
        auto error = app::Error::conflict(
            "conflict", "La demande entre en conflit avec l'état actuel des données.");
        error.detail = failure.message;
        return error;
    }
    return app::Error::internal(failure.message);
}

// A session is usable again after the server came back: reconnect before the next use.
void ensure_connected(soci::session& sql) {
    if (!sql.is_connected()) {
        sql.reconnect();
    }
}

}  // namespace

DatabaseFailure classify(const soci::soci_error& error) {
    DatabaseFailure failure;
    failure.message = error.what();
    if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&error)) {
        failure.sqlstate = pg->sqlstate();
    }
    failure.connection_lost = error.get_error_category() == soci::soci_error::connection_error;
    const std::string marker = "constraint \"";
    if (auto start = failure.message.find(marker); start != std::string::npos) {
        start += marker.size();
        if (auto end = failure.message.find('"', start); end != std::string::npos) {
            failure.constraint = failure.message.substr(start, end - start);
        }
    }
    return failure;
}

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

std::optional<app::Error> Database::with_session(const std::function<void(soci::session&)>& work) {
    std::size_t position = 0;
    if (!pool_->try_lease(position, static_cast<int>(lease_timeout_.count()))) {
        return app::Error::unavailable("connection pool exhausted");
    }
    Lease lease(*pool_, position);
    try {
        ensure_connected(lease.session());
        work(lease.session());
        return std::nullopt;
    } catch (const soci::soci_error& error) {
        auto failure = classify(error);
        failure.connection_lost = failure.connection_lost || !lease.session().is_connected();
        return to_error(failure);
    }
}

std::optional<app::Error> Database::run_in_transaction(
    const std::function<bool(soci::session&)>& work) {
    for (int attempt = 1;; ++attempt) {
        std::size_t position = 0;
        if (!pool_->try_lease(position, static_cast<int>(lease_timeout_.count()))) {
            return app::Error::unavailable("connection pool exhausted");
        }
        Lease lease(*pool_, position);
        soci::session& sql = lease.session();
        try {
            ensure_connected(sql);
            soci::transaction transaction(sql);
            if (work(sql)) {
                transaction.commit();
            } else {
                transaction.rollback();
            }
            return std::nullopt;
        } catch (const soci::soci_error& error) {
            auto failure = classify(error);
            failure.connection_lost = failure.connection_lost || !sql.is_connected();
            if (is_retryable(failure) && attempt < max_attempts) {
                continue;
            }
            return to_error(failure);
        }
    }
}

std::unique_ptr<soci::session> open_session(const std::string& connection_string) {
    return std::make_unique<soci::session>(soci::postgresql, connection_string);
}

}  // namespace formations::storage

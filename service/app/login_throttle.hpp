#pragma once
// How often a login may be tried, before any password is hashed. Pure: the counts come from the
// failed logins stored by the caller, the instant from its clock. Three rules, each a delay that
// grows with the failures it counts (never a lock for a fixed time that anybody could trigger):
//
// 1. this client and this account: 5 failures in a day are free, then 30 s after the last one,
//    doubling with each further failure, up to 15 min — a person mistyping is never slowed,
//    guessing one account from one address gives at most a hundred tries a day;
// 2. this client, any account: 20 failures in an hour are free, then the same growing delay —
//    one address spraying passwords over many accounts;
// 3. this account from clients it never logged in from (in 90 days): 10 failures in an hour are
//    free, then 1 s doubling up to 1 min — a flood from many addresses (a botnet) gets at most
//    one guess a minute per account. The account's own clients are not concerned: the real admin
//    logs in from their usual address while strangers hammer the account.
//
// A successful login forgives the failures of that client on that account and makes it one of
// the account's clients. Example:
//   LoginHistory history{.client_account_failures = 6, .client_account_last = t};
//   login_allowed_at(history) == t + 60s

#include <chrono>
#include <optional>

#include "service/domain/clock.hpp"

namespace formations::app {

inline constexpr std::chrono::hours client_account_window{24};
inline constexpr std::chrono::hours client_window{1};
inline constexpr std::chrono::hours account_window{1};
// Failures older than this are purged: no rule looks further back.
inline constexpr std::chrono::hours login_failure_retention = client_account_window;
// A client that logged into an account within this time is one of its clients.
inline constexpr std::chrono::hours known_client_period{24 * 90};

// Failures counted in each rule's window, and the last one's instant.
struct LoginHistory {
    int client_account_failures = 0;  // this client, this account, within client_account_window
    Instant client_account_last{};
    int client_failures = 0;  // this client, any account, within client_window
    Instant client_last{};
    int stranger_failures = 0;  // this account, from clients not its own, within account_window
    Instant stranger_last{};
    bool known_client = false;  // this client logged into this account within known_client_period
};

// When the next attempt may be tried; nullopt: at once.
std::optional<Instant> login_allowed_at(const LoginHistory& history);

}  // namespace formations::app

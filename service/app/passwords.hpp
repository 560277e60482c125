#pragma once
// Password hashing with Argon2id (libsodium, interactive limits: 64 MiB and about 50 ms of one
// core per hash), and generated passwords.
//
// Every hash takes a turn (HashTurn): at most `concurrent_password_hashes` run at once in a
// process, and at most `waiting_password_hashes` callers wait, each at most
// `password_hash_wait`. A flood of logins therefore costs one hash's memory and one core at a
// time, and never holds more than a few of the worker threads the public pages need; the
// callers without a turn are told to come back (503).

#include <chrono>
#include <optional>
#include <string>
#include <utility>

namespace formations::app {

inline constexpr int concurrent_password_hashes = 1;
inline constexpr int waiting_password_hashes = 2;
inline constexpr std::chrono::milliseconds password_hash_wait{1000};

class HashTurn {
  public:
    // nullopt: too many hashes running or waiting.
    static std::optional<HashTurn> take();
    ~HashTurn();
    HashTurn(HashTurn&& other) noexcept : held_(std::exchange(other.held_, false)) {}
    HashTurn(const HashTurn&) = delete;
    HashTurn& operator=(const HashTurn&) = delete;
    HashTurn& operator=(HashTurn&&) = delete;

  private:
    HashTurn() = default;
    bool held_ = true;
};

// For /metrics.
struct HashingLoad {
    long running = 0;
    long waiting = 0;
    long refused = 0;  // no turn given, since the start
};
HashingLoad hashing_load();

// Both need a turn (see above).
std::string hash_password(const HashTurn& turn, const std::string& password);
bool verify_password(const HashTurn& turn, const std::string& hash, const std::string& password);
// 20 characters from an alphabet without look-alikes (~115 bits).
std::string generate_password();

}  // namespace formations::app

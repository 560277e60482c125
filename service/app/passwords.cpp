#include "service/app/passwords.hpp"

#include <condition_variable>
#include <mutex>
#include <stdexcept>

#include <sodium.h>

namespace formations::app {
namespace {

struct Gate {
    std::mutex mutex;
    std::condition_variable freed;
    long running = 0;
    long waiting = 0;
    long refused = 0;
};

Gate& gate() {
    static Gate instance;
    return instance;
}

void initialise() {
    if (sodium_init() < 0) {
        throw std::runtime_error("libsodium could not be initialised");
    }
}

}  // namespace

std::optional<HashTurn> HashTurn::take() {
    auto& g = gate();
    std::unique_lock lock(g.mutex);
    if (g.running >= concurrent_password_hashes) {
        if (g.waiting >= waiting_password_hashes) {
            ++g.refused;
            return std::nullopt;
        }
        ++g.waiting;
        bool turn = g.freed.wait_for(lock, password_hash_wait,
                                     [&g] { return g.running < concurrent_password_hashes; });
        --g.waiting;
        if (!turn) {
            ++g.refused;
            return std::nullopt;
        }
    }
    ++g.running;
    return HashTurn();
}

HashTurn::~HashTurn() {
    if (!held_) {
        return;
    }
    auto& g = gate();
    {
        std::lock_guard lock(g.mutex);
        --g.running;
    }
    g.freed.notify_one();
}

HashingLoad hashing_load() {
    auto& g = gate();
    std::lock_guard lock(g.mutex);
    return {g.running, g.waiting, g.refused};
}

std::string hash_password(const HashTurn&, const std::string& password) {
    initialise();
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(
            hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        throw std::runtime_error("out of memory while hashing a password");
    }
    return hash;
}

bool verify_password(const HashTurn&, const std::string& hash, const std::string& password) {
    initialise();
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string generate_password() {
    initialise();
    static constexpr char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    std::string password;
    for (int i = 0; i < 20; ++i) {
        password += alphabet[randombytes_uniform(sizeof alphabet - 1)];
    }
    return password;
}

}  // namespace formations::app

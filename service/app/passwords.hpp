#pragma once
// Password hashing with Argon2id (libsodium, interactive limits), and generated passwords.

#include <string>

namespace formations::app {

std::string hash_password(const std::string& password);
bool verify_password(const std::string& hash, const std::string& password);
// 20 characters from an alphabet without look-alikes (~115 bits).
std::string generate_password();

}  // namespace formations::app

#pragma once
// Unguessable tokens (256 random bits from libsodium, base64url without padding, 43 characters)
// and SHA-256 fingerprints.

#include <string>
#include <string_view>

namespace formations::app {

std::string random_token();
// Whether `text` can be one of random_token's (43 characters of base64url): anything else need
// not be looked up.
bool looks_like_token(std::string_view text);
std::string sha256_hex(std::string_view data);

}  // namespace formations::app

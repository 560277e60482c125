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
// What the database keeps of a client's address (rate limits, login throttling): its SHA-256,
// never the address. The same as SQL's encode(sha256(convert_to('client:' || address, 'UTF8')),
// 'hex') (the migration hash_client_addresses hashed the rows stored before).
std::string client_key(std::string_view address);

}  // namespace formations::app

#pragma once
// Rules for text that people type (names, addresses, e-mails, phone numbers): what we accept,
// how we normalise it, and the French message when we refuse it. Pure functions, unit-tested.
// Example: normalise_text("  Dupont ", "trainee.last_name", 100) -> "Dupont".

#include <optional>
#include <string>
#include <string_view>

#include "service/domain/error.hpp"

namespace formations::app {

// Number of Unicode code points of a UTF-8 string, or nullopt if the bytes are not valid UTF-8.
std::optional<std::size_t> utf8_length(std::string_view text);

// Trims surrounding white space and checks: valid UTF-8, not empty, at most `max_chars` code
// points, no control characters (line breaks only when `multiline`).
Result<std::string> normalise_text(std::string_view value, const std::string& field,
                                   std::size_t max_chars, bool multiline = false);

// Trims and lower-cases; one '@', a dotted domain, no spaces, at most 254 characters, and an
// address mail can be sent to (mail/address.hpp): no accent before the '@'; an accented domain is
// accepted when it has an IDNA form.
Result<std::string> normalise_email(std::string_view value, const std::string& field);

// Digits, spaces and + ( ) . - only, 6 to 20 digits.
Result<std::string> normalise_phone(std::string_view value, const std::string& field);

}  // namespace formations::app

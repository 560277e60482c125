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

// Lower-cases ASCII and takes the accents off the Latin-1 letters (é → e, Ç → c), so that
// "Sociétaire", "SOCIETAIRE" and "sociétaire" compare equal. Other bytes are kept as they are.
std::string fold_accents(std::string_view text);

// Two spellings of an organisation's name are the same name when their letters and digits are,
// case, accents, spaces and punctuation aside: "Coopérative  Sociétaire-Fictive" and
// "COOPERATIVE SOCIETAIRE FICTIVE". Empty names are never the same.
bool same_organisation_name(std::string_view typed, std::string_view known);
// A SIRET as people type it ("732 829 320 00074"): 14 digits with a valid key, returned as the
// digits alone.
Result<std::string> normalise_siret(std::string_view value, const std::string& field);

}  // namespace formations::app

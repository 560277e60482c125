#pragma once
// Text in ISO 8859-15 (Latin-9), one of the character sets LPF art. A47 A-1 (III, 1°) allows
// for the FEC, and the one French accounting software reads without a second thought. Every
// character Latin-9 has keeps its single byte (é, œ, €, «, ÿ, Ÿ…); what it lacks is written the
// way a French typist would: typographic quotes and apostrophes as ' and ", dashes as -, an
// ellipsis as ..., thin and narrow spaces as spaces, other Latin letters without their accent
// (Ł → L, ș → s, ő → o), and anything else as '?', never dropped silently.
// Example: to_latin9("Lefèvre – l’Œuvre, 12 €") == "Lef\xE8vre - l'\xBCuvre, 12 \xA4".

#include <string>
#include <string_view>

namespace formations::invoices {

// `utf8`: UTF-8 text (an invalid byte becomes '?').
std::string to_latin9(std::string_view utf8);

}  // namespace formations::invoices

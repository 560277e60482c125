#pragma once
// Names in French alphabetical order, as a reader expects them on a sign-in sheet: accents and
// case do not count (« Émile » sorts with « Emile », between « Elsa » and « Eva »), ligatures
// count as their letters (œ = oe, æ = ae, ß = ss), spaces separate words and hyphens the parts
// of a compound name (« Dupont Marie » before « Dupont-Aignan Nicolas » before « Duponte »),
// apostrophes and other punctuation do not count (« O'Neil » with « ONeil »), and a name that
// starts with the lowercase particle « de » or « d' » sorts by what follows it (« de Gaulle »
// among the G, « d'Aubigné » among the A), as French catalogues file them; a capitalised
// particle is part of the name (« D'Angelo », « De Smet », « Du Bellay », « Le Gall »).
// Names equal by these rules are ordered unaccented first, then lowercase first, then byte by
// byte, so the order is total and the same on every machine.
//
// Letters of Latin-1, Latin Extended-A and Romanian ș ț fold to their base letter; other
// characters sort after the Latin letters, by code point.
//
// Example: french_name_less("d'Aubigné Agrippa", "Vidal Léa") == true.

#include <string>
#include <string_view>

namespace formations::invoices {

bool french_name_less(std::string_view a, std::string_view b);

// What french_name_less compares first: lowercase base letters and digits, '\1' between words
// and '\2' between the parts of a compound name ("d'Aubigné-Puy Agrippa" →
// "aubigne\2puy\1agrippa"). Exposed for the tests.
std::string french_sort_key(std::string_view name);

}  // namespace formations::invoices

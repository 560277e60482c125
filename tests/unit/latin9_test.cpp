// ISO 8859-15 for the FEC: what Latin-9 has keeps its byte, what it lacks is written plainly.
#include "invoices/latin9.hpp"

#include <doctest/doctest.h>

using formations::invoices::to_latin9;

TEST_CASE("Latin-9 characters keep their single byte") {
    CHECK(to_latin9("Facture FA-2019-00001") == "Facture FA-2019-00001");
    CHECK(to_latin9("Lefèvre Zoé") == "Lef\xE8vre Zo\xE9");
    CHECK(to_latin9("Œuvre, cœur, 12 €, « Ÿ »") == "\xBCuvre, c\xBDur, 12 \xA4, \xAB \xBE \xBB");
    CHECK(to_latin9("Šarić Žižek") ==
          "\xA6"
          "aric \xB4i\xB8"
          "ek");
}

TEST_CASE("what Latin-9 lacks is written as a French typist would, never dropped") {
    CHECK(to_latin9("l’Œuvre – “Créer sa CAE”…") ==
          "l'\xBCuvre - \"Cr\xE9"
          "er sa CAE\"...");
    CHECK(to_latin9("Łukasz Şerban Ștefan Ő") == "Lukasz Serban Stefan O");
    CHECK(to_latin9("1\u202F234\u00A0€") == "1 234\xA0\xA4");
    CHECK(to_latin9("Иван") == "????");
    CHECK(to_latin9("e\u0301") == "e");  // a combining accent alone is dropped
    CHECK(to_latin9("\xFF"
                    "A") == "?A");       // invalid UTF-8
    CHECK(to_latin9("½ ¤") == "1/2 ?");  // Latin-1 characters Latin-9 replaced
}

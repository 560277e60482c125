// French alphabetical order of names, as on a sign-in sheet ("Nom Prénom").

#include "invoices/name_order.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using formations::invoices::french_name_less;
using formations::invoices::french_sort_key;
using Names = std::vector<std::string>;

namespace {

Names sorted(Names names) {
    std::sort(names.begin(), names.end(),
              [](const std::string& a, const std::string& b) { return french_name_less(a, b); });
    return names;
}

}  // namespace

TEST_CASE("accents and case do not change the order") {
    CHECK(french_name_less("d'Aubigné Agrippa", "Vidal Léa"));
    CHECK(sorted({"Émile Zoé", "Eva Léo", "Elsa Noé", "ÉLODIE Anne", "Ève Ana"}) ==
          Names{"ÉLODIE Anne", "Elsa Noé", "Émile Zoé", "Eva Léo", "Ève Ana"});
    CHECK(sorted({"Zola Émile", "zèbre Ana", "Ångström Lou", "Vidal Léa", "Ørsted Zoë"}) ==
          Names{"Ångström Lou", "Ørsted Zoë", "Vidal Léa", "zèbre Ana", "Zola Émile"});
}

TEST_CASE("ligatures count as their letters") {
    CHECK(french_sort_key("Dubœuf Loïc") == "duboeuf\1loic");
    CHECK(french_sort_key("Cæsar Ana") == "caesar\1ana");
    CHECK(french_sort_key("Straße Kai") == "strasse\1kai");
    CHECK(sorted({"Dubois Ana", "Dubœuf Loïc", "Duboc Lou"}) ==
          Names{"Duboc Lou", "Dubœuf Loïc", "Dubois Ana"});
}

TEST_CASE("a lowercase particle de or d' is set aside, a capitalised one is part of the name") {
    CHECK(french_sort_key("d'Aubigné Agrippa") == "aubigne\1agrippa");
    CHECK(french_sort_key("d’Aubigné Agrippa") == "aubigne\1agrippa");
    CHECK(french_sort_key("de Gaulle Charles") == "gaulle\1charles");
    CHECK(french_sort_key("de La Fontaine Jean") == "la\1fontaine\1jean");
    CHECK(french_sort_key("D'Angelo Maria") == "dangelo\1maria");
    CHECK(french_sort_key("Du Bellay Joachim") == "du\1bellay\1joachim");
    CHECK(sorted({"Vidal Léa", "de Gaulle Charles", "d'Aubigné Agrippa", "Garnier Léo",
                  "Gautier Théo", "D'Angelo Maria", "Du Bellay Joachim", "Le Gall Anne",
                  "Abadie Paul"}) == Names{"Abadie Paul", "d'Aubigné Agrippa", "D'Angelo Maria",
                                           "Du Bellay Joachim", "Garnier Léo", "de Gaulle Charles",
                                           "Gautier Théo", "Le Gall Anne", "Vidal Léa"});
}

TEST_CASE("words, then the parts of a compound name, then longer names") {
    CHECK(sorted({"Duponte Léa", "Dupont-Aignan Nicolas", "Dupont Marie", "O'Neil Sean",
                  "Oneille Zoé"}) == Names{"Dupont Marie", "Dupont-Aignan Nicolas", "Duponte Léa",
                                           "O'Neil Sean", "Oneille Zoé"});
    CHECK(french_sort_key("  Martin   Zoé ") == "martin\1zoe");
}

TEST_CASE("names equal by their letters get a stable order: unaccented, then lowercase, first") {
    CHECK(sorted({"Pâris Zoé", "Paris Zoé", "PARIS Zoé", "paris Zoé"}) ==
          Names{"paris Zoé", "Paris Zoé", "PARIS Zoé", "Pâris Zoé"});
    CHECK_FALSE(french_name_less("Paris Zoé", "Paris Zoé"));
}

TEST_CASE("Romanian letters fold, other scripts come after the Latin letters") {
    CHECK(french_sort_key("Ștefănescu Ion") == "stefanescu\1ion");
    CHECK(sorted({"Ольга Иванова", "Zola Émile", "Ștefan Ion"}) ==
          Names{"Ștefan Ion", "Zola Émile", "Ольга Иванова"});
}

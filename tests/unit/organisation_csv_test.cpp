// Reading the member directory from the CSV files French spreadsheets write: what is accepted
// (BOM, `;` or `,`, quotes, line breaks in quotes, CRLF/LF/CR, French column names, accented
// statuses) and what is refused, with the line and the column staff must fix.

#include "service/app/organisation_csv.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using formations::app::CsvEncoding;
using formations::app::max_listed_csv_errors;
using formations::app::OrganisationCsv;
using formations::app::parse_organisation_csv;
using formations::app::parse_status_label;
using formations::app::read_csv;
using formations::pricing::MembershipStatus;

namespace {

// Valid SIRETs (Luhn), fictional.
const std::string siret_a = "88800000100006";
const std::string siret_b = "88800000200004";
const std::string siret_c = "88800000300002";

// "line field code" of every error, one string so that a failing CHECK shows them all.
std::string errors_of(const OrganisationCsv& csv) {
    std::string text;
    for (const auto& e : csv.errors) {
        text += (text.empty() ? "" : " | ") + std::to_string(e.line) + " " + e.field + " " + e.code;
    }
    return text;
}

std::string message_of(const OrganisationCsv& csv, std::size_t index = 0) {
    REQUIRE(csv.errors.size() > index);
    return csv.errors[index].message;
}

}  // namespace

TEST_CASE("a LibreOffice file: BOM, semicolons, CRLF, French column names in another order") {
    const std::string file =
        "\xEF\xBB\xBFStatut;SIRET;Nom;Adresse\r\n"
        "Sociétaire;888 000 001 00006;Coopérative Œuvre;12 rue des Œillets, 44000 Nantes\r\n"
        "CANDIDAT;88800000200004;CAE Élan;\r\n"
        "aucun;88800000300002;  Entreprise « Test »  ;3 place Inventée\r\n";
    auto csv = parse_organisation_csv(file);
    CHECK(errors_of(csv) == "");
    REQUIRE(csv.rows.size() == 3);
    CHECK(csv.rows[0].line == 2);
    CHECK(csv.rows[0].siret == siret_a);
    CHECK(csv.rows[0].name == "Coopérative Œuvre");
    CHECK(csv.rows[0].address == "12 rue des Œillets, 44000 Nantes");
    CHECK(csv.rows[0].status == MembershipStatus::societaire);
    CHECK(csv.rows[1].siret == siret_b);
    CHECK(csv.rows[1].address == "");  // unknown address: allowed
    CHECK(csv.rows[1].status == MembershipStatus::candidate);
    CHECK(csv.rows[2].name == "Entreprise « Test »");
    CHECK(csv.rows[2].status == MembershipStatus::none);
    CHECK(csv.rows[2].line == 4);
}

TEST_CASE("an Excel file with commas: quoted fields, doubled quotes, line breaks inside quotes") {
    const std::string file =
        "siret,name,address,status\n"
        "88800000100006,\"Dupont, Durand et associés\",\"1 rue X\r\n75000 Paris\",societaire\n"
        "88800000200004,\"La \"\"Ruche\"\"\",\"\",candidate\n"
        "\"88800000300002\",Sans guillemets,\"3 place Y\n33000 Bordeaux\",none\n";
    auto csv = parse_organisation_csv(file);
    CHECK(errors_of(csv) == "");
    REQUIRE(csv.rows.size() == 3);
    CHECK(csv.rows[0].name == "Dupont, Durand et associés");
    CHECK(csv.rows[0].address == "1 rue X\n75000 Paris");
    CHECK(csv.rows[0].line == 2);
    CHECK(csv.rows[1].name == "La \"Ruche\"");
    CHECK(csv.rows[1].line == 4);  // the address of line 2 spans two lines
    CHECK(csv.rows[2].siret == siret_c);
    CHECK(csv.rows[2].address == "3 place Y\n33000 Bordeaux");
    CHECK(csv.rows[2].line == 5);
}

TEST_CASE("the separator is the one the header line uses more, outside quotes") {
    CHECK(read_csv("siret;nom;adresse;statut\n1,2;3;4;5\n").separator == ';');
    CHECK(read_csv("siret,nom,adresse,statut\n1;2,3,4,5\n").separator == ',');
    CHECK(read_csv("\"si;ret\",nom,adresse\n").separator == ',');
    auto table = read_csv("a,b;c,d\n");  // commas win 2 to 1
    CHECK(table.separator == ',');
    REQUIRE(table.records.size() == 1);
    CHECK(table.records[0].fields == std::vector<std::string>{"a", "b;c", "d"});
}

TEST_CASE("blank lines, lines of separators only and every kind of line end are skipped") {
    const std::string file = "siret;nom;adresse;statut\r\rCR only above;\r" + siret_a +
                             ";A;;sociétaire\r\n;;;\n\n" + siret_b + ";B;;aucun\n\n";
    auto csv = parse_organisation_csv(file);
    // "CR only above;" is a real line with a value outside siret: refused, with its line number.
    CHECK(errors_of(csv) == "3 siret invalid_siret | 3 name required | 3 status required");

    auto clean = parse_organisation_csv("siret;nom;adresse;statut\r\r" + siret_a +
                                        ";A;;sociétaire\r;;;\n\n" + siret_b + ";B;;aucun");
    CHECK(errors_of(clean) == "");
    REQUIRE(clean.rows.size() == 2);
    CHECK(clean.rows[0].line == 3);
    CHECK(clean.rows[1].line == 6);
    CHECK(clean.rows[1].name == "B");  // no line end at the end of the file
}

TEST_CASE("status labels: codes and French words, any case, with or without accents") {
    CHECK(parse_status_label("societaire") == MembershipStatus::societaire);
    CHECK(parse_status_label("Sociétaire") == MembershipStatus::societaire);
    CHECK(parse_status_label("SOCIÉTAIRE") == MembershipStatus::societaire);
    CHECK(parse_status_label(" candidate ") == MembershipStatus::candidate);
    CHECK(parse_status_label("Candidat") == MembershipStatus::candidate);
    CHECK(parse_status_label("NONE") == MembershipStatus::none);
    CHECK(parse_status_label("Aucun") == MembershipStatus::none);
    CHECK_FALSE(parse_status_label("membre"));
    CHECK_FALSE(parse_status_label("sociétaires"));
    CHECK_FALSE(parse_status_label(""));
}

TEST_CASE("SIRETs as spreadsheets write them: spaces, no-break spaces, quotes") {
    auto csv = parse_organisation_csv(
        "siret;nom;adresse;statut\n"
        "888\xC2\xA0"
        "000\xC2\xA0"
        "001\xC2\xA0"
        "00006;A;;aucun\n"
        " 888 000 002 00004 ;B;;aucun\n"
        "888\xE2\x80\xAF"
        "000 003 00002;C;;aucun\n");
    CHECK(errors_of(csv) == "");
    REQUIRE(csv.rows.size() == 3);
    CHECK(csv.rows[0].siret == siret_a);
    CHECK(csv.rows[1].siret == siret_b);
    CHECK(csv.rows[2].siret == siret_c);
}

TEST_CASE("every wrong line is reported with its line, its column and a code; no row is kept") {
    const std::string file = "siret;nom;adresse;statut\n" + siret_a +
                             ";Bonne ligne;;sociétaire\n"
                             "88800000100007;Mauvais SIRET;;aucun\n" +
                             siret_b + ";;;candidat\n" + siret_c + ";Statut inconnu;;membre\n" +
                             siret_a +
                             ";Doublon;;aucun\n"
                             "8,88E+13;Converti;;aucun\n"
                             "1234567800002;Zéro perdu;;aucun\n" +
                             siret_b + "2;" + std::string(201, 'x') + ";;aucun\n";
    auto csv = parse_organisation_csv(file);
    CHECK(errors_of(csv) ==
          "3 siret invalid_siret | 4 name required | 5 status invalid_status | "
          "6 siret duplicate_siret | 7 siret invalid_siret | 8 siret invalid_siret | "
          "9 siret invalid_siret | 9 name too_long");
    CHECK(csv.error_count == 8);
    CHECK(csv.rows.empty());
    CHECK(message_of(csv, 3) == "Ce SIRET figure déjà à la ligne 2 du fichier.");
    CHECK(message_of(csv, 4).find("converti en nombre") != std::string::npos);
    CHECK(message_of(csv, 5).find("13 chiffres") != std::string::npos);
    CHECK(message_of(csv, 2).find("membre") != std::string::npos);
}

TEST_CASE("a header that does not name the expected columns stops the reading") {
    CHECK(errors_of(parse_organisation_csv("siret;nom;statut\n" + siret_a + ";A;aucun\n")) ==
          "1 address missing_column");
    CHECK(errors_of(parse_organisation_csv("siret;nom;adresse;statut;email\n")) ==
          "1 email unknown_column");
    CHECK(errors_of(parse_organisation_csv("siret;nom;name;adresse;statut\n")) ==
          "1 name duplicate_column");
    CHECK(errors_of(parse_organisation_csv("")) == "1  missing_header");
    CHECK(errors_of(parse_organisation_csv("\xEF\xBB\xBF\r\n\r\n")) == "1  missing_header");
}

TEST_CASE("a header alone is an empty directory file, not an error") {
    auto csv = parse_organisation_csv("\xEF\xBB\xBFsiret;nom;adresse;statut\r\n");
    CHECK(errors_of(csv) == "");
    CHECK(csv.rows.empty());
}

TEST_CASE("values outside the named columns are refused, empty ones are not") {
    // Trailing separators, as some exports write them, are harmless.
    auto trailing =
        parse_organisation_csv("siret;nom;adresse;statut;;\n" + siret_a + ";A;;aucun;;\n");
    CHECK(errors_of(trailing) == "");
    CHECK(trailing.rows.size() == 1);
    auto extra =
        parse_organisation_csv("siret;nom;adresse;statut\n" + siret_a + ";A;;aucun;oups\n");
    CHECK(errors_of(extra) == "2  unexpected_value");
}

TEST_CASE("text that is not CSV is refused with the line to look at") {
    auto unterminated =
        parse_organisation_csv("siret;nom;adresse;statut\n" + siret_a + ";\"A;;aucun\n\n");
    CHECK(errors_of(unterminated) == "2  unterminated_quote");
    auto stray =
        parse_organisation_csv("siret;nom;adresse;statut\n" + siret_a + ";A;\"1 rue\"X;aucun\n");
    CHECK(errors_of(stray) == "2  invalid_quotes");
    // Windows-1252 (Excel's "CSV" without UTF-8): é is the single byte E9. Declared UTF-8, it
    // is refused on the line to fix; otherwise it is recognised.
    const std::string windows = "siret;nom;adresse;statut\n" + siret_a + ";A;;aucun\n" + siret_b +
                                ";Soci\xE9t\xE9 \x80\x9C;;aucun\n";
    auto declared = parse_organisation_csv(windows, CsvEncoding::utf8);
    CHECK(errors_of(declared) == "3  invalid_encoding");
    CHECK(message_of(declared).find("UTF-8") != std::string::npos);
    auto recognised = parse_organisation_csv(windows);
    CHECK(errors_of(recognised) == "");
    CHECK(recognised.encoding == "windows-1252");
    REQUIRE(recognised.rows.size() == 2);
    CHECK(recognised.rows[1].name == "Société €œ");
    // A byte Windows-1252 leaves undefined, or UTF-16 without its byte-order mark.
    CHECK(errors_of(parse_organisation_csv(windows + "\x81\n")) == "1  invalid_encoding");
    CHECK(errors_of(parse_organisation_csv(std::string("s\0i\0r\0e\0t\0\n\0", 12))) ==
          "1  invalid_encoding");
}

TEST_CASE("UTF-16 with its byte-order mark, either way round") {
    auto encode = [](const std::u16string& text, bool little) {
        std::string out = little ? "\xFF\xFE" : "\xFE\xFF";
        for (char16_t c : text) {
            char low = static_cast<char>(c & 0xFF), high = static_cast<char>(c >> 8);
            out += little ? low : high;
            out += little ? high : low;
        }
        return out;
    };
    const std::u16string text =
        u"siret;nom;adresse;statut\r\n73282932000074;Œuvre 🙂;;candidat\r\n";
    for (bool little : {true, false}) {
        auto csv = parse_organisation_csv(encode(text, little));
        CHECK(errors_of(csv) == "");
        CHECK(csv.encoding == "utf-16");
        REQUIRE(csv.rows.size() == 1);
        CHECK(csv.rows[0].name == "Œuvre 🙂");
    }
    // A lone surrogate is not text.
    CHECK(errors_of(parse_organisation_csv(encode(u"siret\xD800", true))) == "1  invalid_encoding");
}

TEST_CASE("control characters and over-long addresses are refused like in the API") {
    auto csv = parse_organisation_csv("siret;nom;adresse;statut\n" + siret_a + ";A\tB;;aucun\n" +
                                      siret_b + ";B;" + std::string(501, 'a') + ";aucun\n" +
                                      siret_c + ";C;\"" + std::string(499, 'a') + "\n\";aucun\n");
    CHECK(errors_of(csv) == "2 name invalid_characters | 3 address too_long");
}

TEST_CASE("at most a hundred errors are listed, all are counted") {
    std::string file = "siret;nom;adresse;statut\n";
    for (int i = 0; i < 150; ++i) {
        file += "123;Nom;;aucun\n";
    }
    auto csv = parse_organisation_csv(file);
    CHECK(csv.errors.size() == max_listed_csv_errors);
    CHECK(csv.error_count == 150);
    CHECK(csv.errors.back().line == 101);
}

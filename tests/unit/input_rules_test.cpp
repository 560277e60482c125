// What we accept from people typing names, addresses, e-mails and phone numbers, and what we
// refuse: the database stores what these functions return, so every rule is checked on bytes.

#include "service/app/input_rules.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

using formations::Result;
using formations::app::normalise_email;
using formations::app::normalise_phone;
using formations::app::normalise_siret;
using formations::app::normalise_text;
using formations::app::utf8_length;

namespace {

// The accepted value, or "code @ field" of the refusal: one comparable string, so that a failing
// CHECK prints what was actually returned.
std::string outcome(const Result<std::string>& result) {
    if (result) {
        return result.value();
    }
    return result.error().code + " @ " + result.error().field;
}

std::string name(std::string_view value) {
    return outcome(normalise_text(value, "trainee.last_name", 100));
}

std::string address(std::string_view value) {
    return outcome(normalise_text(value, "trainee.address", 300, /*multiline=*/true));
}

std::string email(std::string_view value) {
    return outcome(normalise_email(value, "trainee.email"));
}

std::string phone(std::string_view value) {
    return outcome(normalise_phone(value, "trainee.phone"));
}

// -1 stands for "not valid UTF-8" so that CHECKs compare plain numbers.
long length(std::string_view text) {
    auto count = utf8_length(text);
    return count ? static_cast<long>(*count) : -1;
}

std::string repeat(std::string_view piece, int times) {
    std::string text;
    for (int i = 0; i < times; ++i) {
        text += piece;
    }
    return text;
}

}  // namespace

TEST_CASE("utf8_length counts code points, not bytes") {
    CHECK(length("") == 0);
    CHECK(length("Dupont") == 6);
    CHECK(length("Hélène") == 6);            // é and è take two bytes each
    CHECK(length("\xE2\x82\xAC") == 1);      // € takes three
    CHECK(length("\xF0\x9F\x98\x80") == 1);  // an emoji takes four
    CHECK(length("\xF4\x8F\xBF\xBF") == 1);  // U+10FFFF, the last code point
}

TEST_CASE("utf8_length refuses byte sequences that are not UTF-8") {
    CHECK(length("\xC3\x28") == -1);          // a lead byte followed by no continuation
    CHECK(length("\xC3") == -1);              // truncated at the end of the text
    CHECK(length("abc\xE2\x82") == -1);       // truncated three-byte sequence
    CHECK(length("\x80") == -1);              // a continuation byte on its own
    CHECK(length("\xC0\xAF") == -1);          // overlong "/": a classic filter bypass
    CHECK(length("\xE0\x80\xAF") == -1);      // overlong "/" on three bytes
    CHECK(length("\xED\xA0\x80") == -1);      // U+D800, a UTF-16 surrogate
    CHECK(length("\xED\xBF\xBF") == -1);      // U+DFFF, the last surrogate
    CHECK(length("\xF4\x90\x80\x80") == -1);  // beyond U+10FFFF
    CHECK(length("\xF8\x88\x80\x80\x80") == -1);
    CHECK(length("\xFF") == -1);
}

TEST_CASE("normalise_text trims surrounding white space only") {
    CHECK(name("  Dupont ") == "Dupont");
    CHECK(name("\t\r\nDupont\r\n") == "Dupont");
    CHECK(name("Le Goff") == "Le Goff");  // inner spaces are part of the name
    CHECK(name("Hélène") == "Hélène");
}

TEST_CASE("normalise_text refuses an empty value with the field in error") {
    CHECK(name("") == "required @ trainee.last_name");
    CHECK(name("   \t \r\n ") == "required @ trainee.last_name");
    CHECK(outcome(normalise_text(" ", "employer.name", 200)) == "required @ employer.name");
}

TEST_CASE("normalise_text counts the limit in characters, after trimming") {
    // 100 "é" are 200 bytes but 100 characters: a byte count would refuse a valid name.
    CHECK(name(repeat("é", 100)) == repeat("é", 100));
    CHECK(name(repeat("é", 101)) == "too_long @ trainee.last_name");
    CHECK(name(repeat("a", 100)) == repeat("a", 100));
    CHECK(name(repeat("a", 101)) == "too_long @ trainee.last_name");
    CHECK(name("   " + repeat("a", 100) + "   ") == repeat("a", 100));
}

TEST_CASE("normalise_text refuses control characters") {
    CHECK(name("Du\x07pont") == "invalid_characters @ trainee.last_name");  // BEL
    CHECK(name(std::string("Du\0pont", 7)) == "invalid_characters @ trainee.last_name");
    CHECK(name("Du\x1Bpont") == "invalid_characters @ trainee.last_name");          // ESC
    CHECK(name("Du\x7Fpont") == "invalid_characters @ trainee.last_name");          // DEL
    CHECK(name("Du\xC2\x85pont") == "invalid_characters @ trainee.last_name");      // U+0085 NEL
    CHECK(name("Du\xE2\x80\xA8pont") == "invalid_characters @ trainee.last_name");  // U+2028
    CHECK(name("Du\tpont") == "invalid_characters @ trainee.last_name");
}

TEST_CASE("a line break is allowed only in multiline text") {
    CHECK(name("Jean\nDupont") == "invalid_characters @ trainee.last_name");
    CHECK(address("1 rue Fictive\n75000 Paris") == "1 rue Fictive\n75000 Paris");
    // Only the line break: other control characters stay refused in an address.
    CHECK(address("1 rue Fictive\x07") == "invalid_characters @ trainee.address");
    CHECK(address("1 rue\tFictive") == "invalid_characters @ trainee.address");
}

TEST_CASE("normalise_text refuses invalid UTF-8 as an encoding error") {
    CHECK(name("Du\xC3\x28pont") == "invalid_encoding @ trainee.last_name");
    CHECK(name("\xC0\xAF") == "invalid_encoding @ trainee.last_name");
    CHECK(name("Du\xED\xA0\x80pont") == "invalid_encoding @ trainee.last_name");
    CHECK(address("1 rue \xFF") == "invalid_encoding @ trainee.address");
}

TEST_CASE("normalise_email trims and lower-cases") {
    CHECK(email("  Camille.Durand@Example.FR ") == "camille.durand@example.fr");
    CHECK(email("c+formation@exemple.coop") == "c+formation@exemple.coop");
    CHECK(email("c@sous.domaine.exemple.fr") == "c@sous.domaine.exemple.fr");
}

TEST_CASE("normalise_email refuses what cannot be an address") {
    CHECK(email("") == "required @ trainee.email");
    CHECK(email("camille.example.fr") == "invalid_email @ trainee.email");  // no @
    CHECK(email("@example.fr") == "invalid_email @ trainee.email");         // no local part
    CHECK(email("a@b@example.fr") == "invalid_email @ trainee.email");      // two @
    CHECK(email("camille@localhost") == "invalid_email @ trainee.email");   // undotted domain
    CHECK(email("camille@.example.fr") == "invalid_email @ trainee.email");
    CHECK(email("camille@example.") == "invalid_email @ trainee.email");
    CHECK(email("camille@example..fr") == "invalid_email @ trainee.email");
    CHECK(email("camille durand@example.fr") == "invalid_email @ trainee.email");
    CHECK(email("<camille@example.fr>") == "invalid_email @ trainee.email");
    CHECK(email("a@example.fr,b@example.fr") == "invalid_email @ trainee.email");
    CHECK(email(repeat("a", 65) + "@example.fr") == "invalid_email @ trainee.email");
    CHECK(email(repeat("a", 64) + "@example.fr") == repeat("a", 64) + "@example.fr");
    CHECK(email("camille@example.fr\x07") == "invalid_characters @ trainee.email");
}

TEST_CASE("normalise_email allows 254 characters, not 255") {
    // 244 characters, labels of at most 63. (Built with append: GCC 12 warns falsely on
    // "@" + std::string.)
    const std::string label = repeat("d", 62) + ".";
    const std::string domain = std::string("@")
                                   .append(label)
                                   .append(label)
                                   .append(label)
                                   .append(repeat("d", 51))
                                   .append(".fr");
    CHECK(email(repeat("a", 10) + domain) == repeat("a", 10) + domain);
    CHECK(email(repeat("a", 11) + domain) == "too_long @ trainee.email");
}

TEST_CASE("normalise_email keeps an accented domain as typed, refuses an accent before @") {
    CHECK(email("Zoé.Lefèvre@example.org") == "invalid_email @ trainee.email");
    CHECK(email("zoe@Société.fr") == "zoe@société.fr");  // sent to zoe@xn--socit-esab.fr
    CHECK(email("zoe@exa_mple.fr") == "invalid_email @ trainee.email");
    CHECK(email("zoe@-example.fr") == "invalid_email @ trainee.email");
    CHECK(email("zoe@" + repeat("d", 64) + ".fr") == "invalid_email @ trainee.email");
    CHECK(email("zoe(commentaire)@example.fr") == "invalid_email @ trainee.email");
}

TEST_CASE("normalise_phone accepts the usual ways of writing a number") {
    CHECK(phone(" 06 12 34 56 78 ") == "06 12 34 56 78");
    CHECK(phone("+33 (0)6.12.34.56.78") == "+33 (0)6.12.34.56.78");
    CHECK(phone("06-12-34-56-78") == "06-12-34-56-78");
    CHECK(phone("123456") == "123456");  // 6 digits: the shortest accepted
}

TEST_CASE("normalise_phone refuses letters and implausible digit counts") {
    CHECK(phone("12345") == "invalid_phone @ trainee.phone");
    CHECK(phone(repeat("1", 21)) == "invalid_phone @ trainee.phone");
    CHECK(phone(repeat("1", 20)) == repeat("1", 20));
    CHECK(phone("06 12 34 56 7B") == "invalid_phone @ trainee.phone");
    CHECK(phone("06/12/34/56/78") == "invalid_phone @ trainee.phone");
    CHECK(phone("   ") == "required @ trainee.phone");
}

TEST_CASE("a SIRET of 14 digits whose check digit is wrong is called a typing mistake") {
    CHECK(outcome(normalise_siret("732 829 320 00074", "employer.siret")) == "73282932000074");
    auto wrong_digit = normalise_siret("73282932000075", "employer.siret");
    REQUIRE_FALSE(wrong_digit.ok());
    CHECK(wrong_digit.error().code == "invalid_siret");
    CHECK(wrong_digit.error().message.find("clé de contrôle") != std::string::npos);
    auto too_short = normalise_siret("7328293200007", "employer.siret");
    REQUIRE_FALSE(too_short.ok());
    CHECK(too_short.error().message == "Le numéro SIRET doit comporter 14 chiffres.");
    CHECK(normalise_siret("7328293200007x", "employer.siret").error().message ==
          "Le numéro SIRET doit comporter 14 chiffres.");
}

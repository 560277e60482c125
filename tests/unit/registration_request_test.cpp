// Reading a registration request: the strict JSON contract of POST /api/v1/registrations
// (http::parse_json_body, http::read_registration_request) and the business checks that follow
// (app::validate_registration). A refusal must name the offending field so a form can show it.

#include <doctest/doctest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "service/app/registrations.hpp"
#include "service/http/json_body.hpp"
#include "service/http/json_io.hpp"

using formations::Result;
using formations::app::EmployerInput;
using formations::app::RegistrationRequest;
using formations::app::validate_registration;
using formations::http::parse_json_body;
using formations::http::read_registration_request;
using formations::pricing::Funding;
using nlohmann::json;

namespace {

// "ok" or "code @ field" of the refusal: one string a failing CHECK prints in full.
template <typename T>
std::string outcome(const Result<T>& result) {
    if (result) {
        return "ok";
    }
    return result.error().code + " @ " + result.error().field;
}

json self_funded_body() {
    return {{"session_id", 7},
            {"trainee",
             {{"first_name", "Camille"},
              {"last_name", "Durand"},
              {"email", "camille.durand@example.fr"}}},
            {"funding", "self"}};
}

json employer_body() {
    auto body = self_funded_body();
    body["funding"] = "employer";
    body["employer"] = {{"siret", "73282932000074"},
                        {"name", "Coopérative Fictive"},
                        {"address", "1 rue Fictive\n75000 Paris"}};
    return body;
}

std::string read(const json& body) {
    return outcome(read_registration_request(body));
}

// Parsing and reading together, as the server does with a raw body.
std::string read_raw(const std::string& body) {
    auto parsed = parse_json_body(body);
    if (!parsed) {
        return outcome(parsed);
    }
    return read(parsed.value());
}

RegistrationRequest valid_self_funded() {
    RegistrationRequest request;
    request.session_id = 7;
    // A self-funded trainee is the buyer: the invoice needs their address.
    request.trainee = {"Camille", "Durand", "camille.durand@example.fr", std::nullopt,
                       "1 rue Fictive\n75000 Paris"};
    request.funding = Funding::self;
    return request;
}

RegistrationRequest valid_employer_funded() {
    auto request = valid_self_funded();
    request.funding = Funding::employer;
    request.employer = EmployerInput{"73282932000074", "Coopérative Fictive", "1 rue Fictive"};
    return request;
}

std::string validate(const RegistrationRequest& request) {
    return outcome(validate_registration(request));
}

std::string nested(int depth) {
    return std::string(static_cast<std::size_t>(depth), '[') +
           std::string(static_cast<std::size_t>(depth), ']');
}

}  // namespace

TEST_CASE("a complete request is read field by field") {
    auto body = employer_body();
    body["trainee"]["phone"] = "06 12 34 56 78";
    auto request = read_registration_request(body);
    REQUIRE(request);
    CHECK(request->session_id == 7);
    CHECK(request->trainee.first_name == "Camille");
    CHECK(request->trainee.last_name == "Durand");
    CHECK(request->trainee.email == "camille.durand@example.fr");
    CHECK(request->trainee.phone == "06 12 34 56 78");
    CHECK_FALSE(request->trainee.address.has_value());
    CHECK(request->funding == Funding::employer);
    REQUIRE(request->employer);
    CHECK(request->employer->siret == "73282932000074");
    CHECK(request->employer->address == "1 rue Fictive\n75000 Paris");
}

TEST_CASE("unknown fields are refused with their path, at any level") {
    auto top = self_funded_body();
    top["coupon"] = "GRATUIT";
    CHECK(read(top) == "unknown_field @ coupon");

    auto in_trainee = self_funded_body();
    in_trainee["trainee"]["age"] = 42;
    CHECK(read(in_trainee) == "unknown_field @ trainee.age");

    auto in_employer = employer_body();
    in_employer["employer"]["vat"] = "FR00123456789";
    CHECK(read(in_employer) == "unknown_field @ employer.vat");

    // A typo of a known field is unknown too: it must not be silently ignored.
    auto typo = self_funded_body();
    typo["trainee"]["emial"] = "x@example.fr";
    CHECK(read(typo) == "unknown_field @ trainee.emial");
}

TEST_CASE("missing required fields are refused as required") {
    for (const char* field : {"session_id", "trainee", "funding"}) {
        CAPTURE(field);
        auto body = self_funded_body();
        body.erase(field);
        CHECK(read(body) == std::string("required @ ") + field);
    }
    for (const char* field : {"first_name", "last_name", "email"}) {
        CAPTURE(field);
        auto body = self_funded_body();
        body["trainee"].erase(field);
        CHECK(read(body) == std::string("required @ trainee.") + field);
    }
    for (const char* field : {"siret", "name", "address"}) {
        CAPTURE(field);
        auto body = employer_body();
        body["employer"].erase(field);
        CHECK(read(body) == std::string("required @ employer.") + field);
    }
    // null is the same as absent.
    auto null_email = self_funded_body();
    null_email["trainee"]["email"] = nullptr;
    CHECK(read(null_email) == "required @ trainee.email");
}

TEST_CASE("session_id must be a positive JSON integer") {
    for (const json& id :
         {json(0), json(-1), json(1.5), json("3"), json(true), json::array({3}), json(7.0)}) {
        CAPTURE(id.dump());
        auto body = self_funded_body();
        body["session_id"] = id;
        CHECK(read(body) == "invalid_type @ session_id");
    }
    // 2^64 - 1 fits an unsigned JSON integer but not a database id.
    CHECK(read_raw(R"({"session_id":18446744073709551615,"trainee":{"first_name":"A",)"
                   R"("last_name":"B","email":"a@b.fr"},"funding":"self"})") ==
          "invalid_type @ session_id");
}

TEST_CASE("fields of the wrong JSON type are refused as invalid_type") {
    auto trainee_string = self_funded_body();
    trainee_string["trainee"] = "Camille Durand";
    CHECK(read(trainee_string) == "invalid_type @ trainee");

    auto number_name = self_funded_body();
    number_name["trainee"]["first_name"] = 42;
    CHECK(read(number_name) == "invalid_type @ trainee.first_name");

    auto number_phone = self_funded_body();
    number_phone["trainee"]["phone"] = 612345678;
    CHECK(read(number_phone) == "invalid_type @ trainee.phone");

    auto array_address = self_funded_body();
    array_address["trainee"]["address"] = json::array({"1 rue Fictive", "Paris"});
    CHECK(read(array_address) == "invalid_type @ trainee.address");

    auto bool_funding = self_funded_body();
    bool_funding["funding"] = true;
    CHECK(read(bool_funding) == "invalid_type @ funding");

    auto employer_string = employer_body();
    employer_string["employer"] = "Coopérative Fictive";
    CHECK(read(employer_string) == "invalid_type @ employer");

    auto number_siret = employer_body();
    number_siret["employer"]["siret"] = 73282932000074LL;
    CHECK(read(number_siret) == "invalid_type @ employer.siret");
}

TEST_CASE("funding is exactly self or employer") {
    for (const char* funding : {"company", "Self", "EMPLOYER", ""}) {
        CAPTURE(funding);
        auto body = self_funded_body();
        body["funding"] = funding;
        CHECK(read(body) == "invalid_funding @ funding");
    }
}

TEST_CASE("an empty optional field means it was not given") {
    auto body = self_funded_body();
    body["trainee"]["phone"] = "";
    body["trainee"]["address"] = "  ";
    auto request = read_registration_request(body);
    REQUIRE(request);
    CHECK_FALSE(request->trainee.phone.has_value());
    CHECK_FALSE(request->trainee.address.has_value());
    // So the blank address is missing (not an empty text), and the phone is not checked at all.
    CHECK(validate(request.value()) == "address_required @ trainee.address");

    auto null_employer = self_funded_body();
    null_employer["employer"] = nullptr;
    auto without_employer = read_registration_request(null_employer);
    REQUIRE(without_employer);
    CHECK_FALSE(without_employer->employer.has_value());
}

TEST_CASE("a body that is not a JSON object is refused as invalid_json") {
    CHECK(read_raw("") == "invalid_json @ ");
    CHECK(read_raw("{\"session_id\": 1,") == "invalid_json @ ");
    CHECK(read_raw("{'session_id': 1}") == "invalid_json @ ");
    CHECK(read_raw("[1, 2]") == "invalid_json @ ");
    CHECK(read_raw("\"inscription\"") == "invalid_json @ ");
    CHECK(read_raw("null") == "invalid_json @ ");
    CHECK(read_raw("{} {}") == "invalid_json @ ");
}

TEST_CASE("deep nesting is refused before it costs anything") {
    CHECK(outcome(parse_json_body(nested(8))) == "ok");
    CHECK(outcome(parse_json_body(nested(10))) == "invalid_json @ ");
    CHECK(outcome(parse_json_body(nested(100000))) == "invalid_json @ ");
    CHECK(read_raw(R"({"session_id":1,"trainee":{"first_name":[[[[[[[[[["x"]]]]]]]]]]}})") ==
          "invalid_json @ ");
}

TEST_CASE("invalid UTF-8 inside a JSON string is refused as invalid_json") {
    auto with_name = [](const std::string& bytes) {
        return read_raw(R"({"session_id":7,"trainee":{"first_name":")" + bytes +
                        R"(","last_name":"Durand","email":"c@example.fr"},"funding":"self"})");
    };
    CHECK(with_name("Camille") == "ok");  // the same body with a valid name is accepted
    CHECK(with_name("Cam\xC3\x28ille") == "invalid_json @ ");
    CHECK(with_name("\xC0\xAF") == "invalid_json @ ");
    CHECK(with_name("\xED\xA0\x80") == "invalid_json @ ");
    CHECK(with_name("\xFF") == "invalid_json @ ");
    CHECK(with_name(R"(\ud800)") == "invalid_json @ ");  // a lone surrogate as a JSON escape
}

TEST_CASE("validate_registration accepts and normalises a valid request") {
    auto request = valid_employer_funded();
    request.trainee.first_name = "  Camille ";
    request.trainee.email = " Camille.DURAND@Example.fr";
    request.trainee.phone = " 06 12 34 56 78 ";
    request.employer->siret = "732 829 320 00074";  // as people type it
    request.employer->name = " Coopérative Fictive ";
    auto clean = validate_registration(request);
    REQUIRE(clean);
    CHECK(clean->trainee.first_name == "Camille");
    CHECK(clean->trainee.email == "camille.durand@example.fr");
    CHECK(clean->trainee.phone == "06 12 34 56 78");
    CHECK(clean->employer->siret == "73282932000074");
    CHECK(clean->employer->name == "Coopérative Fictive");
    CHECK(clean->funding == Funding::employer);
}

TEST_CASE("self-funded training takes no employer") {
    CHECK(validate(valid_self_funded()) == "ok");
    auto request = valid_employer_funded();
    request.funding = Funding::self;
    CHECK(validate(request) == "unexpected_employer @ employer");
}

TEST_CASE("a self-funded trainee must give a postal address, an employed one need not") {
    auto self = valid_self_funded();
    self.trainee.address.reset();
    CHECK(validate(self) == "address_required @ trainee.address");

    auto employed = valid_employer_funded();
    employed.trainee.address.reset();
    CHECK(validate(employed) == "ok");
}

TEST_CASE("employer-funded training needs the employer") {
    CHECK(validate(valid_employer_funded()) == "ok");
    auto request = valid_self_funded();
    request.funding = Funding::employer;
    CHECK(validate(request) == "employer_required @ employer");
}

TEST_CASE("the employer's SIRET must be valid") {
    for (const char* siret : {"73282932000075", "7328293200007", "732829320000740", "",
                              "7328293200007A", "732.829.320.00074"}) {
        CAPTURE(siret);
        auto request = valid_employer_funded();
        request.employer->siret = siret;
        CHECK(validate(request) == "invalid_siret @ employer.siret");
    }
}

TEST_CASE("validate_registration names the first invalid trainee or employer field") {
    auto name = valid_self_funded();
    name.trainee.first_name = std::string(101, 'a');
    CHECK(validate(name) == "too_long @ trainee.first_name");

    auto control = valid_self_funded();
    control.trainee.last_name = "Du\x07rand";
    CHECK(validate(control) == "invalid_characters @ trainee.last_name");

    auto nul = valid_self_funded();
    nul.trainee.last_name = std::string("Du\0rand", 7);  // what "\u0000" in JSON decodes to
    CHECK(validate(nul) == "invalid_characters @ trainee.last_name");

    auto email = valid_self_funded();
    email.trainee.email = "camille.example.fr";
    CHECK(validate(email) == "invalid_email @ trainee.email");

    auto phone = valid_self_funded();
    phone.trainee.phone = "appelez-moi";
    CHECK(validate(phone) == "invalid_phone @ trainee.phone");

    auto one_line_name = valid_employer_funded();
    one_line_name.employer->name = "Coopérative\nFictive";
    CHECK(validate(one_line_name) == "invalid_characters @ employer.name");

    auto empty_address = valid_employer_funded();
    empty_address.employer->address = " ";
    CHECK(validate(empty_address) == "required @ employer.address");

    auto long_address = valid_self_funded();
    long_address.trainee.address = std::string(301, 'a');
    CHECK(validate(long_address) == "too_long @ trainee.address");
}

TEST_CASE("an employer registration may carry a purchase order and a funding body") {
    auto body = employer_body();
    body["purchase_order"] = "  BC-2026-0457 ";
    body["funding_body"] = {{"name", " OPCO Fictif "},
                            {"address", "10 avenue de la Formation\n75008 Paris"},
                            {"siret", "999 000 009 00004"},
                            {"agreement_number", "ACC-1"},
                            {"amount_cents", 50000}};
    auto request = read_registration_request(body);
    REQUIRE(request);
    auto valid = validate_registration(request.value());
    REQUIRE(valid);
    CHECK(valid->billing.purchase_order == "BC-2026-0457");
    REQUIRE(valid->billing.funding_body);
    CHECK(valid->billing.funding_body->name == "OPCO Fictif");
    CHECK(valid->billing.funding_body->siret == "99900000900004");
    CHECK(valid->billing.funding_body->amount_cents == 50000);

    body["funding_body"]["amount_cents"] = nullptr;  // null: the whole price
    auto whole = read_registration_request(body);
    REQUIRE(whole);
    CHECK_FALSE(whole->billing.funding_body->amount_cents);
    body["funding_body"]["amount_cents"] = -1;
    CHECK(outcome(validate_registration(read_registration_request(body).value())) ==
          "invalid_amount @ funding_body.amount_cents");
    auto self = self_funded_body();
    self["trainee"]["address"] = "Paris";
    self["funding_body"] = employer_body()["employer"];
    CHECK(read(self) == "required @ funding_body.agreement_number");
    self["funding_body"]["agreement_number"] = "ACC-1";
    CHECK(outcome(validate_registration(read_registration_request(self).value())) ==
          "employer_funding_only @ funding_body");
}

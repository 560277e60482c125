// Funding bodies and buyers: an employer registration may name an OPCO paying directly
// (subrogation) for all or part of the price, and the employer's purchase order. The invoices
// are addressed and worded as an OPCO accepts them, split invoices are numbered together and
// credited together, and the seller's registration and capital are printed when configured.

#include <doctest/doctest.h>

#include "invoices/numbering.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/pdf_text.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/staff_client.hpp"
#include "tests/support/test_clock.hpp"
#include "tests/support/test_database.hpp"

using namespace formations;
using nlohmann::json;
using testing::http_request;
using testing::HttpResponse;
using testing::post_json;

namespace {

const std::string opco_siret = "99900000900004";

json funding_body(std::optional<long long> amount_cents = std::nullopt) {
    json body = {{"name", "OPCO Fictif des Coopératives"},
                 {"address", "10 avenue de la Formation\n75008 Paris"},
                 {"siret", "999 000 009 00004"},
                 {"agreement_number", "ACC-2026-12345"}};
    if (amount_cents) {
        body["amount_cents"] = *amount_cents;
    }
    return body;
}

// A non-member employer (700 €), its purchase order and, when given, a funding body.
json employed(long long session, const std::string& email, const json& body = nullptr) {
    json request = {
        {"session_id", session},
        {"funding", "employer"},
        {"trainee", {{"first_name", "Léo"}, {"last_name", "Garnier"}, {"email", email}}},
        {"employer",
         {{"siret", "73282932000074"},
          {"name", "Autre Entreprise SA"},
          {"address", "5 rue du Commerce\n44000 Nantes"}}},
        {"purchase_order", "BC-2026-0457"}};
    if (!body.is_null()) {
        request["funding_body"] = body;
    }
    return request;
}

std::string number(const std::string& prefix, int sequence) {
    return invoices::format_number(prefix, testing::today().year(), sequence);
}

struct Setting {
    testing::TestDatabase db{true, true};
    testing::ServerProcess server{db.url(),
                                  {{"FORMATIONS_SELLER_TRADE_REGISTER", "RCS Paris 999 000 004"},
                                   {"FORMATIONS_SELLER_LEGAL_FORM", "SAS"},
                                   {"FORMATIONS_SELLER_SHARE_CAPITAL", "37 000 €"}}};
    long long session = db.add_session(10, 40);

    json registered(const json& request) {
        auto response = post_json(server.port(), "/api/v1/registrations", request);
        REQUIRE_MESSAGE(response.status == 201, response.body);
        return response.json();
    }
    std::string pdf_of(const json& document, const std::string& name) {
        auto pdf = http_request(server.port(), "GET", document["download_url"].get<std::string>());
        REQUIRE(pdf.status == 200);
        return testing::pdf_text(pdf.body, name);
    }
};

void check_contains(const std::string& text, const std::vector<std::string>& expected) {
    for (const auto& piece : expected) {
        CHECK_MESSAGE(text.find(piece) != std::string::npos, piece);
    }
}

}  // namespace

TEST_CASE("an OPCO paying the whole price is invoiced, naming the employer and the trainee") {
    Setting setting;
    auto registration = setting.registered(employed(setting.session, "a@x.fr", funding_body()));
    CHECK(registration["purchase_order"] == "BC-2026-0457");
    CHECK(registration["funding_body"]["siret"] == opco_siret);
    CHECK(registration["funding_body"]["agreement_number"] == "ACC-2026-12345");
    CHECK(registration["funding_body"]["amount_cents"].is_null());
    REQUIRE(registration["invoices"].size() == 1);
    auto invoice = registration["invoices"][0];
    CHECK(invoice["payer"] == "funding_body");
    CHECK(invoice["buyer_name"] == "OPCO Fictif des Coopératives");
    CHECK(invoice["total_cents"] == 70000);

    auto text = setting.pdf_of(invoice, "funding-test-opco-invoice");
    check_contains(
        text, {"CLIENT – ORGANISME FINANCEUR", "OPCO Fictif des Coopératives", "SIREN : 999000009",
               "SIRET : " + opco_siret, "Accord de prise en charge", "ACC-2026-12345",
               "Autre Entreprise SA", "73282932000074", "Léo Garnier", "Bon de commande",
               "BC-2026-0457", "Catégorie de l'opération", "Prestation de services", "700,00 €",
               "RCS Paris 999 000 004", "SAS au capital de 37 000 €", "40 €"});
}

TEST_CASE("a split: the OPCO's share and the employer's remainder, numbered together") {
    Setting setting;
    auto registration =
        setting.registered(employed(setting.session, "b@x.fr", funding_body(50000)));
    auto documents = registration["invoices"];
    REQUIRE(documents.size() == 2);
    CHECK(documents[0]["number"] == number("FA", 1));
    CHECK(documents[0]["payer"] == "funding_body");
    CHECK(documents[0]["total_cents"] == 50000);
    CHECK(documents[1]["number"] == number("FA", 2));
    CHECK(documents[1]["payer"] == "employer");
    CHECK(documents[1]["buyer_name"] == "Autre Entreprise SA");
    CHECK(documents[1]["total_cents"] == 20000);

    check_contains(setting.pdf_of(documents[0], "funding-test-opco-share"),
                   {"prise en charge de 500,00 € sur un prix de 700,00 €", "ACC-2026-12345"});
    auto remainder = setting.pdf_of(documents[1], "funding-test-employer-remainder");
    check_contains(remainder, {"reste à charge après la prise en charge de 500,00 €",
                               "SIREN : 732829320", "BC-2026-0457", "200,00 €"});
    CHECK(remainder.find("ORGANISME FINANCEUR") == std::string::npos);

    SUBCASE("cancelling credits both, each credit note naming its invoice") {
        setting.db.sql() << "UPDATE courses SET cancellation_fee_cents = 5000";
        auto cancelled = http_request(
            setting.server.port(), "POST",
            "/api/v1/registrations/" + registration["token"].get<std::string>() + "/cancel");
        REQUIRE(cancelled.status == 200);
        auto after = cancelled.json()["invoices"];
        REQUIRE(after.size() == 4);
        CHECK(after[2]["number"] == number("AV", 1));
        CHECK(after[2]["corrects"] == number("FA", 1));
        CHECK(after[2]["payer"] == "funding_body");
        // The OPCO pays for training delivered: its invoice is credited whole; the employer's
        // keeps the cancellation fee.
        CHECK(after[2]["total_cents"] == -50000);
        CHECK(after[3]["number"] == number("AV", 2));
        CHECK(after[3]["corrects"] == number("FA", 2));
        CHECK(after[3]["total_cents"] == -15000);
        CHECK(after[0]["status"] == "credited");
        CHECK(after[1]["amount_due_cents"] == 5000);
    }
    SUBCASE("a tier correction credits both and splits the new price the same way") {
        auto staff = testing::staff_token(setting.db.url(), setting.server.port(),
                                          "staff@exemple.fr", app::Role::staff);
        auto headers = testing::bearer(staff);
        headers["Content-Type"] = "application/json";
        auto corrected =
            http_request(setting.server.port(), "POST",
                         "/api/v1/registrations/" + registration["id"].dump() + "/tier",
                         json{{"tier", "member"}}.dump(), headers);
        REQUIRE(corrected.status == 200);
        auto after = corrected.json()["invoices"];
        REQUIRE(after.size() == 5);  // 2 invoices, 2 credit notes, 1 new invoice of 500 €
        CHECK(after[2]["kind"] == "credit_note");
        CHECK(after[3]["kind"] == "credit_note");
        CHECK(after[4]["payer"] == "funding_body");
        CHECK(after[4]["total_cents"] == 50000);  // the OPCO's share covers the new price
    }
}

TEST_CASE("funding bodies and purchase orders are checked like every other field") {
    Setting setting;
    auto refused = [&](const json& request, const std::string& code, const std::string& field) {
        auto response = post_json(setting.server.port(), "/api/v1/registrations", request);
        CHECK(response.status == 400);
        auto error = response.json()["error"];
        CHECK(error["code"] == code);
        CHECK(error["field"] == field);
    };
    auto self = json{{"session_id", setting.session},
                     {"funding", "self"},
                     {"trainee",
                      {{"first_name", "Zoé"},
                       {"last_name", "Lefèvre"},
                       {"email", "z@x.fr"},
                       {"address", "Nantes"}}},
                     {"purchase_order", "BC-1"}};
    refused(self, "employer_funding_only", "purchase_order");
    auto body = funding_body();
    body["siret"] = "99900000900005";
    refused(employed(setting.session, "c@x.fr", body), "invalid_siret", "funding_body.siret");
    body = funding_body();
    body.erase("agreement_number");
    refused(employed(setting.session, "c@x.fr", body), "required", "funding_body.agreement_number");
    refused(employed(setting.session, "c@x.fr", funding_body(0)), "invalid_amount",
            "funding_body.amount_cents");
    body = funding_body();
    body["amount_cents"] = "500";
    refused(employed(setting.session, "c@x.fr", body), "invalid_type", "funding_body.amount_cents");
    body = funding_body();
    body["iban"] = "FR76";
    refused(employed(setting.session, "c@x.fr", body), "unknown_field", "funding_body.iban");
    auto long_order = employed(setting.session, "c@x.fr");
    long_order["purchase_order"] = std::string(101, '7');
    refused(long_order, "too_long", "purchase_order");
    CHECK(setting.db.count("SELECT count(*) FROM registrations") == 0);
    CHECK(setting.db.count("SELECT count(*) FROM registration_billing") == 0);

    // Staff registering on someone's behalf give the same terms.
    auto staff = testing::staff_token(setting.db.url(), setting.server.port(), "staff@exemple.fr",
                                      app::Role::staff);
    auto request = employed(setting.session, "d@x.fr", funding_body(20000));
    request.erase("session_id");
    auto headers = testing::bearer(staff);
    headers["Content-Type"] = "application/json";
    auto made =
        http_request(setting.server.port(), "POST",
                     "/api/v1/sessions/" + std::to_string(setting.session) + "/registrations",
                     request.dump(), headers);
    REQUIRE(made.status == 201);
    CHECK(made.json()["funding_body"]["amount_cents"] == 20000);
    CHECK(made.json()["invoices"].size() == 2);
}

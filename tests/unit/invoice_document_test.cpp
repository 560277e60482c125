#include "invoices/document_json.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <stdexcept>

#include "doctest_printers.hpp"
#include "invoice_samples.hpp"

using formations::invoices::Document;
using formations::invoices::document_from_json;
using formations::invoices::DocumentKind;
using formations::invoices::to_json;
using formations::invoices::to_string;
namespace samples = formations::invoices::samples;

namespace {

void check_same(const Document& a, const Document& b) {
    CHECK(a.kind == b.kind);
    CHECK(a.number == b.number);
    CHECK(a.issued_on == b.issued_on);
    CHECK(a.due_on == b.due_on);
    CHECK(a.service_starts_on == b.service_starts_on);
    CHECK(a.service_ends_on == b.service_ends_on);
    CHECK(a.seller.name == b.seller.name);
    CHECK(a.seller.legal_form == b.seller.legal_form);
    CHECK(a.seller.address == b.seller.address);
    CHECK(a.seller.siret == b.seller.siret);
    CHECK(a.seller.vat_number == b.seller.vat_number);
    CHECK(a.seller.nda == b.seller.nda);
    CHECK(a.seller.email == b.seller.email);
    CHECK(a.seller.bank_name == b.seller.bank_name);
    CHECK(a.seller.iban == b.seller.iban);
    CHECK(a.seller.bic == b.seller.bic);
    CHECK(a.seller.trade_register == b.seller.trade_register);
    CHECK(a.seller.share_capital == b.seller.share_capital);
    CHECK(a.buyer.name == b.buyer.name);
    CHECK(a.buyer.address == b.buyer.address);
    CHECK(a.buyer.siret == b.buyer.siret);
    CHECK(a.buyer.business == b.buyer.business);
    CHECK(a.buyer.siren == b.buyer.siren);
    CHECK(a.instalments == b.instalments);
    REQUIRE(a.lines.size() == b.lines.size());
    for (std::size_t i = 0; i < a.lines.size(); ++i) {
        CHECK(a.lines[i].description == b.lines[i].description);
        CHECK(a.lines[i].quantity == b.lines[i].quantity);
        CHECK(a.lines[i].unit_price == b.lines[i].unit_price);
        CHECK(a.lines[i].total == b.lines[i].total);
    }
    CHECK(a.total == b.total);
    CHECK(a.vat_exemption == b.vat_exemption);
    CHECK(a.payment_terms == b.payment_terms);
    CHECK(a.early_payment_discount == b.early_payment_discount);
    CHECK(a.late_payment_penalty == b.late_payment_penalty);
    CHECK(a.recovery_indemnity == b.recovery_indemnity);
    CHECK(a.corrects_number == b.corrects_number);
    CHECK(a.corrects_issued_on == b.corrects_issued_on);
    CHECK(a.reference == b.reference);
    CHECK(a.operation_category == b.operation_category);
    CHECK(a.purchase_order == b.purchase_order);
    CHECK(a.correction_reason == b.correction_reason);
    REQUIRE(a.subrogation.has_value() == b.subrogation.has_value());
    if (a.subrogation) {
        CHECK(a.subrogation->employer_name == b.subrogation->employer_name);
        CHECK(a.subrogation->employer_siret == b.subrogation->employer_siret);
        CHECK(a.subrogation->trainee_name == b.subrogation->trainee_name);
        CHECK(a.subrogation->agreement_number == b.subrogation->agreement_number);
    }
}

}  // namespace

TEST_CASE("document kinds have stable names") {
    CHECK(to_string(DocumentKind::invoice) == "invoice");
    CHECK(to_string(DocumentKind::credit_note) == "credit_note");
}

TEST_CASE("a snapshot stores dates as ISO text, money as cents, absent values as null") {
    const auto json = to_json(samples::credit_note());
    CHECK(json["version"] == 3);
    CHECK(json["kind"] == "credit_note");
    CHECK(json["issued_on"] == "2019-07-03");
    CHECK(json["service_starts_on"] == "2019-06-27");
    CHECK(json["total_cents"] == -30000);
    CHECK(json["lines"][0]["unit_price_cents"] == -30000);
    CHECK(json["lines"][0]["quantity"] == 1);
    CHECK(json["seller"]["vat_number"].is_null());
    CHECK(json["buyer"]["siret"] == "99900000800006");
    CHECK(json["buyer"]["business"] == true);
    CHECK(json["corrects_number"] == "FA-2019-00001");
    CHECK(json["corrects_issued_on"] == "2019-06-27");
    CHECK(to_json(samples::private_invoice())["recovery_indemnity"].is_null());
    CHECK(to_json(samples::invoice())["corrects_issued_on"].is_null());
    CHECK(json["operation_category"] == "Prestation de services");
    CHECK(json["seller"]["trade_register"] == "RCS Paris 999 000 004");
    CHECK(json["seller"]["share_capital"].is_null());
    CHECK(json["purchase_order"].is_null());
    CHECK(json["subrogation"].is_null());
    const auto funded = to_json(samples::funded_invoice());
    CHECK(funded["buyer"]["siren"] == "999000009");
    CHECK(funded["purchase_order"] == "BC-2019-0457");
    CHECK(funded["subrogation"]["agreement_number"] == "ACC-2019-12345");
    CHECK(funded["subrogation"]["employer_siret"] == "99900000800006");
}

TEST_CASE("a version 1 snapshot, stored before the new mentions, still reads") {
    auto json = to_json(samples::invoice());
    json["version"] = 1;
    for (const char* added :
         {"operation_category", "purchase_order", "correction_reason", "subrogation"}) {
        json.erase(added);
    }
    json["seller"].erase("trade_register");
    json["seller"].erase("share_capital");
    json["buyer"].erase("siren");
    const Document read = document_from_json(json);
    CHECK(read.number == "FA-2019-00001");
    CHECK(read.operation_category.empty());
    CHECK_FALSE(read.seller.trade_register.has_value());
    CHECK_FALSE(read.buyer.siren.has_value());
    CHECK_FALSE(read.subrogation.has_value());
    CHECK(read.instalments.empty());
    // Written back, it becomes a version 3 snapshot with the same content.
    CHECK(to_json(read)["version"] == 3);
    // A version 2 snapshot must have the new fields.
    json["version"] = 2;
    CHECK_THROWS_AS(document_from_json(json), std::invalid_argument);
}

TEST_CASE("a version 2 snapshot, stored before the échéancier, reads without instalments") {
    auto json = to_json(samples::private_invoice());
    json["version"] = 2;
    json.erase("instalments");
    const Document read = document_from_json(json);
    CHECK(read.instalments.empty());
    CHECK(read.number == "FA-2019-00002");
    // A version 3 snapshot must have them.
    json["version"] = 3;
    CHECK_THROWS_AS(document_from_json(json), std::invalid_argument);
}

TEST_CASE("a snapshot reads back exactly what was written") {
    for (const Document& original : {samples::invoice(), samples::private_invoice(),
                                     samples::credit_note(), samples::funded_invoice()}) {
        CAPTURE(original.number);
        check_same(document_from_json(to_json(original)), original);
        // Through text too, as stored in the database.
        const auto text = to_json(original).dump();
        check_same(document_from_json(nlohmann::json::parse(text)), original);
        CHECK(to_json(document_from_json(to_json(original))) == to_json(original));
    }
    SUBCASE("with a VAT number and extreme amounts") {
        Document document = samples::invoice();
        document.seller.vat_number = "FR00999000004";
        document.total =
            formations::pricing::Money::from_cents(std::numeric_limits<std::int64_t>::min());
        check_same(document_from_json(to_json(document)), document);
    }
}

TEST_CASE("a malformed snapshot is refused with std::invalid_argument") {
    const auto valid = to_json(samples::invoice());
    auto broken = [&valid](auto change) {
        auto json = valid;
        change(json);
        return json;
    };
    using Json = nlohmann::json;
    CHECK_THROWS_AS(document_from_json(Json::array()), std::invalid_argument);
    CHECK_THROWS_AS(document_from_json(broken([](Json& j) { j.erase("number"); })),
                    std::invalid_argument);
    CHECK_THROWS_AS(document_from_json(broken([](Json& j) { j["version"] = 4; })),
                    std::invalid_argument);
    CHECK_THROWS_AS(document_from_json(broken([](Json& j) { j["instalments"] = "90 €"; })),
                    std::invalid_argument);
    CHECK_THROWS_AS(document_from_json(broken([](Json& j) { j["version"] = 0; })),
                    std::invalid_argument);
    CHECK_THROWS_AS(document_from_json(broken([](Json& j) { j["subrogation"] = "OPCO"; })),
                    std::invalid_argument);
    CHECK_THROWS_AS(document_from_json(broken([](Json& j) { j["kind"] = "receipt"; })),
                    std::invalid_argument);
    CHECK_THROWS_AS(document_from_json(broken([](Json& j) { j["issued_on"] = "27/06/2019"; })),
                    std::invalid_argument);
    CHECK_THROWS_AS(document_from_json(broken([](Json& j) { j["issued_on"] = "2019-02-30"; })),
                    std::invalid_argument);
    CHECK_THROWS_AS(document_from_json(broken([](Json& j) { j["due_on"] = nullptr; })),
                    std::invalid_argument);
    CHECK_THROWS_AS(document_from_json(broken([](Json& j) { j["total_cents"] = 300.5; })),
                    std::invalid_argument);
    CHECK_THROWS_AS(document_from_json(broken([](Json& j) { j["total_cents"] = "30000"; })),
                    std::invalid_argument);
    CHECK_THROWS_AS(document_from_json(broken([](Json& j) { j["lines"] = Json::object(); })),
                    std::invalid_argument);
    CHECK_THROWS_AS(
        document_from_json(broken([](Json& j) { j["lines"][0].erase("unit_price_cents"); })),
        std::invalid_argument);
    CHECK_THROWS_AS(document_from_json(broken([](Json& j) { j["buyer"]["business"] = 1; })),
                    std::invalid_argument);
    CHECK_THROWS_AS(document_from_json(broken([](Json& j) { j["seller"] = "somebody"; })),
                    std::invalid_argument);
    CHECK_THROWS_AS(document_from_json(broken(
                        [](Json& j) { j["lines"][0]["quantity"] = 18446744073709551615ULL; })),
                    std::invalid_argument);
}

TEST_CASE("a document without its dates cannot be stored") {
    Document document = samples::invoice();
    document.due_on = boost::gregorian::date();
    CHECK_THROWS_AS(to_json(document), std::invalid_argument);
}

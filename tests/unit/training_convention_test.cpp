#include "invoices/training_convention.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "agreement_samples.hpp"
#include "pdf_tools.hpp"

using formations::invoices::ConventionFunding;
using formations::invoices::render_training_convention_pdf;
using formations::invoices::training_convention_from_json;
using formations::invoices::TrainingConvention;
using formations::tests::contains;
using formations::tests::flattened;
using formations::tests::pdf_text;
using formations::tests::TempPdf;
namespace samples = formations::invoices::samples;

namespace {

TrainingConvention convention() {
    auto action = samples::training_contract();
    action.price_cents = 70000;
    return {.action = action,
            .reference = "CV-000042",
            .employer_name = "Coopérative Sociétaire Fictive",
            .employer_address = "8 rue des Écoles\n69001 Lyon",
            .employer_siret = "99900000100001",
            .signatory_name = "Hélène Mercier",
            .signatory_role = "Directrice générale",
            .signatory_email = "helene@exemple.fr",
            .payment_days = 30,
            .purchase_order = "BC-2022-0457",
            .funding = ConventionFunding{"OPCO Fictif", "ACC-2022-17", 50000}};
}

}  // namespace

TEST_CASE("a training convention renders the same bytes every time, from its snapshot too") {
    const std::string pdf = render_training_convention_pdf(convention());
    CHECK(pdf.rfind("%PDF-", 0) == 0);
    CHECK(render_training_convention_pdf(convention()) == pdf);
    const auto stored = to_json(convention()).dump();
    CHECK(render_training_convention_pdf(
              training_convention_from_json(nlohmann::json::parse(stored))) == pdf);
    auto without = convention();
    without.funding.reset();
    without.purchase_order.reset();
    CHECK(render_training_convention_pdf(training_convention_from_json(to_json(without))) ==
          render_training_convention_pdf(without));
}

TEST_CASE("a training convention holds the mentions of D6353-1, the trainee named, the funding") {
    const TempPdf file(render_training_convention_pdf(convention()), "convention");
    const std::string text = flattened(pdf_text(file));
    CAPTURE(text);
    CHECK(contains(text, "Convention de formation professionnelle"));
    CHECK(contains(text, "CV-000042"));
    CHECK(contains(text, "L6353-1, L6353-2 et D6353-1"));
    CHECK(contains(text,
                   "Coopérative Sociétaire Fictive, 8 rue des Écoles, 69001 Lyon, SIRET "
                   "99900000100001, représenté par Hélène Mercier, Directrice générale"));
    CHECK(contains(text, "La présente convention porte sur la formation « Créer sa CAE »"));
    CHECK(contains(text, "Durée : 14 h, les 27 et 28 juin 2022, de 9h00–12h30 et de 13h30–17h00"));
    CHECK(contains(text, "Objectifs : Comprendre le fonctionnement"));
    CHECK(contains(text, "Histoire des CAE"));
    CHECK(contains(text, "Moyens pédagogiques et techniques : Apports"));
    CHECK(contains(text, "Modalités d'évaluation : Quiz en fin de formation."));
    CHECK(contains(text, "le ou la salarié·e suivant·e : Zoé Lefèvre"));
    CHECK(contains(text, "Prix de la formation : 700,00 € net de taxe"));
    CHECK(contains(text,
                   "prise en charge par OPCO Fictif (accord de prise en charge n° ACC-2022-17) "
                   "à hauteur de 500,00 €"));
    CHECK(contains(text, "le solde de 200,00 € est facturé à l'employeur"));
    CHECK(contains(text, "payable à 30 jours"));
    CHECK(contains(text, "indemnité forfaitaire de 40 €"));
    CHECK(contains(text, "Bon de commande de l'employeur : n° BC-2022-0457."));
    CHECK(contains(text, "L6354-1"));
    CHECK(contains(text, "ne vaut pas agrément de l'État"));
    CHECK(contains(text, "Établie le 2 mai 2022"));
    CHECK(contains(text, "Pour l'employeur : Hélène Mercier, Directrice générale"));
    // No withdrawal right: that is the self-funded trainee's contract (L6353-5).
    CHECK_FALSE(contains(text, "rétractation"));
}

TEST_CASE("a convention snapshot is read strictly") {
    auto stored = to_json(convention());
    stored.erase("employer_siret");
    CHECK_THROWS_AS(training_convention_from_json(stored), std::invalid_argument);
    stored = to_json(convention());
    stored["action"].erase("programme");
    CHECK_THROWS_AS(training_convention_from_json(stored), std::invalid_argument);
    stored = to_json(convention());
    stored["funding"]["amount_cents"] = 500.5;
    CHECK_THROWS_AS(training_convention_from_json(stored), std::invalid_argument);
    auto nobody = convention();
    nobody.employer_name.clear();
    CHECK_THROWS_AS(render_training_convention_pdf(nobody), std::invalid_argument);
}

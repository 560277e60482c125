#include "invoices/training_contract.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "agreement_samples.hpp"
#include "attendance_samples.hpp"
#include "pdf_tools.hpp"

using boost::gregorian::date;
using formations::invoices::render_training_contract_pdf;
using formations::invoices::training_contract_from_json;
using formations::invoices::TrainingContract;
using formations::tests::contains;
using formations::tests::flattened;
using formations::tests::pdf_text;
using formations::tests::TempPdf;
namespace samples = formations::invoices::samples;

namespace {

TrainingContract contract() {
    return formations::invoices::samples::training_contract();
}

}  // namespace

TEST_CASE("a training contract renders the same bytes every time, from its snapshot too") {
    const std::string pdf = render_training_contract_pdf(contract());
    CHECK(pdf.rfind("%PDF-", 0) == 0);
    CHECK(render_training_contract_pdf(contract()) == pdf);
    const auto stored = to_json(contract()).dump();
    CHECK(render_training_contract_pdf(
              training_contract_from_json(nlohmann::json::parse(stored))) == pdf);
}

TEST_CASE("a training contract holds every mention of L6353-4 and the withdrawal right") {
    const TempPdf file(render_training_contract_pdf(contract()), "contract");
    const std::string text = flattened(pdf_text(file));
    CAPTURE(text);
    CHECK(contains(text, "Contrat de formation professionnelle"));
    CHECK(contains(text, "CF-000042"));
    CHECK(contains(text, "Zoé Lefèvre, 3 place du Marché, 31000 Toulouse"));
    CHECK(contains(text, "action de formation (article L6313-1 du Code du travail)"));
    CHECK(contains(text, "Durée : 14 h, les 27 et 28 juin 2022, de 9h00–12h30 et de 13h30–17h00"));
    CHECK(contains(text, "Objectifs : Comprendre le fonctionnement"));
    CHECK(contains(text, "Histoire des CAE"));
    CHECK(contains(text, "Effectif formé : 12 stagiaires au plus"));
    CHECK(contains(text, "connaissances préalables requis : Aucun."));
    CHECK(contains(text, "Lieu : Maison des Coopératives, 75011 Paris."));
    CHECK(contains(text, "Moyens pédagogiques et techniques : Apports"));
    CHECK(contains(text, "Hélène Formatrice, accompagnatrice en CAE"));
    CHECK(contains(text, "certificat de réalisation et attestation de fin de formation"));
    CHECK(contains(text, "Prix de la formation : 300,00 € net de taxe"));
    CHECK(contains(text, "261-4-4° a du CGI"));
    CHECK(contains(text, "premier versement de 90,00 € (30 % du prix)"));
    CHECK(contains(text, "le solde de 210,00 €"));
    CHECK(contains(text, "2 versements égaux"));
    CHECK(contains(text, "dans un délai de 10 jours à compter de la signature"));
    CHECK(contains(text, "lettre recommandée avec avis de réception"));
    CHECK(contains(text, "L6353-5"));
    CHECK(contains(text, "force majeure"));
    CHECK(contains(text, "L6353-7"));
    CHECK(contains(text, "L6354-1"));
    CHECK(contains(text, "règlement intérieur"));
    CHECK(contains(text, "déclaration d'activité est enregistrée sous le n° 11 75 00000 75"));
    CHECK(contains(text, "ne vaut pas agrément de l'État"));
    CHECK(contains(text, "Établi le 2 mai 2022"));
}

TEST_CASE("a contract snapshot is read strictly") {
    auto stored = to_json(contract());
    stored["price_cents"] = 300.5;
    CHECK_THROWS_AS(training_contract_from_json(stored), std::invalid_argument);
    stored = to_json(contract());
    stored.erase("prerequisites");
    CHECK_THROWS_AS(training_contract_from_json(stored), std::invalid_argument);
    stored = to_json(contract());
    stored["version"] = 99;
    CHECK_THROWS_AS(training_contract_from_json(stored), std::invalid_argument);
    auto reversed = contract();
    reversed.ends_on = date(2022, 6, 26);
    CHECK_THROWS_AS(render_training_contract_pdf(reversed), std::invalid_argument);
}

// The documents before the course (convocation, programme, règlement intérieur) and the public
// legal texts, read back as text.
#include "invoices/information_pdf.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "attendance_samples.hpp"
#include "pdf_tools.hpp"
#include "service/app/legal_pages.hpp"

using boost::gregorian::date;
using formations::tests::contains;
using formations::tests::flattened;
using formations::tests::pdf_text;
using formations::tests::TempPdf;
namespace invoices = formations::invoices;
namespace samples = formations::invoices::samples;

namespace {

invoices::Convocation convocation() {
    return {.organisation = samples::organisation(),
            .trainee_name = "Zoé Lefèvre",
            .course_title = "Créer sa CAE",
            .session_reference = "CAE-2027-03-15",
            .starts_on = date(2027, 3, 15),
            .ends_on = date(2027, 3, 16),
            .morning = {{9, 0}, {12, 30}},
            .afternoon = {{13, 30}, {17, 0}},
            .duration_minutes = 840,
            .place = "Maison des Coopératives, 12 rue de l'Œuvre, 75011 Paris",
            .access = "Métro Voltaire ; salle de plain-pied accessible en fauteuil.",
            .trainer = "Hélène Formatrice",
            .contact = "Agnès Contact – formation@exemple.fr – 01 23 45 67 89",
            .disability_referent = "Camille Référente – handicap@exemple.fr"};
}

}  // namespace

TEST_CASE("a convocation gives dates, daily hours, place and access, what to bring, contacts") {
    const std::string pdf =
        invoices::render_information_pdf(invoices::convocation_document(convocation()));
    CHECK(invoices::render_information_pdf(invoices::convocation_document(convocation())) == pdf);
    const TempPdf file(pdf, "convocation");
    const std::string text = flattened(pdf_text(file));
    CAPTURE(text);
    CHECK(contains(text, "Convocation"));
    CHECK(contains(text, "Créer sa CAE – 15 et 16 mars 2027"));
    CHECK(contains(text, "Bonjour Zoé Lefèvre,"));
    CHECK(contains(text,
                   "Du 15 mars 2027 au 16 mars 2027, chaque jour de 9h00–12h30 "
                   "et de 13h30–17h00, soit 14 h de formation."));
    CHECK(contains(text, "12 rue de l'Œuvre"));
    CHECK(contains(text, "accessible en fauteuil"));
    CHECK(contains(text, "À apporter"));
    CHECK(contains(text, "Hélène Formatrice"));
    CHECK(contains(text, "Agnès Contact – formation@exemple.fr"));
    CHECK(contains(text, "Référent handicap"));
    CHECK(contains(text, "Camille Référente – handicap@exemple.fr"));
    CHECK(contains(text, "ne vaut pas agrément de l'État"));
    formations::tests::save_page_png(file, 1, "convocation-sample");

    auto unnamed = convocation();
    unnamed.trainee_name.clear();
    CHECK_THROWS_AS(invoices::convocation_document(unnamed), std::invalid_argument);
    CHECK_THROWS_AS(invoices::render_information_pdf({}), std::invalid_argument);
}

TEST_CASE("the legal texts default to the organisation's settings, configuration wins") {
    invoices::BillingSettings billing;
    billing.seller.name = "Coopérer pour Entreprendre (fictif)";
    billing.seller.siret = "99900000400005";
    billing.seller.nda = "11 75 00000 75";
    billing.seller.email = "formation@exemple.fr";
    billing.signatory = "Camille Exemple, gérante";
    formations::app::LegalSettings settings;
    auto pages = formations::app::legal_pages(settings, billing);
    CHECK(pages.contact.email == "formation@exemple.fr");
    CHECK(!pages.contact.phone);
    CHECK(contains(pages.terms_of_sale, "Coopérer pour Entreprendre (fictif)"));
    CHECK(contains(pages.terms_of_sale, "11 75 00000 75"));
    CHECK(contains(pages.terms_of_sale, "L6353-5"));
    CHECK(contains(pages.terms_of_sale, "40 €"));
    CHECK(contains(pages.terms_of_sale, billing.vat_exemption));
    CHECK(contains(pages.privacy_notice, "3 ans après la formation"));
    CHECK(contains(pages.privacy_notice, "CNIL"));
    CHECK(contains(pages.legal_notice, "SIRET 99900000400005"));
    CHECK(contains(pages.legal_notice, "Directeur de la publication\nCamille Exemple, gérante."));
    CHECK(contains(pages.legal_notice, "Le site est hébergé par l'éditeur"));

    settings.contact_email = "contact@exemple.fr";
    settings.contact_phone = "01 23 45 67 89";
    settings.host = "Hébergeur Fictif SAS, 1 quai de l'Exemple, 69000 Lyon";
    settings.terms_of_sale = "Nos CGV à nous.";
    settings.retention_days = 730;
    pages = formations::app::legal_pages(settings, billing);
    CHECK(pages.contact.email == "contact@exemple.fr");
    CHECK(pages.contact.phone == "01 23 45 67 89");
    CHECK(pages.terms_of_sale == "Nos CGV à nous.");
    CHECK(contains(pages.privacy_notice, "2 ans après la formation"));
    CHECK(contains(pages.legal_notice, "Hébergeur Fictif SAS"));
    CHECK(contains(pages.legal_notice, "Téléphone : 01 23 45 67 89"));
}

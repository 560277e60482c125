#include "invoices/certificate_pdf.hpp"
#include "invoices/completion_json.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "attendance_samples.hpp"
#include "pdf_tools.hpp"

using boost::gregorian::date;
using formations::invoices::Certificate;
using formations::invoices::render_certificate_pdf;
using formations::invoices::render_certificates_pdf;
using formations::tests::contains;
using formations::tests::flattened;
using formations::tests::pdf_page_count;
using formations::tests::pdf_text;
using formations::tests::TempPdf;
namespace samples = formations::invoices::samples;

TEST_CASE("a certificate renders as a PDF with the same bytes every time") {
    const std::string pdf = render_certificate_pdf(samples::certificate());
    CHECK(pdf.rfind("%PDF-", 0) == 0);
    CHECK(render_certificate_pdf(samples::certificate()) == pdf);
}

TEST_CASE("a certificat de réalisation follows the official model") {
    const TempPdf file(render_certificate_pdf(samples::certificate()), "certificate");
    REQUIRE(pdf_page_count(file) == 1);
    const std::string text = flattened(pdf_text(file));
    CAPTURE(text);
    CHECK(contains(text, "Certificat de réalisation"));
    CHECK(contains(text,
                   "Je soussigné(e) Camille Exemple, directrice générale, représentant "
                   "légal du dispensateur de l'action concourant au développement des "
                   "compétences Coopérer pour Entreprendre (fictif), atteste que :"));
    CHECK(contains(text, "Zoé Lefèvre"));
    CHECK(contains(text, "salarié(e) de l'entreprise Société Fictive Œuvre & Cie"));
    CHECK(contains(text, "a suivi l'action Créer sa CAE"));
    CHECK(contains(text,
                   "nature de l'action : action de formation (article L6313-1 du Code du "
                   "travail)"));
    CHECK(contains(text, "qui s'est déroulée les 27 et 28 juin 2022"));
    CHECK(contains(text, "pour une durée de 10,5 h (sur 14 h prévues)."));
    CHECK(contains(text, "pièces justificatives"));
    CHECK(contains(text, "Fait à Paris, le 28 juin 2022"));
    CHECK(contains(text, "Cachet et signature"));
    CHECK(contains(text, "SIRET 99900000400005"));
    CHECK(contains(text, "Déclaration d'activité enregistrée sous le n° 11 75 00000 75"));
    CHECK(contains(text, "Cet enregistrement ne vaut pas agrément de l'État."));
    formations::tests::save_page_png(file, 1, "certificate-sample");
}

TEST_CASE("a certificate for a trainee at their own expense names no employer") {
    Certificate certificate = samples::certificate();
    certificate.employer = std::nullopt;
    const TempPdf file(render_certificate_pdf(certificate), "certificate-individual");
    const std::string text = flattened(pdf_text(file));
    CAPTURE(text);
    CHECK(contains(text, "Zoé Lefèvre"));
    CHECK_FALSE(contains(text, "salarié"));
    CHECK_FALSE(contains(text, "Société Fictive"));
    CHECK(contains(text, "a suivi l'action Créer sa CAE"));
}

TEST_CASE("a certificate words the dates of the action") {
    Certificate certificate = samples::certificate();
    std::string expected;
    SUBCASE("one day") {
        certificate.ends_on = certificate.starts_on;
        certificate.planned_minutes = 420;
        certificate.attended_minutes = 420;
        expected = "qui s'est déroulée le 27 juin 2022, pour une durée de 7 h (sur 7 h prévues).";
    }
    SUBCASE("across months") {
        certificate.starts_on = date(2022, 6, 30);
        certificate.ends_on = date(2022, 7, 1);
        expected = "qui s'est déroulée du 30 juin au 1er juillet 2022,";
    }
    const TempPdf file(render_certificate_pdf(certificate), "certificate-dates");
    const std::string text = flattened(pdf_text(file));
    CAPTURE(text);
    CHECK(contains(text, expected));
}

TEST_CASE("a certificate needs recorded attendance") {
    Certificate certificate = samples::certificate();
    SUBCASE("none") {
        certificate.attended_minutes = 0;
    }
    SUBCASE("negative") {
        certificate.attended_minutes = -210;
    }
    SUBCASE("more than planned") {
        certificate.attended_minutes = certificate.planned_minutes + 210;
    }
    SUBCASE("dates reversed") {
        certificate.ends_on = date(2022, 6, 26);
    }
    CHECK_THROWS_AS(render_certificate_pdf(certificate), std::invalid_argument);
    CHECK_THROWS_AS(render_certificates_pdf({samples::certificate(), certificate}),
                    std::invalid_argument);
}

TEST_CASE("a session's certificates print as one file, one page each") {
    std::vector<Certificate> certificates;
    for (const char* name : {"Zoé Lefèvre", "Loïc Dubœuf", "Anaïs Crémieux"}) {
        Certificate certificate = samples::certificate();
        certificate.trainee_name = name;
        certificates.push_back(certificate);
    }
    certificates[1].employer = std::nullopt;
    const TempPdf file(render_certificates_pdf(certificates), "certificates");
    REQUIRE(pdf_page_count(file) == 3);
    for (int page = 1; page <= 3; ++page) {
        CAPTURE(page);
        const std::string text = flattened(pdf_text(file, page));
        CHECK(contains(text, certificates[static_cast<std::size_t>(page - 1)].trainee_name));
        CHECK(contains(text, "Certificat de réalisation"));
        CHECK(contains(text, "ne vaut pas agrément"));
        CHECK(contains(text, "salarié(e)") == (page != 2));
    }
    CHECK_THROWS_AS(render_certificates_pdf({}), std::invalid_argument);
}

TEST_CASE("a certificate with extreme names stays on one page, inside its margins") {
    Certificate certificate = samples::certificate();
    certificate.trainee_name = std::string(90, 'W') + " Ørsted-Łukasiewicz";
    certificate.employer = "Société " + std::string(150, 'X') + " et associés";
    certificate.organisation.name = std::string(200, 'O');
    std::string address;
    for (int line = 1; line <= 12; ++line) {
        address += "Ligne " + std::to_string(line) + "\n";
    }
    certificate.organisation.address = address;
    const TempPdf file(render_certificate_pdf(certificate), "certificate-extreme");
    REQUIRE(pdf_page_count(file) == 1);
    for (const auto& word : formations::tests::placed_words(file)) {
        CAPTURE(word.text);
        CHECK(word.x_min >= 60 - 0.5);
        CHECK(word.x_max <= 595.28 - 60 + 0.5);
    }
    const std::string text = flattened(pdf_text(file));
    CHECK(contains(text, "Ligne 6…"));
    CHECK_FALSE(contains(text, "Ligne 7"));
    formations::tests::save_page_png(file, 1, "certificate-extreme");
}

TEST_CASE("an attestation de fin de formation states objectives, duration and assessment results") {
    using formations::invoices::render_attestation_pdf;
    const std::string pdf = render_attestation_pdf(samples::attestation());
    CHECK(render_attestation_pdf(samples::attestation()) == pdf);
    const TempPdf file(pdf, "attestation");
    const std::string text = flattened(pdf_text(file));
    CAPTURE(text);
    CHECK(contains(text, "Attestation de fin de formation"));
    CHECK(contains(text,
                   "atteste que Zoé Lefèvre, salarié(e) de Société Fictive Œuvre & Cie, a "
                   "suivi l'action « Créer sa CAE », action de formation (article L6313-1 "
                   "du Code du travail), qui s'est déroulée les 27 et 28 juin 2022, d'une "
                   "durée de 14 h, pour une durée suivie de 10,5 h."));
    CHECK(contains(text, "Objectifs de la formation"));
    CHECK(contains(text, "Construire son budget à 3 000 €"));
    CHECK(contains(text, "Modalités d'évaluation des acquis"));
    CHECK(contains(text, "Résultats de l'évaluation des acquis"));
    CHECK(contains(text, "statut d'entrepreneur-salarié : 4/5"));
    CHECK(contains(text, "l'œuvre commune"));
    CHECK(contains(text, "article L6353-1 du Code du travail"));
    CHECK(contains(text, "Fait à Paris, le 28 juin 2022"));
    CHECK(contains(text, "Cet enregistrement ne vaut pas agrément de l'État."));
    formations::tests::save_page_png(file, 1, "attestation-sample");

    auto without_results = samples::attestation();
    without_results.results.clear();
    CHECK_THROWS_AS(render_attestation_pdf(without_results), std::invalid_argument);
}

TEST_CASE("issued documents round-trip through their snapshot; the content ignores the date") {
    using namespace formations::invoices;
    const Attestation attestation = samples::attestation();
    const auto json = to_json(attestation);
    CHECK(to_json(attestation_from_json(json)) == json);
    CHECK(render_attestation_pdf(attestation_from_json(json)) ==
          render_attestation_pdf(attestation));
    CHECK(to_json(certificate_from_json(to_json(samples::certificate()))) ==
          to_json(samples::certificate()));

    Certificate later = samples::certificate();
    later.issued_on = date(2022, 7, 4);
    CHECK(content_of(to_json(later)) == content_of(to_json(samples::certificate())));
    later.attended_minutes = 420;
    CHECK(content_of(to_json(later)) != content_of(to_json(samples::certificate())));
    CHECK_THROWS_AS(certificate_from_json(nlohmann::json::object()), std::invalid_argument);
}

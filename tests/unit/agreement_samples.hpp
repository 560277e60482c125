#pragma once
// A training contract's terms for the tests of the training agreements (the contract and the
// convention, which describes its action with the same terms): accents and € on purpose.

#include "invoices/training_contract.hpp"

#include "attendance_samples.hpp"

namespace formations::invoices::samples {

inline TrainingContract training_contract() {
    using boost::gregorian::date;
    return {.organisation = samples::organisation(),
            .reference = "CF-000042",
            .trainee_name = "Zoé Lefèvre",
            .trainee_address = "3 place du Marché\n31000 Toulouse",
            .trainee_email = "zoe@exemple.fr",
            .course_title = "Créer sa CAE",
            .objectives = "Comprendre le fonctionnement d'une CAE et préparer sa création.",
            .programme = "Histoire des CAE ; parcours de l'entrepreneur ; comptabilité.",
            .prerequisites = "Aucun.",
            .teaching_means = "Apports, études de cas, supports remis.",
            .assessment = "Quiz en fin de formation.",
            .trainers = "Hélène Formatrice, accompagnatrice en CAE depuis 10 ans.",
            .certification = "certificat de réalisation et attestation de fin de formation.",
            .place = "Maison des Coopératives, 75011 Paris",
            .accessibility = "Salle de plain-pied.",
            .disability_referent = "Camille Référente – handicap@exemple.fr",
            .starts_on = date(2022, 6, 27),
            .ends_on = date(2022, 6, 28),
            .morning = {{9, 0}, {12, 30}},
            .afternoon = {{13, 30}, {17, 0}},
            .duration_minutes = 840,
            .max_trainees = 12,
            .price_cents = 30000,
            .vat_exemption = "Exonération de TVA – article 261-4-4° a du CGI",
            .withdrawal_address = "Coopérer pour Entreprendre, 12 rue de l'Exemple, 75011 Paris",
            .issued_on = date(2022, 5, 2)};
}

}  // namespace formations::invoices::samples

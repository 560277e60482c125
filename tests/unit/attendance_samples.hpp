// Realistic attendance documents for the tests: the organisation, a two-day session's sign-in
// sheet and a trainee's certificate. Clearly fictional names and numbers.
#pragma once

#include <string>

#include "invoices/attendance_documents.hpp"

namespace formations::invoices::samples {

inline Organisation organisation() {
    return {.name = "Coopérer pour Entreprendre (fictif)",
            .address = "12 rue de l'Exemple\n75011 Paris",
            .siret = "99900000400005",
            .nda = "11 75 00000 75",
            .signatory = "Camille Exemple, directrice générale",
            .city = "Paris"};
}

// Monday 27 and Tuesday 28 June 2022, four half-days of 3,5 h.
inline SignInSheet sign_in_sheet() {
    return {.organisation = organisation(),
            .course_title = "Créer sa CAE",
            .session_reference = "CAE-2022-06",
            .place = "Maison des Coopératives, 75011 Paris – salle Œuvre commune",
            .trainer = "Hélène Formatrice",
            .days = {boost::gregorian::date(2022, 6, 28), boost::gregorian::date(2022, 6, 27)},
            .half_day_minutes = 210,
            .trainees = {{"Zoé Lefèvre", "Société Fictive Œuvre & Cie"},
                         {"Loïc Dubœuf", ""},
                         {"Anaïs Crémieux", "Atelier Fictif « Les Artisans »"}}};
}

// Three of the four half-days attended, paid by the employer.
inline Certificate certificate() {
    return {.organisation = organisation(),
            .trainee_name = "Zoé Lefèvre",
            .employer = "Société Fictive Œuvre & Cie",
            .course_title = "Créer sa CAE",
            .starts_on = boost::gregorian::date(2022, 6, 27),
            .ends_on = boost::gregorian::date(2022, 6, 28),
            .planned_minutes = 840,
            .attended_minutes = 630,
            .issued_on = boost::gregorian::date(2022, 6, 28)};
}

// Her attestation de fin de formation, with her self-assessment.
inline Attestation attestation() {
    return {.facts = certificate(),
            .objectives = "Comprendre le fonctionnement d'une CAE\nConstruire son budget à 3 000 €",
            .assessment_methods = "Questionnaire d'auto-évaluation et échange avec le formateur.",
            .results = {"Je sais présenter le statut d'entrepreneur-salarié : 4/5",
                        "Ce que je retiens : la coopération, l'œuvre commune"}};
}

}  // namespace formations::invoices::samples

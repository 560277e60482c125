// Realistic billing documents for the tests: an invoice to a business buyer, the same to a
// private buyer, and the credit note cancelling the first. Clearly fictional names and numbers.
#pragma once

#include <string>

#include "invoices/invoice_document.hpp"

namespace formations::invoices::samples {

using boost::gregorian::date;
using pricing::Money;

inline Seller seller() {
    return {"Coopérer pour Entreprendre (fictif)",
            "SCIC SA à capital variable",
            "12 rue de l'Exemple\n75011 Paris",
            "99900000400005",
            std::nullopt,
            "11 75 00000 75",
            "formation@exemple.invalid",
            "Banque Fictive",
            "FR76 0000 0000 0000 0000 0000 000",
            "FICTFRPPXXX"};
}

inline Document invoice() {
    Document document;
    document.kind = DocumentKind::invoice;
    document.number = "FA-2019-00001";
    document.issued_on = date(2019, 6, 27);
    document.due_on = date(2019, 7, 27);
    document.service_starts_on = date(2019, 6, 27);
    document.service_ends_on = date(2019, 6, 28);
    document.seller = seller();
    document.buyer = {"Société Fictive Œuvre & Cie", "3 place du Marché\n69001 Lyon",
                      "99900000800006", true};
    document.lines = {
        {"Formation « Créer sa CAE » – session des 27 et 28 juin 2019 (14 h) – "
         "stagiaire : Zoé Lefèvre",
         1, Money::euros(300), Money::euros(300)}};
    document.total = Money::euros(300);
    document.vat_exemption = "Exonération de TVA – article 261-4-4° a du CGI";
    document.payment_terms =
        "À régler au plus tard le 27/07/2019. Règlement par virement à Banque Fictive – IBAN "
        "FR76 0000 0000 0000 0000 0000 000 – BIC FICTFRPPXXX, en rappelant le numéro de facture.";
    document.early_payment_discount = "Pas d'escompte pour paiement anticipé.";
    document.late_payment_penalty =
        "En cas de retard de paiement, des pénalités sont exigibles au taux égal à trois fois le "
        "taux d'intérêt légal en vigueur (article L441-10 du Code de commerce).";
    document.recovery_indemnity =
        "Indemnité forfaitaire pour frais de recouvrement due en cas de retard de paiement : "
        "40 € (articles L441-10 et D441-5 du Code de commerce).";
    document.reference = "Inscription n° 42";
    return document;
}

// Billed to the trainee: no SIRET, no recovery indemnity.
inline Document private_invoice() {
    Document document = invoice();
    document.number = "FA-2019-00002";
    document.buyer = {"Zoé Lefèvre", "8 chemin des Écoliers\n13001 Marseille", std::nullopt, false};
    document.recovery_indemnity = std::nullopt;
    return document;
}

inline Document credit_note() {
    Document document = invoice();
    document.kind = DocumentKind::credit_note;
    document.number = "AV-2019-00001";
    document.issued_on = date(2019, 7, 3);
    document.due_on = date(2019, 7, 3);
    document.lines = {{"Annulation : " + document.lines[0].description, 1, Money::euros(-300),
                       Money::euros(-300)}};
    document.total = Money::euros(-300);
    document.payment_terms =
        "Avoir sur la facture n° FA-2019-00001 du 27/06/2019, à déduire de cette facture.";
    document.corrects_number = "FA-2019-00001";
    document.corrects_issued_on = date(2019, 6, 27);
    return document;
}

}  // namespace formations::invoices::samples

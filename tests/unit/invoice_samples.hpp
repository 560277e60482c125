// Realistic billing documents for the tests, as document_builder.hpp makes them: an invoice to
// a business buyer, the same to a private buyer, the credit note cancelling the first, and an
// invoice to a funding body. Clearly fictional names and numbers.
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
            "FICTFRPPXXX",
            "RCS Paris 999 000 004",
            std::nullopt};
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
    document.operation_category = "Prestation de services";
    return document;
}

// Billed to the trainee: no SIRET, no business clause (penalties, recovery indemnity).
inline Document private_invoice() {
    Document document = invoice();
    document.number = "FA-2019-00002";
    document.buyer = {"Zoé Lefèvre", "8 chemin des Écoliers\n13001 Marseille", std::nullopt, false};
    document.late_payment_penalty.clear();
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
    // No payment clause on a credit note.
    document.payment_terms.clear();
    document.early_payment_discount.clear();
    document.late_payment_penalty.clear();
    document.recovery_indemnity = std::nullopt;
    document.corrects_number = "FA-2019-00001";
    document.corrects_issued_on = date(2019, 6, 27);
    return document;
}

// Billed to an OPCO paying for the employer (subrogation), with an order number.
inline Document funded_invoice() {
    Document document = invoice();
    document.number = "FA-2019-00003";
    document.buyer = {"OPCO Fictif des Coopératives", "10 avenue de la Formation\n75008 Paris",
                      "99900000900004", true, "999000009"};
    document.purchase_order = "BC-2019-0457";
    document.subrogation = Subrogation{"Société Fictive Œuvre & Cie", "99900000800006",
                                       "Zoé Lefèvre", "ACC-2019-12345"};
    return document;
}

}  // namespace formations::invoices::samples

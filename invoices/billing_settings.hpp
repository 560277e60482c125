#pragma once
// What the organisation prints on every billing document and how it numbers them. Loaded from
// the environment by the service (see the README); the defaults are clearly fictional values for
// the demonstration, never to be used for real invoices.

#include <string>

#include "invoices/accounting_settings.hpp"
#include "invoices/invoice_document.hpp"

namespace formations::invoices {

struct BillingSettings {
    Seller seller{
        "Coopérer pour Entreprendre (DÉMONSTRATION – données fictives)",
        "SCIC SA à capital variable (fictive)",
        "1 rue de l'Exemple\n75000 Paris",
        "99900000400005",
        std::nullopt,
        "00 00 00000 00 (fictif)",
        "formation@exemple.invalid",
        "Banque Fictive",
        "FR76 0000 0000 0000 0000 0000 000",
        "FICTFRPPXXX",
        // Trade register and share capital: not printed until configured (a real RCS or RM
        // registration, and the capital unless the legal form says "à capital variable").
        std::nullopt,
        std::nullopt,
    };
    // Who signs the certificates (the legal representative) and where.
    std::string signatory = "Camille Exemple (fictif), gérant·e";
    std::string signature_city = "Paris";
    std::string invoice_prefix = "FA";
    std::string credit_note_prefix = "AV";
    int employer_payment_days = 30;
    // Hours a seat offered to the first person of a waiting list waits for their answer
    // (FORMATIONS_OFFER_HOURS; pricing/waitlist_offer.hpp shortens it close to the start). It
    // sits here because every use case that frees a seat already carries these settings.
    int offer_hours = 48;
    // The category of the operation every invoice states (CGI 242 nonies A, from the 2026
    // e-invoicing reform): training is a service.
    std::string operation_category = "Prestation de services";
    // VAT law moves to the CIBS on 1 Sept 2026; the CGI reference is tolerated until end 2027.
    std::string vat_exemption = "Exonération de TVA – article 261-4-4° a du CGI";
    std::string early_payment_discount = "Pas d'escompte pour paiement anticipé.";
    std::string late_payment_penalty =
        "En cas de retard de paiement, des pénalités sont exigibles au taux égal à trois fois le "
        "taux d'intérêt légal en vigueur (article L441-10 du Code de commerce).";
    std::string recovery_indemnity =
        "Indemnité forfaitaire pour frais de recouvrement due en cas de retard de paiement : "
        "40 € (articles L441-10 et D441-5 du Code de commerce).";
    // Journals and accounts of the FEC export (FORMATIONS_FEC_*).
    AccountingSettings accounting;
};

}  // namespace formations::invoices

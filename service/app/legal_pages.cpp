#include "service/app/legal_pages.hpp"

#include "invoices/pdf_blocks.hpp"

namespace formations::app {
namespace {

std::string identity(const invoices::Seller& seller) {
    std::string text = seller.name + ", " + seller.legal_form;
    if (seller.share_capital) {
        text += " au capital de " + *seller.share_capital;
    }
    text += ", dont le siège est " + invoices::one_line(seller.address) + ", SIRET " + seller.siret;
    if (seller.trade_register) {
        text += ", " + *seller.trade_register;
    }
    return text;
}

std::string years_or_days(int days) {
    if (days % 365 == 0) {
        const int years = days / 365;
        return std::to_string(years) + (years > 1 ? " ans" : " an");
    }
    return std::to_string(days) + " jours";
}

std::string default_terms_of_sale(const invoices::BillingSettings& billing,
                                  const LegalContact& contact) {
    const auto& seller = billing.seller;
    return "Article 1 – Objet\n"
           "Les présentes conditions générales de vente s'appliquent aux formations proposées "
           "par " +
           identity(seller) +
           ", organisme de formation dont la déclaration d'activité est enregistrée sous le n° " +
           seller.nda +
           " (cet enregistrement ne vaut pas agrément de l'État). Toute inscription vaut "
           "acceptation des présentes conditions.\n\n"
           "Article 2 – Inscription\n"
           "L'inscription se fait en ligne, dans la limite des places disponibles ; une session "
           "complète propose une liste d'attente. L'inscription est confirmée par un message "
           "électronique accompagné de la facture. Le stagiaire qui finance lui-même sa "
           "formation signe en ligne un contrat de formation professionnelle (articles L6353-3 "
           "à L6353-7 du Code du travail) ; la formation financée par un employeur fait l'objet "
           "d'une convention de formation.\n\n"
           "Article 3 – Prix\n"
           "Les prix sont indiqués sur la page de chaque formation, nets de taxe : " +
           billing.vat_exemption +
           ". Le tarif dépend du financement : autofinancement, salarié d'une structure "
           "sociétaire ou candidate du réseau, salarié d'une autre structure.\n\n"
           "Article 4 – Paiement\n"
           "Les factures adressées à un employeur sont payables à " +
           std::to_string(billing.employer_payment_days) +
           " jours. Le stagiaire qui finance lui-même sa formation ne paie rien avant la fin du "
           "délai de rétractation ; au plus 30 % du prix sont alors exigibles, le solde étant "
           "échelonné sur la durée de la formation (article L6353-6 du Code du travail). " +
           billing.early_payment_discount +
           " Pour un client professionnel, tout retard de paiement entraîne des pénalités et "
           "une indemnité forfaitaire de 40 € pour frais de recouvrement.\n\n"
           "Article 5 – Rétractation\n"
           "Le stagiaire qui finance lui-même sa formation dispose d'un délai de 10 jours à "
           "compter de la signature de son contrat pour se rétracter, sans frais, en un clic "
           "depuis sa page personnelle ou par lettre recommandée avec avis de réception "
           "(article L6353-5 du Code du travail).\n\n"
           "Article 6 – Annulation, absence, abandon\n"
           "Une inscription peut être annulée depuis la page personnelle ; la facture est alors "
           "annulée par un avoir. En cas de force majeure dûment reconnue, seules les "
           "prestations effectivement dispensées sont dues au prorata temporis (article L6353-7 "
           "du Code du travail). L'organisme peut reporter ou annuler une session ; les sommes "
           "versées sont alors remboursées intégralement.\n\n"
           "Article 7 – Documents remis\n"
           "Chaque stagiaire reçoit avant la formation le programme, le règlement intérieur et "
           "une convocation, et après la formation un certificat de réalisation et une "
           "attestation de fin de formation.\n\n"
           "Article 8 – Réclamations et litiges\n"
           "Toute réclamation peut être déposée en ligne (page « Réclamation ») ou adressée à " +
           contact.email +
           ". À défaut d'accord amiable, le consommateur peut recourir gratuitement à un "
           "médiateur de la consommation ; le droit français s'applique.";
}

std::string default_privacy_notice(const LegalSettings& settings,
                                   const invoices::BillingSettings& billing,
                                   const LegalContact& contact) {
    return "Responsable du traitement\n" + identity(billing.seller) +
           ". Contact pour toute question sur vos données : " + contact.email +
           ".\n\n"
           "Données traitées et finalités\n"
           "Nous traitons les données saisies lors de l'inscription (identité, coordonnées, "
           "employeur, financement), la présence aux demi-journées de formation, les réponses "
           "aux questionnaires et les éventuels besoins d'aménagement liés à un handicap, afin "
           "de gérer les inscriptions, la facturation, le déroulement de la formation, les "
           "documents remis (contrat, convocation, certificats) et l'amélioration de nos "
           "formations (certification Qualiopi).\n\n"
           "Bases légales\n"
           "L'exécution du contrat de formation ; nos obligations légales (facturation, "
           "comptabilité, Code du travail) ; notre intérêt légitime pour l'évaluation des "
           "formations ; votre consentement pour les besoins d'aménagement, qui ne sont lus que "
           "par le référent handicap.\n\n"
           "Destinataires\n"
           "L'équipe de formation et la comptabilité de l'organisme ; votre employeur et le "
           "financeur de la formation pour ce qui les concerne (facture, convention, "
           "certificat de réalisation). Vos données ne sont ni vendues ni transférées hors de "
           "l'Union européenne.\n\n"
           "Durées de conservation\n"
           "Les réponses aux questionnaires, les messages et les coordonnées sont conservés " +
           years_or_days(settings.retention_days) +
           " après la formation ; les besoins d'aménagement moins longtemps ; les factures, "
           "contrats et certificats 10 ans (article L123-22 du Code de commerce), puis "
           "supprimés ou anonymisés.\n\n"
           "Vos droits\n"
           "Vous disposez des droits d'accès, de rectification, d'effacement, de limitation, "
           "d'opposition et de portabilité (articles 15 à 22 du RGPD). Écrivez à " +
           contact.email +
           ", ou demandez l'effacement depuis la page « Données personnelles ». Vous pouvez "
           "introduire une réclamation auprès de la CNIL (www.cnil.fr).\n\n"
           "Cookies\n"
           "Le site ne dépose aucun cookie de mesure d'audience ni de publicité ; seul l'espace "
           "de l'équipe utilise un cookie de session, nécessaire à la connexion.";
}

std::string default_legal_notice(const LegalSettings& settings,
                                 const invoices::BillingSettings& billing,
                                 const LegalContact& contact) {
    const auto& seller = billing.seller;
    return "Éditeur du site\n" + identity(seller) + ". Courriel : " + contact.email +
           (contact.phone ? ". Téléphone : " + *contact.phone : std::string()) +
           ". Organisme de formation : déclaration d'activité enregistrée sous le n° " +
           seller.nda + " (cet enregistrement ne vaut pas agrément de l'État)" +
           (seller.vat_number ? ". TVA intracommunautaire : " + *seller.vat_number
                              : std::string()) +
           ".\n\n"
           "Directeur de la publication\n" +
           settings.publication_director.value_or(billing.signatory) +
           ".\n\n"
           "Hébergement\n" +
           settings.host.value_or("Le site est hébergé par l'éditeur, " + seller.name + ", " +
                                  invoices::one_line(seller.address)) +
           ".\n\n"
           "Propriété intellectuelle\n"
           "Les textes, programmes et documents de formation publiés sur ce site sont la "
           "propriété de l'éditeur ; toute reproduction sans autorisation est interdite.";
}

}  // namespace

LegalPages legal_pages(const LegalSettings& settings, const invoices::BillingSettings& billing) {
    LegalPages pages;
    pages.contact = {billing.seller.name, billing.seller.address,
                     settings.contact_email.value_or(billing.seller.email), settings.contact_phone};
    pages.terms_of_sale =
        settings.terms_of_sale.value_or(default_terms_of_sale(billing, pages.contact));
    pages.privacy_notice =
        settings.privacy_notice.value_or(default_privacy_notice(settings, billing, pages.contact));
    pages.legal_notice =
        settings.legal_notice.value_or(default_legal_notice(settings, billing, pages.contact));
    return pages;
}

}  // namespace formations::app

#include "invoices/training_convention.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include "invoices/agreement_layout.hpp"
#include "invoices/french_format.hpp"
#include "invoices/pdf_blocks.hpp"
#include "invoices/pdf_writer.hpp"
#include "invoices/snapshot_json.hpp"
#include "pricing/money.hpp"

namespace formations::invoices {
namespace {

using nlohmann::json;
using pricing::Money;
using namespace snapshot_json;
using namespace agreement_layout;

// The stored snapshot's shape; a later change of it must still read this one.
constexpr int snapshot_version = 1;

std::string money(std::int64_t cents) {
    return pricing::format_french(Money::from_cents(cents));
}

void check(const TrainingConvention& convention) {
    if (convention.action.trainee_name.empty()) {
        throw std::invalid_argument("render_training_convention_pdf: no trainee name");
    }
    if (convention.employer_name.empty()) {
        throw std::invalid_argument("render_training_convention_pdf: no employer");
    }
    if (convention.action.price_cents < 0) {
        throw std::invalid_argument("render_training_convention_pdf: negative price");
    }
    format_period_fr(convention.action.starts_on, convention.action.ends_on);
    format_long_date_fr(convention.action.issued_on);
}

void draw_parties(PdfWriter& pdf, const TrainingConvention& convention) {
    draw_organisation_party(pdf, convention.action.organisation);
    pdf.paragraph("et " + convention.employer_name + ", " + one_line(convention.employer_address) +
                      ", SIRET " + convention.employer_siret + ", représenté par " +
                      convention.signatory_name + ", " + convention.signatory_role + " (" +
                      convention.signatory_email + "), ci-après « l'employeur ».",
                  body);
    pdf.move_down(4);
    pdf.paragraph(
        "Est conclue la présente convention de formation professionnelle, en application des "
        "articles L6353-1, L6353-2 et D6353-1 du Code du travail.",
        body);
}

std::string funding_text(const TrainingConvention& convention) {
    const auto& terms = convention.action;
    if (!convention.funding) {
        return "La formation est financée par l'employeur, à qui la facture est adressée.";
    }
    const auto& funding = *convention.funding;
    std::string text = "La formation est prise en charge par " + funding.name +
                       " (accord de prise en charge n° " + funding.agreement_number + ")";
    if (funding.amount_cents && *funding.amount_cents < terms.price_cents) {
        text += " à hauteur de " + money(*funding.amount_cents) +
                ", réglés directement à l'organisme de formation (subrogation de paiement) ; le "
                "solde de " +
                money(terms.price_cents - *funding.amount_cents) + " est facturé à l'employeur.";
    } else {
        text +=
            ", qui règle directement l'organisme de formation (subrogation de paiement). Si "
            "l'organisme financeur ne prend pas en charge tout ou partie du coût, la part non "
            "prise en charge est facturée à l'employeur.";
    }
    return text;
}

void draw_articles(PdfWriter& pdf, const TrainingConvention& convention) {
    const auto& terms = convention.action;
    int number = 1;
    draw_action_articles(pdf, number, terms, "La présente convention");
    agreement_article(
        pdf, number, "Stagiaire",
        {"L'employeur inscrit à cette action le ou la salarié·e suivant·e : " + terms.trainee_name +
         " (" + terms.trainee_email +
         "). Un certificat de réalisation et une attestation de fin de formation lui sont "
         "remis à l'issue de la formation ; une copie est adressée à l'employeur sur demande."});
    std::vector<std::string> price{
        "Prix de la formation : " + money(terms.price_cents) + " net de taxe (" +
            terms.vat_exemption + "), pour le stagiaire nommé ci-dessus.",
        funding_text(convention),
        "La facture est émise à l'inscription et payable à " +
            std::to_string(convention.payment_days) +
            " jours à compter de sa date d'émission, par virement ou par chèque ; pas d'escompte "
            "pour paiement anticipé. En cas de retard de paiement, des pénalités au taux de trois "
            "fois le taux d'intérêt légal et une indemnité forfaitaire de 40 € pour frais de "
            "recouvrement sont dues (articles L441-10 et D441-5 du Code de commerce)."};
    if (convention.purchase_order) {
        price.push_back("Bon de commande de l'employeur : n° " + *convention.purchase_order + ".");
    }
    agreement_article(pdf, number, "Prix, financement et modalités de paiement", price);
    agreement_article(
        pdf, number, "Annulation, abandon et inexécution",
        {"En cas d'annulation par l'employeur, les conditions d'annulation de l'organisme de "
         "formation s'appliquent ; la facture est alors annulée par un avoir, déduction faite, le "
         "cas échéant, des frais d'annulation prévus.",
         "En cas d'abandon en cours de formation ou d'empêchement du stagiaire par suite de force "
         "majeure, seules les prestations effectivement dispensées sont dues, au prorata "
         "temporis.",
         "En cas d'inexécution totale ou partielle de la formation, l'organisme de formation "
         "rembourse les sommes indûment perçues de ce fait (article L6354-1 du Code du "
         "travail)."});
    agreement_article(
        pdf, number, "Informations et règlement intérieur",
        {"L'employeur et le stagiaire ont reçu le programme, les objectifs, le nom et les "
         "qualifications des formateurs, les horaires, les modalités d'évaluation et le "
         "règlement intérieur applicable aux stagiaires (article L6352-3 du Code du travail)."});
}

void draw_signatures(PdfWriter& pdf, const TrainingConvention& convention) {
    const auto& organisation = convention.action.organisation;
    pdf.ensure_space(pdf.line_height(body) * 8);
    pdf.move_down(10);
    pdf.paragraph(
        "Établie le " + format_long_date_fr(convention.action.issued_on) + ", à " +
            organisation.city +
            ", en deux exemplaires. L'employeur la signe en ligne, par signature électronique "
            "simple (la date et l'heure, l'empreinte SHA-256 de ce document et la phrase "
            "confirmée par le ou la signataire sont conservées par l'organisme de formation), ou "
            "la retourne signée et revêtue de son cachet.",
        small);
    pdf.move_down(6);
    pdf.paragraph("Pour l'organisme de formation : " + organisation.signatory, bold);
    pdf.move_down(4);
    pdf.paragraph("Pour l'employeur : " + convention.signatory_name + ", " +
                      convention.signatory_role + " – date, signature et cachet :",
                  bold);
    pdf.move_down(40);
}

}  // namespace

json to_json(const TrainingConvention& c) {
    json funding = nullptr;
    if (c.funding) {
        funding = {{"name", c.funding->name},
                   {"agreement_number", c.funding->agreement_number},
                   {"amount_cents",
                    c.funding->amount_cents ? json(*c.funding->amount_cents) : json(nullptr)}};
    }
    return {{"version", snapshot_version},
            {"action", to_json(c.action)},
            {"reference", c.reference},
            {"employer_name", c.employer_name},
            {"employer_address", c.employer_address},
            {"employer_siret", c.employer_siret},
            {"signatory_name", c.signatory_name},
            {"signatory_role", c.signatory_role},
            {"signatory_email", c.signatory_email},
            {"payment_days", c.payment_days},
            {"purchase_order", optional_string(c.purchase_order)},
            {"funding", funding}};
}

TrainingConvention training_convention_from_json(const json& j) {
    if (read_integer(j, "version") != snapshot_version) {
        malformed("version", "is not a known convention snapshot version");
    }
    TrainingConvention c;
    c.action = training_contract_from_json(field_of(j, "action"));
    c.reference = read_string(j, "reference");
    c.employer_name = read_string(j, "employer_name");
    c.employer_address = read_string(j, "employer_address");
    c.employer_siret = read_string(j, "employer_siret");
    c.signatory_name = read_string(j, "signatory_name");
    c.signatory_role = read_string(j, "signatory_role");
    c.signatory_email = read_string(j, "signatory_email");
    const auto days = read_integer(j, "payment_days");
    if (days < 0 || days > 365) {
        malformed("payment_days", "is out of range");
    }
    c.payment_days = static_cast<int>(days);
    c.purchase_order = read_optional_string(j, "purchase_order");
    if (const json& funding = field_of(j, "funding"); !funding.is_null()) {
        ConventionFunding f{read_string(funding, "name"), read_string(funding, "agreement_number"),
                            std::nullopt};
        if (!field_of(funding, "amount_cents").is_null()) {
            f.amount_cents = read_integer(funding, "amount_cents");
        }
        c.funding = std::move(f);
    }
    return c;
}

std::string render_training_convention_pdf(const TrainingConvention& convention) {
    check(convention);
    // The title stays ASCII: it lands in the PDF's metadata (see render_invoice_pdf).
    PdfWriter pdf(
        {.margins = page_margins, .title = "Convention de formation " + convention.reference});
    draw_title(
        pdf, convention.action.organisation, "Convention de formation professionnelle",
        "n° " + convention.reference + " – articles L6353-1, L6353-2 et D6353-1 du Code du travail",
        "Convention de formation professionnelle n° " + convention.reference + " (suite)");
    draw_parties(pdf, convention);
    draw_articles(pdf, convention);
    draw_signatures(pdf, convention);
    draw_footers(pdf, convention.action.organisation, convention.reference);
    return pdf.finish();
}

}  // namespace formations::invoices

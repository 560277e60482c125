#include "invoices/training_contract.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include "invoices/agreement_layout.hpp"
#include "invoices/french_format.hpp"
#include "invoices/pdf_blocks.hpp"
#include "invoices/pdf_writer.hpp"
#include "invoices/snapshot_json.hpp"
#include "pricing/due_date.hpp"
#include "pricing/money.hpp"
#include "pricing/payment_schedule.hpp"

namespace formations::invoices {
namespace {

using nlohmann::json;
using pricing::Money;
using namespace snapshot_json;
using namespace agreement_layout;

// The stored snapshot's shape; a later change of it must still read this one.
constexpr int snapshot_version = 1;

int read_int(const json& object, const char* field) {
    const auto value = read_integer(object, field);
    if (value < 0 || value > 1'000'000) {
        malformed(field, "is out of range");
    }
    return static_cast<int>(value);
}

std::string money(std::int64_t cents) {
    return pricing::format_french(Money::from_cents(cents));
}

// The payment terms in words, for any signature date (L6353-6): the amounts of
// pricing::self_funded_schedule, its dates relative to the signature.
std::string payment_terms(const TrainingContract& contract) {
    const Money price = Money::from_cents(contract.price_cents);
    if (price == Money::zero()) {
        return "La formation est gratuite : aucune somme n'est due.";
    }
    const Money deposit =
        Money::from_cents(contract.price_cents * pricing::withdrawal_deposit_percent / 100);
    const auto days = (contract.ends_on - contract.starts_on).days() + 1;
    std::string text =
        "Aucune somme ne peut être exigée du stagiaire avant l'expiration du délai de "
        "rétractation de " +
        std::to_string(pricing::withdrawal_period_days) +
        " jours (article L6353-6 du Code du travail). Le lendemain de son expiration, un premier "
        "versement de " +
        pricing::format_french(deposit) + " (" +
        std::to_string(pricing::withdrawal_deposit_percent) +
        " % du prix) est exigible ; le solde de " + pricing::format_french(price - deposit) +
        (days > 1 ? " est échelonné au fur et à mesure du déroulement de la formation, en " +
                        std::to_string(days) + " versements égaux, un par jour de formation"
                  : " est exigible le jour de la formation") +
        ", jamais avant le lendemain du premier versement. Les dates exactes des versements, "
        "calculées à partir de la date de signature, figurent sur l'espace personnel du stagiaire. "
        "Paiement par "
        "virement ou par chèque ; pas d'escompte pour paiement anticipé.";
    return text;
}

void check(const TrainingContract& contract) {
    if (contract.trainee_name.empty()) {
        throw std::invalid_argument("render_training_contract_pdf: no trainee name");
    }
    if (contract.price_cents < 0) {
        throw std::invalid_argument("render_training_contract_pdf: negative price");
    }
    format_period_fr(contract.starts_on, contract.ends_on);  // throws on dates not set / reversed
    format_long_date_fr(contract.issued_on);
}

void draw_parties(PdfWriter& pdf, const TrainingContract& contract) {
    draw_organisation_party(pdf, contract.organisation);
    pdf.paragraph("et " + contract.trainee_name + ", " + one_line(contract.trainee_address) + " (" +
                      contract.trainee_email +
                      "), qui suit la formation à titre individuel et à ses frais, ci-après « le "
                      "stagiaire ».",
                  body);
    pdf.move_down(4);
    pdf.paragraph(
        "Est conclu le présent contrat de formation professionnelle, en application des articles "
        "L6353-3 à L6353-7 du Code du travail.",
        body);
}

void draw_articles(PdfWriter& pdf, const TrainingContract& contract) {
    int number = 1;
    draw_action_articles(pdf, number, contract, "Le présent contrat");
    agreement_article(
        pdf, number, "Prix et financement",
        {"Prix de la formation : " + money(contract.price_cents) + " net de taxe (" +
             contract.vat_exemption +
             "), à la charge du stagiaire, qui la finance personnellement. Ce prix comprend "
             "l'ensemble des prestations décrites au présent contrat.",
         payment_terms(contract)});
    agreement_article(
        pdf, number, "Délai de rétractation",
        {"Le stagiaire peut se rétracter dans un délai de " +
         std::to_string(pricing::withdrawal_period_days) +
         " jours à compter de la signature du présent contrat, par lettre recommandée "
         "avec avis de réception adressée à " +
         contract.withdrawal_address +
         " (article L6353-5 du Code du travail), ou en un clic depuis son espace "
         "personnel en ligne. La rétractation ne donne lieu à aucun frais : aucune "
         "somme n'ayant pu être exigée, rien n'est dû, et la facture est annulée par un "
         "avoir."});
    agreement_article(
        pdf, number, "Abandon, force majeure et inexécution",
        {"Si, par suite de force majeure dûment reconnue, le stagiaire est empêché de suivre "
         "la formation, il peut rompre le contrat ; seules les prestations effectivement "
         "dispensées sont alors dues, au prorata temporis de leur valeur prévue au présent "
         "contrat (article L6353-7 du Code du travail).",
         "En cas d'abandon de la formation par le stagiaire pour un autre motif, seules les "
         "prestations effectivement dispensées sont dues, au prorata temporis ; aucune "
         "indemnité n'est demandée.",
         "En cas d'inexécution totale ou partielle de la formation, l'organisme de formation "
         "rembourse au stagiaire les sommes indûment perçues de ce fait (article L6354-1 du "
         "Code du travail)."});
    agreement_article(
        pdf, number, "Règlement intérieur et informations",
        {"Le stagiaire a reçu, avant la signature du présent contrat, le programme, les "
         "objectifs, le nom et les qualifications des formateurs, les horaires, les modalités "
         "d'évaluation, les prix et conditions de paiement et d'annulation, ainsi que le "
         "règlement intérieur applicable aux stagiaires (articles L6352-3 et L6353-8 du Code "
         "du travail), qu'il s'engage à respecter."});
}

void draw_signature(PdfWriter& pdf, const TrainingContract& contract) {
    pdf.ensure_space(pdf.line_height(body) * 5);
    pdf.move_down(10);
    pdf.paragraph(
        "Établi le " + format_long_date_fr(contract.issued_on) + ", à " +
            contract.organisation.city +
            ". Le stagiaire signe le présent contrat en ligne, par signature électronique "
            "simple : la date et l'heure de sa signature, l'empreinte SHA-256 de ce "
            "document et la phrase qu'il a confirmée sont conservées par l'organisme de "
            "formation et lui sont communiquées.",
        small);
    pdf.move_down(4);
    pdf.paragraph("Pour l'organisme de formation : " + contract.organisation.signatory, bold);
}

}  // namespace

json to_json(const TrainingContract& c) {
    const Organisation& o = c.organisation;
    return {{"version", snapshot_version},
            {"organisation",
             {{"name", o.name},
              {"address", o.address},
              {"siret", o.siret},
              {"nda", o.nda},
              {"signatory", o.signatory},
              {"city", o.city}}},
            {"reference", c.reference},
            {"trainee_name", c.trainee_name},
            {"trainee_address", c.trainee_address},
            {"trainee_email", c.trainee_email},
            {"course_title", c.course_title},
            {"objectives", c.objectives},
            {"programme", c.programme},
            {"prerequisites", c.prerequisites},
            {"teaching_means", c.teaching_means},
            {"assessment", c.assessment},
            {"trainers", c.trainers},
            {"certification", c.certification},
            {"place", c.place},
            {"accessibility", c.accessibility},
            {"disability_referent", c.disability_referent},
            {"starts_on", iso_date(c.starts_on, "starts_on")},
            {"ends_on", iso_date(c.ends_on, "ends_on")},
            {"morning_start", time_to_json(c.morning.start)},
            {"morning_end", time_to_json(c.morning.end)},
            {"afternoon_start", time_to_json(c.afternoon.start)},
            {"afternoon_end", time_to_json(c.afternoon.end)},
            {"duration_minutes", c.duration_minutes},
            {"max_trainees", c.max_trainees},
            {"price_cents", c.price_cents},
            {"vat_exemption", c.vat_exemption},
            {"withdrawal_address", c.withdrawal_address},
            {"issued_on", iso_date(c.issued_on, "issued_on")}};
}

TrainingContract training_contract_from_json(const json& j) {
    if (read_integer(j, "version") != snapshot_version) {
        malformed("version", "is not a known contract snapshot version");
    }
    const json& o = field_of(j, "organisation");
    TrainingContract c;
    c.organisation = {read_string(o, "name"), read_string(o, "address"),   read_string(o, "siret"),
                      read_string(o, "nda"),  read_string(o, "signatory"), read_string(o, "city")};
    c.reference = read_string(j, "reference");
    c.trainee_name = read_string(j, "trainee_name");
    c.trainee_address = read_string(j, "trainee_address");
    c.trainee_email = read_string(j, "trainee_email");
    c.course_title = read_string(j, "course_title");
    c.objectives = read_string(j, "objectives");
    c.programme = read_string(j, "programme");
    c.prerequisites = read_string(j, "prerequisites");
    c.teaching_means = read_string(j, "teaching_means");
    c.assessment = read_string(j, "assessment");
    c.trainers = read_string(j, "trainers");
    c.certification = read_string(j, "certification");
    c.place = read_string(j, "place");
    c.accessibility = read_string(j, "accessibility");
    c.disability_referent = read_string(j, "disability_referent");
    c.starts_on = read_date(j, "starts_on");
    c.ends_on = read_date(j, "ends_on");
    c.morning = {time_from_json(j, "morning_start"), time_from_json(j, "morning_end")};
    c.afternoon = {time_from_json(j, "afternoon_start"), time_from_json(j, "afternoon_end")};
    c.duration_minutes = read_int(j, "duration_minutes");
    c.max_trainees = read_int(j, "max_trainees");
    c.price_cents = read_integer(j, "price_cents");
    c.vat_exemption = read_string(j, "vat_exemption");
    c.withdrawal_address = read_string(j, "withdrawal_address");
    c.issued_on = read_date(j, "issued_on");
    return c;
}

std::string render_training_contract_pdf(const TrainingContract& contract) {
    check(contract);
    // The title stays ASCII: it lands in the PDF's metadata (see render_invoice_pdf).
    PdfWriter pdf({.margins = page_margins, .title = "Contrat de formation " + contract.reference});
    draw_title(pdf, contract.organisation, "Contrat de formation professionnelle",
               "n° " + contract.reference + " – articles L6353-3 à L6353-7 du Code du travail",
               "Contrat de formation professionnelle n° " + contract.reference + " (suite)");
    draw_parties(pdf, contract);
    draw_articles(pdf, contract);
    draw_signature(pdf, contract);
    draw_footers(pdf, contract.organisation, contract.reference);
    return pdf.finish();
}

}  // namespace formations::invoices

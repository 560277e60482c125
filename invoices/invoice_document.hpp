#pragma once
// The snapshot of a billing document (invoice or credit note): everything printed on it, copied
// at issue time and stored with it, so the document never changes when live data does
// (Code de commerce L123-22; CGI annexe II art. 242 nonies A). The PDF is rendered from this only.
// Stored as JSON (document_json.hpp).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/date_time/gregorian/gregorian_types.hpp>

#include "pricing/money.hpp"
#include "pricing/payment_schedule.hpp"

namespace formations::invoices {

enum class DocumentKind { invoice, credit_note };

// The training organisation, from configuration.
struct Seller {
    std::string name;        // "Coopérer pour Entreprendre"
    std::string legal_form;  // "SCIC SA à capital variable"
    std::string address;     // several lines separated by '\n'
    std::string siret;       // 14 digits
    std::optional<std::string> vat_number;
    std::string nda;  // numéro de déclaration d'activité (training organisation)
    std::string email;
    std::string bank_name;
    std::string iban;
    std::string bic;
    // Registration and capital, printed with the legal form (Code de commerce R123-237):
    // "RCS Paris 999 000 004", "RM 75" for a craft business; "37 000 €", printed
    // "au capital de 37 000 €" (none for a company whose legal form says "à capital variable").
    std::optional<std::string> trade_register{};
    std::optional<std::string> share_capital{};
};

struct Buyer {
    std::string name;
    std::string address;               // several lines separated by '\n'
    std::optional<std::string> siret;  // set for a business buyer
    bool business = false;  // employer or funding body: the business-to-business clauses apply
    std::optional<std::string> siren{};  // printed when given (business buyers)
};

// An invoice addressed to a funding body (an OPCO) that pays the training for the employer
// (subrogation): it names the employer and the trainee and carries the funding agreement.
struct Subrogation {
    std::string employer_name;
    std::optional<std::string> employer_siret;
    std::string trainee_name;
    std::string agreement_number;  // n° de l'accord de prise en charge
};

struct Line {
    std::string description;  // course title, session dates and hours, trainee
    std::int64_t quantity = 1;
    pricing::Money unit_price;  // excl. tax; negative on a credit note
    pricing::Money total;
};

// A snapshot of version 1 (before these fields existed) reads with the defaults marked "v2".
struct Document {
    DocumentKind kind = DocumentKind::invoice;
    std::string number;  // "FA-2019-00001"
    boost::gregorian::date issued_on;
    boost::gregorian::date due_on;
    boost::gregorian::date service_starts_on;  // date of the service (the session)
    boost::gregorian::date service_ends_on;
    Seller seller;
    Buyer buyer;
    std::vector<Line> lines;
    pricing::Money total;       // no VAT: total excl. tax = total due; negative on a credit note
    std::string vat_exemption;  // "Exonération de TVA – article 261-4-4° a du CGI"
    // The payment clauses, each empty when it does not apply: a credit note has none, an
    // invoice to a consumer no late-payment penalty nor recovery indemnity.
    std::string payment_terms;           // how to pay (bank transfer details, withdrawal period…)
    std::string early_payment_discount;  // "Pas d'escompte pour paiement anticipé"
    std::string late_payment_penalty;    // penalty rate text (business buyers)
    std::optional<std::string> recovery_indemnity;  // business buyers: the 40 € indemnity
    // Credit notes name the invoice they correct, and may say why.
    std::optional<std::string> corrects_number;
    std::optional<boost::gregorian::date> corrects_issued_on;
    std::string reference;  // our registration reference, shown to help matching payments
    // v2: "Prestation de services" (empty in version 1 snapshots: not printed).
    std::string operation_category{};
    std::optional<std::string> purchase_order{};     // v2: the buyer's order number
    std::optional<std::string> correction_reason{};  // v2: "Rectification du tarif : …"
    std::optional<Subrogation> subrogation{};        // v2: billed to a funding body
    // v3: the échéancier of a self-funded trainee's invoice (L6353-6), from the contract's
    // signature and the course's days; its amounts add up to `total` and due_on is its last
    // date. Empty when the whole total is due on due_on (employers, credit notes, version 2).
    std::vector<pricing::Instalment> instalments{};
};

std::string_view to_string(DocumentKind kind);

}  // namespace formations::invoices

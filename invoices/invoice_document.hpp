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
};

struct Buyer {
    std::string name;
    std::string address;               // several lines separated by '\n'
    std::optional<std::string> siret;  // set for a business buyer
    bool business = false;             // employer: the 40 € recovery indemnity applies
};

struct Line {
    std::string description;  // course title, session dates and hours, trainee
    std::int64_t quantity = 1;
    pricing::Money unit_price;  // excl. tax; negative on a credit note
    pricing::Money total;
};

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
    std::string payment_terms;  // how to pay (bank transfer details, withdrawal period…)
    std::string early_payment_discount;             // "Pas d'escompte pour paiement anticipé"
    std::string late_payment_penalty;               // penalty rate text
    std::optional<std::string> recovery_indemnity;  // business buyers: the 40 € indemnity
    // Credit notes name the invoice they correct.
    std::optional<std::string> corrects_number;
    std::optional<boost::gregorian::date> corrects_issued_on;
    std::string reference;  // our registration reference, shown to help matching payments
};

std::string_view to_string(DocumentKind kind);

}  // namespace formations::invoices

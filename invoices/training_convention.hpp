#pragma once
// The convention de formation between the organisation and the employer of an employer-funded
// trainee (Code du travail L6353-1, L6353-2, D6353-1), one per registration, as printed: plain
// values frozen when the convention is first produced (the stored snapshot), so that the same
// snapshot always renders the same PDF bytes, which is what the employer's signatory signs.
// The training action is described by the same terms as a training contract (`action`: title,
// objectives, programme, means, duration, dates and daily hours, assessment, trainers, price;
// its trainee is the one named), the parties and the payment terms by the fields below.
// Example:
//   TrainingConvention convention{.action = terms, .reference = "CV-000042", …};
//   std::string pdf = render_training_convention_pdf(convention);
//   auto same = training_convention_from_json(to_json(convention));

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "invoices/training_contract.hpp"

namespace formations::invoices {

struct ConventionFunding {
    std::string name;              // the OPCO paying the organisation directly (subrogation)
    std::string agreement_number;  // n° de l'accord de prise en charge
    std::optional<std::int64_t> amount_cents;  // its share; none: the whole price
};

struct TrainingConvention {
    TrainingContract action;  // the training action and its trainee (withdrawal_address unused)
    std::string reference;    // "CV-000042": printed on every page
    std::string employer_name;
    std::string employer_address;  // several lines separated by '\n'
    std::string employer_siret;    // 14 digits
    std::string signatory_name;
    std::string signatory_role;
    std::string signatory_email;
    int payment_days = 30;  // the invoice is payable this many days after its issue
    std::optional<std::string> purchase_order;
    std::optional<ConventionFunding> funding;
};

// The stored snapshot; reading is strict (std::invalid_argument on anything missing or mistyped).
nlohmann::json to_json(const TrainingConvention& convention);
TrainingConvention training_convention_from_json(const nlohmann::json& json);

// Throws std::invalid_argument on dates not set or reversed, a negative price, no trainee or no
// employer; std::runtime_error when the PDF cannot be produced (fonts missing).
std::string render_training_convention_pdf(const TrainingConvention& convention);

}  // namespace formations::invoices

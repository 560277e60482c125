#pragma once
// The contrat de formation professionnelle of a self-funded trainee (Code du travail L6353-3 to
// L6353-7), as printed: plain values frozen when the contract is first produced (the stored
// snapshot), so that the same snapshot always renders the same PDF bytes, which is what the
// trainee signs (their SHA-256). Every mention of L6353-4 has its field: nature, duration,
// programme and objective; number of trainees; prerequisites; place (with its accessibility and
// the disability referent) and teaching means;
// trainers and their qualifications; the certificate prepared; price, financing and payment
// terms; and the texts of the withdrawal right (L6353-5, L6353-6), of abandonment and force
// majeure (L6353-7) and of non-performance (L6354-1), which render_training_contract_pdf adds.
// Example:
//   TrainingContract contract{.organisation = organisation, .reference = "CF-2019-06-000042", …};
//   std::string pdf = render_training_contract_pdf(contract);
//   auto same = training_contract_from_json(to_json(contract));

#include <cstdint>
#include <string>

#include <boost/date_time/gregorian/gregorian_types.hpp>
#include <nlohmann/json.hpp>

#include "invoices/attendance_documents.hpp"

namespace formations::invoices {

struct TrainingContract {
    Organisation organisation;
    std::string reference;  // "CF-000042": printed on every page
    std::string trainee_name;
    std::string trainee_address;  // several lines separated by '\n'
    std::string trainee_email;
    std::string course_title;
    std::string objectives;
    std::string programme;
    std::string prerequisites;
    std::string teaching_means;
    std::string assessment;     // how the results are assessed
    std::string trainers;       // names and qualifications
    std::string certification;  // the diploma or certificate prepared, or what is delivered
    std::string place;
    std::string accessibility;        // the premises and accommodations; may be empty
    std::string disability_referent;  // who to ask for an accommodation, and how (one line)
    boost::gregorian::date starts_on;
    boost::gregorian::date ends_on;
    TimeSpan morning;
    TimeSpan afternoon;
    int duration_minutes = 0;
    int max_trainees = 0;
    std::int64_t price_cents = 0;
    std::string vat_exemption;       // "Exonération de TVA – article 261-4-4° a du CGI"
    std::string withdrawal_address;  // where the registered letter goes (one line)
    boost::gregorian::date issued_on;
};

// The stored snapshot. Reading is strict: a member missing or of the wrong type throws
// std::invalid_argument, never prints something else.
nlohmann::json to_json(const TrainingContract& contract);
TrainingContract training_contract_from_json(const nlohmann::json& json);

// Throws std::invalid_argument on dates not set or reversed, a negative price or no trainee
// name; std::runtime_error when the PDF cannot be produced (fonts missing).
std::string render_training_contract_pdf(const TrainingContract& contract);

}  // namespace formations::invoices

#pragma once
// The training contract of a self-funded trainee (Code du travail L6353-3 to L6353-7): produced
// for a registration with a seat, read and signed online from the personal page.
//
// The contract is made once, on first need: a snapshot of what it prints (the registration, the
// session, the course's programme, the organisation) and the PDF rendered from it are stored
// together, never changed; every download returns those bytes. Signing is a simple electronic
// signature: the trainee sends the SHA-256 of the PDF they read and the sentence shown to them;
// both must match (the PDF stored, the sentence of signature_statement), and the evidence — the
// hash, the clock's instant, the client's address and user agent, the sentence — is stored,
// never changed (database triggers refuse it). The withdrawal period (10 days) runs from then.
//
// Concurrency: signing takes the session's row lock then the registration's, the order of every
// seat decision, so a cancellation and a signature of the same registration happen one after
// the other; a second signature is refused.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "pricing/payment_schedule.hpp"

#include "service/app/registrations.hpp"
#include "service/app/use_case.hpp"

namespace formations::app {

struct ContractSignatureView {
    std::string signed_at;  // ISO 8601, UTC
    std::string pdf_sha256;
    std::string statement;
    boost::gregorian::date withdrawal_ends_on;  // the last day to withdraw
    // The payment schedule that follows from the signature (pricing/payment_schedule.hpp).
    std::vector<pricing::Instalment> schedule;
    std::optional<std::string> withdrawn_at;  // ISO 8601, UTC
    bool withdrawal_open = false;             // not withdrawn, and today is within the period
};

struct ContractView {
    std::int64_t registration_id = 0;
    std::string reference;
    std::string pdf_sha256;
    std::string created_at;  // ISO 8601, UTC
    std::string statement;   // what the trainee confirms to sign
    std::optional<ContractSignatureView> signature;
};

struct SignatureEvidence {
    std::string pdf_sha256;      // of the PDF the person read, hex
    std::string statement;       // the sentence they confirmed
    std::string client_address;  // request.client_address (trusted-proxy rule)
    std::string user_agent;      // as sent, cut at 512 bytes
};

// The sentence a trainee confirms to sign their contract.
std::string signature_statement(const std::string& trainee_name, const std::string& reference);

// The contract of a self-funded registration with a seat, made now if it was not yet; a signed
// contract stays readable after a cancellation. Errors: registration_not_found, no_contract (an
// employer pays: a convention covers it), no_seat (waiting list), already_cancelled (cancelled
// before any contract was made).
Result<ContractView> training_contract(storage::Database& db, const Clock& clock,
                                       const invoices::BillingSettings& settings,
                                       const RegistrationKey& key);
// Its PDF: the stored bytes, the same at every download.
Result<std::string> training_contract_pdf(storage::Database& db, const Clock& clock,
                                          const invoices::BillingSettings& settings,
                                          const RegistrationKey& key);

// By the trainee (their token) only. The sale is then concluded: the same transaction issues
// the trainee's invoice with its échéancier (detail::issue_invoices) and queues it to them
// (contract_signed). Errors: registration_not_found, no_contract, no_seat, already_cancelled,
// contract_not_read (never downloaded), already_signed, contract_mismatch (another PDF's hash),
// statement_mismatch, invalid_sha256.
Result<ContractView> sign_training_contract(storage::Database& db, const Clock& clock,
                                            const invoices::BillingSettings& settings,
                                            const std::string& token,
                                            const SignatureEvidence& evidence);

// Withdrawal within the period (L6353-5), by the trainee with their token, in one click: the
// registration is cancelled without any fee (the invoice issued at the signature wholly credited),
// the seat goes to the waiting list, the trainee is told (contract_withdrawn, the credit note
// attached), and the withdrawal is stored beside the signature. Allowed until the period's last day
// included, also once the course has started. Errors: registration_not_found, no_contract,
// already_cancelled, contract_not_signed, withdrawal_period_over.
struct WithdrawalEvidence {
    std::string client_address;
    std::string user_agent;
};
Result<ContractView> withdraw_from_contract(storage::Database& db, const Clock& clock,
                                            const invoices::BillingSettings& settings,
                                            const std::string& token,
                                            const WithdrawalEvidence& evidence);

}  // namespace formations::app

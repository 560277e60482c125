#pragma once
// The training convention of an employer-funded trainee (Code du travail L6353-1, L6353-2,
// D6353-1): one per registration with a seat, between the organisation and the employer, signed
// by the employer's signatory (collected by the registration form) online through a personal
// link sent by e-mail, or on paper — staff then attach the scanned signed copy.
//
// Like the training contract (contracts.hpp), the convention is made once, on first need: its
// snapshot (the action's terms, the employer, the signatory, the payment terms and funding body)
// and the PDF rendered from it are stored together, never changed; every download returns those
// bytes. An online signature is a simple electronic signature with the contract's evidence: the
// SHA-256 of the PDF read, the instant, the client's address and user agent, the sentence
// confirmed. Links are random tokens of which only the SHA-256 is stored; a resend makes a new
// link, and every link stops working for signing once the convention is signed or the
// registration cancelled (a signed convention stays readable).
//
// Concurrency: signing and attaching a copy take the session's row lock then the registration's,
// the order of every seat decision; the signature's primary key keeps one.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "service/app/accounts.hpp"
#include "service/app/contracts.hpp"
#include "service/app/use_case.hpp"
#include "service/domain/convention.hpp"

namespace formations::app {

struct ConventionSignatureView {
    std::string method;                      // online / paper
    std::string signed_at;                   // ISO 8601, UTC
    std::optional<std::string> pdf_sha256;   // online
    std::optional<std::string> statement;    // online
    std::optional<std::string> scan_sha256;  // paper: the attached copy
    std::optional<std::string> recorded_by;  // paper: who attached it
};

struct ConventionView {
    std::int64_t registration_id = 0;
    std::string reference;
    std::string pdf_sha256;
    std::string created_at;  // ISO 8601, UTC
    std::string statement;   // what the signatory confirms to sign
    std::string employer_name;
    std::string trainee_name;
    std::string course_title;
    boost::gregorian::date starts_on;
    boost::gregorian::date ends_on;
    std::optional<domain::Signatory> signatory;
    std::optional<ConventionSignatureView> signature;
};

// The largest scanned copy staff may attach.
inline constexpr std::size_t max_scan_bytes = 1024 * 1024;

// Checks and normalises the signatory of a registration form: fields
// "employer.signatory.name", "….role", "….email".
Result<domain::Signatory> validate_signatory(const domain::Signatory& signatory);

// The sentence a signatory confirms to sign.
std::string convention_statement(const std::string& signatory_name,
                                 const std::string& employer_name, const std::string& reference);

// Staff, by the registration's id: the convention (made now if need be) and its PDF. Errors:
// registration_not_found, no_convention (self-funded: a contract covers it), no_seat,
// already_cancelled (cancelled before any convention was made).
Result<ConventionView> training_convention(storage::Database& db, const Clock& clock,
                                           const invoices::BillingSettings& settings,
                                           std::int64_t registration_id);
Result<std::string> training_convention_pdf(storage::Database& db, const Clock& clock,
                                            const invoices::BillingSettings& settings,
                                            std::int64_t registration_id);

// The signatory, through their link's token: the same, plus link_not_found.
Result<ConventionView> convention_of_link(storage::Database& db, const Clock& clock,
                                          const invoices::BillingSettings& settings,
                                          const std::string& token);
Result<std::string> convention_pdf_of_link(storage::Database& db, const Clock& clock,
                                           const invoices::BillingSettings& settings,
                                           const std::string& token);

// Online signature through the link. Errors: link_not_found, already_cancelled, no_seat,
// convention_not_read, already_signed (also on paper), convention_mismatch, statement_mismatch,
// invalid_sha256.
Result<ConventionView> sign_convention(storage::Database& db, const Clock& clock,
                                       const std::string& token, const SignatureEvidence& evidence);

// Staff attach the scanned signed copy (a PDF of at most max_scan_bytes): the convention is
// signed on paper, by them, now. Errors: those of training_convention, already_signed, not_a_pdf,
// scan_too_large.
Result<ConventionView> attach_signed_copy(storage::Database& db, const Clock& clock,
                                          const invoices::BillingSettings& settings,
                                          const Actor& actor, std::int64_t registration_id,
                                          const std::string& scan);
// The attached copy, byte for byte. Errors: registration_not_found, no_signed_copy.
Result<std::string> signed_copy(storage::Database& db, std::int64_t registration_id);

// Staff: a new signature link for the signatory, by e-mail. Errors: registration_not_found,
// no_convention, no_seat, already_cancelled, no_signatory, already_signed.
struct LinkSent {
    std::string email;
    std::int64_t message_id = 0;
};
Result<LinkSent> send_convention_link(storage::Database& db, const Clock& clock, const Actor& actor,
                                      std::int64_t registration_id);

// Employer-funded seats whose convention is not signed, in sessions not cancelled and not over.
Result<std::vector<domain::UnsignedConvention>> unsigned_conventions(storage::Database& db,
                                                                     const Clock& clock);

}  // namespace formations::app

#pragma once
// The documents a trainee receives before the course (Qualiopi indicator 9), rendered from what
// the service knows now: the convocation of a registration (the session's dates, daily hours and
// place, the course sheet's accessibility, contact and disability referent), downloadable from
// the personal page and attached to the convocation e-mail. Not stored: a convocation always
// shows the session as it is (staff may move the hours), and the same data give the same bytes.

#include <optional>
#include <string>
#include <vector>

#include "invoices/billing_settings.hpp"
#include "service/app/accounts.hpp"
#include "service/app/registrations.hpp"
#include "service/app/use_case.hpp"

namespace formations::app {

// The programme of a course (its sheet in force: objectives, audience, prerequisites, programme,
// duration and hours, methods, assessment, accessibility, referent, contact, prices; without a
// published sheet, the course's own programme, as the training contract prints it) and the
// règlement intérieur (L6352-3) are public: the course's page links them, and the confirmation
// of a self-funded seat, whose contract refers to them, attaches both.
struct InternalRules {
    int version = 0;  // 0: nothing published yet, the service's default text (internal_rules.cpp)
    std::string text;
    std::optional<std::string> published_at;  // ISO 8601, UTC
    std::optional<std::string> published_by;
};

Result<InternalRules> internal_rules(storage::Database& db,
                                     const invoices::BillingSettings& settings);
// A new version (published = true), or the current one unchanged when the text is the same.
// Errors: invalid_rules (400: empty, longer than 50 000 characters, control characters).
struct RulesPublication {
    InternalRules rules;
    bool published = false;
};
Result<RulesPublication> publish_internal_rules(storage::Database& db, const Clock& clock,
                                                const Actor& actor,
                                                const invoices::BillingSettings& settings,
                                                const std::string& text);
// Every version staff published, the latest (in force) first; empty while the default applies.
Result<std::vector<InternalRules>> internal_rules_versions(storage::Database& db);
Result<std::string> internal_rules_pdf(storage::Database& db,
                                       const invoices::BillingSettings& settings);
// Errors: course_not_found.
Result<std::string> programme_pdf(storage::Database& db, const Clock& clock,
                                  const invoices::BillingSettings& settings,
                                  const std::string& course_code);

// What a self-funded trainee receives with their seat, before signing the contract that refers
// to them (L6353-8): the programme (when the course has a published sheet) and the règlement
// intérieur, as {file name, PDF} pairs.
struct NamedPdf {
    std::string file_name;
    std::string pdf;
};
Result<std::vector<NamedPdf>> contract_enclosures(storage::Database& db, const Clock& clock,
                                                  const invoices::BillingSettings& settings,
                                                  std::int64_t registration_id);

// Errors: registration_not_found, no_convocation (409: cancelled, or on the waiting list).
Result<std::string> convocation_pdf(storage::Database& db,
                                    const invoices::BillingSettings& settings,
                                    const RegistrationKey& key);

}  // namespace formations::app

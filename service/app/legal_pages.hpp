#pragma once
// What the public pages show in their footer and on /informations-legales.html: a contact, the
// terms of sale (conditions générales de vente), the privacy notice and the legal notice
// (mentions légales, LCEN article 6 III). Each text comes from configuration (README,
// "Configuration"); without one, a French default is built from the organisation's settings
// (name, legal form, address, SIRET, NDA, e-mail, signatory) and the rules the service applies.
// Pure: unit-tested.
// Example: auto pages = legal_pages(options.legal, config.billing);

#include <optional>
#include <string>

#include "invoices/billing_settings.hpp"

namespace formations::app {

struct LegalSettings {
    std::optional<std::string> contact_email;  // FORMATIONS_CONTACT_EMAIL (default: the seller's)
    std::optional<std::string> contact_phone;  // FORMATIONS_CONTACT_PHONE
    std::optional<std::string> publication_director;  // FORMATIONS_PUBLICATION_DIRECTOR
    std::optional<std::string> host;  // FORMATIONS_HOSTING_PROVIDER: name, address, phone
    // Whole texts, read at start from FORMATIONS_TERMS_OF_SALE_FILE, _PRIVACY_NOTICE_FILE and
    // _LEGAL_NOTICE_FILE (UTF-8; paragraphs separated by blank lines).
    std::optional<std::string> terms_of_sale;
    std::optional<std::string> privacy_notice;
    std::optional<std::string> legal_notice;
    // How long personal data are kept after the course (FORMATIONS_RETENTION_DAYS), for the
    // default privacy notice.
    int retention_days = 1095;
};

struct LegalContact {
    std::string name;
    std::string address;  // lines separated by '\n'
    std::string email;
    std::optional<std::string> phone;
};

struct LegalPages {
    LegalContact contact;
    std::string terms_of_sale;
    std::string privacy_notice;
    std::string legal_notice;
};

LegalPages legal_pages(const LegalSettings& settings, const invoices::BillingSettings& billing);

}  // namespace formations::app

#include "config.hpp"

#include "pricing/siret.hpp"
#include "service/domain/iso8601.hpp"
#include "service/mail/address.hpp"
#include "service/mail/smtp.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <tuple>
#include <utility>

namespace formations {
namespace {

std::optional<std::string> variable(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') {
        return std::nullopt;
    }
    return std::string(value);
}

template <typename T>
bool parse_number(const std::string& text, T& out, T min, T max) {
    T value{};
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
        return false;
    }
    out = value;
    return true;
}

Error bad(const char* name, const std::string& expected) {
    return Error::invalid("invalid_configuration",
                          std::string(name) + " : valeur invalide (" + expected + ")", name);
}

// Multi-line values (addresses) may be written with a literal "\\n" in the environment.
std::string with_line_breaks(const std::string& text) {
    std::string result;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == 'n') {
            result += '\n';
            ++i;
        } else {
            result += text[i];
        }
    }
    return result;
}

bool valid_prefix(const std::string& prefix) {
    return !prefix.empty() && prefix.size() <= 10 &&
           std::all_of(prefix.begin(), prefix.end(),
                       [](unsigned char c) { return std::isupper(c) || std::isdigit(c); });
}

std::optional<Error> read_billing(invoices::BillingSettings& billing) {
    auto& seller = billing.seller;
    struct Text {
        const char* name;
        std::string* into;
    };
    for (auto [name, into] :
         {Text{"FORMATIONS_SELLER_NAME", &seller.name},
          Text{"FORMATIONS_SELLER_LEGAL_FORM", &seller.legal_form},
          Text{"FORMATIONS_SELLER_ADDRESS", &seller.address},
          Text{"FORMATIONS_SELLER_NDA", &seller.nda},
          Text{"FORMATIONS_SELLER_EMAIL", &seller.email},
          Text{"FORMATIONS_SELLER_BANK", &seller.bank_name},
          Text{"FORMATIONS_SELLER_IBAN", &seller.iban}, Text{"FORMATIONS_SELLER_BIC", &seller.bic},
          Text{"FORMATIONS_VAT_EXEMPTION_TEXT", &billing.vat_exemption},
          Text{"FORMATIONS_LATE_PENALTY_TEXT", &billing.late_payment_penalty},
          Text{"FORMATIONS_SIGNATORY", &billing.signatory},
          Text{"FORMATIONS_SIGNATURE_CITY", &billing.signature_city},
          Text{"FORMATIONS_INVOICE_PREFIX", &billing.invoice_prefix},
          Text{"FORMATIONS_CREDIT_NOTE_PREFIX", &billing.credit_note_prefix}}) {
        if (auto value = variable(name)) {
            *into = with_line_breaks(*value);
        }
    }
    // Optional mentions: printed only when set (a company's RCS or RM registration, and its
    // capital unless the legal form says "à capital variable").
    for (auto [name, into] :
         {std::pair{"FORMATIONS_SELLER_VAT_NUMBER", &seller.vat_number},
          std::pair{"FORMATIONS_SELLER_TRADE_REGISTER", &seller.trade_register},
          std::pair{"FORMATIONS_SELLER_SHARE_CAPITAL", &seller.share_capital}}) {
        if (auto value = variable(name)) {
            *into = *value;
        }
    }
    if (auto siret = variable("FORMATIONS_SELLER_SIRET")) {
        auto parsed = pricing::Siret::parse(*siret);
        if (!parsed) {
            return bad("FORMATIONS_SELLER_SIRET", "14 chiffres, clé de contrôle valide");
        }
        seller.siret = parsed->digits();
    }
    if (!valid_prefix(billing.invoice_prefix) || !valid_prefix(billing.credit_note_prefix) ||
        billing.invoice_prefix == billing.credit_note_prefix) {
        return bad("FORMATIONS_INVOICE_PREFIX",
                   "préfixes distincts de 1 à 10 majuscules ou chiffres");
    }
    if (auto days = variable("FORMATIONS_EMPLOYER_PAYMENT_DAYS")) {
        if (!parse_number(*days, billing.employer_payment_days, 0, 60)) {
            return bad("FORMATIONS_EMPLOYER_PAYMENT_DAYS", "un entier entre 0 et 60");
        }
    }
    if (auto hours = variable("FORMATIONS_OFFER_HOURS")) {
        if (!parse_number(*hours, billing.offer_hours, 1, 336)) {
            return bad("FORMATIONS_OFFER_HOURS", "un entier entre 1 et 336");
        }
    }
    return std::nullopt;
}

// Journal codes, account numbers and labels of the FEC export.
std::optional<Error> read_accounting(invoices::AccountingSettings& accounting) {
    struct Text {
        const char* name;
        std::string* into;
        bool digits;  // account numbers: digits only
    };
    for (auto [name, into, digits] :
         {Text{"FORMATIONS_FEC_SALES_JOURNAL", &accounting.sales_journal_code, false},
          Text{"FORMATIONS_FEC_SALES_JOURNAL_LABEL", &accounting.sales_journal_label, false},
          Text{"FORMATIONS_FEC_BANK_JOURNAL", &accounting.bank_journal_code, false},
          Text{"FORMATIONS_FEC_BANK_JOURNAL_LABEL", &accounting.bank_journal_label, false},
          Text{"FORMATIONS_FEC_CUSTOMER_ACCOUNT", &accounting.customer_account, true},
          Text{"FORMATIONS_FEC_CUSTOMER_ACCOUNT_LABEL", &accounting.customer_account_label, false},
          Text{"FORMATIONS_FEC_REVENUE_ACCOUNT", &accounting.revenue_account, true},
          Text{"FORMATIONS_FEC_REVENUE_ACCOUNT_LABEL", &accounting.revenue_account_label, false},
          Text{"FORMATIONS_FEC_BANK_ACCOUNT", &accounting.bank_account, true},
          Text{"FORMATIONS_FEC_BANK_ACCOUNT_LABEL", &accounting.bank_account_label, false},
          Text{"FORMATIONS_FEC_EMPLOYER_PREFIX", &accounting.employer_customer_prefix, false},
          Text{"FORMATIONS_FEC_TRAINEE_PREFIX", &accounting.trainee_customer_prefix, false}}) {
        auto value = variable(name);
        if (!value) {
            continue;
        }
        bool valid =
            value->size() <= 100 && std::none_of(value->begin(), value->end(), [](unsigned char c) {
                return c < 0x20 || c == 0x7f || c == '|';
            });
        if (digits) {
            valid = valid && value->size() >= 3 && value->size() <= 20 &&
                    std::all_of(value->begin(), value->end(),
                                [](unsigned char c) { return std::isdigit(c); });
        }
        if (!valid) {
            return bad(name, digits ? "un numéro de compte de 3 à 20 chiffres"
                                    : "au plus 100 caractères, sans tabulation ni « | »");
        }
        *into = *value;
    }
    if (auto objective = variable("FORMATIONS_BPF_OBJECTIVE")) {
        if (objective->size() != 1 || (*objective)[0] < 'a' || (*objective)[0] > 'f') {
            return bad("FORMATIONS_BPF_OBJECTIVE", "une lettre de a à f (cerfa 10443, F-3)");
        }
        accounting.report_objective = *objective;
    }
    if (auto code = variable("FORMATIONS_BPF_SPECIALITY_CODE")) {
        bool valid = (code->size() == 3 || code->size() == 4) &&
                     std::all_of(code->begin(), code->begin() + 3,
                                 [](unsigned char c) { return std::isdigit(c); }) &&
                     (code->size() == 3 || std::islower(static_cast<unsigned char>((*code)[3])));
        if (!valid) {
            return bad("FORMATIONS_BPF_SPECIALITY_CODE",
                       "un code NSF de 3 chiffres, éventuellement suivi d'une lettre (310, 315p)");
        }
        accounting.report_speciality_code = *code;
    }
    if (auto label = variable("FORMATIONS_BPF_SPECIALITY_LABEL")) {
        if (label->size() > 200) {
            return bad("FORMATIONS_BPF_SPECIALITY_LABEL", "au plus 200 caractères");
        }
        accounting.report_speciality_label = *label;
    }
    return std::nullopt;
}

std::string trimmed(const std::string& text) {
    auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// "Name <address>" or "address"; the address in its ASCII form.
std::optional<app::Mailbox> parse_mailbox(const std::string& text,
                                          const std::string& fallback_name) {
    std::string name = fallback_name, address = trimmed(text);
    auto open = address.rfind('<');
    if (open != std::string::npos && address.back() == '>') {
        name = trimmed(address.substr(0, open));
        if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
            name = name.substr(1, name.size() - 2);
        }
        address = trimmed(address.substr(open + 1, address.size() - open - 2));
    }
    auto ascii = mail::smtp_address(address);
    if (!ascii) {
        return std::nullopt;
    }
    return app::Mailbox{ascii.value(), name};
}

std::optional<Error> read_mail(app::MailSettings& mail, const invoices::BillingSettings& billing) {
    mail.from.name = billing.seller.name;
    mail.signature = "L'équipe formation\n" + billing.seller.name;
    if (auto url = variable("FORMATIONS_SMTP_URL")) {
        if (auto problem = mail::smtp_url_problem(*url)) {
            return bad(
                "FORMATIONS_SMTP_URL",
                "smtp://hôte:port ou smtps://utilisateur:mot-de-passe@hôte (" + *problem + ")");
        }
        mail.smtp_url = *url;
    }
    if (auto from = variable("FORMATIONS_MAIL_FROM")) {
        auto mailbox = parse_mailbox(*from, billing.seller.name);
        if (!mailbox) {
            return bad("FORMATIONS_MAIL_FROM", "Nom <adresse@domaine.fr> ou adresse@domaine.fr");
        }
        mail.from = *mailbox;
    }
    if (auto reply_to = variable("FORMATIONS_MAIL_REPLY_TO")) {
        mail.reply_to = parse_mailbox(*reply_to, "");
        if (!mail.reply_to) {
            return bad("FORMATIONS_MAIL_REPLY_TO",
                       "Nom <adresse@domaine.fr> ou adresse@domaine.fr");
        }
    }
    if (auto signature = variable("FORMATIONS_MAIL_SIGNATURE")) {
        mail.signature = with_line_breaks(*signature);
    }
    if (auto url = variable("FORMATIONS_PUBLIC_URL")) {
        auto base = *url;
        while (!base.empty() && base.back() == '/') {
            base.pop_back();
        }
        bool scheme = base.starts_with("https://") || base.starts_with("http://");
        bool clean = std::none_of(base.begin(), base.end(), [](unsigned char c) {
            return c <= 0x20 || c == 0x7F || c == '?' || c == '#' || c == '"' || c == '<' ||
                   c == '>';
        });
        if (!scheme || !clean || base.size() < 10) {
            return bad("FORMATIONS_PUBLIC_URL",
                       "https://formations.exemple.fr, sans « ? » ni « # »");
        }
        mail.public_url = base;
    }
    struct Number {
        const char* name;
        int* into;
        int min;
        int max;
    };
    int retry = static_cast<int>(mail.first_retry.count()),
        poll = static_cast<int>(mail.poll.count()),
        scheduler = static_cast<int>(mail.scheduler_interval.count());
    for (auto [name, into, min, max] :
         {Number{"FORMATIONS_MAIL_SENDERS", &mail.senders, 1, 16},
          Number{"FORMATIONS_MAIL_MAX_ATTEMPTS", &mail.max_attempts, 1, 50},
          Number{"FORMATIONS_MAIL_RETRY_SECONDS", &retry, 1, 86400},
          Number{"FORMATIONS_MAIL_POLL_SECONDS", &poll, 1, 60},
          Number{"FORMATIONS_SCHEDULER_SECONDS", &scheduler, 1, 3600},
          Number{"FORMATIONS_CONVOCATION_REMINDER_DAYS", &mail.convocation_reminder_days, 0, 60},
          Number{"FORMATIONS_PAYMENT_REMINDER_DAYS", &mail.payment_reminder_days, 0, 180},
          Number{"FORMATIONS_PAYMENT_REMINDER_COUNT", &mail.payment_reminder_count, 0, 10},
          Number{"FORMATIONS_CONTRACT_HOLD_DAYS", &mail.contract_hold_days, 0, 60}}) {
        if (auto value = variable(name)) {
            if (!parse_number(*value, *into, min, max)) {
                return bad(name,
                           "un entier entre " + std::to_string(min) + " et " + std::to_string(max));
            }
        }
    }
    mail.first_retry = std::chrono::seconds(retry);
    mail.poll = std::chrono::seconds(poll);
    mail.scheduler_interval = std::chrono::seconds(scheduler);
    return std::nullopt;
}

// Delays of the questionnaires and retention of personal data, in days.
std::optional<Error> read_evidence(Config& config) {
    struct Days {
        const char* name;
        int* into;
        int min;
        int max;
    };
    auto& delays = config.evaluations;
    auto& retention = config.retention;
    for (auto [name, into, min, max] :
         {Days{"FORMATIONS_TRAINEE_SURVEY_DELAY_DAYS", &delays.trainee_survey_days, 0, 365},
          Days{"FORMATIONS_EMPLOYER_SURVEY_DELAY_DAYS", &delays.employer_survey_days, 0, 730},
          Days{"FORMATIONS_SURVEY_OPEN_DAYS", &delays.open_days, 1, 365},
          Days{"FORMATIONS_RETENTION_DAYS", &retention.answers_days, 30, 3650},
          Days{"FORMATIONS_ACCOMMODATION_RETENTION_DAYS", &retention.accommodation_days, 30,
               3650}}) {
        if (auto value = variable(name)) {
            if (!parse_number(*value, *into, min, max)) {
                return bad(name, "un nombre de jours entre " + std::to_string(min) + " et " +
                                     std::to_string(max));
            }
        }
    }
    retention.complaints_days = retention.answers_days;
    retention.messages_days = retention.answers_days;
    if (auto value = variable("FORMATIONS_HOUSEKEEPING_INTERVAL")) {
        int seconds = 0;
        if (!parse_number(*value, seconds, 1, 86400)) {
            return bad("FORMATIONS_HOUSEKEEPING_INTERVAL",
                       "un nombre de secondes entre 1 et 86400");
        }
        config.housekeeping_interval = std::chrono::seconds(seconds);
    }
    return std::nullopt;
}

// The public pages' contact and legal texts (app/legal_pages.hpp): short values from the
// environment, whole texts from UTF-8 files read once at start.
std::optional<Error> read_legal(app::LegalSettings& legal, int retention_days) {
    legal.retention_days = retention_days;
    if (auto email = variable("FORMATIONS_CONTACT_EMAIL")) {
        auto address = mail::smtp_address(*email, "FORMATIONS_CONTACT_EMAIL");
        if (!address) {
            return bad("FORMATIONS_CONTACT_EMAIL", "une adresse électronique");
        }
        legal.contact_email = *email;
    }
    legal.contact_phone = variable("FORMATIONS_CONTACT_PHONE");
    legal.publication_director = variable("FORMATIONS_PUBLICATION_DIRECTOR");
    if (auto host = variable("FORMATIONS_HOSTING_PROVIDER")) {
        legal.host = with_line_breaks(*host);
    }
    struct Text {
        const char* name;
        std::optional<std::string>* into;
    };
    for (auto [name, into] : {Text{"FORMATIONS_TERMS_OF_SALE_FILE", &legal.terms_of_sale},
                              Text{"FORMATIONS_PRIVACY_NOTICE_FILE", &legal.privacy_notice},
                              Text{"FORMATIONS_LEGAL_NOTICE_FILE", &legal.legal_notice}}) {
        if (auto path = variable(name)) {
            std::ifstream file(*path, std::ios::binary);
            std::ostringstream text;
            text << file.rdbuf();
            if (!file || text.str().empty() || text.str().size() > 200'000) {
                return bad(name,
                           "le chemin d'un fichier texte UTF-8 lisible, non vide, de moins "
                           "de 200 000 octets");
            }
            *into = text.str();
        }
    }
    return std::nullopt;
}

}  // namespace

Result<Config> config_from_environment() {
    Config config;
    if (auto url = variable("FORMATIONS_DATABASE_URL")) {
        config.database_url = *url;
    }
    if (auto listen = variable("FORMATIONS_LISTEN")) {
        auto colon = listen->rfind(':');
        if (colon == std::string::npos || colon == 0 ||
            !parse_number<std::uint16_t>(listen->substr(colon + 1), config.server.port, 0, 65535)) {
            return bad("FORMATIONS_LISTEN", "attendu hôte:port, par ex. 127.0.0.1:8080");
        }
        config.server.host = listen->substr(0, colon);
    }
    if (auto threads = variable("FORMATIONS_THREADS")) {
        if (!parse_number(*threads, config.server.threads, 1, 64)) {
            return bad("FORMATIONS_THREADS", "un entier entre 1 et 64");
        }
    }
    if (auto workers = variable("FORMATIONS_WORKERS")) {
        if (!parse_number(*workers, config.server.workers, 1, 256)) {
            return bad("FORMATIONS_WORKERS", "un entier entre 1 et 256");
        }
    }
    if (auto downloads = variable("FORMATIONS_DOWNLOADS")) {
        if (!parse_number(*downloads, config.server.downloads, 1, 256)) {
            return bad("FORMATIONS_DOWNLOADS", "un entier entre 1 et 256");
        }
    }
    if (auto proxies = variable("FORMATIONS_TRUSTED_PROXIES")) {
        auto parsed = http::TrustedProxies::parse(*proxies);
        if (!parsed) {
            return bad("FORMATIONS_TRUSTED_PROXIES",
                       "des adresses IP ou réseaux séparés par des virgules, par ex. "
                       "127.0.0.1, ::1, 10.0.0.0/8");
        }
        config.server.trusted_proxies = *parsed;
    }
    for (auto [name, into, max] :
         {std::tuple{"FORMATIONS_REQUEST_TIMEOUT", &config.server.request_timeout, 600},
          std::tuple{"FORMATIONS_IDLE_TIMEOUT", &config.server.idle_timeout, 3600},
          std::tuple{"FORMATIONS_DRAIN_TIMEOUT", &config.server.drain_timeout, 3600}}) {
        if (auto text = variable(name)) {
            int seconds = 0;
            if (!parse_number(*text, seconds, 1, max)) {
                return bad(name, "un nombre de secondes entre 1 et " + std::to_string(max));
            }
            *into = std::chrono::seconds(seconds);
        }
    }
    for (auto [name, into] :
         {std::pair{"FORMATIONS_REGISTRATIONS_PER_HOUR", &config.server.limits.registrations},
          std::pair{"FORMATIONS_QUOTES_PER_HOUR", &config.server.limits.quotes},
          std::pair{"FORMATIONS_COMPLAINTS_PER_HOUR", &config.server.limits.complaints},
          std::pair{"FORMATIONS_LOST_LINKS_PER_HOUR", &config.server.limits.lost_links}}) {
        if (auto text = variable(name)) {
            if (!parse_number(*text, into->requests, 0, 1'000'000)) {
                return bad(name,
                           "un nombre de requêtes par heure et par client, 0 pour aucune limite");
            }
        }
    }
    if (auto timezone = variable("FORMATIONS_TIMEZONE")) {
        config.timezone = *timezone;
    }
    if (auto clock = variable("FORMATIONS_CLOCK")) {
        config.clock_start = parse_instant(*clock);
        if (!config.clock_start) {
            return bad("FORMATIONS_CLOCK",
                       "un instant ISO 8601 comme 2026-12-31T23:30:00+01:00 ou 2026-12-31T22:30Z");
        }
    }
    if (auto error = read_billing(config.billing)) {
        return *error;
    }
    if (auto error = read_accounting(config.billing.accounting)) {
        return *error;
    }
    if (auto error = read_mail(config.mail, config.billing)) {
        return *error;
    }
    if (auto error = read_evidence(config)) {
        return *error;
    }
    if (auto error = read_legal(config.server.legal, config.retention.answers_days)) {
        return *error;
    }
    return config;
}

}  // namespace formations

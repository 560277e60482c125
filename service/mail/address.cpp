#include "service/mail/address.hpp"

#include <idn2.h>
#include <algorithm>
#include <cstdlib>
#include <memory>

namespace formations::mail {
namespace {

constexpr std::string_view atext_specials = "!#$%&'*+-/=?^_`{|}~";

bool is_ascii_alnum(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool valid_local_part(std::string_view local) {
    if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.' ||
        local.find("..") != std::string_view::npos) {
        return false;
    }
    return std::all_of(local.begin(), local.end(), [](unsigned char c) {
        return is_ascii_alnum(c) || c == '.' ||
               atext_specials.find(static_cast<char>(c)) != std::string_view::npos;
    });
}

bool valid_ascii_domain(std::string_view domain) {
    if (domain.empty() || domain.size() > 253) {
        return false;
    }
    int labels = 0;
    for (std::size_t start = 0; start <= domain.size();) {
        auto end = domain.find('.', start);
        if (end == std::string_view::npos) {
            end = domain.size();
        }
        auto label = domain.substr(start, end - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-' ||
            !std::all_of(label.begin(), label.end(),
                         [](unsigned char c) { return is_ascii_alnum(c) || c == '-'; })) {
            return false;
        }
        ++labels;
        start = end + 1;
    }
    return labels >= 2;
}

Error invalid(const std::string& field, const std::string& message) {
    return Error::invalid("invalid_email", message, field);
}

}  // namespace

Result<std::string> smtp_address(std::string_view email, const std::string& field) {
    if (std::any_of(email.begin(), email.end(),
                    [](unsigned char c) { return c < 0x20 || c == 0x7F; })) {
        return invalid(field, "L'adresse e-mail contient des caractères de contrôle.");
    }
    auto at = email.rfind('@');
    if (at == std::string_view::npos || at == 0 || at + 1 == email.size()) {
        return invalid(field, "L'adresse e-mail n'est pas valide.");
    }
    auto local = email.substr(0, at);
    auto domain = email.substr(at + 1);
    if (!valid_local_part(local)) {
        bool accents =
            std::any_of(local.begin(), local.end(), [](unsigned char c) { return c >= 0x80; });
        return invalid(field, accents ? "La partie de l'adresse e-mail avant « @ » ne peut pas "
                                        "contenir de lettres accentuées : beaucoup de serveurs "
                                        "de messagerie ne les acceptent pas."
                                      : "L'adresse e-mail n'est pas valide.");
    }
    std::string ascii_domain;
    if (std::all_of(domain.begin(), domain.end(), [](unsigned char c) { return c < 0x80; })) {
        ascii_domain = std::string(domain);
    } else {
        char* converted = nullptr;
        std::string input(domain);
        int rc = idn2_to_ascii_8z(input.c_str(), &converted, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
        std::unique_ptr<char, decltype(&idn2_free)> owned(converted, &idn2_free);
        if (rc != IDN2_OK || converted == nullptr) {
            return invalid(field,
                           "Le nom de domaine de l'adresse e-mail (après « @ ») n'est pas "
                           "valide.");
        }
        ascii_domain = converted;
    }
    if (!valid_ascii_domain(ascii_domain)) {
        return invalid(field,
                       "Le nom de domaine de l'adresse e-mail (après « @ ») n'est pas "
                       "valide.");
    }
    std::string address = std::string(local) + "@" + ascii_domain;
    if (address.size() > 254) {
        return invalid(field, "L'adresse e-mail est trop longue.");
    }
    return address;
}

std::string_view domain_of(std::string_view address) {
    auto at = address.rfind('@');
    return at == std::string_view::npos ? std::string_view() : address.substr(at + 1);
}

}  // namespace formations::mail

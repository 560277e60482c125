#pragma once
// The form of an e-mail address that SMTP carries. People type addresses with accents in the
// domain (zoe@société.fr): the domain is converted to its IDNA2008 ASCII form (punycode,
// zoe@xn--socit-esab.fr) with libidn2, so every mail server accepts it. An accent before the
// "@" would need SMTPUTF8, which many servers lack: such addresses are refused when typed, with a
// French message, rather than accepted and never delivered.
// Examples:
//   smtp_address("zoe@société.fr").value() == "zoe@xn--socit-esab.fr"
//   smtp_address("zoé@example.org").error().code == "invalid_email"

#include <string>
#include <string_view>

#include "service/domain/error.hpp"

namespace formations::mail {

// The ASCII form of `email`, or an `invalid_email` error on `field` saying what is wrong. The
// local part is a dot-atom of ASCII letters, digits and !#$%&'*+-/=?^_`{|}~ (no quoted forms);
// the domain has at least two labels of 1 to 63 letters, digits or hyphens once converted; the
// whole is at most 254 characters. Control characters (CR, LF…) are never accepted.
Result<std::string> smtp_address(std::string_view email, const std::string& field = "email");

// The domain of an address (after the last "@"), or empty.
std::string_view domain_of(std::string_view address);

}  // namespace formations::mail

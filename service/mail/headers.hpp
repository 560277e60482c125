#pragma once
// Header fields of a message, written so that nothing a person typed can add a header or a
// recipient: every control character (CR and LF included) becomes a space before anything else,
// text that is not plain ASCII becomes RFC 2047 encoded-words (=?UTF-8?B?…?=), and long fields
// are folded (CRLF + space) so no line passes 78 characters. libcurl's MIME API writes the body
// parts; it takes the top-level header fields as they are, hence these functions. Pure.
// Examples:
//   header_field("Subject", "Inscription confirmée") ==
//       "Subject: =?UTF-8?B?SW5zY3JpcHRpb24gY29uZmlybcOpZQ==?="
//   address_field("To", "Zoé\r\nBcc: x@y.z", "zoe@example.org")  // one field, no Bcc

#include <string>
#include <string_view>

#include "service/domain/clock.hpp"

namespace formations::mail {

// Control characters, U+2028/U+2029 and invalid UTF-8 become spaces; runs of spaces one space;
// the ends trimmed.
std::string header_text(std::string_view text);

// "Name: value" for unstructured text (Subject): plain when it is short printable ASCII, else
// encoded-words of at most 39 bytes of text each, one per line.
std::string header_field(std::string_view name, std::string_view value);

// "Name: display-name <address>", the name as a plain phrase, a quoted string or encoded-words;
// `address` must already be a valid ASCII address (address.hpp). Without a name: "Name: address".
std::string address_field(std::string_view name, std::string_view display_name,
                          std::string_view address);

// "Thu, 11 Mar 2027 08:00:00 +0000" (RFC 5322, in UTC).
std::string rfc5322_date(Instant instant);

}  // namespace formations::mail

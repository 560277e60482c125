#pragma once
// Pure helpers of the web pages' file serving (web_routes.cpp): which file of web/ a request path
// names, if any, and the Content-Type of a file name. No I/O. Examples:
//   web_file_path("/") == "index.html";  web_file_path("/css/site.css") == "css/site.css"
//   web_file_path("/%2e%2e/etc/passwd") == nullopt;  content_type_for("a.svg") == "image/svg+xml"

#include <optional>
#include <string>
#include <string_view>

namespace formations::http {

// Undoes percent-encoding (and '+' as a space when `plus_is_space`, as in query strings);
// nullopt for a malformed escape ("%4", "%zz").
std::optional<std::string> percent_decoded(std::string_view text, bool plus_is_space = false);

// The path of the file under web/ that an URL path (without its query) asks for, relative and
// without a leading slash; "index.html" for a path ending in '/'. nullopt when the path cannot
// name a file we serve: malformed escapes, "..", "." or empty segments, hidden names (".git"),
// backslashes or anything but letters, digits and "-_." in a segment, once decoded. Encoded
// slashes count as slashes, so "%2e%2e%2f" is refused like "../".
std::optional<std::string> web_file_path(std::string_view url_path);

// The Content-Type for a file name, by extension (case-insensitive); nullopt for extensions the
// pages do not use, which are then not served.
std::optional<std::string> content_type_for(std::string_view file_name);

// Whether a Content-Type is an HTML page (that gets the Content-Security-Policy and friends).
bool is_html(std::string_view content_type);

// The security headers of every HTML page: a strict Content-Security-Policy (no inline script
// or style, nothing from elsewhere), no sniffing, no referrer, no framing.
inline constexpr std::string_view content_security_policy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

}  // namespace formations::http

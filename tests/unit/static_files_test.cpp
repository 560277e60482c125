// Which file of web/ an URL names (never one outside it) and the Content-Type it is served with.
#include <doctest/doctest.h>

#include "service/http/static_files.hpp"

using formations::http::content_type_for;
using formations::http::percent_decoded;
using formations::http::web_file_path;

TEST_CASE("web_file_path maps URL paths to files of web/") {
    CHECK(web_file_path("/") == "index.html");
    CHECK(web_file_path("/index.html") == "index.html");
    CHECK(web_file_path("/css/site.css") == "css/site.css");
    CHECK(web_file_path("/js/") == "js/index.html");
    CHECK(web_file_path("/mon-inscription.html") == "mon-inscription.html");
    CHECK(web_file_path("/img/logo_2.svg") == "img/logo_2.svg");
    CHECK(web_file_path("/%69ndex.html") == "index.html");
}

TEST_CASE("web_file_path refuses traversal, encoded or not, and hidden files") {
    for (const char* path : {"/..",
                             "/../etc/passwd",
                             "/css/../../CMakeLists.txt",
                             "/%2e%2e/etc/passwd",
                             "/%2E%2E%2Fetc%2Fpasswd",
                             "/js/..%2f..%2fCMakeLists.txt",
                             "/.%2e/x",
                             "/%2e/index.html",
                             "/./index.html",
                             "/.git/config",
                             "/.env",
                             "/css/.hidden",
                             "//etc/passwd",
                             "/a//b",
                             "/..\\..\\windows",
                             "/%5c..%5cx",
                             "/index.html%00.css",
                             "/%252e%252e/x",
                             "/%",
                             "/%zz",
                             "/%4",
                             "relative.html",
                             "",
                             "/sp ace.html",
                             "/caf\xc3\xa9.html"}) {
        CAPTURE(path);
        CHECK_FALSE(web_file_path(path).has_value());
    }
}

TEST_CASE("percent_decoded undoes %XX, and + only in query strings") {
    CHECK(percent_decoded("732%20829+320") == "732 829+320");
    CHECK(percent_decoded("732%20829+320", true) == "732 829 320");
    CHECK(percent_decoded("%C3%A9") == "\xc3\xa9");
    CHECK_FALSE(percent_decoded("100%").has_value());
    CHECK_FALSE(percent_decoded("%g1").has_value());
}

TEST_CASE("content types of the pages' files") {
    CHECK(content_type_for("index.html") == "text/html; charset=utf-8");
    CHECK(content_type_for("css/site.css") == "text/css; charset=utf-8");
    CHECK(content_type_for("js/common.js") == "text/javascript; charset=utf-8");
    CHECK(content_type_for("img/logo.svg") == "image/svg+xml");
    CHECK(content_type_for("img/photo.PNG") == "image/png");
    CHECK(content_type_for("favicon.ico") == "image/x-icon");
    CHECK(content_type_for("fonts/a.woff2") == "font/woff2");
    CHECK_FALSE(content_type_for("CMakeLists.txt.bak").has_value());
    CHECK_FALSE(content_type_for("script.sh").has_value());
    CHECK_FALSE(content_type_for(".html").has_value());
    CHECK(formations::http::is_html("text/html; charset=utf-8"));
    CHECK_FALSE(formations::http::is_html("text/css; charset=utf-8"));
}

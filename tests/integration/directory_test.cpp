// The member directory over HTTP, against the real `formations serve` binary and a fresh
// PostgreSQL database: staff list, read, create, change and import organisations; every refusal
// has its code and field; nothing is written by a refused request; accountants only read; and a
// status change prices future registrations only, never one already made or its invoice.

#include <doctest/doctest.h>

#include <cctype>
#include <map>
#include <string>

#include "service/app/accounts.hpp"
#include "service/storage/database.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_clock.hpp"
#include "tests/support/test_database.hpp"

using namespace formations;
using nlohmann::json;
using testing::http_request;
using testing::HttpResponse;

namespace {

const std::string password = "correct horse battery staple";
const std::string organisations_path = "/api/v1/organisations";
const std::string import_path = "/api/v1/organisations/import";

// One database, one server and three accounts for the whole file: each test case uses its own
// SIRETs and names, so the order of the cases does not matter.
struct Api {
    testing::TestDatabase db;  // first: the server stops before the database is dropped
    testing::ServerProcess server{db.url()};
    std::string admin, staff, accountant;

    Api() {
        storage::Database database{db.url(), 1};
        for (auto [email, role] : {std::pair{"admin@exemple.fr", app::Role::admin},
                                   std::pair{"staff@exemple.fr", app::Role::staff},
                                   std::pair{"compta@exemple.fr", app::Role::accountant}}) {
            REQUIRE(app::create_user(database, testing::test_clock(), email, role, password).ok());
        }
        admin = login("admin@exemple.fr");
        staff = login("staff@exemple.fr");
        accountant = login("compta@exemple.fr");
    }

    std::string login(const std::string& email) {
        auto response = testing::post_json(server.port(), "/api/v1/auth/login",
                                           {{"email", email}, {"password", password}});
        REQUIRE(response.status == 200);
        return response.json()["token"];
    }
};

Api& api() {
    static Api instance;
    return instance;
}

testing::TestDatabase& db() {
    return api().db;
}

HttpResponse call(const std::string& method, const std::string& path, const std::string& token,
                  const std::string& body = "", const std::string& type = "application/json") {
    std::map<std::string, std::string> headers;
    if (!token.empty()) {
        headers["Authorization"] = "Bearer " + token;
    }
    if (!type.empty() && (!body.empty() || method != "GET")) {
        headers["Content-Type"] = type;
    }
    return http_request(api().server.port(), method, path, body, headers);
}

HttpResponse create(const json& body, const std::string& token = api().staff) {
    return call("POST", organisations_path, token, body.dump());
}

HttpResponse patch(long long id, const json& body, const std::string& token = api().staff) {
    return call("PATCH", organisations_path + "/" + std::to_string(id), token, body.dump());
}

HttpResponse import(const std::string& csv, const std::string& token = api().staff,
                    const std::string& type = "text/csv; charset=utf-8") {
    return call("POST", import_path, token, csv, type);
}

HttpResponse list(const std::string& query, const std::string& token = api().staff) {
    return call("GET", organisations_path + query, token);
}

// A valid (Luhn) fictional SIRET per call, 777 prefix: never one of the demo data.
std::string new_siret() {
    static int counter = 0;
    auto digits = std::to_string(++counter);
    std::string base = "7770" + std::string(9 - digits.size(), '0') + digits;
    for (char check = '0'; check <= '9'; ++check) {
        std::string candidate = base + check;
        int sum = 0;
        for (std::size_t i = 0; i < candidate.size(); ++i) {
            int digit = candidate[candidate.size() - 1 - i] - '0';
            if (i % 2 == 1) {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            sum += digit;
        }
        if (sum % 10 == 0) {
            return candidate;
        }
    }
    return "";
}

// Percent-encodes everything but letters and digits, as a query string value.
std::string url_encoded(const std::string& text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c)) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

// "777 000 000 01234" as people type it.
std::string spaced(const std::string& siret) {
    return siret.substr(0, 3) + " " + siret.substr(3, 3) + " " + siret.substr(6, 3) + " " +
           siret.substr(9);
}

std::string unique_name(const std::string& prefix) {
    static int counter = 0;
    return prefix + " " + std::to_string(++counter);
}

// "status code @ field" of an error answer; one string, so that a failing CHECK shows it all.
std::string error_of(const HttpResponse& response) {
    std::string code, field;
    try {
        auto error = response.json().at("error");
        code = error.at("code").get<std::string>();
        field = error.at("field").is_null() ? "" : error.at("field").get<std::string>();
    } catch (const json::exception& e) {
        code = std::string("<not an error body: ") + e.what() + ">";
    }
    return std::to_string(response.status) + " " + code + " @ " + field;
}

long long organisations_count() {
    return db().count("SELECT count(*) FROM organisations");
}

long long audit_count(const std::string& action) {
    return db().count("SELECT count(*) FROM audit_events WHERE action = '" + action + "'");
}

std::string text_from_db(const std::string& query) {
    std::string value;
    db().sql() << query, soci::into(value);
    return value;
}

json organisation(const std::string& siret, const std::string& name,
                  const std::string& status = "none") {
    return {{"siret", siret},
            {"name", name},
            {"address", "1 rue Fictive\n75000 Paris"},
            {"status", status}};
}

long long created_id(const json& body) {
    auto response = create(body);
    REQUIRE(response.status == 201);
    return response.json()["id"].get<long long>();
}

}  // namespace

TEST_CASE("staff create, read, find and change an organisation; every write is audited") {
    auto siret = new_siret();
    auto name = unique_name("Coopérative Créée");
    auto created = create({{"siret", spaced(siret)},
                           {"name", "  " + name + "  "},
                           {"address", "12 rue des Œillets\r\n44000 Nantes"},
                           {"status", "candidate"}});
    REQUIRE(created.status == 201);
    auto body = created.json();
    long long id = body["id"];
    CHECK(body["siret"] == siret);  // stored as 14 digits
    CHECK(body["name"] == name);    // trimmed
    CHECK(body["address"] == "12 rue des Œillets\n44000 Nantes");
    CHECK(body["status"] == "candidate");
    CHECK(body["created_at"].get<std::string>().size() == 20);  // 2026-01-31T09:00:00Z
    CHECK(body["updated_at"] == body["created_at"]);
    CHECK(created.header("location") == organisations_path + "/" + std::to_string(id));

    auto read = call("GET", organisations_path + "/" + std::to_string(id), api().staff);
    CHECK(read.status == 200);
    CHECK(read.json() == body);

    auto audit_after = text_from_db(
        "SELECT after::text FROM audit_events WHERE action = 'organisation.created'"
        " AND entity = 'organisation' AND entity_id = " +
        std::to_string(id) + " AND actor = 'user:staff@exemple.fr' AND before = 'null'::jsonb");
    CHECK(json::parse(audit_after) == body);

    // Pretend it was created yesterday, so that updated_at visibly moves.
    db().sql() << "UPDATE organisations SET created_at = created_at - interval '1 day',"
                  " updated_at = updated_at - interval '1 day' WHERE id = " +
                      std::to_string(id);
    auto yesterday = call("GET", organisations_path + "/" + std::to_string(id), api().staff).json();
    auto changed = patch(id, {{"status", "societaire"}, {"name", name + " (SCOP)"}}, api().admin);
    REQUIRE(changed.status == 200);
    auto after = changed.json();
    CHECK(after["status"] == "societaire");
    CHECK(after["name"] == name + " (SCOP)");
    CHECK(after["address"] == "12 rue des Œillets\n44000 Nantes");  // untouched
    CHECK(after["siret"] == siret);
    CHECK(after["created_at"] == yesterday["created_at"]);
    CHECK(after["updated_at"] > yesterday["updated_at"]);
    CHECK(db().count("SELECT count(*) FROM audit_events WHERE action = 'organisation.updated'"
                     " AND entity_id = " +
                     std::to_string(id) +
                     " AND actor = 'user:admin@exemple.fr'"
                     " AND before->>'status' = 'candidate' AND after->>'status' = 'societaire'") ==
          1);

    // The same values again: nothing to write, nothing to audit.
    auto updates = audit_count("organisation.updated");
    auto same = patch(id, {{"status", "societaire"}});
    CHECK(same.status == 200);
    CHECK(same.json() == after);
    CHECK(audit_count("organisation.updated") == updates);

    // An address can be cleared: the directory's is informational.
    auto cleared = patch(id, {{"address", nullptr}});
    CHECK(cleared.status == 200);
    CHECK(cleared.json()["address"] == "");
}

TEST_CASE("the list: search by name (any case) or SIRET start, filter by status, pages") {
    auto tag = unique_name("Listetest");  // e.g. "Listetest 3": only this case's rows have it
    auto first = new_siret(), second = new_siret(), third = new_siret();
    created_id(organisation(second, tag + " Bêta", "societaire"));
    created_id(organisation(first, tag + " Alpha", "candidate"));
    created_id(organisation(third, tag + " Gamma", "societaire"));
    auto encoded = tag;
    encoded.replace(encoded.find(' '), 1, "+");

    auto all = list("?q=" + encoded);
    REQUIRE(all.status == 200);
    auto body = all.json();
    CHECK(body["total"] == 3);
    REQUIRE(body["organisations"].size() == 3);
    CHECK(body["organisations"][0]["name"] == tag + " Alpha");  // ORDER BY name
    CHECK(body["organisations"][1]["name"] == tag + " Bêta");
    CHECK(body["organisations"][2]["name"] == tag + " Gamma");
    for (const auto& item : body["organisations"]) {
        CHECK(item.size() == 7);  // id, siret, name, address, status, created_at, updated_at
    }

    // Any case; URL-encoded UTF-8 (%C3%AA is ê).
    auto upper = tag;
    for (auto& c : upper) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    upper.replace(upper.find(' '), 1, "%20");
    CHECK(list("?q=" + upper).json()["total"] == 3);
    auto beta = list("?q=" + encoded + "+B%C3%AAta").json();
    CHECK(beta["total"] == 1);
    CHECK(beta["organisations"][0]["siret"] == second);

    // The start of a SIRET, grouped or not; not the middle of it.
    auto by_siret = list("?q=" + url_encoded(spaced(third).substr(0, 11))).json();
    bool found = false;
    for (const auto& item : by_siret["organisations"]) {
        found = found || item["siret"] == third;
    }
    CHECK(found);
    CHECK(list("?q=" + third).json()["total"] == 1);
    CHECK(list("?q=" + third.substr(5)).json()["total"] == 0);

    auto members = list("?q=" + encoded + "&status=societaire").json();
    CHECK(members["total"] == 2);
    CHECK(members["organisations"][0]["name"] == tag + " Bêta");

    auto page = list("?q=" + encoded + "&limit=1&offset=1").json();
    CHECK(page["total"] == 3);  // all pages together
    REQUIRE(page["organisations"].size() == 1);
    CHECK(page["organisations"][0]["name"] == tag + " Bêta");
    CHECK(list("?q=" + encoded + "&offset=3").json()["organisations"].empty());

    // LIKE wildcards are searched for as such.
    CHECK(list("?q=%25").json()["total"] == 0);
    CHECK(list("?q=_").json()["total"] == 0);
    created_id(organisation(new_siret(), tag + " Remise 100%"));
    auto percent = list("?q=" + url_encoded("100%")).json();  // decoded once: %2541 stays %41
    CHECK(percent["total"] == 1);
    CHECK(list("?q=%2541").json()["total"] == 0);

    CHECK(error_of(list("?limit=0")) == "400 invalid_limit @ limit");
    CHECK(error_of(list("?limit=501")) == "400 invalid_limit @ limit");
    CHECK(error_of(list("?limit=abc")) == "400 invalid_limit @ limit");
    CHECK(error_of(list("?offset=-1")) == "400 invalid_offset @ offset");
    CHECK(error_of(list("?status=member")) == "400 invalid_status @ status");
    CHECK(error_of(list("?q=%FF")) == "400 invalid_encoding @ q");
    CHECK(error_of(list("?q=a%00b")) == "400 invalid_characters @ q");
    CHECK(error_of(list("?q=" + std::string(201, 'x'))) == "400 too_long @ q");
    CHECK(list("?q=+%20+").json()["total"] == organisations_count());  // blank: everything
    CHECK(list("?limit=500").status == 200);
}

TEST_CASE("refused creations and changes say which field and why, and write nothing") {
    auto existing_siret = new_siret();
    auto id = created_id(organisation(existing_siret, unique_name("Existante")));
    auto rows = organisations_count();
    auto audits = db().count("SELECT count(*) FROM audit_events");
    auto name = unique_name("Refusée");

    struct Case {
        std::string what;
        json body;
        std::string expected;
    };
    const std::vector<Case> creations = {
        {"bad check digit", organisation("77700000000001", name), "400 invalid_siret @ siret"},
        {"13 digits", organisation("7770000000001", name), "400 invalid_siret @ siret"},
        {"letters", organisation("7770000000000A", name), "400 invalid_siret @ siret"},
        {"known SIRET", organisation(existing_siret, name), "409 organisation_exists @ siret"},
        {"known SIRET, spaced", organisation(spaced(existing_siret), name),
         "409 organisation_exists @ siret"},
        {"status", organisation(new_siret(), name, "member"), "400 invalid_status @ status"},
        {"status with accent", organisation(new_siret(), name, "sociétaire"),
         "400 invalid_status @ status"},
        {"long name", organisation(new_siret(), std::string(201, 'n')), "400 too_long @ name"},
        {"blank name", organisation(new_siret(), "   "), "400 required @ name"},
        {"name on two lines", organisation(new_siret(), "Coop\nérative"),
         "400 invalid_characters @ name"},
        {"long address",
         {{"siret", new_siret()},
          {"name", name},
          {"address", std::string(501, 'a')},
          {"status", "none"}},
         "400 too_long @ address"},
        {"unknown field",
         {{"siret", new_siret()}, {"name", name}, {"status", "none"}, {"website", "x"}},
         "400 unknown_field @ website"},
        {"missing name", {{"siret", new_siret()}, {"status", "none"}}, "400 required @ name"},
        {"missing status", {{"siret", new_siret()}, {"name", name}}, "400 required @ status"},
        {"number SIRET",
         {{"siret", 77700000000001LL}, {"name", name}, {"status", "none"}},
         "400 invalid_type @ siret"},
        {"array", json::array(), "400 invalid_json @ "},
    };
    for (const auto& c : creations) {
        INFO(c.what);
        CHECK(error_of(create(c.body)) == c.expected);
    }
    CHECK(error_of(call("POST", organisations_path, api().staff, "{\"siret\":")) ==
          "400 invalid_json @ ");
    CHECK(error_of(call("POST", organisations_path, api().staff,
                        organisation(new_siret(), name).dump(), "text/plain")) ==
          "415 unsupported_media_type @ ");

    const std::vector<Case> changes = {
        {"SIRET", {{"siret", new_siret()}}, "400 siret_immutable @ siret"},
        {"same SIRET", {{"siret", existing_siret}, {"name", name}}, "400 siret_immutable @ siret"},
        {"unknown field", {{"statut", "none"}}, "400 unknown_field @ statut"},
        {"status", {{"status", "candidat"}}, "400 invalid_status @ status"},
        {"null name", {{"name", nullptr}}, "400 required @ name"},
        {"long address", {{"address", std::string(501, 'a')}}, "400 too_long @ address"},
        {"number", {{"name", 3}}, "400 invalid_type @ name"},
    };
    for (const auto& c : changes) {
        INFO(c.what);
        CHECK(error_of(patch(id, c.body)) == c.expected);
    }
    // Fourteen digits whose last one is wrong: the message says it is the check digit, as the
    // registration form's does.
    CHECK(create(organisation("77700000000001", name))
              .json()["error"]["message"]
              .get<std::string>()
              .find("clé de contrôle") != std::string::npos);
    CHECK(error_of(patch(999999999, {{"name", name}})) == "404 organisation_not_found @ ");
    CHECK(error_of(patch(0, {{"name", name}})) == "404 organisation_not_found @ ");
    CHECK(error_of(call("GET", organisations_path + "/999999999", api().staff)) ==
          "404 organisation_not_found @ ");
    CHECK(error_of(call("GET", organisations_path + "/abc", api().staff)) ==
          "404 organisation_not_found @ ");

    CHECK(organisations_count() == rows);
    CHECK(db().count("SELECT count(*) FROM audit_events") == audits);
}

TEST_CASE("without a token nothing is answered; accountants read but do not write") {
    auto id = created_id(organisation(new_siret(), unique_name("Protégée")));
    auto one = organisations_path + "/" + std::to_string(id);
    auto body = organisation(new_siret(), unique_name("Interdite")).dump();
    const std::string csv = "siret;nom;adresse;statut\n" + new_siret() + ";Interdite;;aucun\n";
    auto rows = organisations_count();

    for (const std::string& token : {std::string(), std::string(43, 'x')}) {
        INFO("token '" << token << "'");
        CHECK(call("GET", organisations_path, token).status == 401);
        CHECK(call("GET", one, token).status == 401);
        CHECK(call("POST", organisations_path, token, body).status == 401);
        CHECK(call("PATCH", one, token, R"({"status": "societaire"})").status == 401);
        CHECK(call("POST", import_path, token, csv, "text/csv").status == 401);
        // Even a request that is wrong in other ways: who asks is checked first.
        CHECK(call("POST", import_path, token, csv, "application/json").status == 401);
    }

    const auto& accountant = api().accountant;
    CHECK(call("GET", organisations_path, accountant).status == 200);
    CHECK(call("GET", one, accountant).status == 200);
    CHECK(error_of(call("POST", organisations_path, accountant, body)) == "403 forbidden @ ");
    CHECK(error_of(call("PATCH", one, accountant, R"({"status": "societaire"})")) ==
          "403 forbidden @ ");
    CHECK(error_of(import(csv, accountant)) == "403 forbidden @ ");
    CHECK(organisations_count() == rows);
    CHECK(call("GET", one, accountant).json()["status"] == "none");

    // Admins write too.
    CHECK(call("POST", organisations_path, api().admin, body).status == 201);
}

TEST_CASE("importing a LibreOffice file: BOM, semicolons, CRLF, accents; again: unchanged") {
    auto known = new_siret(), fresh = new_siret(), other = new_siret();
    auto known_id = created_id(organisation(known, unique_name("Ancien nom"), "none"));
    auto tag = unique_name("Importée");
    const std::string file =
        "\xEF\xBB\xBFSIRET;Nom;Adresse;Statut\r\n" + spaced(fresh) + ";Coopérative Œuvre " + tag +
        ";\"12 rue des Œillets\r\n44000 Nantes\";Sociétaire\r\n" + known + ";CAE Renommée " + tag +
        ";1 rue Fictive;CANDIDAT\r\n" + other + ";Entreprise " + tag + ";;aucun\r\n";
    auto imports = audit_count("organisation.imported");

    auto first = import(file);
    REQUIRE(first.status == 200);
    CHECK(first.json() == json{{"created", 2}, {"updated", 1}, {"unchanged", 0}});
    CHECK(audit_count("organisation.imported") == imports + 3);

    auto found = list("?q=" + url_encoded("Œuvre " + tag)).json();
    REQUIRE(found["total"] == 1);
    auto oeuvre = found["organisations"][0];
    CHECK(oeuvre["name"] == "Coopérative Œuvre " + tag);
    CHECK(oeuvre["siret"] == fresh);
    CHECK(oeuvre["address"] == "12 rue des Œillets\n44000 Nantes");
    CHECK(oeuvre["status"] == "societaire");

    auto renamed = call("GET", organisations_path + "/" + std::to_string(known_id), api().staff);
    CHECK(renamed.json()["name"] == "CAE Renommée " + tag);
    CHECK(renamed.json()["status"] == "candidate");
    CHECK(renamed.json()["address"] == "1 rue Fictive");
    CHECK(db().count("SELECT count(*) FROM audit_events WHERE action = 'organisation.imported'"
                     " AND entity_id = " +
                     std::to_string(known_id) +
                     " AND before->>'status' = 'none' AND after->>'status' = 'candidate'"
                     " AND actor = 'user:staff@exemple.fr'") == 1);

    auto again = import(file, api().admin);
    REQUIRE(again.status == 200);
    CHECK(again.json() == json{{"created", 0}, {"updated", 0}, {"unchanged", 3}});
    CHECK(audit_count("organisation.imported") == imports + 3);
}

TEST_CASE("importing an Excel file with commas and quotes") {
    auto a = new_siret(), b = new_siret();
    auto tag = unique_name("Virgules");
    const std::string file =
        "status,siret,name,address\n"
        "candidate," +
        a + ",\"Dupont, Durand " + tag + "\",\"3 place \"\"Inventée\"\"\n33000 Bordeaux\"\n" +
        "none,\"" + b + "\",\"Sans " + tag + "\",\n";
    auto response = import(file, api().staff, "text/csv");
    REQUIRE(response.status == 200);
    CHECK(response.json() == json{{"created", 2}, {"updated", 0}, {"unchanged", 0}});
    CHECK(text_from_db("SELECT name FROM organisations WHERE siret = '" + a + "'") ==
          "Dupont, Durand " + tag);
    CHECK(text_from_db("SELECT address FROM organisations WHERE siret = '" + a + "'") ==
          "3 place \"Inventée\"\n33000 Bordeaux");
    CHECK(text_from_db("SELECT status FROM organisations WHERE siret = '" + b + "'") == "none");
    CHECK(text_from_db("SELECT address FROM organisations WHERE siret = '" + b + "'") == "");
}

TEST_CASE("a file with a wrong line writes nothing and says which line") {
    auto known = new_siret();
    auto known_id = created_id(organisation(known, unique_name("Intouchée"), "none"));
    auto rows = organisations_count();
    auto audits = db().count("SELECT count(*) FROM audit_events");
    auto good = new_siret();
    const std::string file = "siret;nom;adresse;statut\n" + known + ";Renommée;;sociétaire\n" +
                             "77700000000001;Mauvais SIRET;;aucun\n" + good + ";Bonne;;aucun\n" +
                             good + ";Doublon;;membre\n";

    auto response = import(file);
    CHECK(error_of(response) == "400 invalid_csv @ ");
    auto body = response.json();
    CHECK(body["error"]["message"].get<std::string>().find("3 erreurs") != std::string::npos);
    REQUIRE(body["lines"].size() == 3);
    CHECK(body["lines"][0]["line"] == 3);
    CHECK(body["lines"][0]["field"] == "siret");
    CHECK(body["lines"][0]["code"] == "invalid_siret");
    CHECK(body["lines"][0]["message"].get<std::string>().size() > 0);
    CHECK(body["lines"][1] == json{{"line", 5},
                                   {"field", "siret"},
                                   {"column", "siret"},
                                   {"code", "duplicate_siret"},
                                   {"message", "Ce SIRET figure déjà à la ligne 4 du fichier."}});
    CHECK(body["lines"][2]["line"] == 5);
    CHECK(body["lines"][2]["field"] == "status");
    CHECK(body["lines"][2]["code"] == "invalid_status");

    CHECK(organisations_count() == rows);
    CHECK(db().count("SELECT count(*) FROM audit_events") == audits);
    CHECK(call("GET", organisations_path + "/" + std::to_string(known_id), api().staff)
              .json()["status"] == "none");

    auto header = import("siret;nom;statut\n" + good + ";Bonne;aucun\n").json();
    CHECK(header["error"]["code"] == "invalid_csv");
    CHECK(header["lines"] == json::array({{{"line", 1},
                                           {"field", "address"},
                                           {"column", nullptr},
                                           {"code", "missing_column"},
                                           {"message", header["lines"][0]["message"]}}}));
    // Windows-1252 ("CSV" rather than "CSV UTF-8" in Excel).
    auto latin1 = import("siret;nom;adresse;statut\n" + good + ";Soci\xE9t\xE9;;aucun\n").json();
    CHECK(latin1["lines"][0]["code"] == "invalid_encoding");
    CHECK(organisations_count() == rows);
}

TEST_CASE("without a charset, a file saved by Excel in Windows-1252 or UTF-16 is recognised") {
    auto a = new_siret(), b = new_siret();
    auto tag = unique_name("Excel");
    // « Statut » and « Sociétaire » in Windows-1252, as Excel's plain « CSV » writes them.
    auto windows = import(
        "SIRET;Nom;Adresse;Statut\r\n" + a + ";Soci\xE9t\xE9 \x8C" + tag + ";;soci\xE9taire\r\n",
        api().staff, "text/csv");
    REQUIRE_MESSAGE(windows.status == 200, windows.body);
    CHECK(text_from_db("SELECT name FROM organisations WHERE siret = '" + a + "'") ==
          "Société Œ" + tag);
    CHECK(text_from_db("SELECT status FROM organisations WHERE siret = '" + a + "'") ==
          "societaire");
    // UTF-16 little-endian with its byte-order mark (Excel's « Texte Unicode »).
    auto widen = [](const std::string& ascii) {
        return std::u16string(ascii.begin(), ascii.end());
    };
    std::u16string text =
        u"siret;nom;adresse;statut\n" + widen(b) + u";Coopérative " + widen(tag) + u";;candidat\n";
    std::string utf16 = "\xFF\xFE";
    for (char16_t c : text) {
        utf16 += static_cast<char>(c & 0xFF);
        utf16 += static_cast<char>(c >> 8);
    }
    auto unicode = import(utf16, api().staff, "text/csv");
    REQUIRE_MESSAGE(unicode.status == 200, unicode.body);
    CHECK(text_from_db("SELECT name FROM organisations WHERE siret = '" + b + "'") ==
          "Coopérative " + tag);
    // A wrong status names the column as the file does.
    auto wrong = import("SIRET;Nom;Adresse;Statut\n" + new_siret() + ";X;;membre\n", api().staff,
                        "text/csv");
    CHECK(wrong.status == 400);
    CHECK(wrong.json()["lines"][0]["field"] == "status");
    CHECK(wrong.json()["lines"][0]["column"] == "Statut");
}

TEST_CASE("the import takes text/csv in UTF-8, up to 1 MiB") {
    const std::string csv = "siret;nom;adresse;statut\n";
    CHECK(error_of(import(csv, api().staff, "application/json")) ==
          "415 unsupported_media_type @ ");
    CHECK(error_of(import(csv, api().staff, "text/plain")) == "415 unsupported_media_type @ ");
    CHECK(error_of(import(csv, api().staff, "text/csv; charset=windows-1252")) ==
          "415 unsupported_media_type @ ");
    CHECK(import(csv, api().staff, "Text/CSV; charset=\"UTF-8\"").status == 200);
    CHECK(error_of(call("POST", import_path, api().staff, csv, "")) ==
          "415 unsupported_media_type @ ");
    std::string big = csv + std::string(1024 * 1024, ' ');
    CHECK(error_of(import(big)) == "413 payload_too_large @ ");
}

TEST_CASE("a status change prices future registrations only, never one already made") {
    auto session = db().add_session(10, 30);
    auto siret = new_siret();
    auto id = created_id(organisation(siret, unique_name("Bientôt sociétaire"), "none"));
    auto registration = [&](const std::string& email) {
        json body = {
            {"session_id", session},
            {"funding", "employer"},
            {"trainee", {{"first_name", "Léo"}, {"last_name", "Garnier"}, {"email", email}}},
            {"employer", {{"siret", siret}, {"name", "Employeur"}, {"address", "1 rue Fictive"}}}};
        auto response = testing::post_json(api().server.port(), "/api/v1/registrations", body);
        REQUIRE(response.status == 201);
        return response.json();
    };

    auto before = registration("avant@exemple.fr");
    CHECK(before["tier"] == "non_member");
    CHECK(before["price_cents"] == 70000);
    CHECK(before["employer"]["in_member_directory"] == true);
    REQUIRE(before["invoices"].size() == 1);
    CHECK(before["invoices"][0]["total_cents"] == 70000);
    std::string token = before["token"];
    std::string number = before["invoices"][0]["number"];

    REQUIRE(patch(id, {{"status", "societaire"}}).status == 200);

    auto kept = http_request(api().server.port(), "GET", "/api/v1/registrations/" + token).json();
    CHECK(kept["tier"] == "non_member");
    CHECK(kept["price_cents"] == 70000);
    REQUIRE(kept["invoices"].size() == 1);
    CHECK(kept["invoices"][0]["number"] == number);
    CHECK(kept["invoices"][0]["total_cents"] == 70000);
    CHECK(kept["invoices"][0]["status"] == "unpaid");
    CHECK(db().count("SELECT total_cents FROM invoices WHERE number = '" + number + "'") == 70000);
    CHECK(db().count("SELECT price_cents FROM registrations WHERE token = '" + token + "'") ==
          70000);

    auto after = registration("apres@exemple.fr");
    CHECK(after["tier"] == "member");
    CHECK(after["price_cents"] == 50000);
    REQUIRE(after["invoices"].size() == 1);
    CHECK(after["invoices"][0]["total_cents"] == 50000);
}

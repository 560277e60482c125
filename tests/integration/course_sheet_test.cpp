// The public course sheet (Qualiopi indicators 1 and 2): staff publish versions, anyone reads the
// one in force on a day with that day's prices and the results the service computes from its own
// data (trainees, completion from attendance, satisfaction from the trainees' survey).

#include <doctest/doctest.h>

#include <boost/date_time/gregorian/gregorian.hpp>

#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/staff_client.hpp"
#include "tests/support/test_clock.hpp"
#include "tests/support/test_database.hpp"

using namespace formations;
using nlohmann::json;
using testing::bearer;
using testing::http_request;
using testing::HttpResponse;

namespace {

json sheet(const std::string& objectives, std::optional<int> version) {
    json body = {{"programme", "Histoire des CAE ; le parcours d'un porteur de projet."},
                 {"objectives", objectives},
                 {"prerequisites", "Aucun prérequis."},
                 {"audience", "Porteurs de projet de CAE, salariés de CAE."},
                 {"daily_hours",
                  {{"morning_start", "09:00"},
                   {"morning_end", "12:30"},
                   {"afternoon_start", "13:30"},
                   {"afternoon_end", "17:00"}}},
                 {"teaching_methods", "Exposés, études de cas, échanges."},
                 {"assessment_methods", "Auto-évaluation des acquis en fin de formation."},
                 {"access_delay_days", 7},
                 {"accessibility", "Salle accessible en fauteuil roulant."},
                 {"referent",
                  {{"name", "Camille Référente"},
                   {"email", "handicap@exemple.fr"},
                   {"phone", "01 23 45 67 89"}}},
                 {"contact", "formation@exemple.fr"}};
    if (version) {
        body["version"] = *version;
    }
    return body;
}

struct Catalogue {
    testing::TestDatabase db;
    testing::ServerProcess server{db.url()};
    std::string staff =
        testing::staff_token(db.url(), server.port(), "staff@exemple.fr", app::Role::staff);

    HttpResponse call(const std::string& method, const std::string& path,
                      const json& body = nullptr, const std::string& token = "") {
        return testing::call(server.port(), method, path, body, token);
    }
    HttpResponse publish(const json& body, int port = 0, const std::string& token = "") {
        auto headers = bearer(token.empty() ? staff : token);
        headers["Content-Type"] = "application/json";
        return http_request(port ? port : server.port(), "PUT", "/api/v1/courses/CAE/sheet",
                            body.dump(), headers);
    }
};

}  // namespace

TEST_CASE("staff publish versions of the sheet; everyone reads the one in force on a day") {
    Catalogue catalogue;
    auto none = catalogue.call("GET", "/api/v1/courses/CAE/sheet");
    CHECK(none.status == 404);
    CHECK(none.json()["error"]["code"] == "sheet_not_published");

    // Version 1, published ten days ago by a server whose clock was then.
    {
        testing::ServerProcess earlier(catalogue.db.url(),
                                       {{"FORMATIONS_CLOCK", testing::noon(-10)}});
        auto first = catalogue.publish(sheet("Définir une CAE", 0), earlier.port());
        REQUIRE(first.status == 201);
        CHECK(first.json()["version"] == 1);
        CHECK(first.json()["published_on"] == testing::day(-10));
    }
    auto current = catalogue.call("GET", "/api/v1/courses/CAE/sheet").json();
    CHECK(current["version"] == 1);
    CHECK(current["as_of"] == testing::day(0));
    CHECK(current["prices_cents"] ==
          json{{"self_funded", 30000}, {"member", 50000}, {"non_member", 70000}});
    CHECK(current["access_delay_text"] ==
          "Inscription possible jusqu'à 7 jours avant le premier jour de la session.");
    CHECK(current["referent"]["email"] == "handicap@exemple.fr");
    CHECK(current["course"]["duration_hours"] == 14.0);

    SUBCASE("the same text again changes nothing; a stale editor is refused") {
        auto same = catalogue.publish(sheet("Définir une CAE", 1));
        CHECK(same.status == 200);
        CHECK(same.json()["published"] == false);
        CHECK(same.json()["version"] == 1);
        auto stale = catalogue.publish(sheet("Autre chose", 0));
        CHECK(stale.status == 409);
        CHECK(stale.json()["error"]["code"] == "sheet_changed");
    }

    SUBCASE("a new version today; the sheet of a past day is still the one in force then") {
        auto second = catalogue.publish(sheet("Définir une CAE\nLire un bilan de CAE", 1));
        REQUIRE(second.status == 201);
        CHECK(second.json()["version"] == 2);
        CHECK(catalogue.call("GET", "/api/v1/courses/CAE/sheet").json()["objectives"] ==
              "Définir une CAE\nLire un bilan de CAE");
        auto before = catalogue.call("GET", "/api/v1/courses/CAE/sheet?as_of=" + testing::day(-1));
        REQUIRE(before.status == 200);
        CHECK(before.json()["version"] == 1);
        CHECK(before.json()["objectives"] == "Définir une CAE");
        CHECK(
            catalogue.call("GET", "/api/v1/courses/CAE/sheet?as_of=" + testing::day(-11)).status ==
            404);
        auto future = catalogue.call("GET", "/api/v1/courses/CAE/sheet?as_of=" + testing::day(1));
        CHECK(future.status == 400);
        CHECK(future.json()["error"]["code"] == "as_of_in_future");

        auto versions =
            catalogue.call("GET", "/api/v1/courses/CAE/sheet/versions", nullptr, catalogue.staff);
        REQUIRE(versions.status == 200);
        CHECK(versions.json()["versions"].size() == 2);
        // Published versions are evidence: the database refuses to change them.
        CHECK(catalogue.db.count("SELECT count(*) FROM audit_events"
                                 " WHERE action = 'course_sheet.published'") == 2);

        auto text =
            catalogue.call("GET", "/api/v1/courses/CAE/sheet.txt?as_of=" + testing::day(-1));
        REQUIRE(text.status == 200);
        CHECK(text.header("content-type") == "text/plain; charset=utf-8");
        CHECK(text.header("content-disposition") ==
              "attachment; filename=\"fiche-CAE-" + testing::day(-1) + ".txt\"");
        for (std::string expected :
             {"Fiche de la formation « Créer sa CAE » (CAE)", "Version 1", "Définir une CAE",
              "Autofinancement : 300,00 €", "14 h sur 2 jours",
              "Horaires habituels : 9h00–12h30 et 13h30–17h00",
              "Référent·e handicap : Camille Référente – handicap@exemple.fr"}) {
            CHECK_MESSAGE(text.body.find(expected) != std::string::npos, expected);
        }
        CHECK(text.body.find("Lire un bilan") == std::string::npos);
    }
}

TEST_CASE("only staff publish, and what they publish is checked") {
    Catalogue catalogue;
    auto accountant = testing::staff_token(catalogue.db.url(), catalogue.server.port(),
                                           "compta@exemple.fr", app::Role::accountant);
    CHECK(catalogue.call("PUT", "/api/v1/courses/CAE/sheet", sheet("x", 0)).status == 401);
    CHECK(catalogue.publish(sheet("x", 0), 0, accountant).status == 403);
    auto refused = [&](json body, const std::string& code, const std::string& field) {
        auto response = catalogue.publish(body);
        CHECK(response.status == 400);
        CHECK(response.json()["error"]["code"] == code);
        CHECK(response.json()["error"]["field"] == field);
    };
    auto body = sheet("Objectif", 0);
    body["referent"]["email"] = "pas une adresse";
    refused(body, "invalid_email", "referent_email");
    body = sheet("  ", 0);
    refused(body, "required", "objectives");
    body = sheet("Objectif", 0);
    body["access_delay_days"] = 0;
    refused(body, "invalid_access_delay", "access_delay_days");
    body = sheet("Objectif", 0);
    body["price"] = 12;
    refused(body, "unknown_field", "price");
    // The usual hours: all four, in order, each half-day as long as the course's (3 h 30).
    body = sheet("Objectif", 0);
    body["daily_hours"].erase("afternoon_end");
    refused(body, "required", "daily_hours.afternoon_end");
    body = sheet("Objectif", 0);
    body["daily_hours"]["morning_start"] = "9h";
    refused(body, "invalid_time", "daily_hours.morning_start");
    body = sheet("Objectif", 0);
    body["daily_hours"]["morning_end"] = "12:00";
    refused(body, "invalid_hours", "daily_hours.morning_end");
    CHECK(catalogue.call("PUT", "/api/v1/courses/NOPE/sheet", sheet("x", 0), catalogue.staff)
              .status == 404);
    CHECK(catalogue.db.count("SELECT count(*) FROM course_sheets") == 0);
}

TEST_CASE("a new session takes the usual hours of its course's sheet; staff move its own") {
    Catalogue catalogue;
    int sessions = 0;  // one a day: the reference is the course's code and the first day
    auto create = [&](const json& hours) {
        json body = {
            {"starts_on", testing::day(40 + sessions++)}, {"place", "Lyon"}, {"capacity", 10}};
        if (!hours.is_null()) {
            body["daily_hours"] = hours;
        }
        return catalogue.call("POST", "/api/v1/sessions", body, catalogue.staff);
    };
    // No sheet yet: the built-in 9h00–12h30 and 13h30–17h00.
    auto plain = create(nullptr);
    REQUIRE(plain.status == 201);
    CHECK(plain.json()["daily_hours"]["morning_start"] == "09:00");

    auto body = sheet("Définir une CAE", 0);
    body["daily_hours"] = {{"morning_start", "08:30"},
                           {"morning_end", "12:00"},
                           {"afternoon_start", "13:00"},
                           {"afternoon_end", "16:30"}};
    REQUIRE(catalogue.publish(body).status == 201);
    auto published = catalogue.call("GET", "/api/v1/courses/CAE/sheet");
    CHECK(published.json()["daily_hours"]["afternoon_end"] == "16:30");
    CHECK(catalogue.call("GET", "/api/v1/courses/CAE/sheet.txt")
              .body.find("Horaires habituels : 8h30–12h00 et 13h00–16h30") != std::string::npos);

    auto usual = create(nullptr);
    REQUIRE(usual.status == 201);
    CHECK(usual.json()["daily_hours"] == json{{"morning_start", "08:30"},
                                              {"morning_end", "12:00"},
                                              {"afternoon_start", "13:00"},
                                              {"afternoon_end", "16:30"}});
    // What staff give wins over the sheet, time by time.
    auto moved = create(json{{"afternoon_start", "14:00"}, {"afternoon_end", "17:30"}});
    REQUIRE(moved.status == 201);
    CHECK(moved.json()["daily_hours"]["morning_start"] == "08:30");
    CHECK(moved.json()["daily_hours"]["afternoon_start"] == "14:00");
    // The sessions created before keep theirs.
    auto first = catalogue.call(
        "GET", "/api/v1/sessions/" + std::to_string(plain.json()["id"].get<long long>()));
    CHECK(first.json()["daily_hours"]["morning_start"] == "09:00");
}

TEST_CASE("results over twelve months: trainees, completion from attendance, satisfaction") {
    Catalogue catalogue;
    REQUIRE(catalogue.publish(sheet("Définir une CAE", 0)).status == 201);
    auto& db = catalogue.db;
    // A session that ended yesterday, with three trainees; one a year and a half ago.
    auto recent = db.add_session(10, -2);
    auto old = db.add_session(10, -550);
    auto add = [&](long long session, const std::string& name) {
        auto response =
            catalogue.call("POST", "/api/v1/sessions/" + std::to_string(session) + "/registrations",
                           {{"funding", "self"},
                            {"trainee",
                             {{"first_name", name},
                              {"last_name", "Stagiaire"},
                              {"email", name + "@exemple.fr"},
                              {"address", "1 rue de la Paix, Paris"}}}},
                           catalogue.staff);
        REQUIRE(response.status == 201);
        return response.json();
    };
    auto ana = add(recent, "ana"), ben = add(recent, "ben"), cleo = add(recent, "cleo");
    add(old, "dan");
    json marks = json::array();
    for (const auto& [trainee, halves] :
         {std::pair{ana, 4}, std::pair{ben, 4}, std::pair{cleo, 3}}) {
        for (int half = 0; half < halves; ++half) {
            marks.push_back({{"registration_id", trainee["id"]},
                             {"date", testing::day(-2 + half / 2)},
                             {"half", half % 2 == 0 ? "am" : "pm"},
                             {"present", true}});
        }
    }
    REQUIRE(catalogue
                .call("PUT", "/api/v1/sessions/" + std::to_string(recent) + "/attendance", marks,
                      catalogue.staff)
                .status == 200);
    // Satisfaction surveys: 5, 4 and 2 for the overall rating.
    for (const auto& [trainee, overall] :
         {std::pair{ana, 5}, std::pair{ben, 4}, std::pair{cleo, 2}}) {
        auto path = "/api/v1/registrations/" + trainee["token"].get<std::string>() +
                    "/questionnaires/satisfaction";
        auto answered = catalogue.call(
            "PUT", path,
            {{"version", 0},
             {"answers", {{"overall", overall}, {"q1", 4}, {"q2", 4}, {"q3", 4}, {"q4", "Oui"}}}});
        REQUIRE_MESSAGE(answered.status == 200, answered.body);
    }
    auto results = catalogue.call("GET", "/api/v1/courses/CAE/sheet").json()["results"];
    CHECK(results["as_of"] == testing::day(0));
    CHECK(results["trainees"] == 3);
    CHECK(results["completion"] == json{{"count", 2}, {"total", 3}, {"percent", 66.7}});
    CHECK(results["satisfaction"] == json{{"count", 2}, {"total", 3}, {"percent", 66.7}});
}

TEST_CASE("staff publish the règlement intérieur: versions kept and listed, the latest in force") {
    testing::TestDatabase db;
    testing::ServerProcess server(db.url());
    const std::string staff =
        testing::staff_token(db.url(), server.port(), "staff@exemple.fr", app::Role::staff);
    auto versions = [&] {
        auto listed = http_request(server.port(), "GET", "/api/v1/internal-rules/versions", "",
                                   bearer(staff));
        REQUIRE(listed.status == 200);
        return listed.json()["versions"];
    };
    auto publish = [&](const std::string& text) {
        return testing::call(server.port(), "PUT", "/api/v1/internal-rules", {{"text", text}},
                             staff);
    };
    CHECK(versions().empty());
    CHECK(http_request(server.port(), "GET", "/api/v1/internal-rules").json()["version"] == 0);

    const std::string first = "Article 1 – Objet\nLe présent règlement s'applique à tous.";
    const std::string second = first + "\n\nArticle 2 – Horaires\nLes stagiaires sont à l'heure.";
    CHECK(publish(first).status == 201);
    CHECK(publish(first).status == 200);  // the same text: no new version
    auto published = publish(second);
    REQUIRE(published.status == 201);
    CHECK(published.json()["version"] == 2);
    const json listed = versions();
    REQUIRE(listed.size() == 2);
    CHECK(listed[0]["version"] == 2);
    CHECK(listed[0]["text"] == second);
    CHECK(listed[1]["version"] == 1);
    CHECK(listed[1]["text"] == first);
    CHECK(listed[1]["published_by"] == "user:staff@exemple.fr");
    auto current = http_request(server.port(), "GET", "/api/v1/internal-rules").json();
    CHECK(current["version"] == 2);
    CHECK(current["text"] == second);
    auto empty = publish("  ");
    CHECK(empty.status == 400);
    CHECK(empty.json()["error"]["code"] == "invalid_rules");
    CHECK(versions().size() == 2);
}

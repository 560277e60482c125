// Half-day attendance, the sign-in sheet and the certificates of completion, read back from the
// PDFs as text.

#include <cstdio>
#include <map>
#include <memory>
#include <string>

#include <doctest/doctest.h>
#include <boost/date_time/gregorian/gregorian.hpp>

#include "tests/support/http_client.hpp"
#include "tests/support/pdf_text.hpp"
#include "tests/support/refusal.hpp"
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

std::map<std::string, std::string> clock_at(const std::string& instant) {
    if (instant.empty()) {
        return {};
    }
    return {{"FORMATIONS_CLOCK", instant}};
}

struct Classroom {
    testing::TestDatabase db{true, true};
    testing::ServerProcess server;
    std::string staff =
        testing::staff_token(db.url(), server.port(), "staff@exemple.fr", app::Role::staff);
    long long session = 0;
    std::string first_day, second_day;
    // A server of the same database on a later clock: see at().
    std::unique_ptr<testing::ServerProcess> later;

    int port() const { return later ? later->port() : server.port(); }

    HttpResponse call(const std::string& method, const std::string& path,
                      const json& body = nullptr) {
        auto headers = bearer(staff);
        headers["Content-Type"] = "application/json";
        return http_request(port(), method, path, body.is_null() ? "" : body.dump(), headers);
    }

    // From now on, requests go to a server whose clock starts at `instant`.
    void at(const std::string& instant) {
        later.reset();
        later = std::make_unique<testing::ServerProcess>(db.url(), clock_at(instant));
        staff = testing::login(later->port(), "staff@exemple.fr");
    }

    // A two-day session from `starts_on`, on a server whose clock starts at `clock` (the test
    // clock when empty).
    explicit Classroom(const std::string& clock = "",
                       const std::string& starts_on = testing::day(0))
        : server(db.url(), clock_at(clock)) {
        first_day = starts_on;
        second_day = boost::gregorian::to_iso_extended_string(
            boost::gregorian::from_string(starts_on) + boost::gregorian::days(1));
        auto created = call("POST", "/api/v1/sessions",
                            {{"starts_on", first_day},
                             {"registration_deadline", first_day},
                             {"place", "Salle Jean Jaurès, Toulouse"},
                             {"capacity", 2},
                             {"trainer", "Claire Fontaine"}});
        REQUIRE(created.status == 201);
        session = created.json()["id"];
    }

    // An address made of the name, without its accents (refused before the "@").
    static std::string ascii_only(std::string text) {
        std::erase_if(text, [](unsigned char c) { return c >= 0x80; });
        return text;
    }

    json add(const std::string& first, const std::string& last) {
        auto response =
            call("POST", "/api/v1/sessions/" + std::to_string(session) + "/registrations",
                 {{"funding", "employer"},
                  {"trainee",
                   {{"first_name", first},
                    {"last_name", last},
                    {"email", ascii_only(first + "." + last) + "@exemple.fr"}}},
                  {"employer",
                   {{"siret", "99900000100001"},
                    {"name", "Coopérative Sociétaire Fictive"},
                    {"address", "Paris"}}}});
        REQUIRE(response.status == 201);
        return response.json();
    }

    std::string path(const std::string& tail) {
        return "/api/v1/sessions/" + std::to_string(session) + tail;
    }
};

json mark(const json& registration, const std::string& day, const std::string& half,
          bool present = true) {
    return {{"registration_id", registration["id"]},
            {"date", day},
            {"half", half},
            {"present", present}};
}

double hours_of(const json& attendance, const json& registration) {
    for (const auto& trainee : attendance["trainees"]) {
        if (trainee["registration_id"] == registration["id"]) {
            return trainee["attended_hours"];
        }
    }
    return -1;
}

}  // namespace

TEST_CASE("three half-days present make a certificate of 10,5 h") {
    Classroom room;
    auto zoe = room.add("Zoé", "Lefèvre");
    auto noe = room.add("Noé", "Dubœuf");
    auto waiting = room.add("Léon", "Attente");
    CHECK(waiting["status"] == "waitlisted");

    auto recorded = room.call(
        "PUT", room.path("/attendance"),
        json::array({mark(zoe, room.first_day, "am"), mark(zoe, room.first_day, "pm"),
                     mark(zoe, room.second_day, "am"), mark(zoe, room.second_day, "pm", false)}));
    REQUIRE(recorded.status == 200);
    CHECK(recorded.json()["days"].size() == 2);
    CHECK(hours_of(recorded.json(), zoe) == 10.5);
    CHECK(hours_of(recorded.json(), noe) == 0.0);

    // The session's second day is today + 1: its certificates are issued from today + 2.
    auto early = room.call("GET", "/api/v1/registrations/" + zoe["id"].dump() + "/certificate.pdf");
    CHECK(early.status == 409);
    CHECK(early.json()["error"]["code"] == "course_not_over");
    room.at(testing::noon(2));

    auto certificate =
        room.call("GET", "/api/v1/registrations/" + zoe["id"].dump() + "/certificate.pdf");
    REQUIRE(certificate.status == 200);
    auto text = testing::pdf_text(certificate.body, "attendance-test-certificate");
    for (std::string expected :
         {std::string("Certificat de réalisation"), std::string("Zoé Lefèvre"),
          std::string("Coopérative Sociétaire Fictive"), std::string("Créer sa CAE"),
          std::string("action de formation"), std::string("10,5 h"),
          std::string("ne vaut pas agrément")}) {
        CHECK_MESSAGE(text.find(expected) != std::string::npos, expected);
    }

    // The trainee can fetch it with their token too.
    CHECK(http_request(
              room.port(), "GET",
              "/api/v1/registrations/" + zoe["token"].get<std::string>() + "/certificate.pdf")
              .status == 200);

    SUBCASE("no recorded presence, no certificate") {
        auto refused =
            room.call("GET", "/api/v1/registrations/" + noe["id"].dump() + "/certificate.pdf");
        CHECK(refused.status == 409);
        CHECK(refused.json()["error"]["code"] == "no_attendance");
    }
    SUBCASE("correcting a mark changes the hours, in a new version of the certificate") {
        room.call("PUT", room.path("/attendance"),
                  json::array({mark(zoe, room.second_day, "am", false)}));
        auto attendance = room.call("GET", room.path("/attendance")).json();
        CHECK(hours_of(attendance, zoe) == 7.0);
        auto corrected =
            room.call("GET", "/api/v1/registrations/" + zoe["id"].dump() + "/certificate.pdf");
        REQUIRE(corrected.status == 200);
        CHECK(corrected.body != certificate.body);
        CHECK(testing::pdf_text(corrected.body, "attendance-test-certificate-v2").find("7 h") !=
              std::string::npos);
        CHECK(room.db.count("SELECT count(*) FROM completion_documents WHERE kind ="
                            " 'certificate' AND registration_id = " +
                            zoe["id"].dump()) == 2);
    }
    SUBCASE("the session's certificates come in one file, one page each") {
        room.call("PUT", room.path("/attendance"), json::array({mark(noe, room.first_day, "am")}));
        auto all = room.call("GET", room.path("/certificates.pdf"));
        REQUIRE(all.status == 200);
        CHECK(testing::pdf_pages(all.body, "attendance-test-certificates") == 2);
        CHECK(testing::pdf_text(all.body, "attendance-test-certificates").find("3,5 h") !=
              std::string::npos);
    }
}

TEST_CASE("attendance is only for confirmed registrations on the session's days") {
    Classroom room;
    auto zoe = room.add("Zoé", "Lefèvre");
    room.add("Noé", "Dubœuf");
    auto waiting = room.add("Léon", "Attente");
    auto refused = [&](const json& marks, const std::string& code, const std::string& field) {
        auto response = room.call("PUT", room.path("/attendance"), marks);
        CHECK(response.status == 400);
        CHECK(response.json()["error"]["code"] == code);
        CHECK(response.json()["error"]["field"] == field);
    };
    refused(json::array({mark(waiting, room.first_day, "am")}), "registration_not_confirmed",
            "marks[0].registration_id");
    refused(json::array({mark(zoe, room.first_day, "am"), mark(zoe, "2019-06-27", "am")}),
            "day_outside_session", "marks[1].date");
    refused(json::array({mark(zoe, room.first_day, "evening")}), "invalid_half_day",
            "marks[0].half");
    refused(json::array({{{"registration_id", zoe["id"]}}}), "invalid_mark", "marks[0]");
    // All or nothing: the valid first mark of the refused request was not kept.
    CHECK(room.db.count("SELECT count(*) FROM attendance") == 0);
}

TEST_CASE("the sign-in sheet lists every confirmed trainee and the trainer") {
    Classroom room;
    room.call("PATCH", room.path(""), {{"capacity", 40}});
    std::vector<std::string> names;
    for (int i = 0; i < 30; ++i) {
        auto last = "Stagiaire" + std::to_string(100 + i);
        room.add("Éloïse", last);
        names.push_back(last);
    }
    auto sheet = room.call("GET", room.path("/sign-in-sheet.pdf"));
    REQUIRE(sheet.status == 200);
    auto text = testing::pdf_text(sheet.body, "attendance-test-sign-in-sheet");
    for (const auto& name : names) {
        CHECK_MESSAGE(text.find(name) != std::string::npos, name);
    }
    CHECK(text.find("Claire Fontaine") != std::string::npos);
    CHECK(text.find("Feuille d'émargement") != std::string::npos);
    CHECK(testing::pdf_pages(sheet.body, "attendance-test-sign-in-sheet") >= 2);
}

TEST_CASE("a session longer than one sheet is printed in parts") {
    Classroom room;
    auto week = room.call("POST", "/api/v1/sessions",
                          {{"starts_on", testing::day(0)},
                           {"ends_on", testing::day(6)},
                           {"registration_deadline", testing::day(0)},
                           {"place", "Lyon"},
                           {"reference", "SEMAINE"}});
    REQUIRE(week.status == 201);
    auto sheet =
        room.call("GET", "/api/v1/sessions/" + week.json()["id"].dump() + "/sign-in-sheet.pdf");
    REQUIRE(sheet.status == 200);
    CHECK(sheet.header("content-type") == "application/pdf");
    auto text = testing::pdf_text(sheet.body, "attendance-test-sign-in-sheet-week");
    CHECK(text.find("Partie 1/2") != std::string::npos);
    CHECK(text.find("Partie 2/2") != std::string::npos);
    CHECK(testing::pdf_pages(sheet.body, "attendance-test-sign-in-sheet-week") == 2);
}

TEST_CASE("a session's daily hours: defaults, set by staff, shown to everyone and on the sheet") {
    Classroom room;
    auto session = room.call("GET", room.path("")).json();
    CHECK(session["daily_hours"] == json{{"morning_start", "09:00"},
                                         {"morning_end", "12:30"},
                                         {"afternoon_start", "13:30"},
                                         {"afternoon_end", "17:00"}});
    auto refused = [&](const json& hours, const std::string& code, const std::string& field) {
        auto response = room.call("PATCH", room.path(""), {{"daily_hours", hours}});
        CHECK(response.status == 400);
        CHECK(response.json()["error"]["code"] == code);
        CHECK(response.json()["error"]["field"] == field);
    };
    // Each half-day keeps the course's length (3 h 30), so sheets and certificates agree.
    refused({{"morning_end", "12:00"}}, "invalid_hours", "daily_hours.morning_end");
    refused({{"afternoon_start", "12:00"}, {"afternoon_end", "15:30"}}, "invalid_hours",
            "daily_hours");
    refused({{"morning_start", "9h00"}}, "invalid_time", "daily_hours.morning_start");
    refused({{"morning_start", "24:00"}}, "invalid_time", "daily_hours.morning_start");
    refused({{"lunch", "12:30"}}, "unknown_field", "daily_hours.lunch");

    auto moved = room.call("PATCH", room.path(""),
                           {{"daily_hours",
                             {{"morning_start", "08:30"},
                              {"morning_end", "12:00"},
                              {"afternoon_start", "13:00"},
                              {"afternoon_end", "16:30"}}}});
    REQUIRE(moved.status == 200);
    CHECK(moved.json()["daily_hours"]["morning_start"] == "08:30");
    // The public page reads them.
    auto seen = http_request(room.server.port(), "GET", room.path("")).json();
    CHECK(seen["daily_hours"]["afternoon_end"] == "16:30");
    room.add("Zoé", "Lefèvre");
    auto text = testing::pdf_text(room.call("GET", room.path("/sign-in-sheet.pdf")).body,
                                  "attendance-test-sign-in-sheet-hours");
    CHECK(text.find("8h30–12h00") != std::string::npos);
    CHECK(text.find("13h00–16h30") != std::string::npos);

    auto created = room.call("POST", "/api/v1/sessions",
                             {{"starts_on", testing::day(20)},
                              {"place", "Nantes"},
                              {"daily_hours", {{"morning_start", "10:00"}}}});
    CHECK(created.status == 400);
    // A morning of 2 h 30: refused, and the session is not created.
    CHECK(created.json()["error"]["field"] == "daily_hours.morning_end");
    CHECK(room.db.count("SELECT count(*) FROM sessions WHERE place = 'Nantes'") == 0);
}

TEST_CASE("a trainee cancelled after attending stays on the sheet for the half-days attended") {
    Classroom room;
    auto zoe = room.add("Zoé", "Lefèvre");
    auto noe = room.add("Noé", "Dubœuf");
    REQUIRE(room.call("PUT", room.path("/attendance"),
                      json::array({mark(zoe, room.first_day, "am"),
                                   mark(zoe, room.first_day, "pm", false)}))
                .status == 200);
    for (const auto& registration : {zoe, noe}) {
        REQUIRE(room.call("POST", "/api/v1/registrations/" + registration["id"].dump() + "/cancel")
                    .status == 200);
    }
    auto text = testing::pdf_text(room.call("GET", room.path("/sign-in-sheet.pdf")).body,
                                  "attendance-test-sign-in-sheet-cancelled");
    CHECK(text.find("Lefèvre Zoé") != std::string::npos);
    auto today = testing::today();
    char cancelled_on[32];
    std::snprintf(cancelled_on, sizeof cancelled_on, "%02d/%02d/%04d",
                  static_cast<int>(today.day()), static_cast<int>(today.month()),
                  static_cast<int>(today.year()));
    CHECK(text.find(std::string("Inscription annulée le ") + cancelled_on) != std::string::npos);
    // Cancelled without attending: not on the sheet.
    CHECK(text.find("Dubœuf") == std::string::npos);
}

TEST_CASE("documents after the course: from midnight after the last day, fixed at issue") {
    // A session on Monday 15 and Tuesday 16 March 2027, attended in full by Zoé.
    Classroom room("2027-03-01T10:00:00+01:00", "2027-03-15");
    auto zoe = room.add("Zoé", "Lefèvre");
    REQUIRE(
        room.call("PUT", room.path("/attendance"),
                  json::array({mark(zoe, room.first_day, "am"), mark(zoe, room.first_day, "pm"),
                               mark(zoe, room.second_day, "am"), mark(zoe, room.second_day, "pm")}))
            .status == 200);
    const std::string by_id = "/api/v1/registrations/" + zoe["id"].dump();
    const std::string by_token = "/api/v1/registrations/" + zoe["token"].get<std::string>();

    // The last evening, 23:59:30 in Paris: not yet, and the page is told from when.
    room.at("2027-03-16T23:59:30+01:00");
    for (const std::string document : {"/certificate.pdf", "/attestation.pdf"}) {
        auto early = room.call("GET", by_id + document);
        CHECK(early.status == 409);
        CHECK(early.json()["error"]["code"] == "course_not_over");
        CHECK(early.json()["error"]["message"].get<std::string>().find("17/03/2027") !=
              std::string::npos);
    }
    CHECK(room.call("GET", room.path("/certificates.pdf")).status == 409);
    CHECK(room.db.count("SELECT count(*) FROM completion_documents") == 0);

    // Half a minute after midnight: issued, dated that day.
    room.at("2027-03-17T00:00:30+01:00");
    auto certificate = room.call("GET", by_id + "/certificate.pdf");
    REQUIRE(certificate.status == 200);
    auto text = testing::pdf_text(certificate.body, "attendance-test-issued-certificate");
    CHECK(text.find("durée de 14 h") != std::string::npos);
    CHECK(text.find("le 17 mars 2027") != std::string::npos);

    auto attestation = http_request(room.port(), "GET", by_token + "/attestation.pdf");
    REQUIRE(attestation.status == 200);
    auto attested = testing::pdf_text(attestation.body, "attendance-test-attestation");
    for (std::string expected :
         {std::string("Attestation de fin de formation"), std::string("Zoé Lefèvre"),
          std::string("Objectifs de la formation"), std::string("Résultats de l'évaluation"),
          std::string("n'a pas répondu"), std::string("L6353-1"), std::string("14 h"),
          std::string("ne vaut pas agrément")}) {
        CHECK_MESSAGE(attested.find(expected) != std::string::npos, expected);
    }

    // Days later, by the trainee or staff, one by one or the whole session: the same bytes.
    room.at("2027-03-29T10:00:00+02:00");
    CHECK(http_request(room.port(), "GET", by_token + "/certificate.pdf").body == certificate.body);
    CHECK(room.call("GET", by_id + "/certificate.pdf").body == certificate.body);
    CHECK(room.call("GET", by_id + "/attestation.pdf").body == attestation.body);
    auto all = room.call("GET", room.path("/certificates.pdf"));
    REQUIRE(all.status == 200);
    CHECK(all.body == room.call("GET", room.path("/certificates.pdf")).body);
    CHECK(testing::pdf_text(all.body, "attendance-test-issued-all").find("le 17 mars 2027") !=
          std::string::npos);
    CHECK(room.db.count("SELECT count(*) FROM completion_documents") == 2);

    // An attendance correction: a new version, dated the day of the correction; the first kept.
    REQUIRE(room.call("PUT", room.path("/attendance"),
                      json::array({mark(zoe, room.second_day, "pm", false)}))
                .status == 200);
    auto corrected = room.call("GET", by_id + "/certificate.pdf");
    REQUIRE(corrected.status == 200);
    auto corrected_text = testing::pdf_text(corrected.body, "attendance-test-certificate-v2");
    CHECK(corrected_text.find("durée de 10,5 h") != std::string::npos);
    CHECK(corrected_text.find("le 29 mars 2027") != std::string::npos);
    CHECK(room.db.count("SELECT count(*) FROM completion_documents WHERE kind = 'certificate'") ==
          2);
    CHECK(room.db.count("SELECT max(version) FROM completion_documents") == 2);

    // What was issued stays as issued.
    CHECK(testing::refusal(room.db.sql(), "UPDATE completion_documents SET version = 9") ==
          "42501");
    CHECK(testing::refusal(room.db.sql(), "DELETE FROM completion_documents") == "42501");
}

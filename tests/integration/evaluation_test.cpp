// Questionnaires (Qualiopi indicators 4, 8, 10, 11, 26, 30): the trainee answers the needs
// questionnaire after registering and the end-of-course ones after the last day, from their
// token; an employer answers the cold survey through its own link weeks later; staff configure
// the questions, read the needs and follow the answers; the disability referent alone reads the
// accommodation needs. The delays are crossed by pinning a server's clock, never by waiting.

#include <set>

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
using testing::call;
using testing::http_request;
using testing::HttpResponse;

namespace {

struct Course {
    testing::TestDatabase db;
    testing::ServerProcess server{db.url()};
    std::string staff =
        testing::staff_token(db.url(), server.port(), "staff@exemple.fr", app::Role::staff);

    HttpResponse call(const std::string& method, const std::string& path,
                      const json& body = nullptr, const std::string& token = "") {
        return testing::call(server.port(), method, path, body, token);
    }

    json register_on(long long session, const std::string& name, bool employer) {
        json body = {{"funding", employer ? "employer" : "self"},
                     {"trainee",
                      {{"first_name", name},
                       {"last_name", "Durand"},
                       {"email", name + "@exemple.fr"},
                       {"address", "2 rue des Lilas, Lyon"}}}};
        if (employer) {
            body["employer"] = {{"siret", "73282932000074"},
                                {"name", "Coopérative Employeuse"},
                                {"address", "3 rue du Travail, Lyon"}};
        }
        auto response = call(
            "POST", "/api/v1/sessions/" + std::to_string(session) + "/registrations", body, staff);
        REQUIRE(response.status == 201);
        return response.json();
    }
};

std::string questionnaires_of(const json& registration) {
    return "/api/v1/registrations/" + registration["token"].get<std::string>() + "/questionnaires";
}

json item(const json& view, const std::string& kind) {
    for (const auto& entry : view["questionnaires"]) {
        if (entry["kind"] == kind) {
            return entry;
        }
    }
    return nullptr;
}

// The default needs questionnaire, answered.
json needs_answers(const std::string& expectations) {
    return {{"q1", 2}, {"q2", "Je porte un projet de création"}, {"q3", expectations}};
}

}  // namespace

TEST_CASE(
    "the needs questionnaire: answered after registering, read by staff; the referent alone "
    "reads the accommodation") {
    Course course;
    auto session = course.db.add_session(12, 30);
    auto trainee = course.register_on(session, "zoe", false);
    auto view = course.call("GET", questionnaires_of(trainee));
    REQUIRE(view.status == 200);
    auto needs = item(view.json(), "needs");
    CHECK(needs["window"]["availability"] == "open");
    CHECK(needs["window"]["closes_on"] == testing::day(30));
    CHECK(needs["questionnaire"]["version"] == 0);
    CHECK(needs["response"] == nullptr);
    CHECK(item(view.json(), "satisfaction")["window"]["availability"] == "upcoming");
    CHECK(item(view.json(), "employer") == nullptr);  // the employer's survey has its own link

    auto answer = [&](const json& body) {
        return course.call("PUT", questionnaires_of(trainee) + "/needs", body);
    };
    auto missing = answer({{"version", 0}, {"answers", {{"q1", 2}}}});
    CHECK(missing.status == 400);
    CHECK(missing.json()["error"]["field"] == "answers.q2");
    auto stale = answer({{"version", 3}, {"answers", needs_answers("Apprendre")}});
    CHECK(stale.status == 409);
    CHECK(stale.json()["error"]["code"] == "questionnaire_changed");

    const std::string secret = "Salle au rez-de-chaussée : je me déplace en fauteuil.";
    auto answered = answer({{"version", 0},
                            {"answers", needs_answers("Comprendre la gouvernance")},
                            {"accommodation", secret}});
    REQUIRE_MESSAGE(answered.status == 200, answered.body);
    needs = item(answered.json(), "needs");
    CHECK(needs["window"]["availability"] == "answered");
    CHECK(needs["window"]["can_answer"] == true);
    CHECK(needs["response"]["answers"]["q3"] == "Comprendre la gouvernance");
    CHECK(answered.json()["accommodation"]["status"] == "new");
    CHECK(answered.json()["accommodation"]["needs"] == secret);

    // Corrected until the first day: still one answer.
    REQUIRE(
        answer({{"version", 0}, {"answers", needs_answers("La gouvernance, surtout")}}).status ==
        200);
    CHECK(course.db.count("SELECT count(*) FROM questionnaire_responses") == 1);

    auto roster = course.call("GET", "/api/v1/sessions/" + std::to_string(session) + "/needs",
                              nullptr, course.staff);
    REQUIRE(roster.status == 200);
    CHECK(roster.json()["registrations"][0]["response"]["answers"]["q3"] ==
          "La gouvernance, surtout");
    CHECK(roster.body.find("fauteuil") == std::string::npos);
    auto accountant = testing::staff_token(course.db.url(), course.server.port(),
                                           "compta@exemple.fr", app::Role::accountant);
    CHECK(course
              .call("GET", "/api/v1/sessions/" + std::to_string(session) + "/needs", nullptr,
                    accountant)
              .status == 403);

    // The trail says who answered, never what.
    CHECK(course.db.count(
              "SELECT count(*) FROM audit_events WHERE action LIKE 'questionnaire.%'") == 2);
    CHECK(course.db.count("SELECT count(*) FROM audit_events WHERE after::text LIKE '%fauteuil%'"
                          " OR after::text LIKE '%gouvernance%'") == 0);

    auto refused = course.call("GET", "/api/v1/accommodations", nullptr, course.staff);
    CHECK(refused.status == 403);
    CHECK(refused.json()["error"]["code"] == "referent_only");
    auto flagged = testing::run_formations("user referent staff@exemple.fr", course.db.url());
    REQUIRE(flagged.status == 0);
    auto requests = course.call("GET", "/api/v1/accommodations?status=new", nullptr, course.staff);
    REQUIRE(requests.status == 200);
    REQUIRE(requests.json()["requests"].size() == 1);
    auto request = requests.json()["requests"][0];
    CHECK(request["needs"] == secret);
    CHECK(request["trainee"]["name"] == "zoe Durand");
    auto handled = course.call(
        "PATCH", "/api/v1/accommodations/" + request["id"].dump(),
        {{"status", "arranged"}, {"referent_notes", "Salle 2, rez-de-chaussée."}}, course.staff);
    REQUIRE(handled.status == 200);
    CHECK(handled.json()["handled_at"] != nullptr);
    CHECK(handled.json()["handled_by"] == "staff@exemple.fr");
    CHECK(course.call("GET", "/api/v1/accommodations?status=lost", nullptr, course.staff).status ==
          400);
    CHECK(testing::run_formations("user referent staff@exemple.fr --off", course.db.url()).status ==
          0);
    CHECK(course.call("GET", "/api/v1/accommodations", nullptr, course.staff).status == 403);

    SUBCASE("on the first day it is closed for good") {
        testing::ServerProcess later(course.db.url(), {{"FORMATIONS_CLOCK", testing::noon(31)}});
        auto closed = call(later.port(), "PUT", questionnaires_of(trainee) + "/needs",
                           {{"version", 0}, {"answers", needs_answers("Trop tard")}});
        CHECK(closed.status == 409);
        CHECK(closed.json()["error"]["code"] == "questionnaire_closed");
    }
}

TEST_CASE(
    "after the last day: self-assessment and satisfaction once each; the employer's cold "
    "survey weeks later through its own link") {
    Course course;
    auto session = course.db.add_session(12, -2);  // ended yesterday
    auto employed = course.register_on(session, "leo", true);
    auto self = course.register_on(session, "ines", false);

    auto view = course.call("GET", questionnaires_of(employed)).json();
    CHECK(item(view, "needs")["window"]["availability"] == "closed");
    auto self_assessment = item(view, "self_assessment");
    CHECK(self_assessment["window"]["availability"] == "open");
    CHECK(self_assessment["window"]["opens_on"] == testing::day(-1));
    // No sheet: one question on the objectives as a whole, and a comment.
    CHECK(self_assessment["questionnaire"]["questions"].size() == 2);
    REQUIRE(course
                .call("PUT", questionnaires_of(employed) + "/self_assessment",
                      {{"version", 0}, {"answers", {{"q1", 4}}}})
                .status == 200);
    auto satisfaction = [&](const json& who, int overall) {
        return course.call("PUT", questionnaires_of(who) + "/satisfaction",
                           {{"version", 0},
                            {"answers",
                             {{"overall", overall},
                              {"q1", 5},
                              {"q2", 4},
                              {"q3", 3},
                              {"q4", "Oui"},
                              {"q5", "Plus de cas pratiques."}}}});
    };
    REQUIRE(satisfaction(employed, 5).status == 200);
    auto twice = satisfaction(employed, 1);
    CHECK(twice.status == 409);
    CHECK(twice.json()["error"]["code"] == "already_answered");

    auto followed =
        course.call("GET", "/api/v1/sessions/" + std::to_string(session) + "/evaluations", nullptr,
                    course.staff);
    REQUIRE(followed.status == 200);
    auto registrations = followed.json()["registrations"];
    REQUIRE(registrations.size() == 2);
    json leo, ines;
    for (const auto& entry : registrations) {
        (entry["registration_id"] == employed["id"] ? leo : ines) = entry;
    }
    CHECK(leo["questionnaires"]["satisfaction"]["availability"] == "answered");
    CHECK(ines["questionnaires"]["satisfaction"]["availability"] == "open");
    CHECK(ines["links"]["employer"] == nullptr);
    CHECK(ines["links"]["satisfaction"] ==
          "/questionnaire.html?type=satisfaction#" + self["token"].get<std::string>());
    auto employer_link = leo["links"]["employer"].get<std::string>();
    REQUIRE(employer_link.starts_with("/avis-employeur.html#"));
    auto employer_token = employer_link.substr(employer_link.find('#') + 1);
    // Asking again gives the same link.
    CHECK(course
              .call("GET", "/api/v1/sessions/" + std::to_string(session) + "/evaluations", nullptr,
                    course.staff)
              .json()["registrations"]
              .dump()
              .find(employer_token) != std::string::npos);
    auto results = followed.json()["results"];
    CHECK(results[1]["kind"] == "satisfaction");
    CHECK(results[1]["satisfaction"] == json{{"count", 1}, {"total", 1}, {"percent", 100.0}});
    CHECK(results[1]["questions"][5]["comments"] == json::array({"Plus de cas pratiques."}));

    auto pending = course.call("GET", "/api/v1/evaluations/pending", nullptr, course.staff);
    REQUIRE(pending.status == 200);
    std::set<std::string> open;
    auto pending_list = pending.json()["pending"];
    for (const auto& entry : pending_list) {
        open.insert(entry["trainee"]["first_name"].get<std::string>() + " " +
                    entry["kind"].get<std::string>());
    }
    CHECK(open == std::set<std::string>{"ines self_assessment", "ines satisfaction"});

    auto survey = "/api/v1/employer-surveys/" + employer_token;
    auto early = course.call("GET", survey);
    REQUIRE(early.status == 200);
    CHECK(early.json()["employer"]["name"] == "Coopérative Employeuse");
    CHECK(early.json()["survey"]["window"]["availability"] == "upcoming");
    CHECK(early.json()["survey"]["window"]["opens_on"] == testing::day(59));
    const json employer_answers = {{"version", 0},
                                   {"answers", {{"overall", 4}, {"q1", 5}, {"q2", "Autonome."}}}};
    CHECK(course.call("PUT", survey, employer_answers).json()["error"]["code"] ==
          "questionnaire_not_open_yet");
    CHECK(course.call("GET", "/api/v1/employer-surveys/" + std::string(43, 'A')).status == 404);

    // Sixty days after the last day, with another server pinned then.
    testing::ServerProcess later(course.db.url(), {{"FORMATIONS_CLOCK", testing::noon(59)}});
    auto opened = call(later.port(), "PUT", survey, employer_answers);
    REQUIRE_MESSAGE(opened.status == 200, opened.body);
    CHECK(opened.json()["survey"]["window"]["availability"] == "answered");
    // Meanwhile the trainee who did not answer has missed the 45 days of the survey.
    auto missed = call(later.port(), "GET", questionnaires_of(self)).json();
    CHECK(item(missed, "satisfaction")["window"]["availability"] == "closed");
    auto course_results = call(later.port(), "GET", "/api/v1/courses/CAE/evaluations", nullptr,
                               testing::login(later.port(), "staff@exemple.fr"));
    REQUIRE(course_results.status == 200);
    CHECK(course_results.json()["results"][2]["kind"] == "employer");
    CHECK(course_results.json()["results"][2]["satisfaction"]["count"] == 1);

    SUBCASE("a shorter delay, set in the configuration, opens it earlier") {
        testing::ServerProcess configured(course.db.url(),
                                          {{"FORMATIONS_EMPLOYER_SURVEY_DELAY_DAYS", "0"}});
        auto now_open = call(configured.port(), "GET", survey).json();
        CHECK(now_open["survey"]["window"]["opens_on"] == testing::day(-1));
    }
}

TEST_CASE("staff configure the questions of a course; answers to older questions are refused") {
    Course course;
    auto path = "/api/v1/courses/CAE/questionnaires/satisfaction";
    auto built_in = course.call("GET", path, nullptr, course.staff);
    REQUIRE(built_in.status == 200);
    CHECK(built_in.json()["version"] == 0);
    CHECK(built_in.json()["built_in"] == true);
    CHECK(built_in.json()["questions"][0]["id"] == "overall");

    json questions = {
        {"version", 0},
        {"questions",
         {{{"label", "Le rythme était-il adapté ?"}, {"type", "scale"}, {"required", true}},
          {{"label", "Format préféré"},
           {"type", "choice"},
           {"options", {"Présentiel", "Distanciel"}}}}}};
    auto saved = course.call("PUT", path, questions, course.staff);
    REQUIRE_MESSAGE(saved.status == 200, saved.body);
    CHECK(saved.json()["version"] == 1);
    CHECK(saved.json()["questions"].size() == 3);
    CHECK(saved.json()["questions"][0]["id"] == "overall");
    CHECK(saved.json()["questions"][2]["options"] == json::array({"Présentiel", "Distanciel"}));
    CHECK(course.call("PUT", path, questions, course.staff).json()["error"]["code"] ==
          "questionnaire_changed");
    auto bad = questions;
    bad["version"] = 1;
    bad["questions"][1]["type"] = "stars";
    auto refused = course.call("PUT", path, bad, course.staff);
    CHECK(refused.status == 400);
    CHECK(refused.json()["error"]["field"] == "questions[1].type");
    auto accountant = testing::staff_token(course.db.url(), course.server.port(),
                                           "compta@exemple.fr", app::Role::accountant);
    CHECK(course.call("PUT", path, questions, accountant).status == 403);
    CHECK(course.call("GET", "/api/v1/courses/CAE/questionnaires/bogus", nullptr, course.staff)
              .status == 404);

    auto session = course.db.add_session(12, -2);
    auto trainee = course.register_on(session, "max", false);
    auto asked = item(course.call("GET", questionnaires_of(trainee)).json(), "satisfaction");
    CHECK(asked["questionnaire"]["version"] == 1);
    auto old = course.call("PUT", questionnaires_of(trainee) + "/satisfaction",
                           {{"version", 0}, {"answers", {{"overall", 5}, {"q1", 4}}}});
    CHECK(old.status == 409);
    auto unknown =
        course.call("PUT", questionnaires_of(trainee) + "/satisfaction",
                    {{"version", 1}, {"answers", {{"overall", 5}, {"q1", 4}, {"q9", 1}}}});
    CHECK(unknown.json()["error"]["code"] == "unknown_question");
    auto fine = course.call(
        "PUT", questionnaires_of(trainee) + "/satisfaction",
        {{"version", 1}, {"answers", {{"overall", 5}, {"q1", 4}, {"q2", "Distanciel"}}}});
    CHECK(fine.status == 200);
    auto accommodation = course.call(
        "PUT", questionnaires_of(trainee) + "/satisfaction",
        {{"version", 1}, {"answers", {{"overall", 5}}}, {"accommodation", "Un besoin"}});
    CHECK(accommodation.json()["error"]["code"] == "unknown_field");
}

// The complaints and incidents register (Qualiopi indicators 31 and 32): anyone submits from the
// public page (a few per client and hour), a trainee from their page, staff record the others;
// staff answer, decide an improvement and close, each step dated; whoever submitted follows it.

#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "service/app/tokens.hpp"
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

struct Register {
    testing::TestDatabase db;
    testing::ServerProcess server{db.url(), {{"FORMATIONS_COMPLAINTS_PER_HOUR", "5"}}};
    std::string staff =
        testing::staff_token(db.url(), server.port(), "staff@exemple.fr", app::Role::staff);

    HttpResponse call(const std::string& method, const std::string& path,
                      const json& body = nullptr, std::map<std::string, std::string> headers = {}) {
        headers["Content-Type"] = "application/json";
        return http_request(server.port(), method, path, body.is_null() ? "" : body.dump(),
                            headers);
    }
    HttpResponse as_staff(const std::string& method, const std::string& path,
                          const json& body = nullptr) {
        return call(method, path, body, bearer(staff));
    }
};

json complaint(const std::string& subject) {
    return {{"kind", "complaint"},
            {"author_role", "employer"},
            {"author_name", "Sylvie Employeuse"},
            {"author_email", "sylvie@exemple.fr"},
            {"subject", subject},
            {"description", "La convention n'a pas été envoyée avant la session."}};
}

}  // namespace

TEST_CASE("a public complaint is answered, improved upon and closed, each step dated") {
    Register reg;
    auto filed = reg.call("POST", "/api/v1/complaints", complaint("Convention manquante"));
    REQUIRE_MESSAGE(filed.status == 201, filed.body);
    auto token = filed.json()["token"].get<std::string>();
    CHECK(filed.json()["status"] == "received");
    CHECK(filed.json()["links"]["follow"] == "/suivi-reclamation.html#" + token);
    auto id = filed.json()["id"].dump();

    auto list = reg.as_staff("GET", "/api/v1/complaints?status=received");
    REQUIRE(list.status == 200);
    CHECK(list.json()["total"] == 1);
    auto entry = list.json()["items"][0];
    CHECK(entry["channel"] == "public_form");
    CHECK(entry["author"]["email"] == "sylvie@exemple.fr");
    CHECK_FALSE(entry.contains("token"));  // the follow-up link is the submitter's

    auto premature = reg.as_staff("PATCH", "/api/v1/complaints/" + id, {{"status", "closed"}});
    CHECK(premature.status == 400);
    CHECK(premature.json()["error"]["code"] == "answer_required");
    CHECK(reg.as_staff("PATCH", "/api/v1/complaints/" + id, {{"improvement_status", "done"}})
              .json()["error"]["code"] == "improvement_required");

    auto answered = reg.as_staff(
        "PATCH", "/api/v1/complaints/" + id,
        {{"status", "answered"},
         {"answer", "Toutes nos excuses : la convention vous a été envoyée le jour même."},
         {"improvement_action", "Envoi automatique des conventions à l'inscription."}});
    REQUIRE_MESSAGE(answered.status == 200, answered.body);
    auto handled = answered.json();
    CHECK(handled["status"] == "answered");
    CHECK(handled["answered_at"] != nullptr);
    CHECK(handled["answered_by"] == "staff@exemple.fr");
    CHECK(handled["improvement"]["status"] == "planned");
    CHECK(handled["improvement"]["decided_at"] != nullptr);
    CHECK(handled["improvement"]["done_at"] == nullptr);

    auto closed = reg.as_staff("PATCH", "/api/v1/complaints/" + id,
                               {{"status", "closed"}, {"improvement_status", "done"}});
    REQUIRE(closed.status == 200);
    CHECK(closed.json()["closed_at"] != nullptr);
    CHECK(closed.json()["improvement"]["done_at"] != nullptr);
    CHECK(closed.json()["answered_at"] == handled["answered_at"]);

    auto followed = reg.call("GET", "/api/v1/complaints/follow/" + token);
    REQUIRE(followed.status == 200);
    CHECK(followed.json()["status"] == "closed");
    CHECK(followed.json()["answer"] ==
          "Toutes nos excuses : la convention vous a été envoyée le jour même.");
    CHECK_FALSE(followed.json().contains("improvement"));
    CHECK(reg.call("GET", "/api/v1/complaints/follow/" + std::string(43, 'x')).status == 404);

    // Reopened: no longer closed.
    auto reopened = reg.as_staff("PATCH", "/api/v1/complaints/" + id, {{"status", "in_progress"}});
    CHECK(reopened.json()["closed_at"] == nullptr);
    // The trail follows the handling, not the words.
    CHECK(reg.db.count("SELECT count(*) FROM audit_events WHERE entity = 'complaint'") == 4);
    CHECK(reg.db.count("SELECT count(*) FROM audit_events WHERE after::text LIKE '%convention%'"
                       " OR after::text LIKE '%sylvie%'") == 0);
}

TEST_CASE(
    "the public page takes a few complaints per client and hour, checked and refused in "
    "French") {
    Register reg;
    auto from = [&](const std::string& address, const json& body) {
        return reg.call("POST", "/api/v1/complaints", body, {{"X-Real-IP", address}});
    };
    // Eight at once from one address: five pass, whatever the interleaving (the count is taken
    // under a lock per client, app/rate_limits.hpp).
    std::mutex mutex;
    std::map<int, int> statuses;
    std::vector<std::thread> senders;
    for (int i = 0; i < 8; ++i) {
        senders.emplace_back([&, i] {
            auto response = from("203.0.113.7", complaint("Réclamation " + std::to_string(i)));
            std::lock_guard lock(mutex);
            ++statuses[response.status];
            if (response.status == 429) {
                CHECK(response.json()["error"]["code"] == "too_many_requests");
                CHECK(std::stoi(response.header("retry-after")) > 0);
            }
        });
    }
    for (auto& sender : senders) {
        sender.join();
    }
    CHECK(statuses[201] == 5);
    CHECK(statuses[429] == 3);
    // Another client is not slowed down by the first.
    CHECK(from("198.51.100.4", complaint("Autre personne")).status == 201);
    CHECK(reg.db.count("SELECT count(*) FROM complaints") == 6);
    // Only a hash of the address is kept, and only for the limit.
    CHECK(reg.db.count("SELECT count(*) FROM client_requests WHERE scope = 'complaint'"
                       " AND client = '" +
                       app::client_key("203.0.113.7") + "'") == 5);
    CHECK(reg.db.count("SELECT count(*) FROM client_requests WHERE client LIKE '%203.0%'") == 0);

    auto refused = [&](json body, const std::string& code, const std::string& field) {
        auto response = from("192.0.2.1", body);
        CHECK(response.status == 400);
        CHECK(response.json()["error"]["code"] == code);
        CHECK(response.json()["error"]["field"] == field);
    };
    auto body = complaint("Sujet");
    body.erase("author_email");
    refused(body, "required", "author_email");
    body = complaint("Sujet");
    body["author_role"] = "king";
    refused(body, "invalid_author_role", "author_role");
    body = complaint(std::string(201, 'a'));
    refused(body, "too_long", "subject");
    body = complaint("Sujet");
    body["channel"] = "phone";  // staff only
    refused(body, "unknown_field", "channel");
    body = complaint("Sujet");
    body["session_id"] = 999999;
    refused(body, "session_not_found", "session_id");
}

TEST_CASE("a trainee complains from their page; staff record a phone call") {
    Register reg;
    auto session = reg.db.add_session(12, 20);
    auto registration = reg.call("POST", "/api/v1/registrations",
                                 {{"session_id", session},
                                  {"funding", "self"},
                                  {"trainee",
                                   {{"first_name", "Zoé"},
                                    {"last_name", "Lefèvre"},
                                    {"email", "zoe@exemple.fr"},
                                    {"address", "12 rue des Œillets, Nantes"}}}});
    REQUIRE(registration.status == 201);
    auto token = registration.json()["token"].get<std::string>();
    auto filed = reg.call("POST", "/api/v1/registrations/" + token + "/complaints",
                          {{"subject", "Facture"}, {"description", "Le montant est faux."}});
    REQUIRE_MESSAGE(filed.status == 201, filed.body);
    CHECK(filed.json()["session_reference"] != nullptr);
    CHECK(reg.call("POST", "/api/v1/registrations/" + token + "/complaints",
                   {{"subject", "Facture"}, {"description", "x"}, {"author_name", "Autre"}})
              .status == 400);
    auto mine = reg.call("GET", "/api/v1/registrations/" + token + "/complaints");
    REQUIRE(mine.status == 200);
    CHECK(mine.json()["complaints"].size() == 1);
    auto staff_view = reg.as_staff("GET", "/api/v1/complaints/" + filed.json()["id"].dump());
    CHECK(staff_view.json()["author"]["name"] == "Zoé Lefèvre");
    CHECK(staff_view.json()["author"]["role"] == "trainee");
    CHECK(staff_view.json()["channel"] == "trainee_page");

    auto phoned = reg.as_staff("POST", "/api/v1/complaints",
                               {{"kind", "incident"},
                                {"channel", "phone"},
                                {"author_role", "trainer"},
                                {"subject", "Vidéoprojecteur en panne"},
                                {"description", "Le matin du premier jour."},
                                {"session_id", session}});
    REQUIRE_MESSAGE(phoned.status == 201, phoned.body);
    CHECK(phoned.json()["channel"] == "phone");
    CHECK(reg.as_staff("POST", "/api/v1/complaints",
                       {{"subject", "Sans canal"}, {"description", "x"}})
              .json()["error"]["code"] == "invalid_channel");
    auto accountant = testing::staff_token(reg.db.url(), reg.server.port(), "compta@exemple.fr",
                                           app::Role::accountant);
    CHECK(reg.call("GET", "/api/v1/complaints", nullptr, bearer(accountant)).status == 403);
    CHECK(reg.call("GET", "/api/v1/complaints").status == 401);
}

TEST_CASE("staff record a complaint from the pages, logged in by the session cookie") {
    Register reg;
    const json letter = {{"kind", "complaint"},
                         {"channel", "letter"},
                         {"author_role", "employer"},
                         {"subject", "Courrier reçu"},
                         {"description", "Une lettre sur la date de la convention."}};
    const std::string cookie = "formations_session=" + reg.staff;
    // Without the pages' header, a change made with the cookie is a forgery.
    auto forged = reg.call("POST", "/api/v1/complaints", letter, {{"Cookie", cookie}});
    CHECK(forged.status == 403);
    CHECK(forged.json()["error"]["code"] == "csrf_refused");
    auto recorded = reg.call("POST", "/api/v1/complaints", letter,
                             {{"Cookie", cookie}, {"X-Formations-Csrf", "1"}});
    REQUIRE_MESSAGE(recorded.status == 201, recorded.body);
    CHECK(recorded.json()["channel"] == "letter");
    // A cookie that is no login is not taken for the public form.
    CHECK(reg.call("POST", "/api/v1/complaints", letter,
                   {{"Cookie", "formations_session=expired"}, {"X-Formations-Csrf", "1"}})
              .status == 401);
}

// Waiting-list offers through the real server (issue 11): a freed seat is offered to the first
// person in line with a deadline, not invoiced; accepting confirms and invoices it, declining or
// letting the deadline pass offers it to the next person. The clock is pinned to cross the
// deadline; the scheduler of two processes expires an offer once; concurrent answers leave one
// confirmation, one invoice and a session never over capacity.

#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "service/app/accounts.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/staff_client.hpp"
#include "tests/support/test_database.hpp"

using namespace formations;
using nlohmann::json;
using testing::http_request;
using testing::HttpResponse;
using testing::post_json;
using testing::ServerProcess;
using testing::TestDatabase;

namespace {

// Employer-funded: the employer's invoice is what an acceptance issues.
json employee(long long session, const std::string& email) {
    return {{"session_id", session},
            {"funding", "employer"},
            {"trainee", {{"first_name", "Léa"}, {"last_name", "Roux"}, {"email", email}}},
            {"employer",
             {{"siret", "73282932000074"},
              {"name", "Entreprise pas encore dans l'annuaire"},
              {"address", "Nantes"}}}};
}

std::string register_on(const ServerProcess& server, long long session, const std::string& email) {
    auto response = post_json(server.port(), "/api/v1/registrations", employee(session, email));
    REQUIRE_MESSAGE(response.status == 201, response.body);
    return response.json()["token"];
}

json registration(const ServerProcess& server, const std::string& token) {
    auto response = http_request(server.port(), "GET", "/api/v1/registrations/" + token);
    REQUIRE(response.status == 200);
    return response.json();
}

HttpResponse answer(const ServerProcess& server, const std::string& token,
                    const std::string& action) {
    return post_json(server.port(), "/api/v1/registrations/" + token + "/offer/" + action,
                     json::object());
}

HttpResponse cancel(const ServerProcess& server, const std::string& token) {
    return post_json(server.port(), "/api/v1/registrations/" + token + "/cancel", json::object());
}

std::string refusal(const HttpResponse& response) {
    if (response.status < 400) {
        return std::to_string(response.status);
    }
    auto body = response.json();
    // Every refusal says why in French.
    CHECK_FALSE(body["error"]["message"].get<std::string>().empty());
    return std::to_string(response.status) + " " + body["error"]["code"].get<std::string>();
}

std::map<std::string, std::string> at(const std::string& instant) {
    return {{"FORMATIONS_CLOCK", instant}, {"FORMATIONS_SCHEDULER_SECONDS", "1"}};
}

std::string status_of(TestDatabase& db, const std::string& token) {
    std::string status;
    db.sql() << "SELECT status FROM registrations WHERE token = :t", soci::use(token),
        soci::into(status);
    return status;
}

long long seats_taken(TestDatabase& db, long long session) {
    return db.count("SELECT seats_taken FROM sessions WHERE id = " + std::to_string(session));
}

}  // namespace

TEST_CASE("a freed seat is offered with a deadline, then accepted: confirmed and invoiced") {
    TestDatabase db;
    const long long session = db.add_session_on("2027-04-15", 1);
    ServerProcess server(db.url(), at("2027-03-01T10:00:00+01:00"));
    auto first = register_on(server, session, "premiere@exemple.fr");
    auto second = register_on(server, session, "deuxieme@exemple.fr");
    auto third = register_on(server, session, "troisieme@exemple.fr");
    REQUIRE(refusal(cancel(server, first)) == "200");

    auto offered = registration(server, second);
    CHECK(offered["status"] == "offered");
    CHECK(offered["waitlist_position"].is_null());
    CHECK(offered["offer"]["outcome"] == "open");
    CHECK(offered["offer"]["expires_at"] == "2027-03-03T09:00:00Z");  // 48 hours
    CHECK(offered["invoices"].empty());  // nothing invoiced before an acceptance
    CHECK(registration(server, third)["waitlist_position"] == 1);
    // The offered seat counts: a newcomer waits.
    CHECK(seats_taken(db, session) == 1);
    auto newcomer = register_on(server, session, "nouvelle@exemple.fr");
    CHECK(status_of(db, newcomer) == "waitlisted");
    // The offer is told through the outbox, with its deadline.
    CHECK(db.count("SELECT count(*) FROM outbox_messages WHERE kind = 'seat_offered' AND"
                   " facts->>'offer_expires_at' = '2027-03-03T09:00:00Z'") == 1);

    auto accepted = answer(server, second, "accept");
    REQUIRE(refusal(accepted) == "200");
    CHECK(accepted.json()["status"] == "confirmed");
    CHECK(accepted.json()["offer"]["outcome"] == "accepted");
    REQUIRE(accepted.json()["invoices"].size() == 1);
    CHECK(accepted.json()["invoices"][0]["total_cents"] == 70000);
    CHECK(db.count("SELECT count(*) FROM outbox_messages WHERE kind = 'promoted'") == 1);
    CHECK(seats_taken(db, session) == 1);

    // Answering again changes nothing.
    CHECK(refusal(answer(server, second, "accept")) == "409 offer_already_accepted");
    CHECK(refusal(answer(server, second, "decline")) == "409 offer_already_accepted");
    CHECK(refusal(answer(server, third, "accept")) == "409 no_offer");
    CHECK(refusal(answer(server, first, "accept")) == "409 already_cancelled");
    // The first's invoice and its credit note, the second's invoice: no other document.
    CHECK(db.count("SELECT count(*) FROM invoices") == 3);
}

TEST_CASE("declining passes the seat to the next person, and the decline is final") {
    TestDatabase db;
    const long long session = db.add_session_on("2027-04-15", 1);
    ServerProcess server(db.url(), at("2027-03-01T10:00:00+01:00"));
    auto first = register_on(server, session, "premiere@exemple.fr");
    auto second = register_on(server, session, "deuxieme@exemple.fr");
    auto third = register_on(server, session, "troisieme@exemple.fr");
    REQUIRE(refusal(cancel(server, first)) == "200");

    auto declined = answer(server, second, "decline");
    REQUIRE(refusal(declined) == "200");
    CHECK(declined.json()["status"] == "cancelled");
    CHECK(declined.json()["offer"]["outcome"] == "declined");
    CHECK(declined.json()["invoices"].empty());
    CHECK(status_of(db, third) == "offered");
    CHECK(db.count("SELECT count(*) FROM outbox_messages WHERE kind = 'offer_declined'") == 1);
    CHECK(db.count("SELECT count(*) FROM outbox_messages WHERE kind = 'seat_offered'") == 2);

    CHECK(refusal(answer(server, second, "accept")) == "409 offer_declined");
    CHECK(refusal(answer(server, second, "decline")) == "409 offer_declined");
    CHECK(status_of(db, third) == "offered");
    CHECK(seats_taken(db, session) == 1);

    SUBCASE("cancelling an offered registration passes the seat on too") {
        REQUIRE(refusal(cancel(server, third)) == "200");
        CHECK(db.count("SELECT count(*) FROM seat_offers WHERE outcome = 'withdrawn'") == 1);
        CHECK(seats_taken(db, session) == 0);
    }
}

TEST_CASE("an offer ends at its deadline: the scheduler of two processes passes it on once") {
    TestDatabase db;
    const long long session = db.add_session_on("2027-04-15", 1);
    std::string first, second, third;
    {
        ServerProcess server(db.url(), at("2027-03-01T10:00:00+01:00"));
        first = register_on(server, session, "premiere@exemple.fr");
        second = register_on(server, session, "deuxieme@exemple.fr");
        third = register_on(server, session, "troisieme@exemple.fr");
        REQUIRE(refusal(cancel(server, first)) == "200");
    }
    SUBCASE("a minute before the deadline, the offer can still be accepted") {
        ServerProcess server(db.url(), at("2027-03-03T09:59:00+01:00"));
        CHECK(refusal(answer(server, second, "accept")) == "200");
        CHECK(status_of(db, second) == "confirmed");
        CHECK(status_of(db, third) == "waitlisted");
    }
    SUBCASE("past it, the seat goes to the next person, once") {
        ServerProcess one(db.url(), at("2027-03-03T10:00:30+01:00"));
        ServerProcess two(db.url(), at("2027-03-03T10:00:30+01:00"));
        db.wait_for("SELECT count(*) FROM outbox_messages WHERE kind = 'seat_offered'", 2);
        CHECK(status_of(db, second) == "cancelled");
        CHECK(status_of(db, third) == "offered");
        CHECK(refusal(answer(one, second, "accept")) == "409 offer_expired");
        CHECK(refusal(answer(two, second, "decline")) == "409 offer_expired");
        auto next = registration(one, third);
        CHECK(next["offer"]["expires_at"] == "2027-03-05T09:00:30Z");
        // Another pass of each process changes nothing.
        std::this_thread::sleep_for(std::chrono::milliseconds(2500));
        CHECK(db.count("SELECT count(*) FROM outbox_messages WHERE kind = 'offer_expired'") == 1);
        CHECK(db.count("SELECT count(*) FROM seat_offers") == 2);
        CHECK(db.count("SELECT count(*) FROM invoices") == 2);  // the first's and its credit
        CHECK(seats_taken(db, session) == 1);
    }
}

TEST_CASE("close to the start, an offer ends when the first day begins") {
    TestDatabase db;
    const long long session = db.add_session_on("2027-03-03", 1);
    ServerProcess server(db.url(), at("2027-03-02T10:00:00+01:00"));
    auto first = register_on(server, session, "premiere@exemple.fr");
    auto second = register_on(server, session, "deuxieme@exemple.fr");
    auto third = register_on(server, session, "troisieme@exemple.fr");
    REQUIRE(refusal(cancel(server, first)) == "200");
    auto offered = registration(server, second);
    CHECK(offered["status"] == "offered");
    CHECK(offered["offer"]["expires_at"] == "2027-03-02T23:00:00Z");  // 3 March, 00:00 in Paris
    // Raising the capacity frees a seat too: offered to the next person, same rule.
    const std::string staff =
        testing::staff_token(db.url(), server.port(), "staff@exemple.fr", app::Role::staff);
    auto raised =
        testing::call(server.port(), "PATCH", "/api/v1/sessions/" + std::to_string(session),
                      {{"capacity", 2}}, staff);
    REQUIRE_MESSAGE(raised.status == 200, raised.body);
    CHECK(registration(server, third)["offer"]["expires_at"] == "2027-03-02T23:00:00Z");
    CHECK(seats_taken(db, session) == 2);
}

TEST_CASE("staff confirm an offered seat on the person's behalf; a trainee cannot use an id") {
    TestDatabase db;
    const long long session = db.add_session_on("2027-04-15", 1);
    ServerProcess server(db.url(), at("2027-03-01T10:00:00+01:00"));
    auto first = register_on(server, session, "premiere@exemple.fr");
    auto second = register_on(server, session, "deuxieme@exemple.fr");
    REQUIRE(refusal(cancel(server, first)) == "200");
    const auto id = registration(server, second)["id"].dump();
    CHECK(answer(server, id, "accept").status == 401);
    const std::string staff =
        testing::staff_token(db.url(), server.port(), "staff@exemple.fr", app::Role::staff);
    // Staff see until when the seat is held for the person, and that cancelling the session
    // would end a seat (the person is told), not a place in line.
    auto roster =
        testing::call(server.port(), "GET",
                      "/api/v1/sessions/" + std::to_string(session) + "/roster", nullptr, staff);
    REQUIRE(roster.status == 200);
    REQUIRE(roster.json()["registrations"].size() == 2);
    for (const auto& entry : roster.json()["registrations"]) {
        if (entry["id"].dump() == id) {
            CHECK(entry["status"] == "offered");
            CHECK(entry["offer"]["offered_at"] == "2027-03-01T09:00:00Z");
            CHECK(entry["offer"]["expires_at"] == "2027-03-03T09:00:00Z");
        } else {
            CHECK(entry["offer"].is_null());  // the cancelled seat's holder
        }
    }
    auto preview = testing::call(server.port(), "GET",
                                 "/api/v1/sessions/" + std::to_string(session) + "/cancellation",
                                 nullptr, staff);
    REQUIRE(preview.status == 200);
    CHECK(preview.json()["confirmed"] == 0);
    CHECK(preview.json()["offered"] == 1);
    CHECK(preview.json()["waitlisted"] == 0);
    CHECK(preview.json()["people"] == 1);
    auto confirmed =
        testing::call(server.port(), "POST", "/api/v1/registrations/" + id + "/offer/accept",
                      json::object(), staff);
    REQUIRE_MESSAGE(confirmed.status == 200, confirmed.body);
    CHECK(confirmed.json()["status"] == "confirmed");
    CHECK(confirmed.json()["invoices"].size() == 1);
    CHECK(db.count("SELECT count(*) FROM outbox_messages WHERE kind = 'promoted'"
                   " AND (facts->>'by_staff')::boolean") == 1);
}

TEST_CASE("answers racing on two processes: one acceptance, one invoice, capacity kept") {
    TestDatabase db;
    const long long session = db.add_session_on("2027-04-15", 2);
    ServerProcess one(db.url(), at("2027-03-01T10:00:00+01:00"));
    ServerProcess two(db.url(), at("2027-03-01T10:00:00+01:00"));
    std::vector<std::string> seated{register_on(one, session, "a@exemple.fr"),
                                    register_on(one, session, "b@exemple.fr")};
    auto waiting = register_on(one, session, "c@exemple.fr");
    auto later = register_on(one, session, "d@exemple.fr");
    REQUIRE(refusal(cancel(one, seated[0])) == "200");
    REQUIRE(status_of(db, waiting) == "offered");

    // The same offer accepted and declined at once from both processes, while newcomers
    // register and the other seat is cancelled (offered to the next person).
    std::atomic<int> accepted{0}, declined{0}, refused{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([&, i] {
            const auto& server = i % 2 ? one : two;
            auto response = answer(server, waiting, i % 4 == 3 ? "decline" : "accept");
            if (response.status == 200) {
                ++(response.json()["status"] == "confirmed" ? accepted : declined);
            } else if (response.status == 409) {
                ++refused;
            }
        });
    }
    threads.emplace_back([&] { cancel(two, seated[1]); });
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back([&, i] {
            post_json((i % 2 ? one : two).port(), "/api/v1/registrations",
                      employee(session, "nouveau" + std::to_string(i) + "@exemple.fr"));
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    CHECK(accepted + declined == 1);
    CHECK(refused == 7);
    CHECK(db.count("SELECT count(*) FROM seat_offers WHERE registration_id = (SELECT id FROM"
                   " registrations WHERE token = '" +
                   waiting + "') AND outcome IS NOT NULL") == 1);
    CHECK(db.count("SELECT count(*) FROM invoices i JOIN registrations r ON r.id ="
                   " i.registration_id WHERE r.token = '" +
                   waiting + "'") == accepted.load());
    // Never over capacity; every seat is confirmed or offered, the rest wait.
    CHECK(seats_taken(db, session) == 2);
    CHECK(db.count("SELECT count(*) FROM registrations WHERE session_id = " +
                   std::to_string(session) + " AND status IN ('confirmed', 'offered')") == 2);
    CHECK(status_of(db, later) == "offered");
}

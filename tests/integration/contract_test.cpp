// The training contract of a self-funded trainee through the real server: produced once and
// re-downloaded byte for byte, signed online with its evidence stored immutably, and every
// refusal of the issue (signing twice, a cancelled registration, another document, two
// signatures at once, staff signing for the trainee, an employer-funded registration).

#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "service/app/accounts.hpp"
#include "service/app/tokens.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/pdf_text.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/staff_client.hpp"
#include "tests/support/test_clock.hpp"
#include "tests/support/test_database.hpp"

using namespace formations;
using nlohmann::json;
using testing::http_request;
using testing::HttpResponse;
using testing::post_json;
using testing::ServerProcess;
using testing::TestDatabase;

namespace {

json self_funded(long long session, const std::string& email) {
    return {{"session_id", session},
            {"funding", "self"},
            {"trainee",
             {{"first_name", "Zoé"},
              {"last_name", "Lefèvre"},
              {"email", email},
              {"address", "3 place du Marché\n31000 Toulouse"}}}};
}

json register_on(const ServerProcess& server, const json& body) {
    auto response = post_json(server.port(), "/api/v1/registrations", body);
    REQUIRE(response.status == 201);
    return response.json();
}

std::string contract_path(const std::string& ref, const std::string& tail = "") {
    return "/api/v1/registrations/" + ref + "/contract" + tail;
}

HttpResponse sign(const ServerProcess& server, const std::string& token, const json& body,
                  const std::string& user_agent = "Mozilla/5.0 (X11; Linux x86_64) Test/1.0") {
    return post_json(server.port(), contract_path(token, "/signature"), body,
                     {{"User-Agent", user_agent}});
}

// What the page sends: the hash of the PDF it shows and the sentence it shows.
json signature_of(const ServerProcess& server, const std::string& token) {
    auto contract = http_request(server.port(), "GET", contract_path(token));
    REQUIRE(contract.status == 200);
    auto pdf = http_request(server.port(), "GET", contract_path(token, ".pdf"));
    REQUIRE(pdf.status == 200);
    return {{"pdf_sha256", app::sha256_hex(pdf.body)}, {"statement", contract.json()["statement"]}};
}

std::string error_code(const HttpResponse& response) {
    return response.json()["error"]["code"];
}

// A course sheet (issue 16) whose texts are found nowhere else, for the course of add_session.
json course_sheet(const std::string& objectives, int version) {
    return {{"version", version},
            {"programme", "Histoire des CAE ; le parcours d'un porteur de projet."},
            {"objectives", objectives},
            {"prerequisites", "Savoir lire un compte de résultat."},
            {"audience", "Porteurs de projet de CAE."},
            {"daily_hours",
             {{"morning_start", "09:00"},
              {"morning_end", "12:30"},
              {"afternoon_start", "13:30"},
              {"afternoon_end", "17:00"}}},
            {"teaching_methods", "Exposés et jeux de rôle."},
            {"assessment_methods", "Quiz final corrigé ensemble."},
            {"access_delay_days", 2},
            {"accessibility", "Salle de plain-pied, boucle magnétique."},
            {"referent",
             {{"name", "Camille Référente"},
              {"email", "handicap@exemple.fr"},
              {"phone", "01 23 45 67 89"}}},
            {"contact", "formation@exemple.fr"}};
}

}  // namespace

TEST_CASE("a self-funded trainee reads, signs and re-downloads the same contract") {
    TestDatabase db;
    ServerProcess server(db.url());
    const long long session = db.add_session(5, 40);
    const std::string token = register_on(server, self_funded(session, "zoe@exemple.fr"))["token"];

    auto first = http_request(server.port(), "GET", contract_path(token));
    REQUIRE(first.status == 200);
    const json contract = first.json();
    CHECK(contract["signed"] == false);
    CHECK(contract["signature"].is_null());
    CHECK(contract["reference"].get<std::string>().rfind("CF-", 0) == 0);
    CHECK(contract["statement"].get<std::string>().find("Zoé Lefèvre") != std::string::npos);

    auto pdf = http_request(server.port(), "GET", contract_path(token, ".pdf"));
    REQUIRE(pdf.status == 200);
    CHECK(pdf.header("content-type") == "application/pdf");
    CHECK(app::sha256_hex(pdf.body) == contract["pdf_sha256"]);
    const std::string text = testing::pdf_text(pdf.body, "contrat-de-formation");
    CHECK(text.find("Contrat de formation professionnelle") != std::string::npos);
    CHECK(text.find("300,00 €") != std::string::npos);
    CHECK(text.find("Zoé Lefèvre") != std::string::npos);
    CHECK(text.find("L6353-5") != std::string::npos);

    // Refusals that change nothing.
    auto wrong_statement =
        sign(server, token, {{"pdf_sha256", contract["pdf_sha256"]}, {"statement", "oui"}});
    CHECK(wrong_statement.status == 400);
    CHECK(error_code(wrong_statement) == "statement_mismatch");
    auto other_document = sign(
        server, token,
        {{"pdf_sha256", app::sha256_hex("another PDF")}, {"statement", contract["statement"]}});
    CHECK(other_document.status == 409);
    CHECK(error_code(other_document) == "contract_mismatch");
    auto not_a_hash =
        sign(server, token, {{"pdf_sha256", "abc"}, {"statement", contract["statement"]}});
    CHECK(not_a_hash.status == 400);
    CHECK(error_code(not_a_hash) == "invalid_sha256");
    auto unknown_field = sign(server, token,
                              {{"pdf_sha256", contract["pdf_sha256"]},
                               {"statement", contract["statement"]},
                               {"signed_at", "2019-01-01T00:00:00Z"}});
    CHECK(unknown_field.status == 400);
    CHECK(db.count("SELECT count(*) FROM contract_signatures") == 0);
    CHECK(db.count("SELECT count(*) FROM invoices") == 0);  // nothing sold before the signature

    auto signed_ = sign(server, token, signature_of(server, token));
    REQUIRE(signed_.status == 201);
    const json signature = signed_.json()["signature"];
    CHECK(signed_.json()["signed"] == true);
    CHECK(signature["pdf_sha256"] == contract["pdf_sha256"]);
    CHECK(signature["statement"] == contract["statement"]);
    CHECK(signature["withdrawal_ends_on"] == testing::day(10));

    // The signature concludes the sale: the invoice is issued by it, dated that day, with the
    // échéancier of the contract's payment schedule; its due date is the last instalment's.
    auto registration = http_request(server.port(), "GET", "/api/v1/registrations/" + token).json();
    REQUIRE(registration["invoices"].size() == 1);
    const json invoice = registration["invoices"][0];
    CHECK(invoice["issued_on"] == testing::day(0));
    CHECK(invoice["payer"] == "trainee");
    CHECK(invoice["total_cents"] == 30000);
    CHECK(invoice["due_on"] == testing::day(41));
    json schedule = json::array();
    for (const auto& instalment : signature["payment_schedule"]) {
        schedule.push_back({{"due_on", instalment["due_on"]},
                            {"amount_cents", instalment["amount_cents"]},
                            {"paid_cents", 0}});
    }
    CHECK(invoice["instalments"] == schedule);
    CHECK(schedule.size() == 3);
    CHECK(db.count("SELECT count(*) FROM outbox_messages WHERE kind = 'contract_signed'") == 1);

    // The evidence, as stored.
    std::string address, agent, statement, hash;
    db.sql() << "SELECT client_address, user_agent, statement, pdf_sha256 FROM "
                "contract_signatures",
        soci::into(address), soci::into(agent), soci::into(statement), soci::into(hash);
    CHECK(address == "127.0.0.1");
    CHECK(agent == "Mozilla/5.0 (X11; Linux x86_64) Test/1.0");
    CHECK(statement == contract["statement"]);
    CHECK(hash == contract["pdf_sha256"]);
    CHECK(db.count("SELECT count(*) FROM audit_events WHERE action = 'contract.signed'") == 1);

    // Signing twice is refused; the contract is the same bytes after the signature.
    auto again = sign(server, token, signature_of(server, token));
    CHECK(again.status == 409);
    CHECK(error_code(again) == "already_signed");
    CHECK(http_request(server.port(), "GET", contract_path(token, ".pdf")).body == pdf.body);
    CHECK(http_request(server.port(), "GET", contract_path(token)).json()["signature"] ==
          signature);

    // Staff see it on the roster.
    const std::string staff =
        testing::staff_token(db.url(), server.port(), "staff@exemple.fr", app::Role::staff);
    auto roster = http_request(server.port(), "GET",
                               "/api/v1/sessions/" + std::to_string(session) + "/roster", "",
                               testing::bearer(staff));
    REQUIRE(roster.status == 200);
    CHECK(roster.json()["registrations"][0]["contract"] == "signed");
}

TEST_CASE("the invoice stages the price as the signed contract does, not as the session moved") {
    TestDatabase db;
    ServerProcess server(db.url());
    const long long session = db.add_session(5, 40);
    const std::string token = register_on(server, self_funded(session, "zoe@exemple.fr"))["token"];
    const json evidence = signature_of(server, token);  // the contract is made: its dates frozen
    // The session's days move two weeks later after the contract was made (and before a move
    // or a new contract): the trainee still signs the contract they read.
    db.sql() << "UPDATE sessions SET starts_on = starts_on + 14, ends_on = ends_on + 14,"
                " registration_deadline = registration_deadline + 14 WHERE id = " +
                    std::to_string(session);
    auto signed_ = sign(server, token, evidence);
    REQUIRE(signed_.status == 201);
    const json signature = signed_.json()["signature"];
    json schedule = json::array();
    for (const auto& instalment : signature["payment_schedule"]) {
        schedule.push_back({{"due_on", instalment["due_on"]},
                            {"amount_cents", instalment["amount_cents"]},
                            {"paid_cents", 0}});
    }
    REQUIRE(schedule.size() == 3);
    CHECK(schedule[2]["due_on"] == testing::day(41));  // the contract's second day
    auto registration = http_request(server.port(), "GET", "/api/v1/registrations/" + token).json();
    REQUIRE(registration["invoices"].size() == 1);
    CHECK(registration["invoices"][0]["instalments"] == schedule);
    CHECK(registration["invoices"][0]["due_on"] == testing::day(41));
}

TEST_CASE("contracts and signatures are never changed nor deleted, and sign only their PDF") {
    TestDatabase db;
    ServerProcess server(db.url());
    const long long session = db.add_session(5, 40);
    const std::string token = register_on(server, self_funded(session, "zoe@exemple.fr"))["token"];
    REQUIRE(sign(server, token, signature_of(server, token)).status == 201);

    auto refused = [&](const std::string& statement) {
        try {
            db.sql() << statement;
        } catch (const soci::soci_error& error) {
            return std::string(error.what()).find("append-only") != std::string::npos;
        }
        return false;
    };
    CHECK(refused("UPDATE contract_signatures SET client_address = '10.0.0.1'"));
    CHECK(refused("DELETE FROM contract_signatures"));
    // TRUNCATE is refused, by the trigger or by the foreign keys that refer to the table.
    auto truncate_refused = [&](const std::string& table) {
        try {
            db.sql() << "TRUNCATE " + table;
        } catch (const soci::soci_error&) {
            return db.count("SELECT count(*) FROM " + table) > 0;
        }
        return false;
    };
    CHECK(truncate_refused("contract_signatures"));
    CHECK(refused("UPDATE training_contracts SET pdf = 'x'::bytea"));
    CHECK(refused("DELETE FROM training_contracts"));
    CHECK(truncate_refused("training_contracts"));

    // A signature names the contract's own hash, checked by the database itself.
    auto violates = [&](const std::string& statement, const std::string& constraint) {
        try {
            db.sql() << statement;
        } catch (const soci::soci_error& error) {
            return std::string(error.what()).find(constraint) != std::string::npos;
        }
        return false;
    };
    const long long other = db.add_session(5, 50);
    const std::string second = register_on(server, self_funded(other, "loic@exemple.fr"))["token"];
    REQUIRE(http_request(server.port(), "GET", contract_path(second)).status == 200);
    register_on(server, self_funded(other, "emma@exemple.fr"));  // no contract yet
    CHECK(
        violates("INSERT INTO contract_signatures (registration_id, version, pdf_sha256,"
                 " signed_at, client_address, user_agent, statement) SELECT registration_id,"
                 " version, repeat('0', 64), now(), '127.0.0.1', '', 'x' FROM training_contracts"
                 " WHERE registration_id NOT IN (SELECT registration_id FROM"
                 " contract_signatures)",
                 "contract_signatures_of_the_pdf"));
    CHECK(
        violates("INSERT INTO training_contracts (registration_id, version, reference, snapshot,"
                 " pdf, pdf_sha256, created_at) SELECT id, 1, 'CF-X', '{}', 'pdf'::bytea,"
                 " repeat('0', 64), now() FROM registrations WHERE id NOT IN (SELECT"
                 " registration_id FROM training_contracts) LIMIT 1",
                 "training_contracts_hash_of_pdf"));
}

TEST_CASE("who has a contract: no convention signed as a contract, no seat, no cancellation") {
    TestDatabase db;
    ServerProcess server(db.url());
    const std::string staff =
        testing::staff_token(db.url(), server.port(), "staff@exemple.fr", app::Role::staff);
    const long long session = db.add_session(1, 40);

    const json seat = register_on(server, self_funded(session, "zoe@exemple.fr"));
    const std::string token = seat["token"];
    const json waiting = register_on(server, self_funded(session, "loic@exemple.fr"));
    REQUIRE(waiting["status"] == "waitlisted");
    auto no_seat = http_request(server.port(), "GET", contract_path(waiting["token"]));
    CHECK(no_seat.status == 409);
    CHECK(error_code(no_seat) == "no_seat");

    json employer = self_funded(db.add_session(3, 50), "emma@exemple.fr");
    employer["funding"] = "employer";
    employer["employer"] = {{"siret", "99900000100001"},
                            {"name", "Coopérative Sociétaire Fictive"},
                            {"address", "Paris"}};
    const json employed = register_on(server, employer);
    auto no_contract = http_request(server.port(), "GET", contract_path(employed["token"]));
    CHECK(no_contract.status == 404);
    CHECK(error_code(no_contract) == "no_contract");

    // The roster: Zoé's seat waits for her signature; the waiting list and employers have none.
    auto roster = http_request(server.port(), "GET",
                               "/api/v1/sessions/" + std::to_string(session) + "/roster", "",
                               testing::bearer(staff));
    REQUIRE(roster.status == 200);
    for (const auto& entry : roster.json()["registrations"]) {
        CHECK(entry["contract"] == (entry["status"] == "confirmed" ? json("unsigned") : json()));
    }

    // Staff read the contract by the registration's id, but do not sign it for the trainee.
    const std::string id = std::to_string(seat["id"].get<long long>());
    auto by_staff =
        http_request(server.port(), "GET", contract_path(id), "", testing::bearer(staff));
    CHECK(by_staff.status == 200);
    CHECK(http_request(server.port(), "GET", contract_path(id)).status == 401);
    auto headers = testing::bearer(staff);
    auto staff_signs = post_json(server.port(), contract_path(id, "/signature"),
                                 signature_of(server, token), headers);
    CHECK(staff_signs.status == 403);
    CHECK(error_code(staff_signs) == "trainee_only");

    // Cancelled after reading, before signing: refused, and nothing stored.
    const json body = signature_of(server, token);
    REQUIRE(post_json(server.port(), "/api/v1/registrations/" + token + "/cancel", json::object())
                .status == 200);
    auto cancelled = sign(server, token, body);
    CHECK(cancelled.status == 409);
    CHECK(error_code(cancelled) == "already_cancelled");
    CHECK(db.count("SELECT count(*) FROM contract_signatures") == 0);
    // The contract already made stays readable.
    CHECK(http_request(server.port(), "GET", contract_path(token, ".pdf")).status == 200);
    CHECK(http_request(server.port(), "GET", contract_path("pas-un-jeton")).status == 404);
}

TEST_CASE("two signatures of the same contract at once: one is stored, the other refused") {
    TestDatabase db;
    ServerProcess first(db.url());
    ServerProcess second(db.url());
    const long long session = db.add_session(5, 40);
    const std::string token = register_on(first, self_funded(session, "zoe@exemple.fr"))["token"];
    const json body = signature_of(first, token);
    std::atomic<int> created{0}, already{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 6; ++i) {
        threads.emplace_back([&, i] {
            auto response = sign(i % 2 == 0 ? first : second, token, body);
            if (response.status == 201) {
                ++created;
            } else if (response.status == 409 && error_code(response) == "already_signed") {
                ++already;
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    CHECK(created == 1);
    CHECK(already == 5);
    CHECK(db.count("SELECT count(*) FROM contract_signatures") == 1);
    // One sale, one invoice, numbered without a gap.
    CHECK(db.count("SELECT count(*) FROM invoices") == 1);
    CHECK(db.count("SELECT max(sequence) FROM invoices WHERE series = 'FA'") == 1);
}

TEST_CASE("the withdrawal period counts from the signature's day in Paris, across New Year") {
    TestDatabase db;
    // 31 December 2026 at 23:30 UTC is 1 January 2027 at 00:30 in Paris.
    ServerProcess server(db.url(), {{"FORMATIONS_CLOCK", "2026-12-31T23:30:00Z"}});
    const long long session = db.add_session_on("2027-02-15", 5);
    const std::string token = register_on(server, self_funded(session, "zoe@exemple.fr"))["token"];
    auto signed_ = sign(server, token, signature_of(server, token));
    REQUIRE(signed_.status == 201);
    CHECK(signed_.json()["signature"]["signed_at"].get<std::string>().rfind("2026-12-31T23:3", 0) ==
          0);
    CHECK(signed_.json()["signature"]["withdrawal_ends_on"] == "2027-01-11");
}

TEST_CASE("withdrawing within the period: one click, the seat freed, the invoice credited whole") {
    TestDatabase db;
    // A cancellation fee the withdrawal must not keep (L6353-5: withdrawal costs nothing).
    db.sql() << "UPDATE courses SET cancellation_fee_cents = 5000";
    const long long session = db.add_session_on("2027-04-15", 1);
    std::string token, waiting;
    {
        ServerProcess server(db.url(), {{"FORMATIONS_CLOCK", "2027-03-01T10:00:00+01:00"}});
        token = register_on(server, self_funded(session, "zoe@exemple.fr"))["token"];
        waiting = register_on(server, self_funded(session, "loic@exemple.fr"))["token"];
        auto unsigned_ =
            post_json(server.port(), contract_path(token, "/withdrawal"), json::object());
        CHECK(unsigned_.status == 409);
        CHECK(error_code(unsigned_) == "contract_not_signed");
        auto signed_ = sign(server, token, signature_of(server, token));
        REQUIRE(signed_.status == 201);
        const json signature = signed_.json()["signature"];
        CHECK(signature["withdrawal_ends_on"] == "2027-03-11");
        // 30 % the day after the period, the balance on each of the course's two days.
        CHECK(signature["payment_schedule"] ==
              json::array({{{"due_on", "2027-03-12"}, {"amount_cents", 9000}},
                           {{"due_on", "2027-04-15"}, {"amount_cents", 10500}},
                           {{"due_on", "2027-04-16"}, {"amount_cents", 10500}}}));
    }
    {
        // The period's last day, late in the evening in Paris: still in time.
        ServerProcess server(db.url(), {{"FORMATIONS_CLOCK", "2027-03-11T23:30:00+01:00"}});
        auto withdrawn = post_json(server.port(), contract_path(token, "/withdrawal"),
                                   json::object(), {{"User-Agent", "Test/2.0"}});
        REQUIRE(withdrawn.status == 200);
        CHECK(withdrawn.json()["signature"]["withdrawn_at"].is_string());
        auto registration =
            http_request(server.port(), "GET", "/api/v1/registrations/" + token).json();
        CHECK(registration["status"] == "cancelled");
        long long invoiced = 0, credited = 0;
        for (const auto& document : registration["invoices"]) {
            (document["kind"] == "invoice" ? invoiced : credited) +=
                document["total_cents"].get<long long>();
        }
        CHECK(invoiced == 30000);
        CHECK(credited == -30000);
        // The seat is offered to the waiting list; the trainee is told through the outbox.
        CHECK(http_request(server.port(), "GET", "/api/v1/registrations/" + waiting)
                  .json()["status"] == "offered");
        CHECK(db.count("SELECT count(*) FROM outbox_messages WHERE kind = 'contract_withdrawn'") ==
              1);
        CHECK(db.count("SELECT count(*) FROM contract_withdrawals WHERE user_agent = 'Test/2.0'") ==
              1);
        auto twice = post_json(server.port(), contract_path(token, "/withdrawal"), json::object());
        CHECK(twice.status == 409);
        CHECK(error_code(twice) == "already_cancelled");
    }
}

TEST_CASE("the withdrawal period is over at midnight after its tenth day") {
    TestDatabase db;
    const long long session = db.add_session_on("2027-04-15", 3);
    std::string token;
    {
        ServerProcess server(db.url(), {{"FORMATIONS_CLOCK", "2027-03-01T10:00:00+01:00"}});
        token = register_on(server, self_funded(session, "zoe@exemple.fr"))["token"];
        REQUIRE(sign(server, token, signature_of(server, token)).status == 201);
    }
    ServerProcess server(db.url(), {{"FORMATIONS_CLOCK", "2027-03-12T00:00:30+01:00"}});
    auto late = post_json(server.port(), contract_path(token, "/withdrawal"), json::object());
    CHECK(late.status == 409);
    CHECK(error_code(late) == "withdrawal_period_over");
    CHECK(late.json()["error"]["message"].get<std::string>().find("11 mars 2027") !=
          std::string::npos);
    CHECK(http_request(server.port(), "GET", "/api/v1/registrations/" + token).json()["status"] ==
          "confirmed");
    CHECK(db.count("SELECT count(*) FROM contract_withdrawals") == 0);
}

TEST_CASE("an unsigned contract holds its seat 5 days, then the scheduler gives it to the list") {
    TestDatabase db;
    const long long full = db.add_session_on("2027-04-15", 1);
    const long long other = db.add_session_on("2027-04-22", 3);
    const std::map<std::string, std::string> hold = {{"FORMATIONS_CONTRACT_HOLD_DAYS", "5"},
                                                     {"FORMATIONS_SCHEDULER_SECONDS", "1"}};
    auto at = [&](const std::string& instant) {
        auto environment = hold;
        environment["FORMATIONS_CLOCK"] = instant;
        return environment;
    };
    std::string early, zoe, loic, ana;
    {
        ServerProcess server(db.url(), at("2027-02-20T10:00:00+01:00"));
        early = register_on(server, self_funded(other, "ben@exemple.fr"))["token"];
    }
    {
        ServerProcess server(db.url(), at("2027-03-01T10:00:00+01:00"));
        zoe = register_on(server, self_funded(full, "zoe@exemple.fr"))["token"];
        loic = register_on(server, self_funded(full, "loic@exemple.fr"))["token"];
        ana = register_on(server, self_funded(other, "ana@exemple.fr"))["token"];
        REQUIRE(sign(server, ana, signature_of(server, ana)).status == 201);
    }
    auto status_of = [&](const std::string& token) {
        std::string status;
        db.sql() << "SELECT status FROM registrations WHERE token = :t", soci::use(token),
            soci::into(status);
        return status;
    };
    {
        // 6 March, the hold's last day for the seats of 1 March: only Ben's (20 February) goes.
        ServerProcess server(db.url(), at("2027-03-06T23:00:00+01:00"));
        db.wait_for("SELECT count(*) FROM outbox_messages WHERE kind = 'seat_released'", 1);
        CHECK(status_of(early) == "cancelled");
        CHECK(status_of(zoe) == "confirmed");
    }
    {
        // 7 March, two processes: Zoé's seat released once, offered to Loïc; Ana signed, she
        // keeps hers.
        ServerProcess first(db.url(), at("2027-03-07T00:30:00+01:00"));
        ServerProcess second(db.url(), at("2027-03-07T00:30:00+01:00"));
        db.wait_for("SELECT count(*) FROM outbox_messages WHERE kind = 'seat_released'", 2);
        CHECK(status_of(zoe) == "cancelled");
        CHECK(status_of(loic) == "offered");
        CHECK(status_of(ana) == "confirmed");
        // Nothing was sold: no invoice, no credit note for the released seats; Ana's is issued.
        auto registration =
            http_request(first.port(), "GET", "/api/v1/registrations/" + zoe).json();
        CHECK(registration["invoices"].empty());
        CHECK(db.count("SELECT count(*) FROM invoices WHERE kind = 'credit_note'") == 0);
        CHECK(db.count("SELECT count(*) FROM invoices i JOIN registrations r ON"
                       " r.id = i.registration_id WHERE r.token = '" +
                       ana + "'") == 1);
        CHECK(db.count("SELECT count(*) FROM invoices") == 1);
        auto late =
            sign(first, zoe, {{"pdf_sha256", app::sha256_hex("x")}, {"statement", "Je signe."}});
        CHECK(late.status == 409);
        CHECK(error_code(late) == "already_cancelled");
    }
    CHECK(db.count("SELECT count(*) FROM outbox_messages WHERE kind = 'seat_released'") == 2);
}

TEST_CASE("the contract prints the course sheet in force, frozen when the contract is made") {
    TestDatabase db;
    ServerProcess server(db.url());
    const std::string staff =
        testing::staff_token(db.url(), server.port(), "staff@exemple.fr", app::Role::staff);
    auto publish = [&](const json& sheet) {
        auto response =
            testing::call(server.port(), "PUT", "/api/v1/courses/CAE/sheet", sheet, staff);
        REQUIRE_MESSAGE(response.status == 201, response.body);
    };
    const long long session = db.add_session(5, 40);
    publish(course_sheet("Définir une CAE.", 0));
    const std::string zoe = register_on(server, self_funded(session, "zoe@exemple.fr"))["token"];
    const std::string pdf = http_request(server.port(), "GET", contract_path(zoe, ".pdf")).body;
    const std::string text = testing::pdf_text(pdf, "contrat-fiche");
    for (const char* printed :
         {"Objectifs : Définir une CAE.", "Histoire des CAE ; le parcours d'un porteur de projet.",
          "Niveau de connaissances préalables requis : Savoir lire un compte de résultat.",
          "Moyens pédagogiques et techniques : Exposés et jeux de rôle.",
          "Modalités d'évaluation : Quiz final corrigé ensemble.",
          "Accessibilité : Salle de plain-pied, boucle magnétique.",
          "Camille Référente – handicap@exemple.fr – 01 23 45 67 89",
          // No such field on the sheet: the product's wording.
          "ne prépare à aucun diplôme"}) {
        CHECK_MESSAGE(text.find(printed) != std::string::npos, printed);
    }
    CHECK(text.find("Acquérir les connaissances") == std::string::npos);

    // A new version changes the contracts made after it, never one already made.
    publish(course_sheet("Lire le bilan d'une CAE.", 1));
    CHECK(http_request(server.port(), "GET", contract_path(zoe, ".pdf")).body == pdf);
    CHECK(db.count("SELECT count(*) FROM training_contracts"
                   " WHERE snapshot->>'objectives' = 'Définir une CAE.'") == 1);
    const std::string ana = register_on(server, self_funded(session, "ana@exemple.fr"))["token"];
    const std::string next = testing::pdf_text(
        http_request(server.port(), "GET", contract_path(ana, ".pdf")).body, "contrat-fiche-v2");
    CHECK(next.find("Objectifs : Lire le bilan d'une CAE.") != std::string::npos);
}

TEST_CASE("a course without a published sheet: the product's wording and the course programme") {
    TestDatabase db;
    ServerProcess server(db.url());
    const long long session = db.add_session(5, 40);
    const std::string zoe = register_on(server, self_funded(session, "zoe@exemple.fr"))["token"];
    const std::string text = testing::pdf_text(
        http_request(server.port(), "GET", contract_path(zoe, ".pdf")).body, "contrat-sans-fiche");
    CHECK(text.find("Objectifs : Acquérir les connaissances") != std::string::npos);
    CHECK(text.find("Référent handicap, pour tout besoin d'aménagement : l'organisme de "
                    "formation") != std::string::npos);
}

TEST_CASE("erasing a trainee keeps the signed contract and its evidence as signed") {
    TestDatabase db;
    const long long session = db.add_session(5, 20);
    std::string token, pdf;
    {
        ServerProcess server(db.url());
        token = register_on(server, self_funded(session, "zoe@exemple.fr"))["token"];
        REQUIRE(sign(server, token, signature_of(server, token)).status == 201);
        pdf = http_request(server.port(), "GET", contract_path(token, ".pdf")).body;
    }
    // Once the session is over (erasure waits for it) and past every retention period, which
    // this server applies as it starts.
    ServerProcess later(db.url(), {{"FORMATIONS_CLOCK", testing::noon(2000)}});
    const std::string admin =
        testing::staff_token(db.url(), later.port(), "admin@exemple.fr", app::Role::admin);
    const std::string trainee = std::to_string(db.count("SELECT trainee_id FROM registrations"));
    auto erased = testing::call(later.port(), "POST", "/api/v1/trainees/" + trainee + "/erase",
                                nullptr, admin);
    REQUIRE_MESSAGE(erased.status == 200, erased.body);
    CHECK(erased.json()["trainee"]["last_name"] == "n° " + trainee);
    CHECK(erased.json()["trainee"]["contracts"] == 1);

    // The contract, its signature's evidence: as signed.
    auto again = http_request(later.port(), "GET", contract_path(token, ".pdf"));
    REQUIRE(again.status == 200);
    CHECK(again.body == pdf);
    CHECK(testing::pdf_text(again.body, "contrat-efface").find("Zoé Lefèvre") != std::string::npos);
    std::string address, agent;
    db.sql() << "SELECT client_address, user_agent FROM contract_signatures", soci::into(address),
        soci::into(agent);
    CHECK(address == "127.0.0.1");
    CHECK(agent == "Mozilla/5.0 (X11; Linux x86_64) Test/1.0");
    CHECK(http_request(later.port(), "GET", contract_path(token)).json()["signed"] == true);
}

TEST_CASE("a move supersedes the contract: a new one for the new dates, signed again") {
    TestDatabase db;
    const long long april = db.add_session_on("2027-04-15", 5);
    const long long may = db.add_session_on("2027-05-20", 5);
    auto at = [](const std::string& instant) {
        return std::map<std::string, std::string>{{"FORMATIONS_CONTRACT_HOLD_DAYS", "5"},
                                                  {"FORMATIONS_SCHEDULER_SECONDS", "1"},
                                                  {"FORMATIONS_CLOCK", instant}};
    };
    auto status_of = [&](const std::string& token) {
        std::string status;
        db.sql() << "SELECT status FROM registrations WHERE token = :t", soci::use(token),
            soci::into(status);
        return status;
    };
    std::string zoe, ana, first_reference;
    long long zoe_id = 0;
    json first_body;
    {
        ServerProcess server(db.url(), at("2027-03-01T10:00:00+01:00"));
        const json seat = register_on(server, self_funded(april, "zoe@exemple.fr"));
        zoe = seat["token"];
        zoe_id = seat["id"];
        first_body = signature_of(server, zoe);
        auto signed_ = sign(server, zoe, first_body);
        REQUIRE(signed_.status == 201);
        CHECK(signed_.json()["signature"]["withdrawal_ends_on"] == "2027-03-11");
        first_reference = signed_.json()["reference"];
        ana = register_on(server, self_funded(april, "ana@exemple.fr"))["token"];
        REQUIRE(sign(server, ana, signature_of(server, ana)).status == 201);
    }
    {
        // 20 March, after the first contracts' withdrawal period: staff move both to May.
        ServerProcess server(db.url(), at("2027-03-20T10:00:00+01:00"));
        const std::string staff =
            testing::staff_token(db.url(), server.port(), "staff@exemple.fr", app::Role::staff);
        for (const auto& token : {zoe, ana}) {
            auto id = http_request(server.port(), "GET", "/api/v1/registrations/" + token)
                          .json()["id"]
                          .dump();
            auto moved = post_json(server.port(), "/api/v1/registrations/" + id + "/move",
                                   {{"session_id", may}}, testing::bearer(staff));
            REQUIRE(moved.status == 200);
            CHECK(moved.json()["status"] == "confirmed");
        }
        // The contract in force is a new one, for May, not signed.
        auto current = http_request(server.port(), "GET", contract_path(zoe));
        REQUIRE(current.status == 200);
        CHECK(current.json()["reference"] == first_reference + "-2");
        CHECK(current.json()["signature"].is_null());
        CHECK(current.json()["pdf_sha256"] != first_body["pdf_sha256"]);
        const std::string text = testing::pdf_text(
            http_request(server.port(), "GET", contract_path(zoe, ".pdf")).body, "contrat-deplace");
        CHECK(text.find("les 20 et 21 mai 2027") != std::string::npos);
        CHECK(text.find("avril 2027") == std::string::npos);
        auto roster = http_request(server.port(), "GET",
                                   "/api/v1/sessions/" + std::to_string(may) + "/roster", "",
                                   testing::bearer(staff));
        REQUIRE(roster.status == 200);
        for (const auto& entry : roster.json()["registrations"]) {
            CHECK(entry["contract"] == "unsigned");
        }
        // The first contracts are kept as signed, marked superseded.
        const std::string of_zoe = " WHERE registration_id = " + std::to_string(zoe_id);
        CHECK(db.count("SELECT count(*) FROM training_contracts" + of_zoe) == 2);
        CHECK(db.count("SELECT count(*) FROM contract_signatures" + of_zoe + " AND version = 1") ==
              1);
        CHECK(db.count("SELECT count(*) FROM agreement_supersessions" + of_zoe) == 1);
        CHECK(db.count("SELECT count(*) FROM audit_events WHERE action = 'agreement.superseded'") ==
              2);
        // A page still showing the first contract cannot sign it any more.
        auto stale = sign(server, zoe, first_body);
        CHECK(stale.status == 409);
        CHECK(error_code(stale) == "superseded");
        CHECK(stale.json()["error"]["message"].get<std::string>().find("remplacé") !=
              std::string::npos);
        // Zoé signs the new one: her withdrawal period runs from this signature.
        auto signed_ = sign(server, zoe, signature_of(server, zoe));
        REQUIRE(signed_.status == 201);
        CHECK(signed_.json()["signature"]["withdrawal_ends_on"] == "2027-03-30");
        CHECK(db.count("SELECT count(*) FROM contract_signatures" + of_zoe) == 2);
    }
    {
        // 25 March, the hold's last day from the move: Ana's unsigned seat is still hers.
        ServerProcess server(db.url(), at("2027-03-25T23:00:00+01:00"));
        auto withdrawn =
            post_json(server.port(), contract_path(zoe, "/withdrawal"), json::object());
        REQUIRE(withdrawn.status == 200);
        CHECK(withdrawn.json()["reference"] == first_reference + "-2");
        db.wait_for("SELECT count(*) FROM outbox_messages WHERE kind = 'contract_withdrawn'", 1);
        CHECK(status_of(ana) == "confirmed");
    }
    {
        // 26 March: her new contract unsigned 5 days after the move, the seat is released.
        ServerProcess server(db.url(), at("2027-03-26T00:30:00+01:00"));
        db.wait_for("SELECT count(*) FROM outbox_messages WHERE kind = 'seat_released'", 1);
        CHECK(status_of(ana) == "cancelled");
    }
}

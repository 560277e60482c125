// The training convention of an employer-funded seat through the real server: the signatory
// collected by the registration, the link sent by e-mail (only its hash stored), the convention
// read and signed online with the contract's evidence, every refusal (a reused link, a cancelled
// registration, another document's hash, a wrong sentence, two signatures at once on two
// processes), the scanned copy staff attach instead (size and type checked), and the lists of
// unsigned conventions.

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "service/app/accounts.hpp"
#include "service/app/tokens.hpp"
#include "tests/support/contract_signing.hpp"
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

json employer_funded(long long session, const std::string& email) {
    return {{"session_id", session},
            {"funding", "employer"},
            {"trainee", {{"first_name", "Zoé"}, {"last_name", "Lefèvre"}, {"email", email}}},
            {"employer",
             {{"siret", "99900000100001"},
              {"name", "Coopérative Sociétaire Fictive"},
              {"address", "8 rue des Écoles\n69001 Lyon"},
              {"signatory",
               {{"name", "Hélène Mercier"},
                {"role", "Directrice générale"},
                {"email", "Helene.Mercier@Exemple.fr"}}}}}};
}

json register_on(const ServerProcess& server, const json& body) {
    auto response = post_json(server.port(), "/api/v1/registrations", body);
    REQUIRE(response.status == 201);
    return response.json();
}

std::string error_code(const HttpResponse& response) {
    return response.json()["error"]["code"];
}

std::string link_path(const std::string& token, const std::string& tail = "") {
    return "/api/v1/convention-links/" + token + tail;
}

std::string registration_path(long long id, const std::string& tail) {
    return "/api/v1/registrations/" + std::to_string(id) + "/convention" + tail;
}

HttpResponse upload(const ServerProcess& server, const std::string& staff, long long id,
                    const std::string& bytes, const std::string& type = "application/pdf") {
    auto headers = testing::bearer(staff);
    headers["Content-Type"] = type;
    return http_request(server.port(), "PUT", registration_path(id, "/signed-copy"), bytes,
                        headers);
}

json roster_entry(const ServerProcess& server, const std::string& staff, long long session,
                  long long id) {
    auto roster = http_request(server.port(), "GET",
                               "/api/v1/sessions/" + std::to_string(session) + "/roster", "",
                               testing::bearer(staff));
    REQUIRE(roster.status == 200);
    const json body = roster.json();
    for (const auto& entry : body["registrations"]) {
        if (entry["id"] == id) {
            return entry;
        }
    }
    FAIL("registration not on the roster");
    return {};
}

const std::string scanned_pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

}  // namespace

TEST_CASE("the signatory gets a link, reads the convention and signs it once, with its evidence") {
    TestDatabase db;
    // A pinned instant: the signature's is the clock's, whatever day the test runs.
    ServerProcess server(db.url(), {{"FORMATIONS_CLOCK", "2026-03-02T09:15:00Z"}});
    const long long session = db.add_session_on("2026-04-20", 5);
    const json registration = register_on(server, employer_funded(session, "zoe@exemple.fr"));
    const long long id = registration["id"];

    // One message to the signatory (the address normalised), carrying a link of 43 characters;
    // the database holds its hash only.
    const auto links = testing::convention_links_sent(db.sql(), id);
    REQUIRE(links.size() == 1);
    const std::string link = links[0];
    CHECK(app::looks_like_token(link));
    CHECK(db.count("SELECT count(*) FROM outbox_messages WHERE kind = 'convention_to_sign'"
                   " AND recipient_email = 'helene.mercier@exemple.fr'") == 1);
    CHECK(db.count("SELECT count(*) FROM convention_links WHERE token_hash = '" +
                   app::sha256_hex(link) + "'") == 1);
    CHECK(db.count("SELECT count(*) FROM convention_links WHERE token_hash = '" + link + "'") == 0);

    auto first = http_request(server.port(), "GET", link_path(link));
    REQUIRE(first.status == 200);
    const json convention = first.json();
    CHECK(convention["reference"] ==
          "CV-" + std::string(6 - std::to_string(id).size(), '0') + std::to_string(id));
    CHECK(convention["signed"] == false);
    CHECK(convention["signatory"]["email"] == "helene.mercier@exemple.fr");
    CHECK(convention["statement"].get<std::string>().find("Hélène Mercier") != std::string::npos);

    auto pdf = http_request(server.port(), "GET", link_path(link, "/convention.pdf"));
    REQUIRE(pdf.status == 200);
    CHECK(pdf.header("content-type") == "application/pdf");
    CHECK(app::sha256_hex(pdf.body) == convention["pdf_sha256"]);
    const std::string text = testing::pdf_text(pdf.body, "convention-de-formation");
    CHECK(text.find("Convention de formation professionnelle") != std::string::npos);
    CHECK(text.find("Coopérative Sociétaire Fictive") != std::string::npos);
    CHECK(text.find("Zoé Lefèvre") != std::string::npos);
    CHECK(text.find(",00 € net de taxe") != std::string::npos);
    CHECK(text.find("D6353-1") != std::string::npos);

    // Refusals that change nothing.
    auto wrong_statement = testing::sign_convention(
        server.port(), link, {{"pdf_sha256", convention["pdf_sha256"]}, {"statement", "oui"}});
    CHECK(wrong_statement.status == 400);
    CHECK(error_code(wrong_statement) == "statement_mismatch");
    auto other_document = testing::sign_convention(
        server.port(), link,
        {{"pdf_sha256", app::sha256_hex("another PDF")}, {"statement", convention["statement"]}});
    CHECK(other_document.status == 409);
    CHECK(error_code(other_document) == "convention_mismatch");
    auto not_a_hash = testing::sign_convention(
        server.port(), link, {{"pdf_sha256", "abc"}, {"statement", convention["statement"]}});
    CHECK(not_a_hash.status == 400);
    CHECK(error_code(not_a_hash) == "invalid_sha256");
    auto unknown_link = testing::sign_convention(
        server.port(), app::random_token(), testing::convention_signature(server.port(), link));
    CHECK(unknown_link.status == 404);
    CHECK(error_code(unknown_link) == "link_not_found");
    CHECK(http_request(server.port(), "GET", link_path("pas-un-lien")).status == 404);
    CHECK(db.count("SELECT count(*) FROM convention_signatures") == 0);

    auto signed_ = testing::sign_convention(server.port(), link,
                                            testing::convention_signature(server.port(), link));
    REQUIRE(signed_.status == 201);
    const json signature = signed_.json()["signature"];
    CHECK(signature["method"] == "online");
    // The pinned clock runs on from its start: a slow machine may be a few seconds past it.
    CHECK(signature["signed_at"].get<std::string>().rfind("2026-03-02T09:15:0", 0) == 0);
    CHECK(signature["pdf_sha256"] == convention["pdf_sha256"]);

    std::string address, agent, statement, hash;
    db.sql() << "SELECT client_address, user_agent, statement, pdf_sha256 FROM "
                "convention_signatures",
        soci::into(address), soci::into(agent), soci::into(statement), soci::into(hash);
    CHECK(address == "127.0.0.1");
    CHECK(agent == "Mozilla/5.0 (X11; Linux x86_64) Signataire/1.0");
    CHECK(statement == convention["statement"]);
    CHECK(hash == convention["pdf_sha256"]);
    CHECK(db.count("SELECT count(*) FROM audit_events WHERE action = 'convention.signed'") == 1);

    // The link reused after the signature: refused; the same bytes to download.
    auto again = testing::sign_convention(server.port(), link,
                                          testing::convention_signature(server.port(), link));
    CHECK(again.status == 409);
    CHECK(error_code(again) == "already_signed");
    CHECK(http_request(server.port(), "GET", link_path(link, "/convention.pdf")).body == pdf.body);

    // Staff: the state on the roster, the same PDF, nothing left to sign.
    const std::string staff =
        testing::staff_token(db.url(), server.port(), "staff@exemple.fr", app::Role::staff);
    CHECK(roster_entry(server, staff, session, id)["convention"] == "signed");
    CHECK(http_request(server.port(), "GET", registration_path(id, ".pdf"), "",
                       testing::bearer(staff))
              .body == pdf.body);
    auto list = http_request(server.port(), "GET", "/api/v1/conventions/unsigned", "",
                             testing::bearer(staff));
    REQUIRE(list.status == 200);
    CHECK(list.json()["conventions"].empty());
    auto resend = post_json(server.port(), registration_path(id, "/link"), json::object(),
                            testing::bearer(staff));
    CHECK(resend.status == 409);
    CHECK(error_code(resend) == "already_signed");
    CHECK(upload(server, staff, id, scanned_pdf).status == 409);
}

TEST_CASE("a cancelled registration's link, a self-funded seat, a waiting list, a bad signatory") {
    TestDatabase db;
    ServerProcess server(db.url());
    const std::string staff =
        testing::staff_token(db.url(), server.port(), "staff@exemple.fr", app::Role::staff);
    const long long session = db.add_session(1, 40);
    const json seat = register_on(server, employer_funded(session, "zoe@exemple.fr"));
    const std::string link = testing::convention_links_sent(db.sql(), seat["id"])[0];
    const json body = testing::convention_signature(server.port(), link);

    // The waiting list gets no link yet; its convention is refused until a seat is given.
    const json waiting = register_on(server, employer_funded(session, "loic@exemple.fr"));
    REQUIRE(waiting["status"] == "waitlisted");
    CHECK(testing::convention_links_sent(db.sql(), waiting["id"]).empty());
    auto no_seat = http_request(server.port(), "GET", registration_path(waiting["id"], ""), "",
                                testing::bearer(staff));
    CHECK(no_seat.status == 409);
    CHECK(error_code(no_seat) == "no_seat");

    // A self-funded seat has a contract, not a convention.
    const long long other = db.add_session(3, 50);
    json self = {{"session_id", other},
                 {"funding", "self"},
                 {"trainee",
                  {{"first_name", "Emma"},
                   {"last_name", "Roux"},
                   {"email", "emma@exemple.fr"},
                   {"address", "1 rue Haute\n31000 Toulouse"}}}};
    const json self_seat = register_on(server, self);
    auto no_convention = http_request(server.port(), "GET", registration_path(self_seat["id"], ""),
                                      "", testing::bearer(staff));
    CHECK(no_convention.status == 404);
    CHECK(error_code(no_convention) == "no_convention");

    // The signatory's address is checked like any other, with its field named.
    json bad = employer_funded(other, "noe@exemple.fr");
    bad["employer"]["signatory"]["email"] = "helene@exemple";
    auto refused = post_json(server.port(), "/api/v1/registrations", bad);
    CHECK(refused.status == 400);
    CHECK(refused.json()["error"]["field"] == "employer.signatory.email");
    bad["employer"]["signatory"] = {{"name", "Hélène"}, {"email", "helene@exemple.fr"}};
    CHECK(post_json(server.port(), "/api/v1/registrations", bad).status == 400);

    // Cancelled after the link was read: signing is refused, nothing stored.
    REQUIRE(post_json(server.port(),
                      "/api/v1/registrations/" + seat["token"].get<std::string>() + "/cancel",
                      json::object())
                .status == 200);
    auto cancelled = testing::sign_convention(server.port(), link, body);
    CHECK(cancelled.status == 409);
    CHECK(error_code(cancelled) == "already_cancelled");
    CHECK(db.count("SELECT count(*) FROM convention_signatures") == 0);
    auto resend = post_json(server.port(), registration_path(seat["id"], "/link"), json::object(),
                            testing::bearer(staff));
    CHECK(resend.status == 409);
    CHECK(error_code(resend) == "already_cancelled");
    // The convention already made stays readable.
    CHECK(http_request(server.port(), "GET", link_path(link, "/convention.pdf")).status == 200);
}

TEST_CASE("two signatures of the same convention at once on two processes: one is stored") {
    TestDatabase db;
    ServerProcess first(db.url());
    ServerProcess second(db.url());
    const long long session = db.add_session(5, 40);
    const json registration = register_on(first, employer_funded(session, "zoe@exemple.fr"));
    const std::string link = testing::convention_links_sent(db.sql(), registration["id"])[0];
    const json body = testing::convention_signature(first.port(), link);
    std::atomic<int> created{0}, already{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 6; ++i) {
        threads.emplace_back([&, i] {
            auto response =
                testing::sign_convention((i % 2 == 0 ? first : second).port(), link, body);
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
    CHECK(db.count("SELECT count(*) FROM convention_signatures") == 1);
}

TEST_CASE("staff attach a scanned signed copy: a PDF of 1 MiB at most, kept byte for byte") {
    TestDatabase db;
    ServerProcess server(db.url());
    const std::string staff =
        testing::staff_token(db.url(), server.port(), "staff@exemple.fr", app::Role::staff);
    const std::string accountant =
        testing::staff_token(db.url(), server.port(), "compta@exemple.fr", app::Role::accountant);
    const long long session = db.add_session(5, 40);
    json body = employer_funded(session, "zoe@exemple.fr");
    body["employer"].erase("signatory");
    const long long id = register_on(server, body)["id"];

    // Without a signatory: no link, nothing to resend; the list says so.
    CHECK(testing::convention_links_sent(db.sql(), id).empty());
    auto resend = post_json(server.port(), registration_path(id, "/link"), json::object(),
                            testing::bearer(staff));
    CHECK(resend.status == 409);
    CHECK(error_code(resend) == "no_signatory");
    auto list = http_request(server.port(), "GET", "/api/v1/conventions/unsigned", "",
                             testing::bearer(staff));
    REQUIRE(list.status == 200);
    REQUIRE(list.json()["conventions"].size() == 1);
    CHECK(list.json()["conventions"][0]["registration_id"] == id);
    CHECK(list.json()["conventions"][0]["signatory"].is_null());
    CHECK(roster_entry(server, staff, session, id)["convention"] == "unsigned");

    // Refused: not a PDF, another media type, too large (the front refuses it before reading),
    // by an accountant, without a login.
    auto text = upload(server, staff, id, "Bonjour, voici la convention.");
    CHECK(text.status == 400);
    CHECK(error_code(text) == "not_a_pdf");
    auto truncated = upload(server, staff, id, "%PDF-1.4\n1 0 obj");
    CHECK(truncated.status == 400);
    CHECK(error_code(truncated) == "not_a_pdf");
    CHECK(upload(server, staff, id, scanned_pdf, "image/jpeg").status == 415);
    CHECK(
        upload(server, staff, id, "%PDF-" + std::string(1024 * 1024 + 10, 'x') + "%%EOF").status ==
        413);
    CHECK(upload(server, accountant, id, scanned_pdf).status == 403);
    CHECK(http_request(server.port(), "PUT", registration_path(id, "/signed-copy"), scanned_pdf,
                       {{"Content-Type", "application/pdf"}})
              .status == 401);
    CHECK(db.count("SELECT count(*) FROM convention_signatures") == 0);
    CHECK(http_request(server.port(), "GET", registration_path(id, "/signed-copy.pdf"), "",
                       testing::bearer(staff))
              .status == 404);

    auto attached = upload(server, staff, id, scanned_pdf);
    REQUIRE(attached.status == 201);
    const json signature = attached.json()["signature"];
    CHECK(signature["method"] == "paper");
    CHECK(signature["recorded_by"] == "staff@exemple.fr");
    CHECK(signature["scan_sha256"] == app::sha256_hex(scanned_pdf));
    auto copy = http_request(server.port(), "GET", registration_path(id, "/signed-copy.pdf"), "",
                             testing::bearer(accountant));
    REQUIRE(copy.status == 200);
    CHECK(copy.body == scanned_pdf);
    CHECK(roster_entry(server, staff, session, id)["convention"] == "signed_on_paper");
    CHECK(upload(server, staff, id, scanned_pdf).status == 409);
    CHECK(db.count("SELECT count(*) FROM audit_events WHERE action ="
                   " 'convention.signed_on_paper'") == 1);
}

TEST_CASE("a new link for the signatory; conventions and signatures are never changed") {
    TestDatabase db;
    ServerProcess server(db.url());
    const std::string staff =
        testing::staff_token(db.url(), server.port(), "staff@exemple.fr", app::Role::staff);
    const long long session = db.add_session(5, 40);
    const long long id = register_on(server, employer_funded(session, "zoe@exemple.fr"))["id"];
    auto resend = post_json(server.port(), registration_path(id, "/link"), json::object(),
                            testing::bearer(staff));
    REQUIRE(resend.status == 201);
    CHECK(resend.json()["email"] == "helene.mercier@exemple.fr");
    const auto links = testing::convention_links_sent(db.sql(), id);
    REQUIRE(links.size() == 2);
    CHECK(links[0] != links[1]);
    auto list = http_request(server.port(), "GET", "/api/v1/conventions/unsigned", "",
                             testing::bearer(staff));
    CHECK(list.json()["conventions"][0]["links_sent"] == 2);
    // Either link leads to the same convention; the newer one signs it.
    CHECK(http_request(server.port(), "GET", link_path(links[0])).json()["pdf_sha256"] ==
          http_request(server.port(), "GET", link_path(links[1])).json()["pdf_sha256"]);
    REQUIRE(testing::sign_convention(server.port(), links[1],
                                     testing::convention_signature(server.port(), links[1]))
                .status == 201);
    CHECK(error_code(testing::sign_convention(
              server.port(), links[0], testing::convention_signature(server.port(), links[0]))) ==
          "already_signed");

    auto refused = [&](const std::string& statement) {
        try {
            db.sql() << statement;
        } catch (const soci::soci_error& error) {
            return std::string(error.what()).find("append-only") != std::string::npos;
        }
        return false;
    };
    CHECK(refused("UPDATE convention_signatures SET client_address = '10.0.0.1'"));
    CHECK(refused("DELETE FROM convention_signatures"));
    CHECK(refused("UPDATE training_conventions SET pdf = 'x'::bytea"));
    CHECK(refused("DELETE FROM training_conventions"));
    CHECK(refused("DELETE FROM convention_links"));
}

TEST_CASE("a seat given later (an offer accepted or confirmed by staff, a move) sends its link") {
    TestDatabase db;
    ServerProcess server(db.url());
    const std::string staff =
        testing::staff_token(db.url(), server.port(), "staff@exemple.fr", app::Role::staff);
    const long long session = db.add_session(1, 40);
    const json seat = register_on(server, employer_funded(session, "zoe@exemple.fr"));
    const json second = register_on(server, employer_funded(session, "loic@exemple.fr"));
    const json third = register_on(server, employer_funded(session, "noe@exemple.fr"));
    auto by_token = [&](const json& registration, const std::string& action) {
        return post_json(
            server.port(),
            "/api/v1/registrations/" + registration["token"].get<std::string>() + action,
            json::object());
    };

    // The seat freed is offered: no link before the person accepts it, one when they do.
    REQUIRE(by_token(seat, "/cancel").status == 200);
    CHECK(testing::convention_links_sent(db.sql(), second["id"]).empty());
    REQUIRE(by_token(second, "/offer/accept").status == 200);
    const auto links = testing::convention_links_sent(db.sql(), second["id"]);
    REQUIRE(links.size() == 1);
    CHECK(db.count("SELECT count(*) FROM outbox_messages WHERE kind = 'convention_to_sign'"
                   " AND recipient_email = 'helene.mercier@exemple.fr'") == 2);
    REQUIRE(testing::sign_convention(server.port(), links[0],
                                     testing::convention_signature(server.port(), links[0]))
                .status == 201);

    // Staff confirming an offer on the phone send it too.
    REQUIRE(by_token(second, "/cancel").status == 200);
    CHECK(testing::convention_links_sent(db.sql(), third["id"]).empty());
    auto confirmed =
        post_json(server.port(), "/api/v1/registrations/" + third["id"].dump() + "/offer/accept",
                  json::object(), testing::bearer(staff));
    REQUIRE(confirmed.status == 200);
    CHECK(testing::convention_links_sent(db.sql(), third["id"]).size() == 1);

    // A waitlisted registration moved to a session with a free seat gets its link there.
    const json waiting = register_on(server, employer_funded(session, "eve@exemple.fr"));
    REQUIRE(waiting["status"] == "waitlisted");
    const long long roomy = db.add_session(5, 50);
    auto moved = post_json(server.port(), "/api/v1/registrations/" + waiting["id"].dump() + "/move",
                           {{"session_id", roomy}}, testing::bearer(staff));
    REQUIRE(moved.status == 200);
    CHECK(moved.json()["status"] == "confirmed");
    CHECK(testing::convention_links_sent(db.sql(), waiting["id"]).size() == 1);
}

TEST_CASE("a move supersedes the convention: the old link answers 409, the signatory signs anew") {
    TestDatabase db;
    ServerProcess server(db.url());
    const std::string staff =
        testing::staff_token(db.url(), server.port(), "staff@exemple.fr", app::Role::staff);
    const long long first_session = db.add_session(5, 40);
    const long long later = db.add_session(5, 60);
    const long long id =
        register_on(server, employer_funded(first_session, "zoe@exemple.fr"))["id"];
    const auto first_links = testing::convention_links_sent(db.sql(), id);
    REQUIRE(first_links.size() == 1);
    const json first_body = testing::convention_signature(server.port(), first_links[0]);
    auto signed_ = testing::sign_convention(server.port(), first_links[0], first_body);
    REQUIRE(signed_.status == 201);
    const std::string first_reference = signed_.json()["reference"];
    CHECK(roster_entry(server, staff, first_session, id)["convention"] == "signed");

    auto moved = post_json(server.port(), "/api/v1/registrations/" + std::to_string(id) + "/move",
                           {{"session_id", later}}, testing::bearer(staff));
    REQUIRE(moved.status == 200);
    CHECK(moved.json()["status"] == "confirmed");
    // A new link to the signatory; the old one leads nowhere but to a clear refusal.
    const auto links = testing::convention_links_sent(db.sql(), id);
    REQUIRE(links.size() == 2);
    for (const std::string tail : {"", "/convention.pdf"}) {
        auto old = http_request(server.port(), "GET", link_path(links[0], tail));
        CHECK(old.status == 409);
        CHECK(error_code(old) == "superseded");
        CHECK(old.json()["error"]["message"].get<std::string>().find("remplacée") !=
              std::string::npos);
    }
    auto stale = testing::sign_convention(server.port(), links[0], first_body);
    CHECK(stale.status == 409);
    CHECK(error_code(stale) == "superseded");
    // Staff see the convention in force: not signed, on the list of those to chase.
    CHECK(roster_entry(server, staff, later, id)["convention"] == "unsigned");
    auto to_chase = http_request(server.port(), "GET", "/api/v1/conventions/unsigned", "",
                                 testing::bearer(staff));
    REQUIRE(to_chase.status == 200);
    REQUIRE(to_chase.json()["conventions"].size() == 1);
    CHECK(to_chase.json()["conventions"][0]["registration_id"] == id);
    CHECK(to_chase.json()["conventions"][0]["links_sent"] == 1);

    auto current = http_request(server.port(), "GET", link_path(links[1]));
    REQUIRE(current.status == 200);
    CHECK(current.json()["reference"] == first_reference + "-2");
    CHECK(current.json()["signature"].is_null());
    CHECK(current.json()["pdf_sha256"] != first_body["pdf_sha256"]);
    REQUIRE(testing::sign_convention(server.port(), links[1],
                                     testing::convention_signature(server.port(), links[1]))
                .status == 201);
    CHECK(roster_entry(server, staff, later, id)["convention"] == "signed");
    auto by_staff =
        http_request(server.port(), "GET", registration_path(id, ""), "", testing::bearer(staff));
    REQUIRE(by_staff.status == 200);
    CHECK(by_staff.json()["reference"] == first_reference + "-2");
    // The first convention and its signature are kept as they were.
    const std::string of_it = " WHERE registration_id = " + std::to_string(id);
    CHECK(db.count("SELECT count(*) FROM training_conventions" + of_it) == 2);
    CHECK(db.count("SELECT count(*) FROM convention_signatures" + of_it) == 2);
    CHECK(db.count("SELECT count(*) FROM agreement_supersessions" + of_it) == 1);
}

TEST_CASE("erasing a trainee anonymises the employer's signatory; a signed convention stays") {
    TestDatabase db;
    const long long signed_session = db.add_session(5, 20);
    const long long other_session = db.add_session(5, 30);
    std::string pdf;
    long long signed_id = 0;
    {
        ServerProcess server(db.url());
        signed_id = register_on(server, employer_funded(signed_session, "zoe@exemple.fr"))["id"];
        register_on(server, employer_funded(other_session, "zoe@exemple.fr"));
        register_on(server, employer_funded(other_session, "loic@exemple.fr"));
        const auto link = testing::convention_links_sent(db.sql(), signed_id).at(0);
        REQUIRE(testing::sign_convention(server.port(), link,
                                         testing::convention_signature(server.port(), link))
                    .status == 201);
        pdf = http_request(server.port(), "GET", link_path(link, "/convention.pdf")).body;
    }
    // Once the sessions are over and past every retention period (applied as the server starts).
    ServerProcess later(db.url(), {{"FORMATIONS_CLOCK", testing::noon(2000)}});
    const std::string admin =
        testing::staff_token(db.url(), later.port(), "admin@exemple.fr", app::Role::admin);
    // Retention: no e-mail to a signatory keeps its link or the trainee's name.
    CHECK(db.count("SELECT count(*) FROM outbox_messages WHERE kind = 'convention_to_sign'") == 3);
    CHECK(db.count("SELECT count(*) FROM outbox_messages WHERE kind = 'convention_to_sign' AND"
                   " (facts->'convention'->>'token' <> '' OR"
                   " facts->'convention'->>'trainee_name' <> '')") == 0);

    const std::string trainee =
        std::to_string(db.count("SELECT id FROM trainees WHERE email = 'zoe@exemple.fr'"));
    auto erased = testing::call(later.port(), "POST", "/api/v1/trainees/" + trainee + "/erase",
                                nullptr, admin);
    REQUIRE_MESSAGE(erased.status == 200, erased.body);
    CHECK(erased.json()["anonymised"]["signatories"] == 2);
    CHECK(db.count("SELECT count(*) FROM convention_signatories WHERE name = 'Anonyme' AND"
                   " role = 'Anonyme' AND email LIKE 'erased-signatory-%@erased.invalid'") == 2);
    // Loïc's registration names the same person: not erased with Zoé.
    CHECK(db.count("SELECT count(*) FROM convention_signatories WHERE name = 'Hélène Mercier'") ==
          1);
    // The signed convention and its evidence: as signed.
    auto again = http_request(later.port(), "GET", registration_path(signed_id, ".pdf"), "",
                              testing::bearer(admin));
    REQUIRE(again.status == 200);
    CHECK(again.body == pdf);
    CHECK(db.count("SELECT count(*) FROM convention_signatures WHERE user_agent ="
                   " 'Mozilla/5.0 (X11; Linux x86_64) Signataire/1.0'") == 1);
}

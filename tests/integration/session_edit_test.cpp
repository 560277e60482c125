// A session staff edit after its agreements were issued, through the real server: when what the
// training contracts and conventions print changes (the dates here), each agreement in force is
// superseded — kept as evidence, exported for Qualiopi — and a new one is signed, as a move does:
// the trainee signs from their page (the withdrawal period runs from that signature), the
// employer's signatory gets a new link (the old one answers 409), everyone is told; a seat whose
// contract is made anew is held from the edit. An edit of what agreements do not need to be
// signed again for (capacity, trainer) supersedes nothing.

#include <map>
#include <string>
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
#include "tests/support/zip_reader.hpp"

using namespace formations;
using nlohmann::json;
using testing::call;
using testing::HttpResponse;
using testing::ServerProcess;
using testing::TestDatabase;

namespace {

json self_funded(long long session, const std::string& first_name) {
    return {{"session_id", session},
            {"funding", "self"},
            {"trainee",
             {{"first_name", first_name},
              {"last_name", "Lefèvre"},
              {"email", first_name + "@exemple.fr"},
              {"address", "3 place du Marché\n31000 Toulouse"}}}};
}

json employer_funded(long long session, const std::string& first_name = "Léo",
                     const std::string& email = "leo@exemple.fr") {
    return {{"session_id", session},
            {"funding", "employer"},
            {"trainee", {{"first_name", first_name}, {"last_name", "Garnier"}, {"email", email}}},
            {"employer",
             {{"siret", "99900000100001"},
              {"name", "Coopérative Sociétaire Fictive"},
              {"address", "8 rue des Écoles\n69001 Lyon"},
              {"signatory",
               {{"name", "Hélène Mercier"},
                {"role", "Directrice générale"},
                {"email", "helene.mercier@exemple.fr"}}}}}};
}

// An employer that names no signatory yet: no convention is made nor link sent.
json without_signatory(long long session, const std::string& first_name) {
    json body = employer_funded(session, first_name, first_name + "@exemple.fr");
    body["employer"].erase("signatory");
    return body;
}

json register_on(int port, const json& body) {
    auto response = call(port, "POST", "/api/v1/registrations", body);
    REQUIRE_MESSAGE(response.status == 201, response.body);
    return response.json();
}

// The server at `instant`, its scheduler passing every second, unsigned contracts holding their
// seat `hold_days` (0: never released).
std::map<std::string, std::string> at(const std::string& instant, const std::string& hold_days) {
    return {{"FORMATIONS_CLOCK", instant},
            {"FORMATIONS_SCHEDULER_SECONDS", "1"},
            {"FORMATIONS_CONTRACT_HOLD_DAYS", hold_days}};
}

std::string contract_path(const std::string& token, const std::string& tail = "") {
    return "/api/v1/registrations/" + token + "/contract" + tail;
}

std::string link_path(const std::string& token, const std::string& tail = "") {
    return "/api/v1/convention-links/" + token + tail;
}

std::string status_of(TestDatabase& db, long long registration) {
    std::string status;
    db.sql() << "SELECT status FROM registrations WHERE id = " + std::to_string(registration),
        soci::into(status);
    return status;
}

// The text of the session_changed message to a registration, as staff read it.
std::string session_changed_text(TestDatabase& db, int port, const std::string& staff,
                                 long long registration) {
    long long id = 0;
    db.sql() << "SELECT id FROM outbox_messages WHERE kind = 'session_changed'"
                " AND registration_id = " +
                    std::to_string(registration),
        soci::into(id);
    REQUIRE(id != 0);
    auto message = call(port, "GET", "/api/v1/messages/" + std::to_string(id), nullptr, staff);
    REQUIRE(message.status == 200);
    return message.json()["text"];
}

// A self-funded trainee signs on 20 March the contract an edit made anew: the withdrawal period
// runs to 30 March, the first invoice is credited and the new one falls due after that period.
// The registration's invoices.
json sign_on_20_march(int port, const std::string& token) {
    auto signed_ = testing::sign_contract(port, token);
    REQUIRE(signed_.status == 201);
    CHECK(signed_.json()["signature"]["withdrawal_ends_on"] == "2027-03-30");
    json invoices = call(port, "GET", "/api/v1/registrations/" + token).json()["invoices"];
    REQUIRE(invoices.size() == 3);
    CHECK(invoices[0]["status"] == "credited");
    CHECK(invoices[1]["kind"] == "credit_note");
    CHECK(invoices[1]["corrects"] == invoices[0]["number"]);
    CHECK(invoices[2]["kind"] == "invoice");
    CHECK(invoices[2]["instalments"][0]["due_on"] == "2027-03-31");
    return invoices;
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// Everything an edit writes, in one line: the outbox, the audit trail, invoices and credit notes,
// the invoice counters (the next number of each series), supersessions, links, contracts, offers,
// registrations and sessions.
std::string written(TestDatabase& db) {
    std::string text;
    db.sql()
        << "SELECT concat_ws(' | ', (SELECT count(*) FROM outbox_messages),"
           " (SELECT count(*) FROM audit_events), (SELECT count(*) FROM invoices),"
           " (SELECT count(*) FROM agreement_supersessions),"
           " (SELECT count(*) FROM convention_links), (SELECT count(*) FROM training_contracts),"
           " (SELECT count(*) FROM training_conventions), (SELECT count(*) FROM seat_offers),"
           " (SELECT string_agg(series || '-' || year || ':' || last_number, ','"
           "   ORDER BY series, year) FROM invoice_counters),"
           " (SELECT string_agg(id || status || session_id, ',' ORDER BY id) FROM registrations),"
           " (SELECT string_agg(id || place || starts_on || capacity, ',' ORDER BY id)"
           "   FROM sessions))",
        soci::into(text);
    return text;
}

// The credit notes of a registration, as the API shows them.
std::vector<json> credit_notes(int port, const std::string& staff, long long registration) {
    auto view =
        call(port, "GET", "/api/v1/registrations/" + std::to_string(registration), nullptr, staff);
    REQUIRE(view.status == 200);
    const json body = view.json();
    std::vector<json> notes;
    for (const auto& invoice : body["invoices"]) {
        if (invoice["kind"] == "credit_note") {
            notes.push_back(invoice);
        }
    }
    return notes;
}

long long invoice_total(int port, const std::string& staff, long long registration) {
    auto view =
        call(port, "GET", "/api/v1/registrations/" + std::to_string(registration), nullptr, staff);
    REQUIRE(view.status == 200);
    return view.json()["invoices"][0]["total_cents"];
}

}  // namespace

TEST_CASE(
    "a session's dates edited after signatures: contract and convention made and signed "
    "anew") {
    TestDatabase db;
    const long long session = db.add_session_on("2027-04-15", 6);
    const std::string session_path = "/api/v1/sessions/" + std::to_string(session);
    long long zoe_id = 0, ana_id = 0, lea_id = 0, leo_id = 0;
    std::string zoe, contract_reference, first_contract_pdf, convention_reference,
        first_convention_pdf;
    json first_contract_body;
    {
        // 1 March: Zoé and Ana sign their contracts, Léo's employer signs his convention; Léa
        // never opens her contract.
        ServerProcess server(db.url(), at("2027-03-01T10:00:00+01:00", "0"));
        const int port = server.port();
        const std::string staff =
            testing::staff_token(db.url(), port, "staff@exemple.fr", app::Role::staff);
        const json zoe_seat = register_on(port, self_funded(session, "zoe"));
        zoe = zoe_seat["token"];
        zoe_id = zoe_seat["id"];
        first_contract_body = {
            {"pdf_sha256", app::sha256_hex(call(port, "GET", contract_path(zoe, ".pdf")).body)},
            {"statement", call(port, "GET", contract_path(zoe)).json()["statement"]}};
        REQUIRE(testing::sign_contract(port, zoe).status == 201);
        contract_reference = call(port, "GET", contract_path(zoe)).json()["reference"];
        first_contract_pdf = call(port, "GET", contract_path(zoe, ".pdf")).body;
        const json ana_seat = register_on(port, self_funded(session, "ana"));
        ana_id = ana_seat["id"];
        REQUIRE(testing::sign_contract(port, ana_seat["token"]).status == 201);
        lea_id = register_on(port, self_funded(session, "lea"))["id"];
        leo_id = register_on(port, employer_funded(session))["id"];
        const auto links = testing::convention_links_sent(db.sql(), leo_id);
        REQUIRE(links.size() == 1);
        auto signed_ =
            testing::sign_convention(port, links[0], testing::convention_signature(port, links[0]));
        REQUIRE(signed_.status == 201);
        convention_reference = signed_.json()["reference"];
        first_convention_pdf = call(port, "GET", link_path(links[0], "/convention.pdf")).body;

        // More seats and another trainer: no agreement to sign again, nobody told.
        auto edited = call(port, "PATCH", session_path,
                           {{"capacity", 8}, {"trainer", "Claire Fontaine"}}, staff);
        REQUIRE_MESSAGE(edited.status == 200, edited.body);
        CHECK(edited.json()["capacity"] == 8);
        CHECK(edited.json()["agreements_superseded"] == 0);
        CHECK(db.count("SELECT count(*) FROM agreement_supersessions") == 0);
        CHECK(db.count("SELECT count(*) FROM outbox_messages WHERE kind = 'session_changed'") == 0);
        CHECK(testing::convention_links_sent(db.sql(), leo_id).size() == 1);
        auto contract = call(port, "GET", contract_path(zoe));
        CHECK(contract.json()["reference"] == contract_reference);
        CHECK_FALSE(contract.json()["signature"].is_null());
    }
    {
        // 20 March, the first withdrawal periods over: staff move the session to May.
        ServerProcess server(db.url(), at("2027-03-20T10:00:00+01:00", "0"));
        const int port = server.port();
        const std::string staff = testing::login(port, "staff@exemple.fr");
        auto edited = call(port, "PATCH", session_path,
                           {{"starts_on", "2027-05-20"},
                            {"ends_on", "2027-05-21"},
                            {"registration_deadline", "2027-05-19"}},
                           staff);
        REQUIRE_MESSAGE(edited.status == 200, edited.body);
        // Zoé's and Ana's contracts and Léo's convention; Léa's contract was never made, but
        // the edit is recorded for her too (refusing it costs nothing until she signs one).
        CHECK(edited.json()["agreements_superseded"] == 3);
        CHECK(db.count("SELECT count(*) FROM agreement_supersessions WHERE reason LIKE "
                       "'session % edited: dates'") == 4);
        CHECK(db.count("SELECT count(*) FROM audit_events WHERE action = "
                       "'agreement.superseded'") == 3);

        // Zoé's contract in force is a new one, for May, not signed; the first one cannot be
        // signed any more.
        auto current = call(port, "GET", contract_path(zoe));
        REQUIRE(current.status == 200);
        CHECK(current.json()["reference"] == contract_reference + "-2");
        CHECK(current.json()["signature"].is_null());
        CHECK(current.json()["pdf_sha256"] != first_contract_body["pdf_sha256"]);
        const std::string text = testing::pdf_text(
            call(port, "GET", contract_path(zoe, ".pdf")).body, "contrat-session-modifiee");
        CHECK(has(text, "les 20 et 21 mai 2027"));
        CHECK_FALSE(has(text, "avril 2027"));
        auto stale =
            testing::post_json(port, contract_path(zoe, "/signature"), first_contract_body);
        CHECK(stale.status == 409);
        CHECK(stale.json()["error"]["code"] == "superseded");

        // Each is told, in the words of a move; Léa, with nothing to sign again, is told the
        // change only.
        const auto to_zoe = session_changed_text(db, port, staff, zoe_id);
        CHECK(has(to_zoe,
                  "Votre contrat de formation est établi de nouveau avec ces dates, "
                  "horaires et lieu : lisez-le et signez-le depuis votre espace "
                  "personnel. Le contrat précédent est remplacé, et le délai de "
                  "rétractation de 10 jours court à partir de la signature du nouveau."));
        CHECK(has(to_zoe, "20 et 21 mai 2027"));
        CHECK(has(to_zoe,
                  "Votre facture, dont l'échéancier suivait le contrat précédent, est "
                  "annulée par un avoir"));
        // Refusing the change costs nothing until the new contract is signed.
        CHECK(has(to_zoe,
                  "vous pouvez annuler votre inscription sans frais depuis votre page "
                  "personnelle tant que vous n'avez pas signé le nouveau contrat"));
        const auto to_leo = session_changed_text(db, port, staff, leo_id);
        CHECK(has(to_leo,
                  "La convention de formation est établie de nouveau avec ces dates, "
                  "horaires et lieu et doit être signée à nouveau pour votre employeur "
                  "(la personne désignée pour la signer reçoit un nouveau lien) ; la "
                  "précédente est remplacée."));
        CHECK(has(to_leo,
                  "l'inscription peut être annulée sans frais tant que la nouvelle convention "
                  "n'est pas signée"));
        const auto to_lea = session_changed_text(db, port, staff, lea_id);
        CHECK(has(to_lea, "Votre place est maintenue. Si ces changements"));
        CHECK_FALSE(has(to_lea, "établi de nouveau"));

        // The signatory's new link; the old one answers 409.
        const auto links = testing::convention_links_sent(db.sql(), leo_id);
        REQUIRE(links.size() == 2);
        auto old = call(port, "GET", link_path(links[0]));
        CHECK(old.status == 409);
        CHECK(old.json()["error"]["code"] == "superseded");
        auto convention = call(port, "GET", link_path(links[1]));
        REQUIRE(convention.status == 200);
        CHECK(convention.json()["reference"] == convention_reference + "-2");
        CHECK(convention.json()["signature"].is_null());
        CHECK(convention.json()["starts_on"] == "2027-05-20");
        REQUIRE(
            testing::sign_convention(port, links[1], testing::convention_signature(port, links[1]))
                .status == 201);

        // Zoé signs the new contract: her withdrawal period runs from this signature, and so
        // does the échéancier of the invoice it issues; the first one was credited by the edit.
        CHECK(sign_on_20_march(port, zoe)[2]["due_on"] == "2027-05-21");
    }
    {
        // 21 March, seats held 5 days: Léa's, unsigned since 1 March, is released; Ana's,
        // whose contract the edit made anew on 20 March, is held from the edit.
        ServerProcess server(db.url(), at("2027-03-21T10:00:00+01:00", "5"));
        db.wait_for("SELECT count(*) FROM outbox_messages WHERE kind = 'seat_released'", 1);
        CHECK(status_of(db, lea_id) == "cancelled");
        CHECK(status_of(db, ana_id) == "confirmed");
    }
    {
        // 26 March: Ana has not signed the new contract in 5 days, her seat is released.
        ServerProcess server(db.url(), at("2027-03-26T00:30:00+01:00", "5"));
        db.wait_for("SELECT count(*) FROM outbox_messages WHERE kind = 'seat_released'", 2);
        CHECK(status_of(db, ana_id) == "cancelled");
        CHECK(status_of(db, zoe_id) == "confirmed");
        CHECK(status_of(db, leo_id) == "confirmed");

        // The agreements signed before the edit stay evidence, byte for byte, in the Qualiopi
        // export beside those in force.
        const int port = server.port();
        auto response =
            call(port, "GET", "/api/v1/exports/qualiopi.zip?from=2027-05-01&to=2027-05-31", nullptr,
                 testing::login(port, "staff@exemple.fr"));
        REQUIRE(response.status == 200);
        auto entries = testing::zip_entries(response.body);
        const std::string contracts = "09-contrats/", conventions = "09-conventions/";
        REQUIRE(entries.contains(contracts + contract_reference + "-1.pdf"));
        CHECK(entries.at(contracts + contract_reference + "-1.pdf") == first_contract_pdf);
        CHECK(entries.contains(contracts + contract_reference + "-2.pdf"));
        REQUIRE(entries.contains(conventions + convention_reference + "-1.pdf"));
        CHECK(entries.at(conventions + convention_reference + "-1.pdf") == first_convention_pdf);
        REQUIRE(entries.contains(conventions + convention_reference + "-2.pdf"));
        CHECK(has(entries.at(conventions + convention_reference + "-2.pdf"), "%PDF-"));
        REQUIRE(entries.contains(conventions + "signatures.csv"));
        const auto& csv = entries.at(conventions + "signatures.csv");
        CHECK(has(csv, convention_reference + ";" + convention_reference + "-1.pdf;"));
        CHECK(has(csv, convention_reference + "-2;" + convention_reference + "-2.pdf;"));
        CHECK(has(csv, app::sha256_hex(first_convention_pdf)));
        CHECK(has(csv, "Coopérative Sociétaire Fictive;en ligne;"));
    }
}

TEST_CASE("a session's place edited after a signature: the invoice follows the new contract") {
    TestDatabase db;
    const long long session = db.add_session_on("2027-04-15", 6);
    std::string zoe;
    {
        ServerProcess server(db.url(), at("2027-03-01T10:00:00+01:00", "0"));
        zoe = register_on(server.port(), self_funded(session, "zoe"))["token"];
        REQUIRE(testing::sign_contract(server.port(), zoe).status == 201);
        testing::staff_token(db.url(), server.port(), "staff@exemple.fr", app::Role::staff);
    }
    // 20 March: another room. The new contract's withdrawal period runs to 30 March, so the
    // first invoice, whose échéancier falls due from 12 March, cannot stand: nothing may be due
    // before the new period ends (L6353-6).
    ServerProcess server(db.url(), at("2027-03-20T10:00:00+01:00", "0"));
    const int port = server.port();
    auto edited = call(port, "PATCH", "/api/v1/sessions/" + std::to_string(session),
                       {{"place", "Salle des Tilleuls, 2 rue Neuve, Lyon"}},
                       testing::login(port, "staff@exemple.fr"));
    REQUIRE_MESSAGE(edited.status == 200, edited.body);
    CHECK(edited.json()["agreements_superseded"] == 1);

    sign_on_20_march(port, zoe);
}

TEST_CASE("an edit's preview says what the edit then does, and writes nothing") {
    TestDatabase db;
    const long long session = db.add_session_on("2027-04-15", 6);
    const std::string path = "/api/v1/sessions/" + std::to_string(session);
    const std::string preview_path = path + "/edit-preview";
    {
        // 1 March: Zoé and Ana sign their contracts, Léo's employer his convention; Léa never
        // opens her contract.
        ServerProcess server(db.url(), at("2027-03-01T10:00:00+01:00", "0"));
        const int port = server.port();
        testing::staff_token(db.url(), port, "staff@exemple.fr", app::Role::staff);
        testing::staff_token(db.url(), port, "compta@exemple.fr", app::Role::accountant);
        for (const char* name : {"zoe", "ana"}) {
            const json seat = register_on(port, self_funded(session, name));
            REQUIRE(testing::sign_contract(port, seat["token"]).status == 201);
        }
        register_on(port, self_funded(session, "lea"));
        const long long leo = register_on(port, employer_funded(session))["id"];
        const auto links = testing::convention_links_sent(db.sql(), leo);
        REQUIRE(links.size() == 1);
        REQUIRE(
            testing::sign_convention(port, links[0], testing::convention_signature(port, links[0]))
                .status == 201);
    }
    ServerProcess server(db.url(), at("2027-03-20T10:00:00+01:00", "0"));
    const int port = server.port();
    const std::string staff = testing::login(port, "staff@exemple.fr");
    const json to_may = {{"starts_on", "2027-05-20"},
                         {"ends_on", "2027-05-21"},
                         {"registration_deadline", "2027-05-19"}};

    // Strangers and other roles may not ask.
    CHECK(call(port, "POST", preview_path, to_may).status == 401);
    const std::string accountant = testing::login(port, "compta@exemple.fr");
    CHECK(call(port, "POST", preview_path, to_may, accountant).status == 403);
    CHECK(call(port, "PATCH", path, to_may, accountant).status == 403);

    // Bad input gets the edit's own errors, and neither writes anything.
    const auto untouched = written(db);
    const std::vector<std::pair<std::string, json>> bad = {
        {path, {{"ends_on", "2027-04-01"}}},                    // before the first day
        {path, {{"capacity", 2}}},                              // below the 4 seats taken
        {path, {{"place", std::string(301, 'x')}}},             // too long
        {path, {{"daily_hours", {{"morning_end", "13:00"}}}}},  // not 3 h 30
        {path, {{"colour", "bleu"}}},                           // unknown field
        {path, {{"status", "cancelled"}}},                      // cancelling has its own action
        {"/api/v1/sessions/999999", to_may},                    // no such session
    };
    for (const auto& [target, body] : bad) {
        CAPTURE(body.dump());
        auto edit = call(port, "PATCH", target, body, staff);
        auto preview = call(port, "POST", target + "/edit-preview", body, staff);
        CHECK(edit.status >= 400);
        CHECK(preview.status == edit.status);
        CHECK(preview.json()["error"]["code"] == edit.json()["error"]["code"]);
    }
    CHECK(written(db) == untouched);

    // What agreements need not be signed again for tells nobody.
    auto plain = call(port, "POST", preview_path, {{"capacity", 9}, {"trainer", "Claire"}}, staff);
    REQUIRE(plain.status == 200);
    CHECK(plain.json()["consequences"]["people_told"] == 0);
    CHECK(plain.json()["consequences"]["agreements_superseded"] == 0);
    CHECK(plain.json()["changes"]["capacity"] == json{{"before", 6}, {"after", 9}});

    // New dates: the preview counts, and nothing escapes its rollback — no e-mail, no audit
    // entry, no supersession, no credit note, no invoice number.
    auto preview = call(port, "POST", preview_path, to_may, staff);
    REQUIRE_MESSAGE(preview.status == 200, preview.body);
    CHECK(written(db) == untouched);
    CHECK(db.count("SELECT count(*) FROM invoices WHERE kind = 'credit_note'") == 0);
    const json answer = preview.json();
    const json& consequences = answer["consequences"];
    CHECK(consequences["people_told"] == 4);
    CHECK(consequences["agreements_superseded"] == 3);
    CHECK(consequences["contracts_superseded"] ==
          json{{"total", 2}, {"signed", 2}, {"unsigned", 0}});
    CHECK(consequences["conventions_superseded"] ==
          json{{"total", 1}, {"signed", 1}, {"unsigned", 0}});
    CHECK(consequences["invoices_credited"] == 2);
    CHECK(consequences["credited_cents"] == 60000);
    CHECK(consequences["signatory_links"] == 1);
    CHECK(consequences["seats_offered"] == 0);
    CHECK(preview.json()["changes"]["starts_on"] ==
          json{{"before", "2027-04-15"}, {"after", "2027-05-20"}});
    CHECK(preview.json()["changes"].contains("registration_deadline"));
    CHECK_FALSE(preview.json()["changes"].contains("place"));
    CHECK(preview.json()["session"]["starts_on"] == "2027-05-20");
    CHECK(call(port, "GET", path).json()["starts_on"] == "2027-04-15");
    // The same question twice, the same answer.
    CHECK(call(port, "POST", preview_path, to_may, staff).json()["confirmation"] ==
          preview.json()["confirmation"]);

    // Meanwhile Mia registers: the edit would tell five people, not four, so the confirmation
    // of the preview is stale, and nothing is written.
    register_on(port, self_funded(session, "mia"));
    const auto with_mia = written(db);
    json confirmed = to_may;
    confirmed["confirmation"] = preview.json()["confirmation"];
    auto stale = call(port, "PATCH", path, confirmed, staff);
    CHECK(stale.status == 409);
    CHECK(stale.json()["error"]["code"] == "edit_preview_stale");
    CHECK(written(db) == with_mia);

    // A new preview, confirmed: the edit does exactly what it said.
    auto again = call(port, "POST", preview_path, to_may, staff);
    REQUIRE(again.status == 200);
    CHECK(again.json()["consequences"]["people_told"] == 5);
    CHECK(written(db) == with_mia);
    confirmed["confirmation"] = again.json()["confirmation"];
    auto edited = call(port, "PATCH", path, confirmed, staff);
    REQUIRE_MESSAGE(edited.status == 200, edited.body);
    CHECK(edited.json()["consequences"] == again.json()["consequences"]);
    CHECK(edited.json()["changes"] == again.json()["changes"]);
    CHECK(edited.json()["agreements_superseded"] == 3);
    CHECK(db.count("SELECT count(*) FROM outbox_messages WHERE kind = 'session_changed'") == 5);
    CHECK(db.count("SELECT count(*) FROM outbox_messages WHERE kind = 'convention_to_sign'") == 2);
    // Recorded for the five, Léa and Mia (no contract made yet) included; three superseded.
    CHECK(db.count("SELECT count(*) FROM agreement_supersessions") == 5);
    CHECK(db.count("SELECT count(*) FROM audit_events WHERE action = 'agreement.superseded'") == 3);
    CHECK(db.count("SELECT -sum(total_cents) FROM invoices WHERE kind = 'credit_note'") == 60000);
    // The previews took no number: the edit's two credit notes are the series' first two.
    CHECK(db.count("SELECT count(*) FROM invoices WHERE kind = 'credit_note' AND year = 2027"
                   " AND sequence IN (1, 2)") == 2);
}

TEST_CASE(
    "refusing the organiser's change costs no cancellation fee, nor does the organiser's "
    "cancellation; a move or an accepted change does") {
    TestDatabase db;
    const long long session = db.add_session_on("2027-04-15", 8);
    const long long other = db.add_session_on("2027-06-10", 8);
    db.sql() << "UPDATE courses SET cancellation_fee_cents = 5000";
    long long ordinary = 0, refused = 0, accepted = 0, moved = 0, zoe = 0, lina = 0;
    {
        ServerProcess server(db.url(), at("2027-03-01T10:00:00+01:00", "0"));
        const int port = server.port();
        testing::staff_token(db.url(), port, "staff@exemple.fr", app::Role::staff);
        auto employee = [&](const std::string& name) -> long long {
            const long long id =
                register_on(port, employer_funded(session, name, name + "@exemple.fr"))["id"];
            const auto links = testing::convention_links_sent(db.sql(), id);
            REQUIRE(links.size() == 1);
            REQUIRE(testing::sign_convention(port, links[0],
                                             testing::convention_signature(port, links[0]))
                        .status == 201);
            return id;
        };
        ordinary = employee("paul");
        refused = employee("rose");
        accepted = employee("yves");
        moved = employee("marc");
        const json seat = register_on(port, self_funded(session, "zoe"));
        zoe = seat["id"];
        REQUIRE(testing::sign_contract(port, seat["token"]).status == 201);
        lina = register_on(port, without_signatory(session, "lina"))["id"];
    }
    ServerProcess server(db.url(), at("2027-03-20T10:00:00+01:00", "0"));
    const int port = server.port();
    const std::string staff = testing::login(port, "staff@exemple.fr");
    const auto cancel = [&](long long id) {
        auto response =
            call(port, "POST", "/api/v1/registrations/" + std::to_string(id) + "/cancel", nullptr,
                 staff);
        REQUIRE_MESSAGE(response.status == 200, response.body);
    };

    // Before any change: an ordinary cancellation keeps the course's fee.
    cancel(ordinary);
    auto notes = credit_notes(port, staff, ordinary);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0]["total_cents"] == -(invoice_total(port, staff, ordinary) - 5000));

    // Marc moves to June at his request: his convention is superseded too, but by a move.
    REQUIRE(call(port, "POST", "/api/v1/registrations/" + std::to_string(moved) + "/move",
                 {{"session_id", other}}, staff)
                .status == 200);

    // The organiser moves the April session to May.
    auto edited = call(port, "PATCH", "/api/v1/sessions/" + std::to_string(session),
                       {{"starts_on", "2027-05-20"},
                        {"ends_on", "2027-05-21"},
                        {"registration_deadline", "2027-05-19"}},
                       staff);
    REQUIRE_MESSAGE(edited.status == 200, edited.body);
    CHECK(edited.json()["consequences"]["conventions_superseded"]["signed"] == 2);

    // Yves's employer signs the new convention: the change is accepted, the fee applies again.
    const auto links = testing::convention_links_sent(db.sql(), accepted);
    REQUIRE(links.size() == 2);
    REQUIRE(testing::sign_convention(port, links[1], testing::convention_signature(port, links[1]))
                .status == 201);
    cancel(accepted);
    notes = credit_notes(port, staff, accepted);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0]["total_cents"] == -(invoice_total(port, staff, accepted) - 5000));

    // Rose's employer did not sign the new one: cancelling credits the whole invoice, says why,
    // and the audit trail keeps the reason.
    cancel(refused);
    notes = credit_notes(port, staff, refused);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0]["total_cents"] == -invoice_total(port, staff, refused));
    const auto pdf =
        call(port, "GET", "/api/v1/invoices/" + notes[0]["number"].get<std::string>() + ".pdf",
             nullptr, staff);
    REQUIRE(pdf.status == 200);
    CHECK(has(testing::pdf_text(pdf.body, "avoir-sans-frais"), "Annulation sans frais"));
    CHECK(db.count("SELECT count(*) FROM audit_events WHERE action ="
                   " 'registration.cancellation_fee_waived' AND entity_id = " +
                   std::to_string(refused)) == 1);

    // Zoé, self-funded, whose invoice the edit credited whole: cancelling keeps nothing either.
    cancel(zoe);
    CHECK(db.count("SELECT count(*) FROM audit_events WHERE action ="
                   " 'registration.cancellation_fee_waived' AND entity_id = " +
                   std::to_string(zoe)) == 1);
    CHECK(db.count("SELECT count(*) FROM invoices WHERE registration_id = " + std::to_string(zoe) +
                   " AND kind = 'invoice' AND id NOT IN (SELECT corrects_invoice_id FROM invoices"
                   " WHERE corrects_invoice_id IS NOT NULL)") == 0);

    // Marc, moved at his request, pays the fee as any cancellation.
    cancel(moved);
    json invoices =
        call(port, "GET", "/api/v1/registrations/" + std::to_string(moved), nullptr, staff)
            .json()["invoices"];
    REQUIRE(invoices.size() == 4);  // April's, the move's credit note, June's, its credit note
    CHECK(invoices[2]["kind"] == "invoice");
    CHECK(invoices[3]["corrects"] == invoices[2]["number"]);
    CHECK(invoices[3]["total_cents"] == -(invoices[2]["total_cents"].get<long long>() - 5000));
    CHECK(db.count("SELECT count(*) FROM audit_events WHERE action ="
                   " 'registration.cancellation_fee_waived'") == 2);

    // Lina's employer named no signatory: no convention was made before the change, but she
    // registered for April, so refusing May costs nothing either. Noah, who registered for May,
    // pays the fee.
    CHECK(db.count("SELECT count(*) FROM training_conventions WHERE registration_id = " +
                   std::to_string(lina)) == 0);
    cancel(lina);
    notes = credit_notes(port, staff, lina);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0]["total_cents"] == -invoice_total(port, staff, lina));
    CHECK(db.count("SELECT count(*) FROM audit_events WHERE action ="
                   " 'registration.cancellation_fee_waived' AND entity_id = " +
                   std::to_string(lina)) == 1);
    const long long noah = register_on(port, without_signatory(session, "noah"))["id"];
    cancel(noah);
    notes = credit_notes(port, staff, noah);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0]["total_cents"] == -(invoice_total(port, staff, noah) - 5000));

    // The organiser cancels the whole session: nobody pays the fee either.
    const long long nina =
        register_on(port, employer_funded(session, "nina", "nina@exemple.fr"))["id"];
    REQUIRE(call(port, "POST", "/api/v1/sessions/" + std::to_string(session) + "/cancel", nullptr,
                 staff)
                .status == 200);
    notes = credit_notes(port, staff, nina);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0]["total_cents"] == -invoice_total(port, staff, nina));
    const auto cancelled_pdf =
        call(port, "GET", "/api/v1/invoices/" + notes[0]["number"].get<std::string>() + ".pdf",
             nullptr, staff);
    CHECK(has(testing::pdf_text(cancelled_pdf.body, "avoir-session-annulee"),
              "Motif : Annulation de la session par l'organisme de"));
}

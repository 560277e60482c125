// What cancelling a registration will cost, asked before the click, through the real server: the
// preview (POST …/cancel-preview, by the trainee's token or by id for staff) answers the fee kept
// and the rule that kept or waived it, what is credited, what is then left to pay or to refund,
// whether the seat goes to the waiting list, and the sentence the page shows; it writes nothing,
// and the cancellation then does exactly that. The clock is pinned on both sides of the end of
// the withdrawal period (midnight, Paris time), and a confirmation given before it is refused
// after it.

#include <string>

#include <doctest/doctest.h>

#include "service/app/accounts.hpp"
#include "tests/support/contract_signing.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/staff_client.hpp"
#include "tests/support/test_database.hpp"

using namespace formations;
using nlohmann::json;
using testing::call;
using testing::ServerProcess;
using testing::TestDatabase;

namespace {

constexpr long long fee = 15000;  // the course's cancellation fee in these tests: 150 €

json self_funded(long long session, const std::string& name) {
    return {{"session_id", session},
            {"funding", "self"},
            {"trainee",
             {{"first_name", name},
              {"last_name", "Lefèvre"},
              {"email", name + "@exemple.fr"},
              {"address", "3 place du Marché\n31000 Toulouse"}}}};
}

json employer_funded(long long session, const std::string& name) {
    return {
        {"session_id", session},
        {"funding", "employer"},
        {"trainee", {{"first_name", name}, {"last_name", "Garnier"}, {"email", name + "@x.fr"}}},
        {"employer",
         {{"siret", "99900000100001"},
          {"name", "Coopérative Sociétaire Fictive"},
          {"address", "8 rue des Écoles\n69001 Lyon"},
          {"signatory",
           {{"name", "Hélène Mercier"},
            {"role", "Directrice générale"},
            {"email", "helene.mercier@exemple.fr"}}}}}};
}

json register_on(int port, const json& body) {
    auto response = call(port, "POST", "/api/v1/registrations", body);
    REQUIRE_MESSAGE(response.status == 201, response.body);
    return response.json();
}

// An employer's registration whose convention the signatory signed. Its id.
long long employee(TestDatabase& db, int port, long long session, const std::string& name) {
    const long long id = register_on(port, employer_funded(session, name))["id"];
    const auto links = testing::convention_links_sent(db.sql(), id);
    REQUIRE(links.size() == 1);
    REQUIRE(testing::sign_convention(port, links[0], testing::convention_signature(port, links[0]))
                .status == 201);
    return id;
}

ServerProcess at(TestDatabase& db, const std::string& instant) {
    return ServerProcess(db.url(), {{"FORMATIONS_CLOCK", instant},
                                    {"FORMATIONS_SCHEDULER_SECONDS", "3600"},
                                    {"FORMATIONS_CONTRACT_HOLD_DAYS", "0"}});
}

std::string path(const json& ref, const std::string& tail) {
    return "/api/v1/registrations/" +
           (ref.is_string() ? ref.get<std::string>() : std::to_string(ref.get<long long>())) + tail;
}

json preview(int port, const json& ref, const std::string& token = "") {
    auto response = call(port, "POST", path(ref, "/cancel-preview"), nullptr, token);
    REQUIRE_MESSAGE(response.status == 200, response.body);
    return response.json();
}

// Cancels with the preview's confirmation; the registration as answered.
json cancel(int port, const json& ref, const json& shown, const std::string& token = "") {
    auto response =
        call(port, "POST", path(ref, "/cancel"), {{"confirmation", shown["confirmation"]}}, token);
    REQUIRE_MESSAGE(response.status == 200, response.body);
    return response.json();
}

// What the cancellation did to the registration's money, in the preview's terms.
struct Done {
    long long credited = 0, due = 0, refund = 0;
};
Done done(const json& registration) {
    Done d;
    for (const auto& invoice : registration["invoices"]) {
        if (invoice["kind"] == "credit_note") {
            d.credited -= invoice["total_cents"].get<long long>();
        } else {
            d.due += invoice["amount_due_cents"].get<long long>();
            d.refund += invoice["refund_due_cents"].get<long long>();
        }
    }
    return d;
}

void check_done_as_shown(const json& shown, const json& registration) {
    CHECK(registration["status"] == "cancelled");
    const auto d = done(registration);
    CHECK(shown["credited_cents"] == d.credited);
    CHECK(shown["due_cents"] == d.due);
    CHECK(shown["refund_cents"] == d.refund);
}

long long fee_waivers(TestDatabase& db, long long registration) {
    return db.count(
        "SELECT count(*) FROM audit_events WHERE action ="
        " 'registration.cancellation_fee_waived' AND entity_id = " +
        std::to_string(registration));
}

// Everything a cancellation writes: messages, audit entries, invoices, the invoice counters,
// offers, the registrations' statuses and the sessions' seats.
std::string written(TestDatabase& db) {
    std::string text;
    db.sql() << "SELECT concat_ws(' | ', (SELECT count(*) FROM outbox_messages),"
                " (SELECT count(*) FROM audit_events), (SELECT count(*) FROM invoices),"
                " (SELECT count(*) FROM seat_offers),"
                " (SELECT string_agg(series || '-' || year || ':' || last_number, ','"
                "   ORDER BY series, year) FROM invoice_counters),"
                " (SELECT string_agg(id || status, ',' ORDER BY id) FROM registrations),"
                " (SELECT string_agg(id || ':' || seats_taken, ',' ORDER BY id) FROM sessions))",
        soci::into(text);
    return text;
}

bool has(const json& text, const std::string& part) {
    return text.get<std::string>().find(part) != std::string::npos;
}

}  // namespace

TEST_CASE(
    "a self-funded trainee's preview: free until the withdrawal period ends at midnight, the fee "
    "from then on; a confirmation given before midnight is refused after it") {
    TestDatabase db;
    const long long session = db.add_session_on("2027-04-15", 8);
    db.sql() << "UPDATE courses SET cancellation_fee_cents = 15000";
    json zoe, ana;
    {
        // Both sign on 1 March: the withdrawal period runs to 11 March included.
        auto server = at(db, "2027-03-01T10:00:00+01:00");
        zoe = register_on(server.port(), self_funded(session, "zoe"));
        ana = register_on(server.port(), self_funded(session, "ana"));
        for (const json* seat : {&zoe, &ana}) {
            auto signed_ = testing::sign_contract(server.port(), (*seat)["token"]);
            REQUIRE(signed_.status == 201);
            CHECK(signed_.json()["signature"]["withdrawal_ends_on"] == "2027-03-11");
        }
    }
    json ana_before_midnight;
    {
        auto server = at(db, "2027-03-11T23:58:00+01:00");
        const int port = server.port();
        const auto untouched = written(db);
        const json shown = preview(port, zoe["token"]);
        CHECK(written(db) == untouched);
        CHECK(shown["fee_rule"] == "withdrawal_period");
        CHECK(shown["fee_cents"] == 0);
        CHECK(shown["credited_cents"] == 30000);
        CHECK(shown["due_cents"] == 0);
        CHECK(shown["refund_cents"] == 0);
        CHECK(shown["seat_offered"] == false);
        CHECK(shown["withdrawal_ends_on"] == "2027-03-11");
        CHECK(shown["summary"] ==
              "Annulation sans frais : le délai de rétractation court jusqu'au 11 mars 2027 "
              "inclus ; un avoir de 300,00 € annule la facture.");
        // The same question twice, the same answer.
        CHECK(preview(port, zoe["token"])["confirmation"] == shown["confirmation"]);
        ana_before_midnight = preview(port, ana["token"]);
        CHECK(ana_before_midnight["fee_rule"] == "withdrawal_period");

        const json cancelled = cancel(port, zoe["token"], shown);
        check_done_as_shown(shown, cancelled);
        CHECK(fee_waivers(db, zoe["id"]) == 1);
    }

    // Midnight in Paris: the period is over, the course's fee is kept.
    auto server = at(db, "2027-03-12T00:00:00+01:00");
    const int port = server.port();
    const auto untouched = written(db);
    auto stale = call(port, "POST", path(ana["token"], "/cancel"),
                      {{"confirmation", ana_before_midnight["confirmation"]}});
    CHECK(stale.status == 409);
    CHECK(stale.json()["error"]["code"] == "cancellation_preview_stale");
    CHECK(written(db) == untouched);

    const json shown = preview(port, ana["token"]);
    CHECK(written(db) == untouched);
    CHECK(shown["fee_rule"] == "cancellation_fee");
    CHECK(shown["fee_cents"] == fee);
    CHECK(shown["credited_cents"] == 30000 - fee);
    CHECK(shown["due_cents"] == fee);
    CHECK(shown["withdrawal_ends_on"].is_null());
    CHECK(shown["summary"] ==
          "Des frais d'annulation de 150,00 € restent dus : un avoir de 150,00 € annule le reste "
          "de la facture. Reste à payer : 150,00 €.");
    const json cancelled = cancel(port, ana["token"], shown);
    check_done_as_shown(shown, cancelled);
    CHECK(fee_waivers(db, ana["id"]) == 0);
    // The previews took no number: the two credit notes are the series' first two.
    CHECK(db.count("SELECT count(*) FROM invoices WHERE kind = 'credit_note' AND year = 2027"
                   " AND sequence IN (1, 2)") == 2);

    // Cancelled: nothing more to preview.
    auto again = call(port, "POST", path(ana["token"], "/cancel-preview"));
    CHECK(again.status == 409);
    CHECK(again.json()["error"]["code"] == "already_cancelled");
}

TEST_CASE(
    "staff previews for employers' registrations: the fee, a paid invoice's refund, the seat "
    "offered to the waiting list, a session edit not accepted; strangers get nothing") {
    TestDatabase db;
    const long long session = db.add_session_on("2027-04-15", 3);
    db.sql() << "UPDATE courses SET cancellation_fee_cents = 15000";
    long long leo = 0, paul = 0, rose = 0, nina = 0;
    std::string zoe;
    {
        auto server = at(db, "2027-03-01T10:00:00+01:00");
        const int port = server.port();
        testing::staff_token(db.url(), port, "staff@exemple.fr", app::Role::staff);
        testing::staff_token(db.url(), port, "compta@exemple.fr", app::Role::accountant);
        leo = employee(db, port, session, "leo");
        paul = employee(db, port, session, "paul");
        rose = employee(db, port, session, "rose");
        nina = register_on(port, employer_funded(session, "nina"))["id"];  // waiting list
        zoe = register_on(port, self_funded(session, "zoe"))["token"];     // waiting list
    }
    auto server = at(db, "2027-03-20T10:00:00+01:00");
    const int port = server.port();
    const std::string staff = testing::login(port, "staff@exemple.fr");
    const std::string accountant = testing::login(port, "compta@exemple.fr");
    const auto view = [&](long long id) {
        return call(port, "GET", path(id, ""), nullptr, staff).json();
    };
    const long long price = view(leo)["invoices"][0]["total_cents"];

    // Paul's employer paid the whole invoice.
    const std::string paul_invoice = view(paul)["invoices"][0]["number"];
    REQUIRE(call(port, "POST", "/api/v1/invoices/" + paul_invoice + "/payments",
                 {{"amount_cents", price}, {"paid_on", "2027-03-20"}, {"method", "transfer"}},
                 accountant)
                .status == 201);

    // Strangers, other roles, wrong tokens.
    const auto untouched = written(db);
    CHECK(call(port, "POST", path(leo, "/cancel-preview")).status == 401);
    CHECK(call(port, "POST", path(leo, "/cancel-preview"), nullptr, accountant).status == 403);
    CHECK(call(port, "POST", path(leo, "/cancel-preview"), nullptr, "not-a-token").status == 401);
    CHECK(call(port, "POST", path(999999, "/cancel-preview"), nullptr, staff).status == 404);
    CHECK(call(port, "POST", path(json("x"), "/cancel-preview")).status == 404);
    std::string wrong = zoe;
    wrong.back() = wrong.back() == 'a' ? 'b' : 'a';
    CHECK(call(port, "POST", path(wrong, "/cancel-preview")).status == 404);
    CHECK(call(port, "POST", path(leo, "/cancel"), {{"confirmation", 3}}, staff).status == 400);
    CHECK(written(db) == untouched);

    // Léo: the fee stays on his employer's invoice, his seat goes to Nina, first in line.
    json shown = preview(port, leo, staff);
    CHECK(shown["fee_rule"] == "cancellation_fee");
    CHECK(shown["fee_cents"] == fee);
    CHECK(shown["credited_cents"] == price - fee);
    CHECK(shown["due_cents"] == fee);
    CHECK(shown["seat_offered"] == true);
    CHECK(has(shown["summary"], "La place libérée sera proposée à la première personne"));
    // The waiting list's own preview offers nothing: a place in line frees no seat.
    const json in_line = preview(port, zoe);
    CHECK(in_line["fee_rule"] == "nothing_invoiced");
    CHECK(in_line["seat_offered"] == false);
    CHECK(in_line["summary"] ==
          "Annulation sans frais : aucune facture n'est en cours pour cette inscription.");
    CHECK(written(db) == untouched);
    check_done_as_shown(shown, cancel(port, leo, shown, staff));
    CHECK(db.count("SELECT count(*) FROM registrations WHERE status = 'offered' AND id = " +
                   std::to_string(nina)) == 1);

    // Paul: paid in full; the fee is kept, the rest is to be refunded.
    shown = preview(port, paul, staff);
    CHECK(shown["fee_cents"] == fee);
    CHECK(shown["due_cents"] == 0);
    CHECK(shown["refund_cents"] == price - fee);
    CHECK(has(shown["summary"], "Des frais d'annulation de 150,00 € sont retenus : un avoir de "));
    CHECK(has(shown["summary"], " À rembourser : "));
    check_done_as_shown(shown, cancel(port, paul, shown, staff));

    // The organiser moves the session; Rose's employer has not signed the new convention:
    // cancelling keeps nothing.
    REQUIRE(call(port, "PATCH", "/api/v1/sessions/" + std::to_string(session),
                 {{"starts_on", "2027-05-20"},
                  {"ends_on", "2027-05-21"},
                  {"registration_deadline", "2027-05-19"}},
                 staff)
                .status == 200);
    shown = preview(port, rose, staff);
    CHECK(shown["fee_rule"] == "session_edit_not_accepted");
    CHECK(shown["fee_cents"] == 0);
    CHECK(shown["credited_cents"] == price);
    CHECK(has(shown["summary"], "la nouvelle convention n'a pas été signée"));
    const auto before_rose = written(db);
    CHECK(preview(port, rose, staff)["confirmation"] == shown["confirmation"]);
    CHECK(written(db) == before_rose);
    check_done_as_shown(shown, cancel(port, rose, shown, staff));
    CHECK(fee_waivers(db, rose) == 1);

    // A cancellation without a confirmation (API clients: no body, or a JSON null) is applied
    // as before.
    auto plain = testing::http_request(port, "POST", path(zoe, "/cancel"), "null",
                                       {{"Content-Type", "application/json"}});
    CHECK(plain.status == 200);
}

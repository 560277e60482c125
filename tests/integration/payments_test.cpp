// An invoice's money, corrected the way accountants must: a wrong payment is reversed by a new
// entry, never deleted; money owed back after a credit note is refunded; every movement is in
// the invoice's history; and once a period is closed nothing dated in it can be added, by the
// service or by anyone writing to the database.

#include <thread>

#include <doctest/doctest.h>

#include "service/storage/database.hpp"
#include "tests/support/contract_signing.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/refusal.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/staff_client.hpp"
#include "tests/support/test_clock.hpp"
#include "tests/support/test_database.hpp"

using namespace formations;
using nlohmann::json;
using testing::http_request;
using testing::HttpResponse;
using testing::post_json;

namespace {

json self_funded(long long session, const std::string& email) {
    return {{"session_id", session},
            {"funding", "self"},
            {"trainee",
             {{"first_name", "Zoé"},
              {"last_name", "Lefèvre"},
              {"email", email},
              {"address", "12 rue des Œillets\n44000 Nantes"}}}};
}

// "201" or "status code @ field".
std::string outcome(const HttpResponse& response) {
    if (response.status == 201 || response.status == 200) {
        return std::to_string(response.status);
    }
    auto error = response.json()["error"];
    return std::to_string(response.status) + " " + error["code"].get<std::string>() + " @ " +
           (error["field"].is_null() ? "" : error["field"].get<std::string>());
}

struct Books {
    testing::TestDatabase db;
    std::unique_ptr<testing::ServerProcess> server;
    std::string accountant;

    explicit Books(const std::string& clock = testing::clock_setting()) { start(clock); }

    // The server restarted at another instant (the accountant logs in again).
    void start(const std::string& clock) {
        server.reset();
        server = std::make_unique<testing::ServerProcess>(
            db.url(), std::map<std::string, std::string>{{"FORMATIONS_CLOCK", clock}});
        accountant = testing::staff_token(db.url(), server->port(),
                                          "compta" + std::to_string(++logins) + "@exemple.fr",
                                          app::Role::accountant);
    }
    HttpResponse call(const std::string& method, const std::string& path,
                      const json& body = nullptr, const std::string& token = "") {
        auto headers = testing::bearer(token.empty() ? accountant : token);
        if (!body.is_null()) {
            headers["Content-Type"] = "application/json";
        }
        return http_request(server->port(), method, path, body.is_null() ? "" : body.dump(),
                            headers);
    }
    json registered(long long session, const std::string& email) {
        auto made = testing::register_and_sign(server->port(), self_funded(session, email));
        REQUIRE_MESSAGE(made.status == 201, made.body);
        return made.json();
    }
    HttpResponse pay(const std::string& number, long long cents, const std::string& on) {
        return call("POST", "/api/v1/invoices/" + number + "/payments",
                    {{"amount_cents", cents},
                     {"paid_on", on},
                     {"method", "cheque"},
                     {"reference", "CHQ 1234567"}});
    }
    HttpResponse refund(const std::string& number, long long cents, const std::string& on,
                        const std::string& method = "transfer") {
        return call("POST", "/api/v1/invoices/" + number + "/refunds",
                    {{"amount_cents", cents}, {"refunded_on", on}, {"method", method}});
    }
    HttpResponse reverse(const std::string& number, long long id, const std::string& on,
                         const std::string& reason = "Chèque rejeté par la banque") {
        return call("POST",
                    "/api/v1/invoices/" + number + "/payments/" + std::to_string(id) + "/reversal",
                    {{"reversed_on", on}, {"reason", reason}});
    }
    json get_overdue() {
        auto response = call("GET", "/api/v1/invoices/overdue");
        REQUIRE_MESSAGE(response.status == 200, response.body);
        return response.json();
    }
    json history(const std::string& number) {
        auto response = call("GET", "/api/v1/invoices/" + number + "/payments");
        REQUIRE_MESSAGE(response.status == 200, response.body);
        return response.json();
    }
    HttpResponse close(const std::string& through) {
        return call("POST", "/api/v1/accounting/closures", {{"closed_through", through}});
    }

  private:
    int logins = 0;
};

}  // namespace

TEST_CASE("a wrong payment is reversed by a new entry; the history shows both") {
    Books books;
    auto session = books.db.add_session(5, 40);
    auto registration = books.registered(session, "a@x.fr");
    std::string number = registration["invoices"][0]["number"];
    auto today = testing::day(0);
    REQUIRE(outcome(books.pay(number, 30000, today)) == "201");
    auto paid = books.history(number);
    CHECK(paid["invoice"]["status"] == "paid");
    REQUIRE(paid["entries"].size() == 1);
    long long payment = paid["entries"][0]["id"];
    CHECK(paid["entries"][0]["kind"] == "payment");
    CHECK(paid["entries"][0]["amount_cents"] == 30000);
    CHECK(paid["entries"][0]["reference"] == "CHQ 1234567");
    CHECK(paid["entries"][0]["reversed_by"].is_null());

    CHECK(outcome(books.reverse(number, payment, testing::day(1))) ==
          "400 reversal_in_future @ reversed_on");
    CHECK(outcome(books.reverse(number, payment, today, "  ")) == "400 required @ reason");
    CHECK(outcome(books.reverse(number, payment + 100, today)) == "404 payment_not_found @ ");
    auto reversed = books.reverse(number, payment, today);
    REQUIRE(outcome(reversed) == "201");
    auto after = reversed.json();
    CHECK(after["invoice"]["status"] == "unpaid");
    CHECK(after["invoice"]["amount_paid_cents"] == 0);
    CHECK(after["invoice"]["amount_due_cents"] == 30000);
    REQUIRE(after["entries"].size() == 2);
    CHECK(after["entries"][0]["reversed_by"] == after["entries"][1]["id"]);
    CHECK(after["entries"][1]["kind"] == "reversal");
    CHECK(after["entries"][1]["amount_cents"] == -30000);
    CHECK(after["entries"][1]["reverses"] == payment);
    CHECK(after["entries"][1]["reason"] == "Chèque rejeté par la banque");
    CHECK(after["entries"][1]["method"] == "cheque");
    CHECK(outcome(books.reverse(number, payment, today)) == "409 already_reversed @ ");
    long long reversal = after["entries"][1]["id"];
    CHECK(outcome(books.reverse(number, reversal, today)) == "409 cannot_reverse_reversal @ ");
    // Nothing was deleted, and the database keeps it so.
    CHECK(books.db.count("SELECT count(*) FROM payments") == 2);
    CHECK(testing::refusal(books.db.sql(), "DELETE FROM payments") == "42501");
    CHECK(testing::refusal(books.db.sql(), "UPDATE payments SET amount_cents = 1") == "42501");
    // A reversal that does not mirror its entry is refused by the database itself.
    CHECK(testing::refusal(books.db.sql(),
                           "INSERT INTO payments (invoice_id, amount_cents, paid_on, method,"
                           " recorded_by, kind, reverses_payment_id, reason) SELECT invoice_id,"
                           " -100, paid_on, method, 'test', 'reversal', id, 'x' FROM payments"
                           " WHERE kind = 'reversal'") == "23514 payments_reversal_matches");
    CHECK(books.db.count("SELECT count(*) FROM audit_events WHERE action = 'payment.reversed'") ==
          1);
    // Paid again, correctly this time.
    CHECK(outcome(books.pay(number, 30000, today)) == "201");
    CHECK(books.history(number)["invoice"]["status"] == "paid");
}

TEST_CASE("money owed back after a credit note is refunded, at most what is due") {
    Books books;
    auto session = books.db.add_session(5, 40);
    auto registration = books.registered(session, "b@x.fr");
    std::string number = registration["invoices"][0]["number"];
    auto today = testing::day(0);
    REQUIRE(outcome(books.pay(number, 30000, today)) == "201");
    CHECK(outcome(books.refund(number, 100, today)) == "409 refund_exceeds_due @ amount_cents");
    REQUIRE(http_request(
                books.server->port(), "POST",
                "/api/v1/registrations/" + registration["token"].get<std::string>() + "/cancel")
                .status == 200);
    auto credited = books.history(number)["invoice"];
    CHECK(credited["status"] == "credited");
    CHECK(credited["refund_due_cents"] == 30000);

    CHECK(outcome(books.refund(number, 30001, today)) == "409 refund_exceeds_due @ amount_cents");
    CHECK(outcome(books.refund(number, 100, today, "funding_body")) ==
          "400 invalid_refund_method @ method");
    CHECK(outcome(books.refund(number, 100, testing::day(1))) ==
          "400 refund_in_future @ refunded_on");
    CHECK(outcome(books.refund(number, 0, today)) == "400 invalid_amount @ amount_cents");
    auto refunded = books.refund(number, 30000, today);
    REQUIRE(outcome(refunded) == "201");
    auto invoice = refunded.json()["invoice"];
    CHECK(invoice["refund_due_cents"] == 0);
    CHECK(invoice["amount_paid_cents"] == 30000);
    CHECK(invoice["amount_refunded_cents"] == 30000);
    CHECK(invoice["amount_due_cents"] == 0);
    auto entries = refunded.json()["entries"];
    REQUIRE(entries.size() == 2);
    CHECK(entries[1]["kind"] == "refund");
    CHECK(entries[1]["amount_cents"] == -30000);
    CHECK(entries[1]["method"] == "transfer");
    CHECK(outcome(books.refund(number, 1, today)) == "409 refund_exceeds_due @ amount_cents");

    // The payment cannot be reversed while its refund stands; the refund can.
    long long payment = entries[0]["id"], refund = entries[1]["id"];
    CHECK(outcome(books.reverse(number, payment, today)) == "409 refunds_exceed_payments @ ");
    auto undone = books.reverse(number, refund, today, "Virement revenu impayé");
    REQUIRE(outcome(undone) == "201");
    CHECK(undone.json()["invoice"]["refund_due_cents"] == 30000);
    CHECK(undone.json()["invoice"]["amount_refunded_cents"] == 0);

    // Staff see the history but do not refund.
    auto staff = testing::staff_token(books.db.url(), books.server->port(), "staff@exemple.fr",
                                      app::Role::staff);
    CHECK(books.call("GET", "/api/v1/invoices/" + number + "/payments", nullptr, staff).status ==
          200);
    CHECK(books
              .call("POST", "/api/v1/invoices/" + number + "/refunds",
                    {{"amount_cents", 100}, {"refunded_on", today}, {"method", "cheque"}}, staff)
              .status == 403);
    CHECK(books.call("GET", "/api/v1/invoices/FA-1999-00001/payments").status == 404);
}

TEST_CASE("once a period is closed, nothing dated in it can be added; corrections go after") {
    Books books("2027-03-10T10:00:00+01:00");
    auto session = books.db.add_session_on("2027-05-20", 5);
    auto first = books.registered(session, "c@x.fr");
    std::string number = first["invoices"][0]["number"];
    CHECK(number == "FA-2027-00001");
    REQUIRE(outcome(books.pay(number, 10000, "2027-03-10")) == "201");
    long long march_payment = books.history(number)["entries"][0]["id"];

    // Mid-April: March is exported, then closed.
    books.start("2027-04-15T10:00:00+02:00");
    CHECK(books.call("GET", "/api/v1/accounting/closures").json()["closed_through"].is_null());
    CHECK(outcome(books.close("2027-04-15")) == "400 period_not_over @ closed_through");
    auto closed = books.close("2027-03-31");
    REQUIRE(outcome(closed) == "201");
    CHECK(closed.json()["closed_through"] == "2027-03-31");
    CHECK(closed.json()["closures"][0]["closed_by"].get<std::string>().starts_with("user:compta"));
    CHECK(outcome(books.close("2027-03-15")) == "409 already_closed @ closed_through");
    CHECK(outcome(books.close("2027-03-31")) == "409 already_closed @ closed_through");

    CHECK(outcome(books.pay(number, 5000, "2027-03-31")) == "409 period_closed @ paid_on");
    CHECK(outcome(books.reverse(number, march_payment, "2027-03-20")) ==
          "409 period_closed @ reversed_on");
    CHECK(outcome(books.pay(number, 5000, "2027-04-01")) == "201");
    CHECK(outcome(books.reverse(number, march_payment, "2027-04-14")) == "201");
    auto history = books.history(number);
    CHECK(history["invoice"]["amount_paid_cents"] == 5000);

    // The database refuses entries in the closed period whoever writes them, and keeps the
    // closing as it is.
    CHECK(testing::refusal(books.db.sql(),
                           "INSERT INTO payments (invoice_id, amount_cents, paid_on, method,"
                           " recorded_by) SELECT id, 100, DATE '2027-03-31', 'cheque', 'test'"
                           " FROM invoices") == "23514 closed_period");
    CHECK(testing::refusal(books.db.sql(),
                           "INSERT INTO invoices (kind, series, year, sequence, number,"
                           " registration_id, issued_on, due_on, payer, buyer_name, total_cents,"
                           " snapshot) SELECT 'invoice', 'TS', 2027, 1, 'TS-2027-00001',"
                           " registration_id, DATE '2027-03-30', due_on, payer, buyer_name, 100,"
                           " snapshot FROM invoices") == "23514 closed_period");
    CHECK(testing::refusal(books.db.sql(), "DELETE FROM accounting_closures") == "42501");
    CHECK(testing::refusal(books.db.sql(),
                           "UPDATE accounting_closures SET closed_through = '2027-01-31'") ==
          "42501");
    CHECK(testing::refusal(books.db.sql(),
                           "INSERT INTO accounting_closures (closed_through, closed_by,"
                           " closed_at) VALUES ('2027-02-28', 'test', now())") ==
          "23514 accounting_closures_move_forward");
    CHECK(books.db.count("SELECT count(*) FROM audit_events WHERE action = 'period.closed'") == 1);

    SUBCASE("a closing waits for an entry being recorded, then counts it in") {
        // This connection records an entry: it holds the closures' SHARE lock, as the service
        // does while it checks the date and writes.
        soci::transaction recording(books.db.sql());
        books.db.sql() << "LOCK TABLE accounting_closures IN SHARE MODE";
        books.db.sql() << "INSERT INTO payments (invoice_id, amount_cents, paid_on, method,"
                          " recorded_by) SELECT id, 100, DATE '2027-04-10', 'cheque', 'test'"
                          " FROM invoices";
        HttpResponse closing;
        std::thread closer([&] { closing = books.close("2027-04-10"); });
        books.db.wait_for_lock_waiters(1);
        recording.commit();
        closer.join();
        CHECK(outcome(closing) == "201");
        CHECK(outcome(books.pay(number, 100, "2027-04-10")) == "409 period_closed @ paid_on");
    }
}

TEST_CASE("overdue per instalment: none before the first is past, payments settle the earliest") {
    Books books;
    auto session = books.db.add_session(10, 20);  // days 20 and 21
    // Signed today: 90 € on day 11 (the day after the withdrawal period), 105 € on days 20, 21.
    auto registration = books.registered(session, "echeances@x.fr");
    REQUIRE(registration["invoices"].size() == 1);
    const std::string number = registration["invoices"][0]["number"];
    CHECK(registration["invoices"][0]["due_on"] == testing::day(21));
    auto on_day = [](int days) { return testing::noon(days); };
    auto overdue = [&] { return books.get_overdue(); };

    // On the first instalment's due date it is not late; the next day, only it is.
    books.start(on_day(11));
    CHECK(overdue()["invoices"].empty());
    books.start(on_day(12));
    auto late = overdue();
    REQUIRE(late["invoices"].size() == 1);
    CHECK(late["invoices"][0]["number"] == number);
    CHECK(late["invoices"][0]["overdue_since"] == testing::day(11));
    CHECK(late["invoices"][0]["days_overdue"] == 1);
    CHECK(late["invoices"][0]["overdue_cents"] == 9000);
    CHECK(late["invoices"][0]["amount_due_cents"] == 30000);
    CHECK(late["total_overdue_cents"] == 9000);
    CHECK(late["buyers"][0]["oldest_due_on"] == testing::day(11));

    // 90 € paid: nothing late until the second instalment is past.
    REQUIRE(outcome(books.pay(number, 9000, testing::day(12))) == "201");
    CHECK(overdue()["invoices"].empty());
    books.start(on_day(21));
    late = overdue();
    REQUIRE(late["invoices"].size() == 1);
    CHECK(late["invoices"][0]["overdue_since"] == testing::day(20));
    CHECK(late["invoices"][0]["overdue_cents"] == 10500);

    // 120 € more cover the second instalment and 15 € of the third: from day 22, 90 € are late
    // since day 21.
    REQUIRE(outcome(books.pay(number, 12000, testing::day(21))) == "201");
    books.start(on_day(22));
    late = overdue();
    REQUIRE(late["invoices"].size() == 1);
    CHECK(late["invoices"][0]["overdue_since"] == testing::day(21));
    CHECK(late["invoices"][0]["overdue_cents"] == 9000);
    CHECK(late["invoices"][0]["instalments"] ==
          json::array(
              {{{"due_on", testing::day(11)}, {"amount_cents", 9000}, {"paid_cents", 9000}},
               {{"due_on", testing::day(20)}, {"amount_cents", 10500}, {"paid_cents", 10500}},
               {{"due_on", testing::day(21)}, {"amount_cents", 10500}, {"paid_cents", 1500}}}));
}

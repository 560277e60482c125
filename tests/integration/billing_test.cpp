// Billing guarantees: every seat is invoiced in the transaction that gives it, numbers are
// gapless and unique per series and year across server processes, corrections are credit notes,
// payments settle invoices, documents never change once issued.

#include <chrono>
#include <cstdio>
#include <latch>
#include <set>
#include <thread>

#include <doctest/doctest.h>

#include <boost/date_time/gregorian/gregorian.hpp>

#include "invoices/numbering.hpp"
#include "service/app/billing.hpp"
#include "service/storage/database.hpp"
#include "service/storage/invoice_repository.hpp"
#include "tests/support/contract_signing.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/pdf_text.hpp"
#include "tests/support/refusal.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/staff_client.hpp"
#include "tests/support/test_clock.hpp"
#include "tests/support/test_database.hpp"

using namespace formations;
using nlohmann::json;
using testing::http_request;
using testing::post_json;
using testing::ServerProcess;
using testing::TestDatabase;

namespace {

json self_funded(long long session, const std::string& email) {
    return {{"session_id", session},
            {"trainee",
             {{"first_name", "Zoé"},
              {"last_name", "Lefèvre"},
              {"email", email},
              {"address", "12 rue des Œillets\n44000 Nantes"}}},
            {"funding", "self"}};
}

json employed(long long session, const std::string& email, const std::string& siret) {
    return {{"session_id", session},
            {"trainee", {{"first_name", "Léo"}, {"last_name", "Garnier"}, {"email", email}}},
            {"funding", "employer"},
            {"employer",
             {{"siret", siret},
              {"name", "Société Fictive Œuvre & Cie"},
              {"address", "3 place Inventée\n33000 Bordeaux"}}}};
}

std::string number(const std::string& prefix, int sequence) {
    return invoices::format_number(prefix, testing::today().year(), sequence);
}

json first_document(const testing::HttpResponse& response) {
    return response.json()["invoices"].at(0);
}

}  // namespace

TEST_CASE("concurrent registrations on two servers take invoice numbers 1..N without gaps") {
    TestDatabase db;
    auto big = db.add_session(30), small = db.add_session(5);
    ServerProcess first(db.url()), second(db.url());
    constexpr int count = 40;
    std::vector<testing::HttpResponse> responses(count);
    std::latch start(count);
    std::vector<std::thread> threads;
    for (int i = 0; i < count; ++i) {
        threads.emplace_back([&, i] {
            start.arrive_and_wait();
            auto port = i % 2 ? first.port() : second.port();
            // The seat, then the signature that invoices it (both racing on both processes).
            responses[i] = testing::register_and_sign(
                port, self_funded(i % 3 ? big : small, "n" + std::to_string(i) + "@exemple.fr"));
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    std::set<std::string> numbers;
    int confirmed = 0;
    for (const auto& response : responses) {
        REQUIRE(response.status == 201);
        auto body = response.json();
        if (body["status"] == "confirmed") {
            ++confirmed;
            REQUIRE(body["invoices"].size() == 1);
            numbers.insert(body["invoices"][0]["number"].get<std::string>());
        } else {
            CHECK(body["invoices"].empty());  // the waiting list is not invoiced
        }
    }
    std::set<std::string> expected;
    for (int i = 1; i <= confirmed; ++i) {
        expected.insert(number("FA", i));
    }
    CHECK(numbers == expected);
    CHECK(db.count("SELECT count(*) FROM invoices") == confirmed);

    SUBCASE("concurrent cancellations take credit note numbers 1..M, then acceptances invoice") {
        std::vector<std::string> tokens;
        for (const auto& response : responses) {
            auto body = response.json();
            if (body["status"] == "confirmed" && body["session"]["id"] == small) {
                tokens.push_back(body["token"]);
            }
        }
        REQUIRE(tokens.size() == 5);
        std::vector<std::thread> cancellers;
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            cancellers.emplace_back([&, i] {
                auto port = i % 2 ? first.port() : second.port();
                CHECK(http_request(port, "POST", "/api/v1/registrations/" + tokens[i] + "/cancel")
                          .status == 200);
            });
        }
        for (auto& thread : cancellers) {
            thread.join();
        }
        CHECK(db.count("SELECT count(*) FROM invoices WHERE kind = 'credit_note'") == 5);
        CHECK(db.count("SELECT max(sequence) FROM invoices WHERE series = 'AV'") == 5);
        // The freed seats are offered; those who accept at once and sign, on both processes,
        // are invoiced, numbers still gapless.
        std::vector<std::string> offered;
        soci::rowset<std::string> rows =
            db.sql().prepare << "SELECT token FROM registrations WHERE status = 'offered'";
        for (const auto& token : rows) {
            offered.push_back(token);
        }
        CHECK(offered.size() == 5);
        std::vector<std::thread> accepters;
        for (std::size_t i = 0; i < offered.size(); ++i) {
            accepters.emplace_back([&, i] {
                auto port = i % 2 ? first.port() : second.port();
                CHECK(http_request(port, "POST",
                                   "/api/v1/registrations/" + offered[i] + "/offer/accept")
                          .status == 200);
                CHECK(testing::sign_contract(port, offered[i]).status == 201);
            });
        }
        for (auto& thread : accepters) {
            thread.join();
        }
        CHECK(db.count("SELECT count(*) FROM registrations WHERE status = 'offered'") == 0);
        auto invoices = db.count("SELECT count(*) FROM invoices WHERE kind = 'invoice'");
        CHECK(db.count("SELECT max(sequence) FROM invoices WHERE series = 'FA'") == invoices);
        CHECK(db.count("SELECT count(*) FROM registrations r WHERE status = 'confirmed' AND NOT"
                       " EXISTS (SELECT 1 FROM invoices i WHERE i.registration_id = r.id AND"
                       " i.kind = 'invoice' AND NOT EXISTS (SELECT 1 FROM invoices c WHERE"
                       " c.corrects_invoice_id = i.id))") == 0);
    }
}

TEST_CASE("a transaction that fails after taking a number leaves no gap") {
    TestDatabase db;
    auto session = db.add_session(5);
    ServerProcess server(db.url());
    auto made = testing::register_and_sign(server.port(), self_funded(session, "a@x.fr"));
    REQUIRE(made.status == 201);
    CHECK(first_document(made)["number"] == number("FA", 1));

    storage::Database database(db.url(), 1);
    auto failed = database.transact([&](soci::session& sql) -> Result<Done> {
        CHECK(storage::take_number(sql, "FA", testing::today()).sequence == 2);
        return Error::internal("something failed after the number was taken");
    });
    CHECK_FALSE(failed.ok());

    auto next = testing::register_and_sign(server.port(), self_funded(session, "b@x.fr"));
    CHECK(first_document(next)["number"] == number("FA", 2));
}

TEST_CASE("an invoice is dated under its series' lock: across midnight, numbers follow dates") {
    TestDatabase db;
    auto early = db.add_session_on("2027-09-13", 5), late = db.add_session_on("2027-09-20", 5);
    db.sql() << "INSERT INTO invoice_series (series) VALUES ('FA')";
    // Two seconds before midnight in Paris; the server's clock runs on from there.
    auto started = std::chrono::steady_clock::now();
    ServerProcess server(db.url(), {{"FORMATIONS_CLOCK", "2027-06-30T23:59:58+02:00"}});
    auto server_ready = std::chrono::steady_clock::now();

    // This test holds the first session's row (from db.sql()) and the invoice series (from a
    // second connection): each request reads the clock, then waits for one of them.
    auto series_holder = storage::open_session(db.url());
    soci::transaction holding_session(db.sql());
    db.sql() << "SELECT id FROM sessions WHERE id = " + std::to_string(early) + " FOR UPDATE";
    soci::transaction holding_series(*series_holder);
    *series_holder << "SELECT series FROM invoice_series WHERE series = 'FA' FOR UPDATE";

    // Before midnight (the server started less than two seconds ago): it waits for the session.
    REQUIRE(std::chrono::steady_clock::now() - started < std::chrono::milliseconds(1500));
    testing::HttpResponse before_midnight, after_midnight;
    std::thread first([&] {
        before_midnight = post_json(server.port(), "/api/v1/registrations",
                                    employed(early, "a@x.fr", "99900000300007"));
    });
    db.wait_for_lock_waiters(1);
    // Once the server's clock has passed midnight, another registration waits for the series.
    std::this_thread::sleep_until(server_ready + std::chrono::milliseconds(2100));
    std::thread second([&] {
        after_midnight = post_json(server.port(), "/api/v1/registrations",
                                   employed(late, "b@x.fr", "99900000300007"));
    });
    db.wait_for_lock_waiters(2);

    // The series first: the registration made after midnight takes number 1.
    holding_series.commit();
    second.join();
    REQUIRE(after_midnight.status == 201);
    CHECK(first_document(after_midnight)["number"] == "FA-2027-00001");
    CHECK(first_document(after_midnight)["issued_on"] == "2027-07-01");
    // Then the session: the registration that read the clock before midnight takes number 2,
    // and its date is read once it holds the series: 1 July, not 30 June.
    holding_session.commit();
    first.join();
    REQUIRE(before_midnight.status == 201);
    CHECK(first_document(before_midnight)["number"] == "FA-2027-00002");
    CHECK(first_document(before_midnight)["issued_on"] == "2027-07-01");
    CHECK(db.count("SELECT count(*) FROM invoices a JOIN invoices b ON a.series = b.series"
                   " AND a.year = b.year AND a.sequence < b.sequence"
                   " WHERE a.issued_on > b.issued_on") == 0);
}

TEST_CASE("a document is never dated before the latest of its series, whatever a clock says") {
    TestDatabase db;
    auto session = db.add_session_on("2027-09-13", 5);
    // Another process, its clock a day ahead, issued the series' latest document on 1 July.
    db.sql() << "INSERT INTO invoice_series (series, last_issued_on) VALUES ('FA', '2027-07-01')";
    ServerProcess server(db.url(), {{"FORMATIONS_CLOCK", "2027-06-30T12:00:00+02:00"}});
    auto made = testing::register_and_sign(server.port(), self_funded(session, "c@x.fr"));
    REQUIRE(made.status == 201);
    CHECK(first_document(made)["issued_on"] == "2027-07-01");
    CHECK(db.count("SELECT count(*) FROM invoice_series WHERE series = 'FA'"
                   " AND last_issued_on = '2027-07-01'") == 1);
}

TEST_CASE("a series dated later while a registration waits for it: the invoice takes its date") {
    TestDatabase db;
    auto session = db.add_session_on("2027-09-13", 5);
    db.sql() << "INSERT INTO invoice_series (series) VALUES ('FA')";
    ServerProcess server(db.url(), {{"FORMATIONS_CLOCK", "2027-06-30T12:00:00+02:00"}});

    // The registration reads the series (not dated yet), stores its seat, then waits for the
    // series' lock, held here while another process's document is dated 1 July.
    soci::transaction holding_series(db.sql());
    db.sql() << "SELECT series FROM invoice_series WHERE series = 'FA' FOR UPDATE";
    testing::HttpResponse made;
    std::thread registering([&] {
        made = post_json(server.port(), "/api/v1/registrations",
                         employed(session, "d@x.fr", "99900000300007"));
    });
    db.wait_for_lock_waiters(1);
    db.sql() << "UPDATE invoice_series SET last_issued_on = '2027-07-01' WHERE series = 'FA'";
    holding_series.commit();
    registering.join();

    // Checked again under the lock: decided again with the series' date, never 30 June.
    REQUIRE(made.status == 201);
    CHECK(first_document(made)["issued_on"] == "2027-07-01");
    CHECK(first_document(made)["number"] == "FA-2027-00001");
    CHECK(db.count("SELECT count(*) FROM registrations") == 1);
    CHECK(db.count("SELECT count(*) FROM invoices WHERE issued_on = '2027-07-01'") == 1);
}

TEST_CASE("the buyer, amount and due date follow the funding") {
    TestDatabase db(true, true);
    auto session = db.add_session(10, 40);
    ServerProcess server(db.url());
    auto today = testing::today();

    auto self =
        first_document(testing::register_and_sign(server.port(), self_funded(session, "s@x.fr")));
    CHECK(self["total_cents"] == 30000);
    CHECK(self["payer"] == "trainee");
    CHECK(self["buyer_name"] == "Zoé Lefèvre");
    CHECK(self["status"] == "unpaid");
    // Nothing due before the withdrawal period ends nor before the course ends (day 41).
    CHECK(self["due_on"] ==
          boost::gregorian::to_iso_extended_string(today + boost::gregorian::days(41)));
    // Signed today: 30 % the day after the 10-day period, the rest on the course's two days.
    CHECK(
        self["instalments"] ==
        json::array({{{"due_on", testing::day(11)}, {"amount_cents", 9000}, {"paid_cents", 0}},
                     {{"due_on", testing::day(40)}, {"amount_cents", 10500}, {"paid_cents", 0}},
                     {{"due_on", testing::day(41)}, {"amount_cents", 10500}, {"paid_cents", 0}}}));

    auto member = first_document(post_json(server.port(), "/api/v1/registrations",
                                           employed(session, "m@x.fr", "99900000100001")));
    CHECK(member["total_cents"] == 50000);
    CHECK(member["payer"] == "employer");
    CHECK(member["instalments"].empty());
    CHECK(member["due_on"] ==
          boost::gregorian::to_iso_extended_string(today + boost::gregorian::days(30)));
    auto outsider = first_document(post_json(server.port(), "/api/v1/registrations",
                                             employed(session, "o@x.fr", "73282932000074")));
    CHECK(outsider["total_cents"] == 70000);
}

TEST_CASE("cancelling issues one credit note that names the invoice; never twice") {
    TestDatabase db;
    auto session = db.add_session(5);
    ServerProcess server(db.url());
    auto made = testing::register_and_sign(server.port(), self_funded(session, "c@x.fr"));
    std::string token = made.json()["token"];
    auto cancel = http_request(server.port(), "POST", "/api/v1/registrations/" + token + "/cancel");
    REQUIRE(cancel.status == 200);
    auto documents = cancel.json()["invoices"];
    REQUIRE(documents.size() == 2);
    CHECK(documents[0]["status"] == "credited");
    CHECK(documents[0]["amount_due_cents"] == 0);
    CHECK(documents[1]["kind"] == "credit_note");
    CHECK(documents[1]["number"] == number("AV", 1));
    CHECK(documents[1]["total_cents"] == -30000);
    CHECK(documents[1]["corrects"] == number("FA", 1));

    auto again = http_request(server.port(), "POST", "/api/v1/registrations/" + token + "/cancel");
    CHECK(again.status == 409);
    CHECK(db.count("SELECT count(*) FROM invoices WHERE kind = 'credit_note'") == 1);

    SUBCASE("a course's cancellation fee is kept once the withdrawal period is over") {
        db.sql() << "UPDATE courses SET cancellation_fee_cents = 5000";
        auto other = testing::register_and_sign(server.port(), self_funded(session, "d@x.fr"));
        std::string other_token = other.json()["token"];
        // Within the 10 days after signing, cancelling is withdrawing and keeps nothing
        // (cancel_preview_test); the day after, the fee applies.
        ServerProcess later(db.url(), {{"FORMATIONS_CLOCK", testing::noon(11)}});
        auto cancelled =
            http_request(later.port(), "POST", "/api/v1/registrations/" + other_token + "/cancel")
                .json()["invoices"];
        CHECK(cancelled[1]["total_cents"] == -25000);
        CHECK(cancelled[0]["status"] == "unpaid");
        CHECK(cancelled[0]["amount_due_cents"] == 5000);
    }
}

TEST_CASE("payments move an invoice from unpaid to partially paid to paid; overpaying is refused") {
    TestDatabase db;
    auto session = db.add_session(5);
    ServerProcess server(db.url());
    auto made = testing::register_and_sign(server.port(), self_funded(session, "p@x.fr"));
    std::string invoice = first_document(made)["number"];
    storage::Database database(db.url(), 1);
    auto today = testing::today();
    auto pay = [&](long long cents) {
        return app::record_payment(database, testing::test_clock(), invoice,
                                   {cents, today, "transfer", "VIR 42"}, "test");
    };

    auto partial = pay(10000);
    REQUIRE(partial.ok());
    CHECK(partial->settlement.status == invoices::PaymentStatus::partially_paid);
    CHECK(partial->settlement.amount_due == pricing::Money::euros(200));
    auto too_much = pay(20001);
    REQUIRE_FALSE(too_much.ok());
    CHECK(too_much.error().code == "overpayment");
    auto rest = pay(20000);
    REQUIRE(rest.ok());
    CHECK(rest->settlement.status == invoices::PaymentStatus::paid);
    CHECK(db.count("SELECT sum(amount_cents) FROM payments") == 30000);
    CHECK_FALSE(app::record_payment(database, testing::test_clock(), invoice,
                                    {100, today, "bitcoin", {}}, "t")
                    .ok());

    SUBCASE("a paid invoice that is cancelled shows the refund due") {
        std::string token = made.json()["token"];
        auto cancelled =
            http_request(server.port(), "POST", "/api/v1/registrations/" + token + "/cancel");
        auto documents = cancelled.json()["invoices"];
        CHECK(documents[0]["status"] == "credited");
        CHECK(documents[0]["refund_due_cents"] == 30000);
    }
}

TEST_CASE("the invoice PDF states every mandatory mention and never changes once sent") {
    TestDatabase db(true, true);
    auto session = db.add_session(5, 40);
    ServerProcess server(db.url());
    auto made = post_json(server.port(), "/api/v1/registrations",
                          employed(session, "pdf@x.fr", "99900000300007"));
    auto document = first_document(made);
    std::string url = document["download_url"];
    auto pdf = http_request(server.port(), "GET", url);
    REQUIRE(pdf.status == 200);
    CHECK(pdf.header("content-type") == "application/pdf");
    REQUIRE(pdf.body.starts_with("%PDF-"));

    auto text = testing::pdf_text(pdf.body, "billing-test-invoice");
    std::string invoice_number = document["number"];
    for (std::string expected :
         {invoice_number, std::string("Société Fictive Œuvre & Cie"), std::string("Créer sa CAE"),
          std::string("700,00 €"), std::string("Exonération de TVA"), std::string("40 €"),
          std::string("trois fois le taux d'intérêt légal"), std::string("99900000300007")}) {
        CHECK_MESSAGE(text.find(expected) != std::string::npos, expected);
    }
    auto due = boost::gregorian::from_simple_string(document["due_on"].get<std::string>());
    char due_fr[32];
    std::snprintf(due_fr, sizeof due_fr, "%02d/%02d/%04d", static_cast<int>(due.day()),
                  static_cast<int>(due.month()), static_cast<int>(due.year()));
    CHECK(text.find(due_fr) != std::string::npos);

    auto again = http_request(server.port(), "GET", url);
    CHECK(again.body == pdf.body);

    auto wrong_token = url.substr(0, url.find("token=") + 6) + std::string(43, 'A');
    CHECK(http_request(server.port(), "GET", wrong_token).status == 404);
    // Without the trainee's token, only staff (401 without a login).
    CHECK(http_request(server.port(), "GET", url.substr(0, url.find('?'))).status == 401);
}

TEST_CASE("an issued invoice cannot be updated or deleted in the database") {
    TestDatabase db;
    auto session = db.add_session(5);
    ServerProcess server(db.url());
    testing::register_and_sign(server.port(), self_funded(session, "i@x.fr"));
    // Refused by the triggers of migration 000003 (forbid_change): SQLSTATE 42501
    // (insufficient_privilege), raised by a function, so no constraint is named.
    for (const char* statement :
         {"UPDATE invoices SET total_cents = 1", "UPDATE invoices SET snapshot = '{}'",
          "DELETE FROM invoices", "TRUNCATE invoices CASCADE"}) {
        CHECK_MESSAGE(testing::refusal(db.sql(), statement) == "42501", statement);
    }
    CHECK(db.count("SELECT count(*) FROM invoices") == 1);
}

TEST_CASE("a payment is refused when it is not one: amount, method, date, document, overpaying") {
    TestDatabase db;
    auto session = db.add_session(5);
    ServerProcess server(db.url());
    auto made = testing::register_and_sign(server.port(), self_funded(session, "v@x.fr"));
    std::string invoice = first_document(made)["number"];
    std::string token = made.json()["token"];
    auto accountant =
        testing::staff_token(db.url(), server.port(), "compta@x.fr", app::Role::accountant);
    auto pay = [&](const std::string& number, const json& body) {
        auto headers = testing::bearer(accountant);
        headers["Content-Type"] = "application/json";
        auto response =
            http_request(server.port(), "POST", "/api/v1/invoices/" + number + "/payments",
                         body.dump(), headers);
        if (response.status == 201) {
            return std::string("201");
        }
        auto error = response.json()["error"];
        return std::to_string(response.status) + " " + error["code"].get<std::string>() + " @ " +
               (error["field"].is_null() ? "" : error["field"].get<std::string>());
    };
    auto payment = [](json amount, const std::string& paid_on, const std::string& method) {
        return json{{"amount_cents", amount}, {"paid_on", paid_on}, {"method", method}};
    };
    auto today = testing::day(0), tomorrow = testing::day(1), yesterday = testing::day(-1);

    CHECK(pay(invoice, payment(0, today, "transfer")) == "400 invalid_amount @ amount_cents");
    CHECK(pay(invoice, payment(-100, today, "transfer")) == "400 invalid_amount @ amount_cents");
    CHECK(pay(invoice, payment("100", today, "transfer")) == "400 invalid_type @ amount_cents");
    CHECK(pay(invoice, payment(100.5, today, "transfer")) == "400 invalid_type @ amount_cents");
    CHECK(pay(invoice, payment(100, today, "bitcoin")) == "400 invalid_payment_method @ method");
    CHECK(pay(invoice, payment(100, tomorrow, "transfer")) == "400 payment_in_future @ paid_on");
    CHECK(pay(invoice, payment(100, yesterday, "transfer")) ==
          "400 payment_before_invoice @ paid_on");
    CHECK(pay(invoice, payment(100, "2026-13-01", "transfer")) == "400 invalid_date @ paid_on");
    CHECK(pay(invoice, {{"amount_cents", 100}, {"method", "cheque"}}) == "400 required @ paid_on");
    CHECK(pay(invoice, {{"amount_cents", 100},
                        {"paid_on", today},
                        {"method", "cheque"},
                        {"payer", "quelqu'un"}}) == "400 unknown_field @ payer");
    CHECK(pay(invoice, payment(30001, today, "transfer")) == "409 overpayment @ amount_cents");
    CHECK(pay("FA-1999-00001", payment(100, today, "transfer")) == "404 invoice_not_found @ ");
    CHECK(db.count("SELECT count(*) FROM payments") == 0);

    CHECK(pay(invoice, payment(30000, today, "funding_body")) == "201");
    // The credit note of the cancellation is not something one pays.
    http_request(server.port(), "POST", "/api/v1/registrations/" + token + "/cancel");
    CHECK(pay(number("AV", 1), payment(100, today, "transfer")) == "409 not_an_invoice @ ");
    CHECK(db.count("SELECT count(*) FROM payments") == 1);
}

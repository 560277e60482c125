// E-mail through the transactional outbox, against a real SMTP server (tests/support/smtp_sink.py,
// aiosmtpd) and the real `formations serve`: what each state change tells whom, with which
// documents; the lost-link form and its limits; exactly one delivery with several processes, after
// temporary refusals, dropped connections and kill -9; permanent refusals marked failed and resent
// by staff; header injection; accented domains and long names; reminders on a pinned clock.

#include <libical/ical.h>
#include <chrono>
#include <map>
#include <regex>
#include <set>
#include <thread>

#include <doctest/doctest.h>
#include <boost/date_time/gregorian/gregorian.hpp>

#include "invoices/french_format.hpp"
#include "service/domain/iso8601.hpp"
#include "service/domain/time_zone.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/pdf_text.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/smtp_sink.hpp"
#include "tests/support/staff_client.hpp"
#include "tests/support/test_clock.hpp"
#include "tests/support/test_database.hpp"

using namespace formations;
using nlohmann::json;
using testing::bearer;
using testing::header;
using testing::http_request;
using testing::part;
using testing::post_json;
using testing::SmtpSink;

namespace {

using Environment = std::map<std::string, std::string>;

Environment mail_environment(const SmtpSink& sink, Environment extra = {}) {
    Environment environment{
        {"FORMATIONS_SMTP_URL", sink.url()},
        {"FORMATIONS_MAIL_FROM", "Coopérer pour Entreprendre <formation@cpe.test>"},
        {"FORMATIONS_MAIL_REPLY_TO", "Accueil formation <contact@cpe.test>"},
        {"FORMATIONS_PUBLIC_URL", "https://formations.test/"},
        {"FORMATIONS_MAIL_POLL_SECONDS", "1"},
        {"FORMATIONS_MAIL_RETRY_SECONDS", "1"},
        {"FORMATIONS_SCHEDULER_SECONDS", "1"},
    };
    for (auto& [name, value] : extra) {
        environment[name] = value;
    }
    return environment;
}

// The test clock's start moved by `days`: a server "living" that many days later.
[[maybe_unused]] std::string clock_in(int days) {
    return format_instant(*testing::test_clock().pinned_start() + std::chrono::hours(24 * days));
}

json register_self(int port, long long session, const std::string& first, const std::string& last,
                   const std::string& email) {
    auto response = post_json(port, "/api/v1/registrations",
                              {{"session_id", session},
                               {"funding", "self"},
                               {"trainee",
                                {{"first_name", first},
                                 {"last_name", last},
                                 {"email", email},
                                 {"address", "12 rue des Œillets, 44000 Nantes"}}}});
    REQUIRE_MESSAGE(response.status == 201, response.body);
    return response.json();
}

std::string text_of(const json& message) {
    auto plain = part(message, "text/plain");
    REQUIRE(!plain.is_null());
    return plain["text"].get<std::string>();
}

std::vector<json> to(const std::vector<json>& messages, const std::string& address) {
    std::vector<json> found;
    for (const auto& message : messages) {
        if (message["rcpt_tos"] == json::array({address})) {
            found.push_back(message);
        }
    }
    return found;
}

std::vector<std::string> subjects_to(const std::vector<json>& messages,
                                     const std::string& address) {
    std::vector<std::string> subjects;
    for (const auto& message : to(messages, address)) {
        subjects.push_back(header(message, "subject"));
    }
    std::sort(subjects.begin(), subjects.end());
    return subjects;
}

bool starts(const std::string& text, const std::string& prefix) {
    return text.rfind(prefix, 0) == 0;
}

std::vector<std::string> attachments_of(const json& message) {
    std::vector<std::string> names;
    for (const auto& entry : message["parts"]) {
        if (entry.contains("filename") && !entry["filename"].is_null()) {
            names.push_back(entry["filename"]);
        }
    }
    return names;
}

// Polls `condition` every 100 ms for up to a minute.
template <typename Condition>
bool eventually(Condition condition, std::chrono::seconds timeout = std::chrono::seconds(60)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return true;
}

// What libical reads back from an .ics file.
struct Calendar {
    std::string method;
    int errors = 0;      // X-LIC-ERROR properties: what libical could not parse
    bool valid = false;  // iTIP restrictions for its METHOD (RFC 5546)
    struct Event {
        std::string uid, summary, location, status;
        Instant start, end;
        int sequence = 0;
    };
    std::vector<Event> events;
};

Calendar parse_calendar(const std::string& text) {
    Calendar calendar;
    icalcomponent* root = icalparser_parse_string(text.c_str());
    REQUIRE(root != nullptr);
    calendar.method = icalproperty_method_to_string(icalcomponent_get_method(root));
    calendar.valid = icalrestriction_check(root) == 1;
    for (auto* c = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT); c != nullptr;
         c = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT)) {
        for (auto* p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY); p != nullptr;
             p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY)) {
            ++calendar.errors;
        }
        auto* utc = icaltimezone_get_utc_timezone();
        Calendar::Event event;
        event.uid = icalcomponent_get_uid(c);
        event.summary = icalcomponent_get_summary(c);
        event.location = icalcomponent_get_location(c);
        event.status = icalproperty_status_to_string(icalcomponent_get_status(c));
        event.start = std::chrono::system_clock::from_time_t(
            icaltime_as_timet_with_zone(icalcomponent_get_dtstart(c), utc));
        event.end = std::chrono::system_clock::from_time_t(
            icaltime_as_timet_with_zone(icalcomponent_get_dtend(c), utc));
        event.sequence = icalcomponent_get_sequence(c);
        calendar.events.push_back(event);
    }
    icalcomponent_free(root);
    return calendar;
}

json api(int port, const std::string& method, const std::string& path, const std::string& token,
         const json& body = nullptr) {
    auto headers = bearer(token);
    if (!body.is_null()) {
        headers["Content-Type"] = "application/json";
    }
    auto response = http_request(port, method, path, body.is_null() ? "" : body.dump(), headers);
    INFO(method << " " << path << ": " << response.body);
    REQUIRE(response.status < 300);
    return response.json();
}

}  // namespace

TEST_CASE("the confirmation arrives with its invoice PDF, a valid .ics and the personal link") {
    testing::TestDatabase db;
    SmtpSink sink;
    testing::ServerProcess server(db.url(), mail_environment(sink));
    auto session = db.add_session(5, 30);
    auto registration =
        register_self(server.port(), session, "Zoé", "Lefèvre", "zoe.lefevre@example.org");
    std::string token = registration["token"];
    std::string number = registration["invoices"][0]["number"];

    auto messages = sink.wait_for(1);
    REQUIRE(messages.size() == 1);
    const auto& message = messages[0];
    CHECK(message["mail_from"] == "formation@cpe.test");
    CHECK(message["rcpt_tos"] == json::array({"zoe.lefevre@example.org"}));
    CHECK(message["defects"].empty());
    CHECK(header(message, "from") == "Coopérer pour Entreprendre <formation@cpe.test>");
    CHECK(header(message, "reply-to") == "Accueil formation <contact@cpe.test>");
    CHECK(header(message, "to") == "Zoé Lefèvre <zoe.lefevre@example.org>");
    CHECK(header(message, "auto-submitted") == "auto-generated");
    auto starts_on = testing::today() + boost::gregorian::days(30);
    CHECK(header(message, "subject") ==
          "Inscription confirmée – Créer sa CAE, " +
              invoices::format_period_fr(starts_on, starts_on + boost::gregorian::days(1)));
    auto message_id = header(message, "message-id");
    CHECK(std::regex_match(message_id, std::regex(R"(<\d+\.[A-Za-z0-9_-]{24}@cpe\.test>)")));

    auto text = text_of(message);
    CHECK(text.find("Bonjour Zoé Lefèvre,") != std::string::npos);
    CHECK(text.find("https://formations.test/mon-inscription.html#" + token) != std::string::npos);
    CHECK(text.find("Horaires : 9h00–12h30 et 13h30–17h00, chaque jour") != std::string::npos);
    CHECK(text.find("Lieu : Salle d'essai, Paris") != std::string::npos);
    CHECK(text.find("Votre facture " + number + " (300,00 €, net de taxe)") != std::string::npos);
    CHECK(text.find("délai de rétractation de 10 jours") != std::string::npos);
    auto html = part(message, "text/html")["text"].get<std::string>();
    CHECK(html.find("href=\"https://formations.test/mon-inscription.html#" + token + "\"") !=
          std::string::npos);
    CHECK(html.find("Salle d&#39;essai, Paris") != std::string::npos);

    // The invoice as stored (the same bytes the trainee downloads), its text checked.
    auto pdf = part(message, "application/pdf");
    REQUIRE(!pdf.is_null());
    CHECK(pdf["filename"] == number + ".pdf");
    CHECK(pdf["encoding"] == "base64");
    auto bytes = testing::attachment_bytes(pdf);
    auto download =
        http_request(server.port(), "GET", "/api/v1/invoices/" + number + ".pdf?token=" + token);
    CHECK(download.body == bytes);
    auto pdf_text = testing::pdf_text(bytes, "mail-confirmation-invoice");
    CHECK(pdf_text.find(number) != std::string::npos);
    CHECK(pdf_text.find("Zoé Lefèvre") != std::string::npos);
    CHECK(pdf_text.find("300,00") != std::string::npos);

    // The .ics: two days, 9:00 to 17:00 Paris time, read back by libical.
    auto ics = part(message, "text/calendar");
    REQUIRE(!ics.is_null());
    CHECK(ics["filename"] == "formation.ics");
    auto calendar = parse_calendar(testing::attachment_bytes(ics));
    CHECK(calendar.method == "PUBLISH");
    CHECK(calendar.valid);
    CHECK(calendar.errors == 0);
    REQUIRE(calendar.events.size() == 2);
    CHECK(calendar.events[0].start == local_instant(starts_on, 9, 0));
    CHECK(calendar.events[0].end == local_instant(starts_on, 17, 0));
    CHECK(calendar.events[1].start == local_instant(starts_on + boost::gregorian::days(1), 9, 0));
    CHECK(calendar.events[0].location == "Salle d'essai, Paris");
    CHECK(calendar.events[0].summary == "Formation « Créer sa CAE »");
    CHECK(calendar.events[0].uid != calendar.events[1].uid);

    // The trainee's view says it was sent.
    CHECK(eventually([&] {
        auto view = http_request(server.port(), "GET", "/api/v1/registrations/" + token).json();
        return view["messages"].size() == 1 && view["messages"][0]["status"] == "sent";
    }));
    auto view = http_request(server.port(), "GET", "/api/v1/registrations/" + token).json();
    CHECK(view["messages"][0]["kind"] == "registration_confirmed");
}

TEST_CASE(
    "waiting list, promotion and cancellation: each person hears their news, with the "
    "right document") {
    testing::TestDatabase db;
    SmtpSink sink;
    testing::ServerProcess server(db.url(), mail_environment(sink));
    auto session = db.add_session(1, 30);
    auto first = register_self(server.port(), session, "Anne", "Premier", "anne@example.org");
    auto second = register_self(server.port(), session, "Bruno", "Second", "bruno@example.org");
    CHECK(second["status"] == "waitlisted");

    auto messages = sink.wait_for(2);
    auto waiting = to(messages, "bruno@example.org");
    REQUIRE(waiting.size() == 1);
    CHECK(starts(header(waiting[0], "subject"), "Liste d'attente – Créer sa CAE"));
    CHECK(text_of(waiting[0]).find("Votre position : 1.") != std::string::npos);
    CHECK(attachments_of(waiting[0]).empty());

    auto cancelled = post_json(
        server.port(), "/api/v1/registrations/" + first["token"].get<std::string>() + "/cancel",
        json::object());
    REQUIRE(cancelled.status == 200);
    std::string credit_note = cancelled.json()["invoices"][1]["number"];
    messages = sink.wait_for(4);
    REQUIRE(messages.size() == 4);

    auto anne = to(messages, "anne@example.org");
    REQUIRE(anne.size() == 2);
    const auto& cancellation =
        starts(header(anne[0], "subject"), "Inscription annulée") ? anne[0] : anne[1];
    CHECK(starts(header(cancellation, "subject"), "Inscription annulée – Créer sa CAE"));
    auto credit_pdf = part(cancellation, "application/pdf");
    REQUIRE(!credit_pdf.is_null());
    CHECK(credit_pdf["filename"] == credit_note + ".pdf");
    auto credit_text = testing::pdf_text(testing::attachment_bytes(credit_pdf), "mail-credit-note");
    CHECK(credit_text.find(credit_note) != std::string::npos);
    CHECK(credit_text.find(first["invoices"][0]["number"].get<std::string>()) != std::string::npos);
    auto removal = parse_calendar(testing::attachment_bytes(part(cancellation, "text/calendar")));
    CHECK(removal.method == "CANCEL");
    CHECK(removal.events.size() == 2);
    CHECK(removal.events[0].status == "CANCELLED");

    auto bruno = to(messages, "bruno@example.org");
    REQUIRE(bruno.size() == 2);
    const auto& promotion = starts(header(bruno[0], "subject"), "Une place") ? bruno[0] : bruno[1];
    CHECK(starts(header(promotion, "subject"), "Une place vous est attribuée – Créer sa CAE"));
    auto promoted = http_request(server.port(), "GET",
                                 "/api/v1/registrations/" + second["token"].get<std::string>())
                        .json();
    std::string invoice = promoted["invoices"][0]["number"];
    CHECK(attachments_of(promotion) == std::vector<std::string>{invoice + ".pdf", "formation.ics"});
    CHECK(testing::pdf_text(testing::attachment_bytes(part(promotion, "application/pdf")),
                            "mail-promotion-invoice")
              .find("Bruno Second") != std::string::npos);
}

TEST_CASE("staff actions tell each person concerned, and only them") {
    testing::TestDatabase db;
    SmtpSink sink;
    testing::ServerProcess server(db.url(), mail_environment(sink));
    auto staff = testing::staff_token(db.url(), server.port(), "equipe@cpe.test", app::Role::staff);
    auto accountant =
        testing::staff_token(db.url(), server.port(), "compta@cpe.test", app::Role::accountant);
    auto s = db.add_session(1, 30);
    auto t = db.add_session(5, 40);
    auto a = register_self(server.port(), s, "Anne", "A", "a@example.org");
    register_self(server.port(), s, "Bruno", "B", "b@example.org");
    auto c = register_self(server.port(), s, "Chloé", "C", "c@example.org");
    REQUIRE(post_json(server.port(),
                      "/api/v1/registrations/" + c["token"].get<std::string>() + "/cancel",
                      json::object())
                .status == 200);

    // The place changes: the confirmed and the waiting person hear it, the cancelled one not.
    api(server.port(), "PATCH", "/api/v1/sessions/" + std::to_string(s), staff,
        {{"place", "Maison des coopératives, Lyon"}});
    // On someone's behalf.
    api(server.port(), "POST", "/api/v1/sessions/" + std::to_string(t) + "/registrations", staff,
        {{"funding", "self"},
         {"trainee",
          {{"first_name", "Driss"},
           {"last_name", "D"},
           {"email", "d@example.org"},
           {"address", "1 rue Fictive, 75000 Paris"}}}});
    // A moves to T: her seat on S goes to Bruno.
    api(server.port(), "POST",
        "/api/v1/registrations/" + std::to_string(a["id"].get<long long>()) + "/move", staff,
        {{"session_id", t}});
    // An employer-paid registration, its tier corrected, then paid.
    auto e = post_json(
        server.port(), "/api/v1/registrations",
        {{"session_id", t},
         {"funding", "employer"},
         {"trainee", {{"first_name", "Emma"}, {"last_name", "E"}, {"email", "e@example.org"}}},
         {"employer",
          {{"siret", "73282932000074"},
           {"name", "Coopérative Exemple"},
           {"address", "2 rue Fictive, 69000 Lyon"}}}});
    REQUIRE(e.status == 201);
    auto corrected =
        api(server.port(), "POST",
            "/api/v1/registrations/" + std::to_string(e.json()["id"].get<long long>()) + "/tier",
            staff, {{"tier", "member"}});
    std::string paid_invoice = corrected["invoices"][2]["number"];
    api(server.port(), "POST", "/api/v1/invoices/" + paid_invoice + "/payments", accountant,
        {{"amount_cents", 50000},
         {"paid_on", testing::day(0)},
         {"method", "transfer"},
         {"reference", "VIR 42"}});
    api(server.port(), "POST", "/api/v1/sessions/" + std::to_string(t) + "/cancel", staff,
        json::object());

    auto messages = sink.wait_for(15);
    std::this_thread::sleep_for(std::chrono::seconds(2));  // nothing more may come
    messages = sink.messages();
    CHECK(messages.size() == 15);
    auto subjects = [&](const std::string& address) {
        std::vector<std::string> prefixes;
        for (const auto& subject : subjects_to(messages, address)) {
            prefixes.push_back(subject.substr(0, subject.find(" – ")));
        }
        return prefixes;
    };
    using List = std::vector<std::string>;
    CHECK(subjects("a@example.org") == List{"Inscription confirmée", "Inscription déplacée",
                                            "Session annulée", "Session modifiée"});
    CHECK(subjects("b@example.org") ==
          List{"Liste d'attente", "Session modifiée", "Une place vous est attribuée"});
    CHECK(subjects("c@example.org") == List{"Inscription annulée", "Liste d'attente"});
    CHECK(subjects("d@example.org") == List{"Inscription confirmée", "Session annulée"});
    CHECK(subjects("e@example.org") ==
          List{"Inscription confirmée", "Paiement reçu", "Session annulée", "Tarif corrigé"});

    for (const auto& message : to(messages, "d@example.org")) {
        if (starts(header(message, "subject"), "Inscription confirmée")) {
            CHECK(text_of(message).find("L'équipe de formation vous a inscrit·e") !=
                  std::string::npos);
        }
    }
    for (const auto& message : to(messages, "a@example.org")) {
        auto subject = header(message, "subject");
        if (starts(subject, "Inscription déplacée")) {
            auto names = attachments_of(message);
            REQUIRE(names.size() == 3);  // the credit note, the new invoice, the .ics
            CHECK(starts(names[0], "AV-"));
            CHECK(starts(names[1], "FA-"));
            CHECK(text_of(message).find("de la session du") != std::string::npos);
        }
        if (starts(subject, "Session modifiée")) {
            auto text = text_of(message);
            CHECK(text.find("Avant : ") != std::string::npos);
            CHECK(text.find("Désormais : ") != std::string::npos);
            CHECK(text.find("Maison des coopératives, Lyon") != std::string::npos);
            CHECK(!part(message, "text/calendar").is_null());
        }
    }
    for (const auto& message : to(messages, "b@example.org")) {
        if (starts(header(message, "subject"), "Session modifiée")) {
            CHECK(part(message, "text/calendar").is_null());  // no seat, no calendar entry
            CHECK(text_of(message).find("liste d'attente, en position 1") != std::string::npos);
        }
    }
    for (const auto& message : to(messages, "e@example.org")) {
        auto subject = header(message, "subject");
        if (starts(subject, "Tarif corrigé")) {
            auto names = attachments_of(message);
            REQUIRE(names.size() == 2);
            CHECK(names[1] == paid_invoice + ".pdf");
            CHECK(text_of(message).find("structure sociétaire ou candidate, 500,00 €") !=
                  std::string::npos);
        }
        if (starts(subject, "Paiement reçu")) {
            CHECK(subject == "Paiement reçu – facture " + paid_invoice);
            auto text = text_of(message);
            CHECK(text.find("de Coopérative Exemple de 500,00 € (virement") != std::string::npos);
            CHECK(text.find("entièrement réglée") != std::string::npos);
        }
        if (starts(subject, "Session annulée")) {
            auto names = attachments_of(message);
            REQUIRE(names.size() == 2);  // the credit note and the .ics that removes the days
            CHECK(starts(names[0], "AV-"));
        }
    }

    // Staff see the messages of a session, with their status.
    auto of_s =
        api(server.port(), "GET", "/api/v1/messages?session_id=" + std::to_string(s), staff);
    // A: confirmation, change; B: waiting list, change, promotion; C: waiting list, cancellation.
    CHECK(of_s["total"] == 7);
    CHECK(eventually([&] {
        auto roster =
            api(server.port(), "GET", "/api/v1/sessions/" + std::to_string(s) + "/roster", staff);
        for (const auto& entry : roster["registrations"]) {
            if (entry["trainee"]["email"] == "b@example.org") {
                return entry["messages"] == json{{"pending", 0}, {"sent", 3}, {"failed", 0}};
            }
        }
        return false;
    }));
}

// E-mail through the transactional outbox, against a real SMTP server (tests/support/smtp_sink.py,
// aiosmtpd) and the real `formations serve`: what each state change tells whom, with which
// documents; the lost-link form and its limits; exactly one delivery with several processes, after
// temporary refusals, dropped connections and kill -9; permanent refusals marked failed and resent
// by staff; header injection; accented domains and long names; reminders on a pinned clock.

#include <libical/ical.h>
#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <thread>

#include <doctest/doctest.h>
#include <boost/date_time/gregorian/gregorian.hpp>

#include "invoices/french_format.hpp"
#include "service/domain/iso8601.hpp"
#include "service/domain/time_zone.hpp"
#include "tests/support/contract_signing.hpp"
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

// The test clock's start moved forward: the clock of a server living that much later.
std::string clock_after(std::chrono::seconds later) {
    return format_instant(*testing::test_clock().pinned_start() + later);
}

std::string clock_in_days(int days) {
    return clock_after(std::chrono::hours(24 * days));
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

// A self-funded registration once its trainee signed the contract: its invoice is issued then.
json signed_view(int port, const json& registration) {
    const std::string token = registration["token"];
    REQUIRE(testing::sign_contract(port, token).status == 201);
    return http_request(port, "GET", "/api/v1/registrations/" + token).json();
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

TEST_CASE(
    "the confirmation arrives with a valid .ics and the personal link, the invoice with the "
    "signature") {
    testing::TestDatabase db;
    SmtpSink sink;
    testing::ServerProcess server(db.url(), mail_environment(sink));
    auto session = db.add_session(5, 30);
    auto registration =
        register_self(server.port(), session, "Zoé", "Lefèvre", "zoe.lefevre@example.org");
    std::string token = registration["token"];
    CHECK(registration["invoices"].empty());

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
    CHECK(text.find("Votre facture vous sera adressée à la signature du contrat, avec son "
                    "échéancier.") != std::string::npos);
    CHECK(text.find("délai de rétractation de 10 jours") != std::string::npos);
    auto html = part(message, "text/html")["text"].get<std::string>();
    CHECK(html.find("href=\"https://formations.test/mon-inscription.html#" + token + "\"") !=
          std::string::npos);
    CHECK(html.find("Salle d&#39;essai, Paris") != std::string::npos);
    CHECK(attachments_of(message) ==
          std::vector<std::string>{"programme.pdf", "reglement-interieur.pdf", "formation.ics"});

    // The signature concludes the sale: the invoice, with its échéancier, comes in its own
    // message, as stored (the same bytes the trainee downloads), its text checked.
    REQUIRE(testing::sign_contract(server.port(), token).status == 201);
    auto signed_messages = sink.wait_for(2);
    REQUIRE(signed_messages.size() == 2);
    const auto& signed_message = signed_messages[1];
    CHECK(starts(header(signed_message, "subject"), "Contrat signé, votre facture – Créer sa CAE"));
    auto view = http_request(server.port(), "GET", "/api/v1/registrations/" + token).json();
    REQUIRE(view["invoices"].size() == 1);
    std::string number = view["invoices"][0]["number"];
    auto signed_text = text_of(signed_message);
    CHECK(signed_text.find("Votre facture " + number + " (300,00 €, net de taxe)") !=
          std::string::npos);
    CHECK(signed_text.find("selon l'échéancier qu'elle indique, au plus tard le " +
                           invoices::format_long_date_fr(starts_on + boost::gregorian::days(1))) !=
          std::string::npos);
    auto pdf = part(signed_message, "application/pdf");
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
    CHECK(pdf_text.find("Échéancier : 90,00 € exigibles le " +
                        invoices::format_long_date_fr(
                            testing::today() + boost::gregorian::days(11))) != std::string::npos);

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

    // The trainee's view says they were sent.
    CHECK(eventually([&] {
        view = http_request(server.port(), "GET", "/api/v1/registrations/" + token).json();
        return view["messages"].size() == 2 && view["messages"][0]["status"] == "sent" &&
               view["messages"][1]["status"] == "sent";
    }));
    CHECK(view["messages"][0]["kind"] == "contract_signed");  // the newest first
    CHECK(view["messages"][1]["kind"] == "registration_confirmed");
}

TEST_CASE(
    "waiting list, promotion and cancellation: each person hears their news, with the "
    "right document") {
    testing::TestDatabase db;
    SmtpSink sink;
    testing::ServerProcess server(db.url(), mail_environment(sink));
    auto session = db.add_session(1, 30);
    auto first = register_self(server.port(), session, "Anne", "Premier", "anne@example.org");
    first = signed_view(server.port(), first);  // invoiced
    auto second = register_self(server.port(), session, "Bruno", "Second", "bruno@example.org");
    CHECK(second["status"] == "waitlisted");

    auto messages = sink.wait_for(3);
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
    messages = sink.wait_for(5);
    REQUIRE(messages.size() == 5);

    auto anne = to(messages, "anne@example.org");
    REQUIRE(anne.size() == 3);
    json cancellation;
    for (const auto& message : anne) {
        if (starts(header(message, "subject"), "Inscription annulée")) {
            cancellation = message;
        }
    }
    REQUIRE(!cancellation.is_null());
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

    // Bruno is offered the seat, with its deadline and his link, and nothing to pay yet.
    auto bruno = to(messages, "bruno@example.org");
    REQUIRE(bruno.size() == 2);
    const auto& offer = starts(header(bruno[0], "subject"), "Une place") ? bruno[0] : bruno[1];
    CHECK(starts(header(offer, "subject"), "Une place vous est proposée – Créer sa CAE"));
    CHECK(text_of(offer).find("Elle vous est réservée jusqu'au ") != std::string::npos);
    CHECK(text_of(offer).find("/mon-inscription.html#" + second["token"].get<std::string>()) !=
          std::string::npos);
    CHECK(attachments_of(offer).empty());

    // He accepts: the confirmation carries his invoice and the calendar.
    auto promoted =
        post_json(server.port(),
                  "/api/v1/registrations/" + second["token"].get<std::string>() + "/offer/accept",
                  json::object())
            .json();
    messages = sink.wait_for(6);
    bruno = to(messages, "bruno@example.org");
    REQUIRE(bruno.size() == 3);
    std::vector<json> confirmations;
    for (const auto& message : bruno) {
        if (starts(header(message, "subject"), "Une place vous est attribuée – Créer sa CAE")) {
            confirmations.push_back(message);
        }
    }
    REQUIRE(confirmations.size() == 1);
    const auto& promotion = confirmations[0];
    CHECK(text_of(promotion).find("Vous avez accepté la place") != std::string::npos);
    // Self-funded: no invoice before the contract is signed; the programme and the règlement
    // intérieur the contract refers to (L6353-8).
    CHECK(promoted["invoices"].empty());
    CHECK(text_of(promotion).find("Votre facture vous sera adressée à la signature du contrat") !=
          std::string::npos);
    std::string attached_names;
    for (const auto& name : attachments_of(promotion)) {
        attached_names += name + " ";
    }
    INFO("attachments: ", attached_names);
    CHECK(attachments_of(promotion) ==
          std::vector<std::string>{"programme.pdf", "reglement-interieur.pdf", "formation.ics"});
    for (const auto& attached : promotion["parts"]) {
        if (attached.value("filename", json()) == "reglement-interieur.pdf") {
            auto rules = testing::pdf_text(testing::attachment_bytes(attached), "mail-rules");
            CHECK(rules.find("Règlement intérieur") != std::string::npos);
            CHECK(rules.find("L6352-3") != std::string::npos);
        }
    }
    // He signs: his invoice comes then.
    REQUIRE(testing::sign_contract(server.port(), second["token"]).status == 201);
    messages = sink.wait_for(7);
    bruno = to(messages, "bruno@example.org");
    REQUIRE(bruno.size() == 4);
    CHECK(starts(header(bruno[3], "subject"), "Contrat signé, votre facture"));
    CHECK(testing::pdf_text(testing::attachment_bytes(part(bruno[3], "application/pdf")),
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
    REQUIRE(testing::sign_contract(server.port(), a["token"]).status == 201);  // invoiced
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
    // A moves to T: her seat on S is offered to Bruno.
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

    auto messages = sink.wait_for(16);
    std::this_thread::sleep_for(std::chrono::seconds(2));  // nothing more may come
    messages = sink.messages();
    CHECK(messages.size() == 16);
    auto subjects = [&](const std::string& address) {
        std::vector<std::string> prefixes;
        for (const auto& subject : subjects_to(messages, address)) {
            prefixes.push_back(subject.substr(0, subject.find(" – ")));
        }
        return prefixes;
    };
    using List = std::vector<std::string>;
    CHECK(subjects("a@example.org") == List{"Contrat signé, votre facture", "Inscription confirmée",
                                            "Inscription déplacée", "Session annulée",
                                            "Session modifiée"});
    CHECK(subjects("b@example.org") ==
          List{"Liste d'attente", "Session modifiée", "Une place vous est proposée"});
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
            // The .ics only: the place change had already credited her invoice (her contract
            // was made anew then); the new seat is invoiced when the new contract is signed.
            CHECK(attachments_of(message) == std::vector<std::string>{"formation.ics"});
            CHECK(text_of(message).find("de la session du") != std::string::npos);
        }
        if (starts(subject, "Session modifiée")) {
            // The credit note of the invoice whose échéancier followed the contract made anew.
            auto names = attachments_of(message);
            REQUIRE(names.size() == 2);
            CHECK(starts(names[0], "AV-"));
            CHECK(names[1] == "formation.ics");
            auto text = text_of(message);
            CHECK(text.find("Avant : ") != std::string::npos);
            CHECK(text.find("Désormais : ") != std::string::npos);
            CHECK(text.find("Maison des coopératives, Lyon") != std::string::npos);
            CHECK(!part(message, "text/calendar").is_null());
        }
    }
    for (const auto& message : to(messages, "c@example.org")) {
        CHECK(part(message, "text/calendar").is_null());  // never had a seat
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
    // A: confirmation, contract signed, change; B: waiting list, change, offer; C: waiting list,
    // cancellation.
    CHECK(of_s["total"] == 8);
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

TEST_CASE(
    "lost link: the same answer for any address, the links of a known one, limits per "
    "address and per client") {
    testing::TestDatabase db;
    SmtpSink sink;
    testing::ServerProcess server(
        db.url(), mail_environment(sink, {{"FORMATIONS_LOST_LINKS_PER_HOUR", "10"}}));
    auto first = db.add_session(5, 30);
    auto second = db.add_session(5, 60);
    auto one = register_self(server.port(), first, "Zoé", "Lefèvre", "zoe@example.org");
    auto two = register_self(server.port(), second, "Zoé", "Lefèvre", "zoe@example.org");
    sink.wait_for(2);

    auto ask = [&](const std::string& email,
                   const std::map<std::string, std::string>& headers = {}) {
        return post_json(server.port(), "/api/v1/registrations/lost-link", {{"email", email}},
                         headers);
    };
    auto known = ask("  ZOE@example.org ");
    auto unknown = ask("personne@example.org");
    CHECK(known.status == 202);
    CHECK(unknown.status == 202);
    CHECK(known.body == unknown.body);
    CHECK(known.json()["message"].get<std::string>().find("Si des inscriptions correspondent") ==
          0);

    auto messages = sink.wait_for(3);
    std::this_thread::sleep_for(std::chrono::seconds(2));
    messages = sink.messages();
    REQUIRE(messages.size() == 3);
    const auto& links = messages[2];
    CHECK(links["rcpt_tos"] == json::array({"zoe@example.org"}));
    CHECK(header(links, "subject") == "Vos liens d'inscription");
    auto text = text_of(links);
    for (const auto& registration : {one, two}) {
        CHECK(text.find("https://formations.test/mon-inscription.html#" +
                        registration["token"].get<std::string>()) != std::string::npos);
    }
    CHECK(text.find("place confirmée") != std::string::npos);
    CHECK(db.count("SELECT count(*) FROM outbox_messages WHERE kind = 'lost_link'") == 1);

    // Three requests an hour per address, known or not; then 429 with Retry-After.
    for (const auto& email : {"zoe@example.org", "personne@example.org"}) {
        CHECK(ask(email).status == 202);
        CHECK(ask(email).status == 202);
        auto refused = ask(email);
        CHECK(refused.status == 429);
        CHECK(refused.json()["error"]["code"] == "too_many_requests");
        // When the oldest of the three leaves the hour (the clock runs on meanwhile).
        auto retry_after = std::stoi(refused.header("retry-after"));
        CHECK(retry_after > 3500);
        CHECK(retry_after <= 3600);
    }
    CHECK(ask("pas-une-adresse").json()["error"]["code"] == "invalid_email");

    // Ten an hour per client: nginx's X-Real-IP names it (the peer, 127.0.0.1, is trusted).
    std::map<std::string, std::string> client{{"X-Real-IP", "203.0.113.7"}};
    for (int i = 0; i < 10; ++i) {
        CHECK(ask("visiteur" + std::to_string(i) + "@example.org", client).status == 202);
    }
    CHECK(ask("visiteur10@example.org", client).status == 429);
    CHECK(ask("visiteur10@example.org", {{"X-Real-IP", "203.0.113.8"}}).status == 202);
    // An X-Real-IP that is not an address counts as the peer's.
    CHECK(ask("visiteur11@example.org", {{"X-Real-IP", "203.0.113.7, 10.0.0.1"}}).status == 202);
    // The addresses asked about are counted under their SHA-256 only.
    CHECK(db.count("SELECT count(*) FROM client_requests WHERE scope = 'lost_link_address'") > 0);
    CHECK(db.count("SELECT count(*) FROM client_requests WHERE client LIKE '%@%'") == 0);
}

TEST_CASE(
    "money and hours: a refund is told, a reversal is not; an OPCO's invoice is named, not "
    "attached; the session's own hours in messages and .ics; the outbox in /metrics") {
    testing::TestDatabase db;
    SmtpSink sink;
    testing::ServerProcess server(db.url(), mail_environment(sink));
    auto staff = testing::staff_token(db.url(), server.port(), "equipe@cpe.test", app::Role::staff);
    auto accountant =
        testing::staff_token(db.url(), server.port(), "compta@cpe.test", app::Role::accountant);
    auto session = db.add_session(5, 30);
    api(server.port(), "PATCH", "/api/v1/sessions/" + std::to_string(session), staff,
        {{"daily_hours",
          {{"morning_start", "08:30"},
           {"morning_end", "12:00"},
           {"afternoon_start", "13:00"},
           {"afternoon_end", "16:30"}}}});

    // Self-funded: paid, cancelled (credit note), partly refunded, the refund reversed.
    auto rita = signed_view(server.port(), register_self(server.port(), session, "Rita",
                                                         "Remboursée", "rita@example.org"));
    std::string invoice = rita["invoices"][0]["number"];
    api(server.port(), "POST", "/api/v1/invoices/" + invoice + "/payments", accountant,
        {{"amount_cents", 30000}, {"paid_on", testing::day(0)}, {"method", "transfer"}});
    REQUIRE(post_json(server.port(),
                      "/api/v1/registrations/" + rita["token"].get<std::string>() + "/cancel",
                      json::object())
                .status == 200);
    auto refunded =
        api(server.port(), "POST", "/api/v1/invoices/" + invoice + "/refunds", accountant,
            {{"amount_cents", 10000},
             {"refunded_on", testing::day(0)},
             {"method", "transfer"},
             {"reference", "VIR REMB 1"}});
    long long refund_id = 0;
    for (const auto& entry : refunded["entries"]) {
        if (entry["kind"] == "refund") {
            refund_id = entry["id"];
        }
    }
    REQUIRE(refund_id != 0);
    api(server.port(), "POST",
        "/api/v1/invoices/" + invoice + "/payments/" + std::to_string(refund_id) + "/reversal",
        accountant, {{"reversed_on", testing::day(0)}, {"reason", "Virement parti en double"}});

    // Employer-paid, an OPCO paying 500 € of the 700 € directly; the OPCO pays its invoice.
    auto leo = post_json(
        server.port(), "/api/v1/registrations",
        {{"session_id", session},
         {"funding", "employer"},
         {"trainee",
          {{"first_name", "Léo"}, {"last_name", "Garnier"}, {"email", "leo@example.org"}}},
         {"employer",
          {{"siret", "73282932000074"},
           {"name", "Autre Entreprise SA"},
           {"address", "5 rue du Commerce, 44000 Nantes"}}},
         {"funding_body",
          {{"name", "OPCO Fictif"},
           {"address", "10 avenue de la Formation, 75008 Paris"},
           {"siret", "99900000900004"},
           {"agreement_number", "ACC-2026-12345"},
           {"amount_cents", 50000}}}});
    REQUIRE_MESSAGE(leo.status == 201, leo.body);
    auto leo_invoices = leo.json()["invoices"];
    std::string opco_invoice, employer_invoice;
    for (const auto& entry : leo_invoices) {
        auto& number = entry["payer"] == "funding_body" ? opco_invoice : employer_invoice;
        number = entry["number"].get<std::string>();
    }
    REQUIRE(!opco_invoice.empty());
    REQUIRE(!employer_invoice.empty());
    api(server.port(), "POST", "/api/v1/invoices/" + opco_invoice + "/payments", accountant,
        {{"amount_cents", 50000}, {"paid_on", testing::day(0)}, {"method", "funding_body"}});

    sink.wait_for(6);
    std::this_thread::sleep_for(std::chrono::seconds(2));  // nothing more may come
    auto messages = sink.messages();
    CHECK(messages.size() == 6);
    auto prefixes = [&](const std::string& address) {
        std::vector<std::string> found;
        for (const auto& subject : subjects_to(messages, address)) {
            found.push_back(subject.substr(0, subject.find(" – ")));
        }
        return found;
    };
    using List = std::vector<std::string>;
    CHECK(prefixes("rita@example.org") == List{"Contrat signé, votre facture",
                                               "Inscription annulée", "Inscription confirmée",
                                               "Paiement reçu", "Remboursement"});
    CHECK(prefixes("leo@example.org") == List{"Inscription confirmée"});

    auto starts_on = testing::today() + boost::gregorian::days(30);
    for (const auto& message : to(messages, "rita@example.org")) {
        auto subject = header(message, "subject");
        if (starts(subject, "Inscription confirmée")) {
            CHECK(text_of(message).find("Horaires : 8h30–12h00 et 13h00–16h30, chaque jour") !=
                  std::string::npos);
            auto calendar =
                parse_calendar(testing::attachment_bytes(part(message, "text/calendar")));
            REQUIRE(calendar.events.size() == 2);
            CHECK(calendar.events[0].start == local_instant(starts_on, 8, 30));
            CHECK(calendar.events[0].end == local_instant(starts_on, 16, 30));
        }
        if (starts(subject, "Remboursement")) {
            CHECK(subject == "Remboursement – facture " + invoice);
            auto text = text_of(message);
            CHECK(text.find("Nous avons remboursé 100,00 € (virement") != std::string::npos);
            CHECK(text.find("Reste à rembourser sur cette facture : 200,00 €.") !=
                  std::string::npos);
        }
    }
    auto confirmation = to(messages, "leo@example.org").at(0);
    CHECK(attachments_of(confirmation) ==
          std::vector<std::string>{employer_invoice + ".pdf", "formation.ics"});
    auto text = text_of(confirmation);
    CHECK(text.find("La prise en charge de 500,00 € par OPCO Fictif lui est facturée directement "
                    "(facture " +
                    opco_invoice + ")") != std::string::npos);
    CHECK(text.find("Votre facture " + employer_invoice + " (200,00 €, net de taxe)") !=
          std::string::npos);

    // Operators see the outbox: by status, and this process's attempts by outcome.
    CHECK(eventually([&] {
        auto metrics = http_request(server.port(), "GET", "/metrics").body;
        return metrics.find("formations_outbox_messages{status=\"sent\"} 6") != std::string::npos &&
               metrics.find("formations_outbox_messages{status=\"failed\"} 0") !=
                   std::string::npos &&
               metrics.find("formations_outbox_attempts_total{outcome=\"sent\"} 6") !=
                   std::string::npos &&
               metrics.find("formations_outbox_retrying 0") != std::string::npos;
    }));
}

TEST_CASE("two server processes deliver each message exactly once") {
    testing::TestDatabase db;
    SmtpSink sink;
    auto environment = mail_environment(sink, {{"FORMATIONS_MAIL_SENDERS", "3"}});
    testing::ServerProcess one(db.url(), environment);
    testing::ServerProcess two(db.url(), environment);
    auto session = db.add_session(40, 30);
    constexpr int count = 24;
    std::vector<std::thread> clients;
    for (int i = 0; i < count; ++i) {
        clients.emplace_back([&, i] {
            auto response = post_json(i % 2 ? one.port() : two.port(), "/api/v1/registrations",
                                      {{"session_id", session},
                                       {"funding", "self"},
                                       {"trainee",
                                        {{"first_name", "Personne"},
                                         {"last_name", std::to_string(i)},
                                         {"email", "p" + std::to_string(i) + "@example.org"},
                                         {"address", "1 rue Fictive, 75000 Paris"}}}});
            CHECK(response.status == 201);
        });
    }
    for (auto& client : clients) {
        client.join();
    }
    auto messages = sink.wait_for(count);
    std::this_thread::sleep_for(std::chrono::seconds(3));  // a duplicate would arrive meanwhile
    messages = sink.messages();
    CHECK(messages.size() == count);
    std::set<std::string> ids, recipients;
    for (const auto& message : messages) {
        ids.insert(header(message, "message-id"));
        recipients.insert(message["rcpt_tos"][0].get<std::string>());
    }
    CHECK(ids.size() == count);
    CHECK(recipients.size() == count);
    CHECK(sink.transactions().size() == count);
    CHECK(eventually([&] {
        return db.count(
                   "SELECT count(*) FROM outbox_messages WHERE status = 'sent' AND "
                   "attempts = 1") == count;
    }));
}

TEST_CASE(
    "temporary failures are retried until one delivery; permanent ones are marked failed "
    "and staff resend them") {
    testing::TestDatabase db;
    SmtpSink sink;
    testing::ServerProcess server(db.url(), mail_environment(sink));
    auto staff = testing::staff_token(db.url(), server.port(), "equipe@cpe.test", app::Role::staff);
    auto session = db.add_session(10, 30);

    SUBCASE("451 twice, then accepted: one delivery, the same Message-ID every time") {
        sink.misbehave("tempfail", 2);
        register_self(server.port(), session, "Anne", "Report", "anne@example.org");
        auto messages = sink.wait_for(1);
        auto transactions = sink.transactions();
        REQUIRE(transactions.size() == 3);
        CHECK(transactions[0]["outcome"] == "tempfail");
        CHECK(transactions[1]["outcome"] == "tempfail");
        CHECK(transactions[2]["outcome"] == "accepted");
        CHECK(transactions[0]["message_id"] == header(messages[0], "message-id"));
        CHECK(transactions[1]["message_id"] == header(messages[0], "message-id"));
        CHECK(eventually([&] {
            auto list = api(server.port(), "GET", "/api/v1/messages?status=sent", staff);
            return list["total"] == 1 && list["items"][0]["attempts"] == 3;
        }));
    }

    SUBCASE("the connection dropped after the data: sent again, delivered once") {
        sink.misbehave("drop", 1);
        register_self(server.port(), session, "Basile", "Coupure", "basile@example.org");
        sink.wait_for(1);
        std::this_thread::sleep_for(std::chrono::seconds(2));
        CHECK(sink.messages().size() == 1);
        CHECK(sink.transactions().size() == 2);
    }

    SUBCASE("554 to the data, 550 to the recipient: failed at once, visible, resent by staff") {
        sink.misbehave("reject", 1);
        auto rejected =
            register_self(server.port(), session, "Chloé", "Refus", "chloe@example.org");
        json failed;
        REQUIRE(eventually([&] {
            failed = api(server.port(), "GET", "/api/v1/messages?status=failed", staff);
            return failed["total"] == 1 && failed["items"].size() == 1;
        }));
        const auto& message = failed["items"][0];
        CHECK(message["attempts"] == 1);
        CHECK(message["registration_id"] == rejected["id"]);
        CHECK(message["kind"] == "registration_confirmed");
        CHECK(message["last_error"].get<std::string>().find("554") != std::string::npos);
        CHECK(sink.messages().empty());

        sink.misbehave("reject_rcpt", 1);
        register_self(server.port(), session, "Denis", "Inconnu", "denis@example.org");
        REQUIRE(eventually([&] {
            return api(server.port(), "GET", "/api/v1/messages?status=failed", staff)["total"] == 2;
        }));
        auto unknown =
            api(server.port(), "GET", "/api/v1/messages?status=failed&limit=1", staff)["items"][0];
        CHECK(unknown["last_error"].get<std::string>().find("550") != std::string::npos);

        // The resend: a new message, naming the first, with its own Message-ID; audited.
        auto resent =
            api(server.port(), "POST",
                "/api/v1/messages/" + std::to_string(message["id"].get<long long>()) + "/resend",
                staff);
        CHECK(resent["resend_of"] == message["id"]);
        CHECK(resent["status"] == "pending");
        CHECK(resent["subject"] == message["subject"]);
        auto delivered = sink.wait_for(1);
        CHECK(delivered[0]["rcpt_tos"] == json::array({"chloe@example.org"}));
        CHECK(header(delivered[0], "message-id") == resent["message_id"]);
        CHECK(resent["message_id"] != message["message_id"]);
        auto detail =
            api(server.port(), "GET",
                "/api/v1/messages/" + std::to_string(resent["id"].get<long long>()), staff);
        CHECK(detail["text"].get<std::string>().find("Bonjour Chloé Refus,") == 0);
        // Staff read it with its personal link masked; the recipient got the link itself.
        auto token = rejected["token"].get<std::string>();
        CHECK(text_of(delivered[0]).find(token) != std::string::npos);
        for (const char* part : {"text", "html"}) {
            CHECK(detail[part].get<std::string>().find(token) == std::string::npos);
            CHECK(detail[part].get<std::string>().find("[lien-personnel-masqué]") !=
                  std::string::npos);
        }
        auto admin =
            testing::staff_token(db.url(), server.port(), "admin@cpe.test", app::Role::admin);
        auto audit = api(server.port(), "GET", "/api/v1/audit?entity=message", admin);
        REQUIRE(audit["events"].size() == 1);
        CHECK(audit["events"][0]["action"] == "message.resent");
        CHECK(audit["events"][0]["actor"] == "user:equipe@cpe.test");
    }

    SUBCASE("out of attempts: failed") {
        // A server that never answers: every attempt is refused at connection time.
        testing::ServerProcess stubborn(
            db.url(), mail_environment(sink, {{"FORMATIONS_SMTP_URL", "smtp://127.0.0.1:1"},
                                              {"FORMATIONS_MAIL_MAX_ATTEMPTS", "2"}}));
        server.stop();
        register_self(stubborn.port(), session, "Eve", "Injoignable", "eve@example.org");
        CHECK(eventually([&] {
            return db.count(
                       "SELECT count(*) FROM outbox_messages WHERE status = 'failed' AND "
                       "attempts = 2 AND last_error LIKE 'abandonné après 2 tentatives%'") == 1;
        }));
    }
}

TEST_CASE("kill -9 between commit and send: the message is delivered after a restart, once") {
    testing::TestDatabase db;
    SmtpSink sink;
    auto session = db.add_session(10, 30);

    SUBCASE("committed, never sent: the next process sends it") {
        testing::ServerProcess first(
            db.url(), mail_environment(sink, {{"FORMATIONS_SMTP_URL", "smtp://127.0.0.1:1"}}));
        register_self(first.port(), session, "Anne", "Tuée", "anne@example.org");
        first.kill_hard();
        CHECK(db.count("SELECT count(*) FROM outbox_messages WHERE status <> 'sent'") == 1);
        testing::ServerProcess second(db.url(), mail_environment(sink));
        auto messages = sink.wait_for(1);
        std::this_thread::sleep_for(std::chrono::seconds(2));
        CHECK(sink.messages().size() == 1);
        CHECK(sink.transactions().size() == 1);
    }

    SUBCASE("killed while the server held the data: taken over when the lease ends, sent once") {
        sink.misbehave("hang", 1);
        testing::ServerProcess first(db.url(), mail_environment(sink));
        register_self(first.port(), session, "Bruno", "Tué", "bruno@example.org");
        REQUIRE(eventually([&] { return sink.transactions().size() == 1; }));
        first.kill_hard();
        CHECK(db.count("SELECT count(*) FROM outbox_messages WHERE status = 'sending'") == 1);
        // A process that lives an hour later: the 10-minute lease has ended.
        testing::ServerProcess second(
            db.url(),
            mail_environment(sink, {{"FORMATIONS_CLOCK", clock_after(std::chrono::hours(1))}}));
        auto messages = sink.wait_for(1);
        CHECK(messages.size() == 1);
        CHECK(header(messages[0], "message-id") == sink.transactions()[0]["message_id"]);
        CHECK(eventually([&] {
            return db.count(
                       "SELECT count(*) FROM outbox_messages WHERE status = 'sent' AND "
                       "attempts = 2") == 1;
        }));
    }
}

TEST_CASE("header injection through names, titles or addresses is impossible") {
    testing::TestDatabase db;
    SmtpSink sink;
    testing::ServerProcess server(db.url(), mail_environment(sink));
    auto staff = testing::staff_token(db.url(), server.port(), "equipe@cpe.test", app::Role::staff);
    auto session = db.add_session(10, 30);
    auto registration = register_self(server.port(), session, "Eve", "Durand", "eve@example.org");
    sink.wait_for(1);
    // What the API refuses could still come from elsewhere (an import, an old row): put line
    // breaks and headers where the service reads names and titles.
    db.sql() << "UPDATE registrations SET trainee_first_name = E'Eve\\r\\nBcc: intrus@example.org'"
                " WHERE id = "
             << registration["id"].get<long long>();
    db.sql()
        << "UPDATE courses SET title = E'Créer sa CAE\\r\\nBcc: intrus2@example.org\\r\\n\\r\\n"
           "<html>'";
    REQUIRE(
        post_json(server.port(), "/api/v1/registrations/lost-link", {{"email", "eve@example.org"}})
            .status == 202);
    auto messages = sink.wait_for(2);
    const auto& message = messages[1];
    CHECK(message["rcpt_tos"] == json::array({"eve@example.org"}));
    CHECK(message["defects"].empty());
    CHECK(!message["headers"].contains("bcc"));
    // A quoted display name (it holds ":" and "@"), on one header field.
    CHECK(header(message, "to") == "\"Eve Bcc: intrus@example.org Durand\" <eve@example.org>");
    // Whatever the title holds, the body keeps its parts: no part added, none cut.
    std::vector<std::string> types;
    for (const auto& entry : message["parts"]) {
        types.push_back(entry["content_type"]);
    }
    CHECK(types == std::vector<std::string>{"multipart/mixed", "multipart/alternative",
                                            "text/plain", "text/html"});

    // A subject built from the title: one line of text, whatever the title holds.
    api(server.port(), "PATCH", "/api/v1/sessions/" + std::to_string(session), staff,
        {{"place", "Salle 2\nBcc: intrus3@example.org"}});
    messages = sink.wait_for(3);
    CHECK(header(messages[2], "subject").find("Créer sa CAE Bcc: intrus2@example.org <html>") !=
          std::string::npos);
    CHECK(!messages[2]["headers"].contains("bcc"));
    CHECK(messages[2]["rcpt_tos"] == json::array({"eve@example.org"}));

    // An address with a line break never reaches the server: the message fails, nothing is sent.
    auto sent = api(server.port(), "GET", "/api/v1/messages?kind=lost_link", staff)["items"][0];
    db.sql() << "UPDATE outbox_messages SET recipient_email = "
                "E'eve@example.org\\r\\nRCPT TO:<intrus@example.org>' WHERE id = "
             << sent["id"].get<long long>();
    auto resent =
        api(server.port(), "POST",
            "/api/v1/messages/" + std::to_string(sent["id"].get<long long>()) + "/resend", staff);
    REQUIRE(eventually([&] {
        return api(server.port(), "GET",
                   "/api/v1/messages/" + std::to_string(resent["id"].get<long long>()),
                   staff)["status"] == "failed";
    }));
    CHECK(sink.transactions().size() == 3);
    for (const auto& transaction : sink.transactions()) {
        CHECK(transaction["rcpt_tos"] == json::array({"eve@example.org"}));
    }
}

TEST_CASE(
    "an accented domain is written in its ASCII form; an accent before @ is refused when "
    "typed; a long name stays whole") {
    testing::TestDatabase db;
    SmtpSink sink;
    testing::ServerProcess server(db.url(), mail_environment(sink));
    auto session = db.add_session(10, 30);
    // 100 characters each, the most a name may have.
    std::string first =
        "Marie-Éloïse Anne-Sophie Françoise Bénédicte Hélène Geneviève Joséphine "
        "Clémentine Aurélie Zoé Louan";
    std::string last =
        "de la Fontaine-Dupont-Lefèvre-Marchand-Beauséjour-Castelnau-Villeneuve-"
        "Montmorency-Saint-Exupéry-Roy";
    auto too_long = post_json(server.port(), "/api/v1/registrations",
                              {{"session_id", session},
                               {"funding", "self"},
                               {"trainee",
                                {{"first_name", first + "e"},
                                 {"last_name", "X"},
                                 {"email", "x@example.org"},
                                 {"address", "1 rue Fictive"}}}});
    CHECK(too_long.json()["error"]["code"] == "too_long");
    auto registration = register_self(server.port(), session, first, last, "zoe@exämple.fr");
    CHECK(registration["trainee"]["email"] == "zoe@exämple.fr");  // as typed
    auto messages = sink.wait_for(1);
    CHECK(messages[0]["rcpt_tos"] == json::array({"zoe@xn--exmple-cua.fr"}));
    // Several encoded-words, decoded as mail readers do.
    CHECK(messages[0]["decoded"]["to"][0] == first + " " + last + " <zoe@xn--exmple-cua.fr>");
    CHECK(messages[0]["defects"].empty());
    // Every line of the fields we write within 78 characters.
    std::ifstream eml(messages[0]["eml"].get<std::string>(), std::ios::binary);
    bool ours = false;
    for (std::string line; std::getline(eml, line) && line != "\r";) {
        if (line[0] != ' ') {
            ours =
                std::regex_search(line, std::regex("^(From|To|Reply-To|Subject|Date|Message-ID):"));
        }
        if (ours) {
            CHECK(line.size() <= 79);  // 78 and the CR
        }
    }

    auto accented = post_json(server.port(), "/api/v1/registrations",
                              {{"session_id", session},
                               {"funding", "self"},
                               {"trainee",
                                {{"first_name", "Zoé"},
                                 {"last_name", "Lefèvre"},
                                 {"email", "zoé@example.org"},
                                 {"address", "1 rue Fictive"}}}});
    CHECK(accented.status == 400);
    CHECK(accented.json()["error"]["code"] == "invalid_email");
    CHECK(accented.json()["error"]["field"] == "trainee.email");
    CHECK(accented.json()["error"]["message"].get<std::string>().find("accentuées") !=
          std::string::npos);
    auto bad_domain =
        post_json(server.port(), "/api/v1/registrations/lost-link", {{"email", "zoe@exa_mple.fr"}});
    CHECK(bad_domain.json()["error"]["code"] == "invalid_email");
}

TEST_CASE(
    "reminders on a pinned clock: the convocation, payment reminders and the certificate, "
    "each once whatever the number of processes") {
    testing::TestDatabase db;
    SmtpSink sink;
    auto accountant_email = "compta@cpe.test";
    // The surveys after the course are the subject of another test.
    const std::pair<const std::string, std::string> no_surveys{
        "FORMATIONS_TRAINEE_SURVEY_DELAY_DAYS", "365"};
    auto session = db.add_session(10, 20);  // days 20 and 21
    long long early = 0, late = 0;
    std::string invoice, anne_token;
    {
        testing::ServerProcess today(db.url(), mail_environment(sink));
        auto registration = register_self(today.port(), session, "Anne", "Tôt", "anne@example.org");
        early = registration["id"];
        anne_token = registration["token"];
        sink.wait_for(1);
    }
    auto arrivals = [&](const std::string& kind) {
        int count = 0;
        for (const auto& message : sink.messages()) {
            count += header(message, "subject").rfind(kind, 0) == 0 ? 1 : 0;
        }
        return count;
    };

    // Day 15: within the 7 days before the session. Two processes, one convocation.
    {
        auto environment = mail_environment(sink, {{"FORMATIONS_CLOCK", clock_in_days(15)}});
        testing::ServerProcess one(db.url(), environment);
        testing::ServerProcess two(db.url(), environment);
        auto messages = sink.wait_for(2);
        const auto& convocation = messages[1];
        CHECK(starts(header(convocation, "subject"), "Convocation – Créer sa CAE"));
        CHECK(convocation["rcpt_tos"] == json::array({"anne@example.org"}));
        CHECK(text_of(convocation).find("qui commence le") != std::string::npos);
        CHECK(!part(convocation, "text/calendar").is_null());
        // The convocation itself, as a PDF: dates, daily hours, place, contact, referent.
        CHECK(attachments_of(convocation) ==
              std::vector<std::string>{"convocation.pdf", "formation.ics"});
        auto convocation_text = testing::pdf_text(
            testing::attachment_bytes(part(convocation, "application/pdf")), "mail-convocation");
        for (std::string expected :
             {std::string("Convocation"), std::string("Anne Tôt"), std::string("9h00–12h30"),
              std::string("Lieu et accès"), std::string("À apporter"), std::string("Contact"),
              std::string("Référent handicap")}) {
            CHECK_MESSAGE(convocation_text.find(expected) != std::string::npos, expected);
        }
        // Anne signs her contract now: her invoice comes, its first instalment due on day 26
        // (the day after her withdrawal period), the rest on day 27. A seat taken now (Bruno's,
        // signed at once: the same échéancier) comes with its confirmation only.
        invoice = signed_view(one.port(), json{{"token", anne_token}})["invoices"][0]["number"];
        auto registration = signed_view(
            one.port(), register_self(one.port(), session, "Bruno", "Tard", "bruno@example.org"));
        late = registration["id"];
        sink.wait_for(5);
        std::this_thread::sleep_for(std::chrono::seconds(3));  // three scheduler passes
        CHECK(arrivals("Convocation") == 1);
        CHECK(db.count(
                  "SELECT count(*) FROM outbox_messages WHERE kind = 'convocation_reminder'") == 1);
    }

    // Attendance recorded for Anne only; the session ends on day 21.
    db.sql() << "INSERT INTO attendance (registration_id, day, half, present, recorded_by)"
                " SELECT "
             << early
             << ", s.starts_on, 'am', true, 'test' FROM sessions s WHERE s.id = " << session;

    // Day 22: the training is over, the certificate is announced to Anne.
    {
        testing::ServerProcess later(
            db.url(),
            mail_environment(sink, {{"FORMATIONS_CLOCK", clock_in_days(22)}, no_surveys}));
        sink.wait_for(6);
        std::this_thread::sleep_for(std::chrono::seconds(2));
        CHECK(arrivals("Votre certificat de réalisation") == 1);
        CHECK(arrivals("Rappel") == 0);                               // no instalment is due yet
        CHECK(to(sink.messages(), "bruno@example.org").size() == 2);  // no attendance, no notice
    }
    // Reminders count from the first instalment not paid: 90 € due on day 26 for both. Day 40
    // is 14 days past it.
    {
        auto environment =
            mail_environment(sink, {{"FORMATIONS_CLOCK", clock_in_days(40)}, no_surveys});
        testing::ServerProcess one(db.url(), environment);
        testing::ServerProcess two(db.url(), environment);
        auto accountant =
            testing::staff_token(db.url(), one.port(), accountant_email, app::Role::accountant);
        sink.wait_for(8);  // Anne's and Bruno's first reminders
        std::this_thread::sleep_for(std::chrono::seconds(2));
        CHECK(arrivals("Rappel : facture") == 2);
        for (const auto& message : to(sink.messages(), "anne@example.org")) {
            if (starts(header(message, "subject"), "Rappel")) {
                CHECK(header(message, "subject") == "Rappel : facture " + invoice + " à régler");
                CHECK(attachments_of(message) == std::vector<std::string>{invoice + ".pdf"});
                CHECK(text_of(message).find(
                          "n'est pas réglée de son échéance du " +
                          invoices::format_long_date_fr(testing::today() +
                                                        boost::gregorian::days(26)) +
                          " : 300,00 € sont exigibles à ce jour, sur 300,00 € restant à payer") !=
                      std::string::npos);
            }
        }
        // Accountants see what was sent, on the overdue view.
        json overdue;
        REQUIRE(eventually([&] {
            overdue = api(one.port(), "GET", "/api/v1/invoices/overdue", accountant);
            for (const auto& entry : overdue["invoices"]) {
                if (entry["reminders"].empty() || entry["reminders"][0]["status"] != "sent") {
                    return false;
                }
            }
            return overdue["invoices"].size() == 2;
        }));
        for (const auto& entry : overdue["invoices"]) {
            REQUIRE(entry["reminders"].size() == 1);
            CHECK(entry["reminders"][0]["number"] == 1);
        }
    }
    // Bruno pays: no second reminder for him on day 54. Anne pays her first instalment: her
    // second one (210 € due on day 27) gets its own first reminder on day 54, not a second.
    auto bruno_invoice =
        db.count("SELECT id FROM invoices WHERE registration_id = " + std::to_string(late));
    db.sql() << "INSERT INTO payments (invoice_id, amount_cents, paid_on, method, recorded_by,"
                " recorded_at) SELECT id, total_cents, issued_on, 'transfer', 'test', now()"
                " FROM invoices WHERE id = "
             << bruno_invoice;
    db.sql() << "INSERT INTO payments (invoice_id, amount_cents, paid_on, method, recorded_by,"
                " recorded_at) SELECT id, 9000, issued_on, 'transfer', 'test', now()"
                " FROM invoices WHERE number = '"
             << invoice << "'";
    {
        testing::ServerProcess later(
            db.url(),
            mail_environment(sink, {{"FORMATIONS_CLOCK", clock_in_days(54)}, no_surveys}));
        sink.wait_for(9);
        std::this_thread::sleep_for(std::chrono::seconds(2));
        CHECK(arrivals("Deuxième rappel") == 0);
        CHECK(arrivals("Rappel : facture " + invoice) == 2);
        CHECK(sink.messages().size() == 9);
        auto anne = to(sink.messages(), "anne@example.org");
        CHECK(
            text_of(anne.back())
                .find("de son échéance du " +
                      invoices::format_long_date_fr(testing::today() + boost::gregorian::days(27)) +
                      " : 210,00 € sont exigibles à ce jour, sur 210,00 € restant à payer") !=
            std::string::npos);
    }
}

TEST_CASE(
    "payment reminders of a very late instalment: the next one 14 days after the previous one "
    "was sent, not on the next scheduler pass") {
    testing::TestDatabase db;
    SmtpSink sink;
    const std::pair<const std::string, std::string> no_surveys{
        "FORMATIONS_TRAINEE_SURVEY_DELAY_DAYS", "365"};
    auto session = db.add_session(10, 20);  // days 20 and 21
    {
        testing::ServerProcess today(db.url(), mail_environment(sink));
        signed_view(today.port(),
                    register_self(today.port(), session, "Anne", "Tard", "anne@example.org"));
    }
    auto reminders = [&] {
        return db.count("SELECT count(*) FROM outbox_messages WHERE kind = 'payment_reminder'");
    };
    // Noon in Paris on each day: whole days of 24 h from a pinned 23:30 would cross midnight
    // when summer time starts (the suite is also run pinned at 31 Dec 23:30).
    auto pass_on = [&](int day) {
        testing::ServerProcess server(
            db.url(),
            mail_environment(sink, {{"FORMATIONS_CLOCK", testing::noon(day)}, no_surveys}));
        std::this_thread::sleep_for(std::chrono::seconds(3));  // the scheduler's first passes
    };
    // Day 60: both instalments (due before the session's end) long past; nothing paid. The
    // first reminder, after its own delay of 14 days after the due date, long passed.
    pass_on(60);
    REQUIRE(eventually([&] { return reminders() == 1; }));
    // Day 61: the old rule (due date + 2 × 14 days, passed long ago) sent the second one here.
    pass_on(61);
    CHECK(reminders() == 1);
    pass_on(73);
    CHECK(reminders() == 1);
    // Day 74: 14 days after the first was sent, the second; the third 14 days after that.
    pass_on(74);
    REQUIRE(eventually([&] { return reminders() == 2; }));
    pass_on(87);
    CHECK(reminders() == 2);
    pass_on(88);
    REQUIRE(eventually([&] { return reminders() == 3; }));
    // Numbered 1, 2, 3 for the same instalment.
    CHECK(db.count("SELECT count(DISTINCT once_key) FROM outbox_messages"
                   " WHERE kind = 'payment_reminder' AND once_key ~ ':[123]$'") == 3);
    CHECK(db.count("SELECT count(DISTINCT regexp_replace(once_key, ':[0-9]+$', ''))"
                   " FROM outbox_messages WHERE kind = 'payment_reminder'") == 1);
    // At most three.
    pass_on(120);
    CHECK(reminders() == 3);
}

TEST_CASE(
    "Qualiopi messages: the needs questionnaire with the confirmation, complaints acknowledged, "
    "accommodation needs routed to the referent, the surveys after the course once, and the "
    "outbox anonymised on erasure and after retention") {
    testing::TestDatabase db;
    SmtpSink sink;
    auto session = db.add_session(10, 20);  // days 20 and 21
    auto environment = [&](int day) {
        return mail_environment(sink, {{"FORMATIONS_CLOCK", clock_in_days(day)},
                                       {"FORMATIONS_EMPLOYER_SURVEY_DELAY_DAYS", "10"}});
    };
    std::string zoe_token, leo_token;
    long long leo_id = 0;
    {
        testing::ServerProcess server(db.url(), environment(0));
        auto port = server.port();
        testing::staff_token(db.url(), port, "referente@cpe.test", app::Role::staff);
        REQUIRE(testing::run_formations("user referent referente@cpe.test", db.url()).status == 0);
        zoe_token = register_self(port, session, "Zoé", "Lefèvre", "zoe@example.org")["token"];
        auto leo = post_json(
            port, "/api/v1/registrations",
            {{"session_id", session},
             {"funding", "employer"},
             {"trainee",
              {{"first_name", "Léo"}, {"last_name", "Garnier"}, {"email", "leo@example.org"}}},
             {"employer",
              {{"siret", "73282932000074"},
               {"name", "Coopérative Employeuse"},
               {"address", "3 rue du Travail, Lyon"}}}});
        REQUIRE_MESSAGE(leo.status == 201, leo.body);
        leo_token = leo.json()["token"];
        leo_id = leo.json()["id"];

        // The confirmation links the positioning and needs questionnaire.
        auto messages = sink.wait_for(2);
        auto confirmation = to(messages, "zoe@example.org");
        REQUIRE(confirmation.size() == 1);
        CHECK(text_of(confirmation[0])
                  .find("https://formations.test/questionnaire.html?type=needs#" + zoe_token) !=
              std::string::npos);
        CHECK(part(confirmation[0], "text/html")["text"].get<std::string>().find(
                  "href=\"https://formations.test/questionnaire.html?type=needs#" + zoe_token +
                  "\"") != std::string::npos);

        // An accommodation need: the referent is told where to read it, not what it is.
        auto needs = [&](const std::string& accommodation) {
            return testing::call(
                port, "PUT", "/api/v1/registrations/" + zoe_token + "/questionnaires/needs",
                {{"version", 0},
                 {"answers",
                  {{"q1", 2}, {"q2", "Je porte un projet de création"}, {"q3", "Comprendre"}}},
                 {"accommodation", accommodation}});
        };
        auto answered = needs("Je me déplace en fauteuil.");
        REQUIRE_MESSAGE(answered.status == 200, answered.body);
        messages = sink.wait_for(3);
        auto referent = to(messages, "referente@cpe.test");
        REQUIRE(referent.size() == 1);
        CHECK(starts(header(referent[0], "subject"), "Besoin d'aménagement – Créer sa CAE, "));
        auto told = text_of(referent[0]);
        CHECK(starts(told, "Bonjour,"));
        CHECK(told.find("https://formations.test/referent.html") != std::string::npos);
        CHECK(told.find("fauteuil") == std::string::npos);
        CHECK(told.find("Lefèvre") == std::string::npos);
        CHECK(db.count(
                  "SELECT count(*) FROM outbox_messages WHERE facts::text LIKE '%fauteuil%'") == 0);
        // The same need answered again tells nobody; a changed one does.
        REQUIRE(needs("Je me déplace en fauteuil.").status == 200);
        REQUIRE(needs("Fauteuil, et une place près de la porte.").status == 200);
        CHECK(eventually([&] { return to(sink.messages(), "referente@cpe.test").size() == 2; }));

        // A complaint with an address is acknowledged, with its follow-up link.
        auto filed = testing::call(port, "POST", "/api/v1/complaints",
                                   {{"kind", "complaint"},
                                    {"author_role", "employer"},
                                    {"author_name", "Sylvie Employeuse"},
                                    {"author_email", "sylvie@example.org"},
                                    {"subject", "Convention manquante"},
                                    {"description", "La convention n'a pas été envoyée."}});
        REQUIRE_MESSAGE(filed.status == 201, filed.body);
        messages = sink.wait_for(5);
        auto acknowledgement = to(messages, "sylvie@example.org");
        REQUIRE(acknowledgement.size() == 1);
        CHECK(header(acknowledgement[0], "subject") == "Réclamation reçue – Convention manquante");
        auto acknowledged = text_of(acknowledgement[0]);
        CHECK(starts(acknowledged, "Bonjour Sylvie Employeuse,"));
        CHECK(acknowledged.find("https://formations.test/suivi-reclamation.html#" +
                                filed.json()["token"].get<std::string>()) != std::string::npos);
        // From the trainee's page: to the trainee, listed with their registration's messages.
        auto own = testing::call(port, "POST", "/api/v1/registrations/" + zoe_token + "/complaints",
                                 {{"kind", "incident"},
                                  {"subject", "Accès au bâtiment"},
                                  {"description", "La rampe est fermée le matin."}});
        REQUIRE_MESSAGE(own.status == 201, own.body);
        messages = sink.wait_for(6);
        CHECK(subjects_to(messages, "zoe@example.org").back() ==
              "Réclamation reçue – Accès au bâtiment");
    }

    auto arrivals = [&](const std::string& prefix) {
        int count = 0;
        for (const auto& message : sink.messages()) {
            count += starts(header(message, "subject"), prefix) ? 1 : 0;
        }
        return count;
    };
    // Day 22, the day after the last: both trainees are invited to the self-assessment and the
    // satisfaction survey, once, whatever the number of processes.
    {
        testing::ServerProcess one(db.url(), environment(22));
        testing::ServerProcess two(db.url(), environment(22));
        sink.wait_for(8);
        std::this_thread::sleep_for(std::chrono::seconds(3));  // more scheduler passes
        CHECK(arrivals("Votre avis sur la formation – Créer sa CAE") == 2);
        CHECK(arrivals("L'avis de votre employeur") == 0);  // not before day 31
        auto invitation = to(sink.messages(), "zoe@example.org").back();
        auto text = text_of(invitation);
        auto closes = invoices::format_long_date_fr(testing::today() + boost::gregorian::days(66));
        CHECK(text.find("Auto-évaluation des acquis au regard des objectifs (jusqu'au " + closes +
                        ")") != std::string::npos);
        CHECK(text.find("https://formations.test/questionnaire.html?type=self_assessment#" +
                        zoe_token) != std::string::npos);
        CHECK(text.find("https://formations.test/questionnaire.html?type=satisfaction#" +
                        zoe_token) != std::string::npos);
        CHECK(db.count("SELECT count(*) FROM outbox_messages"
                       " WHERE kind = 'evaluation_invitation'") == 2);
    }
    // Day 32: the employer's cold survey, to Léo to pass on (the employer's address is unknown).
    {
        testing::ServerProcess later(db.url(), environment(32));
        sink.wait_for(9);
        std::this_thread::sleep_for(std::chrono::seconds(2));
        CHECK(arrivals("L'avis de votre employeur – Créer sa CAE") == 1);
        auto invitation = to(sink.messages(), "leo@example.org").back();
        std::string employer_token;
        db.sql() << "SELECT token FROM employer_survey_tokens WHERE registration_id = " << leo_id,
            soci::into(employer_token);
        auto text = text_of(invitation);
        CHECK(text.find("https://formations.test/avis-employeur.html#" + employer_token) !=
              std::string::npos);
        CHECK(text.find("Coopérative Employeuse") != std::string::npos);
        CHECK(sink.messages().size() == 9);
    }

    // Zoé's data erased on request: her messages keep their kind and dates, not her.
    auto erased = testing::run_formations("privacy erase zoe@example.org", db.url(), "",
                                          {{"FORMATIONS_CLOCK", clock_in_days(32)}});
    REQUIRE(erased.status == 0);
    // Her confirmation, her complaint's acknowledgement and her invitation.
    CHECK(erased.output.find("3 e-mails anonymised") != std::string::npos);
    CHECK(db.count("SELECT count(*) FROM outbox_messages WHERE recipient_email = 'zoe@example.org'"
                   " OR facts::text LIKE '%Lefèvre%' OR facts::text LIKE '%" +
                   zoe_token + "%'") == 0);
    CHECK(db.count("SELECT count(*) FROM outbox_messages WHERE anonymised_at IS NOT NULL"
                   " AND recipient_email = 'anonyme@anonyme.invalid'") == 3);
    // Three years on (FORMATIONS_RETENTION_DAYS), every message is anonymised, Léo's, Sylvie's
    // and the referent's too.
    auto retention = testing::run_formations("privacy anonymise", db.url(), "",
                                             {{"FORMATIONS_CLOCK", clock_in_days(32 + 1096)}});
    REQUIRE(retention.status == 0);
    CHECK(retention.output.find(" 6 e-mails") != std::string::npos);
    CHECK(db.count("SELECT count(*) FROM outbox_messages WHERE anonymised_at IS NULL") == 0);
    CHECK(db.count("SELECT count(*) FROM outbox_messages WHERE facts::text LIKE '%Garnier%'"
                   " OR facts::text LIKE '%Sylvie%' OR recipient_email LIKE '%example.org'") == 0);
}

TEST_CASE(
    "a move: the trainee is told to sign again, the signatory gets a new link; a sent link's "
    "token is not kept in the outbox") {
    testing::TestDatabase db;
    SmtpSink sink;
    auto first = db.add_session(10, 20);
    auto later = db.add_session(10, 40);
    testing::ServerProcess server(db.url(), mail_environment(sink));
    auto port = server.port();
    const std::string staff =
        testing::staff_token(db.url(), port, "staff@cpe.test", app::Role::staff);
    auto zoe = register_self(port, first, "Zoé", "Lefèvre", "zoe@example.org");
    auto leo = post_json(
        port, "/api/v1/registrations",
        {{"session_id", first},
         {"funding", "employer"},
         {"trainee",
          {{"first_name", "Léo"}, {"last_name", "Garnier"}, {"email", "leo@example.org"}}},
         {"employer",
          {{"siret", "73282932000074"},
           {"name", "Coopérative Employeuse"},
           {"address", "3 rue du Travail, Lyon"},
           {"signatory",
            {{"name", "Sylvie Employeuse"},
             {"role", "Gérante"},
             {"email", "sylvie@example.org"}}}}}});
    REQUIRE_MESSAGE(leo.status == 201, leo.body);
    auto links_to_sylvie = [&] {
        std::vector<std::string> tokens;
        const std::regex link(R"(convention\.html#([A-Za-z0-9_-]{43}))");
        for (const auto& message : to(sink.messages(), "sylvie@example.org")) {
            std::smatch found;
            const auto text = text_of(message);
            if (std::regex_search(text, found, link)) {
                tokens.push_back(found[1]);
            }
        }
        return tokens;
    };
    REQUIRE(eventually([&] { return links_to_sylvie().size() == 1; }));
    const std::string first_link = links_to_sylvie()[0];
    // The convention refers to the programme and the règlement intérieur: both come with it.
    for (const auto& message : to(sink.messages(), "sylvie@example.org")) {
        auto attached = attachments_of(message);
        CHECK(std::find(attached.begin(), attached.end(), "programme.pdf") != attached.end());
        CHECK(std::find(attached.begin(), attached.end(), "reglement-interieur.pdf") !=
              attached.end());
    }

    // Sent: the outbox keeps no token, the link in the e-mail still works (its hash is kept).
    REQUIRE(eventually([&] {
        return db.count(
                   "SELECT count(*) FROM outbox_messages WHERE kind = 'convention_to_sign'"
                   " AND status = 'sent'") == 1;
    }));
    CHECK(db.count("SELECT count(*) FROM outbox_messages WHERE facts::text LIKE '%" + first_link +
                   "%'") == 0);
    CHECK(http_request(port, "GET", "/api/v1/convention-links/" + first_link).status == 200);
    const auto sent_id = std::to_string(db.count(
        "SELECT id FROM outbox_messages WHERE kind = 'convention_to_sign' ORDER BY id LIMIT 1"));
    auto resend =
        http_request(port, "POST", "/api/v1/messages/" + sent_id + "/resend", "", bearer(staff));
    CHECK(resend.status == 409);
    CHECK(resend.json()["error"]["code"] == "link_not_kept");

    for (const auto& id : {zoe["id"].dump(), leo.json()["id"].dump()}) {
        auto moved = post_json(port, "/api/v1/registrations/" + id + "/move",
                               {{"session_id", later}}, bearer(staff));
        REQUIRE_MESSAGE(moved.status == 200, moved.body);
    }
    REQUIRE(eventually([&] { return links_to_sylvie().size() == 2; }));
    const std::string new_link = links_to_sylvie()[1];
    CHECK(new_link != first_link);
    auto old = http_request(port, "GET", "/api/v1/convention-links/" + first_link);
    CHECK(old.status == 409);
    CHECK(old.json()["error"]["code"] == "superseded");
    auto current = http_request(port, "GET", "/api/v1/convention-links/" + new_link);
    REQUIRE(current.status == 200);
    CHECK(current.json()["reference"].get<std::string>().find("-2") != std::string::npos);

    auto moved_text = [&](const std::string& address) {
        for (const auto& message : to(sink.messages(), address)) {
            if (starts(header(message, "subject"), "Inscription déplacée")) {
                return text_of(message);
            }
        }
        return std::string();
    };
    REQUIRE(eventually([&] {
        return !moved_text("zoe@example.org").empty() && !moved_text("leo@example.org").empty();
    }));
    CHECK(moved_text("zoe@example.org").find("Votre contrat de formation est établi de nouveau") !=
          std::string::npos);
    CHECK(moved_text("leo@example.org")
              .find("La convention de formation est établie de "
                    "nouveau") != std::string::npos);
}

TEST_CASE("staff send the convocations now: once per trainee with a seat, whoever sends first") {
    testing::TestDatabase db;
    SmtpSink sink;
    auto session = db.add_session(2, 20);  // days 20 and 21: not yet in the scheduler's window
    testing::ServerProcess server(db.url(), mail_environment(sink));
    auto port = server.port();
    const std::string staff =
        testing::staff_token(db.url(), port, "staff@cpe.test", app::Role::staff);
    register_self(port, session, "Anne", "Martin", "anne@example.org");
    auto bruno = register_self(port, session, "Bruno", "Petit", "bruno@example.org");
    auto chloe = register_self(port, session, "Chloé", "Durand", "chloe@example.org");
    REQUIRE(chloe["status"] == "waitlisted");
    const std::string path = "/api/v1/sessions/" + std::to_string(session) + "/convocations";
    auto convocations_to = [&](const std::string& address) {
        int found = 0;
        for (const auto& message : to(sink.messages(), address)) {
            if (starts(header(message, "subject"), "Convocation – Créer sa CAE")) {
                CHECK(attachments_of(message) ==
                      std::vector<std::string>{"convocation.pdf", "formation.ics"});
                ++found;
            }
        }
        return found;
    };

    auto sent = api(port, "POST", path, staff);
    CHECK(sent["sent"] == 2);
    REQUIRE(eventually([&] {
        return convocations_to("anne@example.org") == 1 &&
               convocations_to("bruno@example.org") == 1;
    }));
    CHECK(api(port, "POST", path, staff)["sent"] == 0);  // a second click sends nothing
    CHECK(db.count(
              "SELECT count(*) FROM audit_events WHERE action = 'session.convocations_sent'") == 2);

    // Bruno leaves, Chloé accepts his seat: only she is convoked by the next click.
    REQUIRE(post_json(port,
                      "/api/v1/registrations/" + bruno["token"].get<std::string>() + "/cancel",
                      json::object())
                .status == 200);
    REQUIRE(
        post_json(port,
                  "/api/v1/registrations/" + chloe["token"].get<std::string>() + "/offer/accept",
                  json::object())
            .status == 200);
    CHECK(api(port, "POST", path, staff)["sent"] == 1);
    REQUIRE(eventually([&] { return convocations_to("chloe@example.org") == 1; }));

    // The scheduler, once the window opens, sends nobody a second one.
    {
        testing::ServerProcess later(
            db.url(), mail_environment(sink, {{"FORMATIONS_CLOCK", clock_in_days(15)}}));
        std::this_thread::sleep_for(std::chrono::seconds(3));  // three scheduler passes
        CHECK(db.count(
                  "SELECT count(*) FROM outbox_messages WHERE kind = 'convocation_reminder'") == 3);
    }
    auto unknown =
        http_request(port, "POST", "/api/v1/sessions/999999/convocations", "", bearer(staff));
    CHECK(unknown.status == 404);
}

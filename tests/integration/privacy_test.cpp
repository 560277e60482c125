// Personal data at the end of its life, and the Qualiopi audit export. Retention: answers,
// accommodation needs and complaints' authors past their time are anonymised by the command and
// by the server's own periodic job (two servers at once: one does it). Erasure on request:
// identity replaced everywhere but in invoices (the legal record), audited. The export: every
// indicator's evidence of a period in one ZIP, from the command and from the API.

#include <unistd.h>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <thread>

#include <doctest/doctest.h>

#include <boost/date_time/gregorian/gregorian.hpp>

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
using testing::bearer;
using testing::call;
using testing::http_request;
using testing::HttpResponse;
using testing::ServerProcess;

namespace {

json register_on(int port, const std::string& staff, long long session, const std::string& first,
                 const std::string& last) {
    auto response =
        call(port, "POST", "/api/v1/sessions/" + std::to_string(session) + "/registrations",
             {{"funding", "self"},
              {"trainee",
               {{"first_name", first},
                {"last_name", last},
                {"email", first + "@exemple.fr"},
                {"address", "12 rue des Œillets, 44000 Nantes"}}}},
             staff);
    REQUIRE_MESSAGE(response.status == 201, response.body);
    return response.json();
}

// A trainee of an employer, registered by staff with the employer's signatory: a link to sign
// the convention is sent to the signatory.
json employer_on(int port, const std::string& staff, long long session, const std::string& first,
                 const std::string& siret) {
    auto response =
        call(port, "POST", "/api/v1/sessions/" + std::to_string(session) + "/registrations",
             {{"funding", "employer"},
              {"trainee",
               {{"first_name", first}, {"last_name", "Garnier"}, {"email", first + "@exemple.fr"}}},
              {"employer",
               {{"siret", siret},
                {"name", "Coopérative " + first},
                {"address", "8 rue des Écoles, 69001 Lyon"},
                {"signatory",
                 {{"name", "Hélène Mercier"},
                  {"role", "Directrice"},
                  {"email", "direction-" + first + "@exemple.fr"}}}}}},
             staff);
    REQUIRE_MESSAGE(response.status == 201, response.body);
    return response.json();
}

std::string questionnaire(const json& registration, const std::string& kind) {
    return "/api/v1/registrations/" + registration["token"].get<std::string>() +
           "/questionnaires/" + kind;
}

const json needs = {{"version", 0},
                    {"answers",
                     {{"q1", 3},
                      {"q2", "Je porte un projet de création"},
                      {"q3", "Monter une CAE à Nantes avec mes associés."}}},
                    {"accommodation", "Documents en gros caractères, je suis malvoyante."}};
const json satisfied = {{"version", 0},
                        {"answers",
                         {{"overall", 5},
                          {"q1", 4},
                          {"q2", 5},
                          {"q3", 4},
                          {"q4", "Oui"},
                          {"q5", "Rien à redire, merci Camille."}}}};

// The body of a response sent with Transfer-Encoding: chunked, its chunks joined.
struct Service {
    testing::TestDatabase db;
    ServerProcess server{db.url()};
    std::string staff =
        testing::staff_token(db.url(), server.port(), "staff@exemple.fr", app::Role::staff);
    std::string admin =
        testing::staff_token(db.url(), server.port(), "admin@exemple.fr", app::Role::admin);

    // A trainee of a session that started `days_ago`, registered and positioned a week before it,
    // satisfied on its last day, each with a server pinned then.
    json trained(long long session, int days_ago, const std::string& first) {
        json registration;
        {
            ServerProcess before(db.url(), {{"FORMATIONS_CLOCK", testing::noon(-days_ago - 7)}});
            registration =
                register_on(before.port(), testing::login(before.port(), "staff@exemple.fr"),
                            session, first, "Lefèvre");
            auto answered = call(before.port(), "PUT", questionnaire(registration, "needs"), needs);
            REQUIRE_MESSAGE(answered.status == 200, answered.body);
            // Signed: the invoice is issued.
            const std::string token = registration["token"];
            REQUIRE(testing::sign_contract(before.port(), token).status == 201);
            registration =
                http_request(before.port(), "GET", "/api/v1/registrations/" + token).json();
        }
        ServerProcess last_day(db.url(), {{"FORMATIONS_CLOCK", testing::noon(-days_ago + 1)}});
        auto answered =
            call(last_day.port(), "PUT", questionnaire(registration, "satisfaction"), satisfied);
        REQUIRE_MESSAGE(answered.status == 200, answered.body);
        return registration;
    }
};

}  // namespace

TEST_CASE(
    "past their retention, answers, accommodation needs and complaints' authors are "
    "anonymised; results stay") {
    Service service;
    auto& db = service.db;
    // Recent first: every server runs the retention job as it starts, on its own clock, and
    // those pinned near today would already anonymise the old data.
    auto recent_session = db.add_session(12, -20);
    auto recent = service.trained(recent_session, 20, "recente");
    auto old_session = db.add_session(12, -1500);
    auto old = service.trained(old_session, 1500, "ancienne");
    {
        // No payment reminder: whether this short-lived server's scheduler queues one for the old
        // invoice before it stops would make the count of e-mails below a race.
        ServerProcess then(db.url(), {{"FORMATIONS_CLOCK", testing::noon(-1400)},
                                      {"FORMATIONS_PAYMENT_REMINDER_DAYS", "0"}});
        auto filed = call(then.port(), "POST", "/api/v1/complaints",
                          {{"author_role", "trainee"},
                           {"author_name", "Ancienne Lefèvre"},
                           {"author_email", "ancienne@exemple.fr"},
                           {"subject", "Salle froide"},
                           {"description", "Il faisait froid."}});
        REQUIRE(filed.status == 201);
        auto closed = call(then.port(), "PATCH", "/api/v1/complaints/" + filed.json()["id"].dump(),
                           {{"status", "closed"}, {"answer", "Chauffage réparé."}},
                           testing::login(then.port(), "staff@exemple.fr"));
        REQUIRE(closed.status == 200);
    }
    CHECK(db.count("SELECT count(*) FROM questionnaire_responses WHERE anonymised_at IS NULL") ==
          4);

    auto run = testing::run_formations("privacy anonymise", db.url());
    REQUIRE(run.status == 0);
    CHECK(
        run.output ==
        "anonymised: 2 questionnaire answers, 1 accommodation requests, 1 complaints, 3 e-mails\n");
    auto old_id = old["id"].get<long long>();
    CHECK(db.count("SELECT count(*) FROM questionnaire_responses WHERE registration_id = " +
                   std::to_string(old_id)) == 0);
    // Free text gone, scores and options kept.
    CHECK(db.count("SELECT count(*) FROM questionnaire_responses WHERE anonymised_at IS NOT NULL"
                   " AND (answers::text LIKE '%Nantes%' OR answers::text LIKE '%Camille%')") == 0);
    CHECK(db.count("SELECT count(*) FROM questionnaire_responses WHERE anonymised_at IS NOT NULL"
                   " AND answers @> '[{\"id\": \"overall\", \"score\": 5}]'") == 1);
    CHECK(db.count("SELECT count(*) FROM questionnaire_responses WHERE registration_id = " +
                   recent["id"].dump()) == 2);
    CHECK(db.count("SELECT count(*) FROM accommodation_requests WHERE needs IS NULL") == 1);
    CHECK(db.count("SELECT count(*) FROM accommodation_requests WHERE needs LIKE '%malvoyante%'") ==
          1);
    CHECK(db.count("SELECT count(*) FROM complaints WHERE author_email IS NULL"
                   " AND anonymised_at IS NOT NULL") == 1);
    CHECK(db.count("SELECT count(*) FROM audit_events WHERE action = 'personal_data.anonymised'") ==
          1);
    // Nothing left to do: nothing done, nothing audited.
    CHECK(
        testing::run_formations("privacy anonymise", db.url()).output ==
        "anonymised: 0 questionnaire answers, 0 accommodation requests, 0 complaints, 0 e-mails\n");

    SUBCASE("the servers' own job does it, once, even with two servers at the same time") {
        // Four years on, the recent session's data is past its retention too.
        std::map<std::string, std::string> later = {{"FORMATIONS_CLOCK", testing::noon(1200)},
                                                    {"FORMATIONS_HOUSEKEEPING_INTERVAL", "1"}};
        ServerProcess first(db.url(), later), second(db.url(), later);
        for (int i = 0; i < 100 && db.count("SELECT count(*) FROM questionnaire_responses"
                                            " WHERE anonymised_at IS NULL") > 0;
             ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        CHECK(db.count(
                  "SELECT count(*) FROM questionnaire_responses WHERE anonymised_at IS NULL") == 0);
        CHECK(db.count("SELECT count(*) FROM accommodation_requests WHERE needs IS NOT NULL") == 0);
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // both ran again since
        CHECK(db.count("SELECT count(*) FROM audit_events WHERE action = 'personal_data.anonymised'"
                       // (the messages: the confirmation, and the invitation to the
                       // self-assessment if a scheduler pass came meanwhile)
                       " AND after @> '{\"answers\": 2, \"accommodations\": 1,"
                       " \"complaints\": 0}'") == 1);
    }
}

TEST_CASE("erasing a trainee on request keeps the invoice as issued and anonymises the rest") {
    Service service;
    auto port = service.server.port();
    auto session = service.db.add_session(12, -20);
    auto zoe = service.trained(session, 20, "zoe");
    REQUIRE(call(port, "POST",
                 "/api/v1/registrations/" + zoe["token"].get<std::string>() + "/complaints",
                 {{"subject", "Facture"}, {"description", "Une question sur ma facture."}})
                .status == 201);
    auto busy = register_on(port, service.staff, service.db.add_session(12, 10), "noe", "Dubœuf");
    // Paid, then the payment reversed: accounting records like the invoice.
    auto paid_number = zoe["invoices"][0]["number"].get<std::string>();
    auto paid = call(port, "POST", "/api/v1/invoices/" + paid_number + "/payments",
                     {{"amount_cents", 30000},
                      {"paid_on", testing::day(0)},
                      {"method", "cheque"},
                      {"reference", "Chèque Zoé Lefèvre n° 1234"}},
                     service.admin);
    REQUIRE_MESSAGE(paid.status == 201, paid.body);

    auto found = call(port, "GET", "/api/v1/trainees?q=zoe@exem", nullptr, service.admin);
    REQUIRE(found.status == 200);
    REQUIRE(found.json()["trainees"].size() == 1);
    auto trainee = found.json()["trainees"][0];
    CHECK(trainee["invoices"] == 1);
    CHECK(trainee["ongoing_registrations"] == 0);
    CHECK(call(port, "GET", "/api/v1/trainees?q=zoe", nullptr, service.staff).status == 403);
    CHECK(call(port, "GET", "/api/v1/trainees?q=z", nullptr, service.admin).status == 400);

    // Her confirmation, her complaint's acknowledgement, her payment's receipt (and an invitation
    // to the self-assessment if a scheduler pass came meanwhile).
    auto her_messages = service.db.count(
        "SELECT count(*) FROM outbox_messages WHERE recipient_email = 'zoe@exemple.fr'");
    CHECK(her_messages >= 3);
    auto erase = "/api/v1/trainees/" + trainee["id"].dump() + "/erase";
    CHECK(call(port, "POST", erase, nullptr, service.staff).status == 403);
    auto erased = call(port, "POST", erase, nullptr, service.admin);
    REQUIRE_MESSAGE(erased.status == 200, erased.body);
    CHECK(erased.json()["trainee"]["first_name"] == "Anonyme");
    CHECK(erased.json()["trainee"]["email"] ==
          "erased-" + trainee["id"].dump() + "@erased.invalid");
    CHECK(erased.json()["anonymised"] == json{{"registrations", 1},
                                              {"answers", 2},
                                              {"accommodations", 1},
                                              {"complaints", 1},
                                              {"messages", her_messages},
                                              {"signatories", 0}});
    CHECK(call(port, "POST", erase, nullptr, service.admin).json()["error"]["code"] ==
          "already_erased");

    auto view = call(port, "GET", "/api/v1/registrations/" + zoe["token"].get<std::string>());
    CHECK(view.json()["trainee"]["first_name"] == "Anonyme");
    CHECK(view.json()["trainee"]["address"] == nullptr);
    // The invoice is the legal record: as issued, name and address included.
    auto number = view.json()["invoices"][0]["number"].get<std::string>();
    auto pdf = call(port, "GET", "/api/v1/invoices/" + number + ".pdf", nullptr, service.admin);
    REQUIRE(pdf.status == 200);
    CHECK(testing::pdf_text(pdf.body, "privacy-test-invoice").find("zoe Lefèvre") !=
          std::string::npos);
    // So is its payment, reference included.
    auto history =
        call(port, "GET", "/api/v1/invoices/" + paid_number + "/payments", nullptr, service.admin);
    REQUIRE(history.status == 200);
    REQUIRE(history.json()["entries"].size() == 1);
    CHECK(history.json()["entries"][0]["amount_cents"] == 30000);
    CHECK(history.json()["entries"][0]["reference"] == "Chèque Zoé Lefèvre n° 1234");
    CHECK(service.db.count(
              "SELECT count(*) FROM questionnaire_responses"
              " WHERE answers::text LIKE '%Camille%' OR answers::text LIKE '%Nantes%'") == 0);
    CHECK(service.db.count("SELECT count(*) FROM complaints WHERE author_name IS NOT NULL") == 0);
    CHECK(service.db.count("SELECT count(*) FROM audit_events WHERE action = 'trainee.erased'"
                           " AND actor = 'user:admin@exemple.fr'") == 1);

    // Not while a registration is under way; the command says the same.
    auto refused = testing::run_formations("privacy erase noe@exemple.fr", service.db.url());
    CHECK(refused.status != 0);
    CHECK(
        call(port, "POST", "/api/v1/registrations/" + busy["token"].get<std::string>() + "/cancel")
            .status == 200);
    auto done = testing::run_formations("privacy erase NOE@exemple.fr", service.db.url());
    CHECK(done.status == 0);
    CHECK(done.output.find("invoices kept as issued") != std::string::npos);
    CHECK(service.db.count("SELECT count(*) FROM trainees WHERE erased_at IS NOT NULL") == 2);
}

TEST_CASE("the Qualiopi export holds each indicator's evidence of the period") {
    Service service;
    auto port = service.server.port();
    auto publish = call(port, "PUT", "/api/v1/courses/CAE/sheet",
                        {{"programme", "Histoire des CAE."},
                         {"objectives", "Définir une CAE\nLire un bilan"},
                         {"prerequisites", "Aucun."},
                         {"audience", "Porteurs de projet."},
                         {"daily_hours",
                          {{"morning_start", "09:00"},
                           {"morning_end", "12:30"},
                           {"afternoon_start", "13:30"},
                           {"afternoon_end", "17:00"}}},
                         {"teaching_methods", "Exposés et cas pratiques."},
                         {"assessment_methods", "Auto-évaluation."},
                         {"access_delay_days", 1},
                         {"accessibility", "Salle accessible."},
                         {"referent", {{"name", "Camille"}, {"email", "handicap@exemple.fr"}}},
                         {"contact", "formation@exemple.fr"}},
                        service.staff);
    REQUIRE(publish.status == 201);
    auto session = service.db.add_session(12, -10);
    auto zoe = service.trained(session, 10, "zoe");
    REQUIRE(call(port, "PUT", "/api/v1/sessions/" + std::to_string(session) + "/attendance",
                 json::array({{{"registration_id", zoe["id"]},
                               {"date", testing::day(-10)},
                               {"half", "am"},
                               {"present", true}}}),
                 service.staff)
                .status == 200);
    REQUIRE(call(port, "POST", "/api/v1/complaints",
                 {{"author_role", "funder"},
                  {"author_email", "opco@exemple.fr"},
                  {"subject", "Attestation tardive"},
                  {"description", "Reçue après trois relances."}})
                .status == 201);
    // Zoé signed her contract (Service::trained): the export holds the signed bytes and the
    // signature's evidence.
    const std::string contract_path =
        "/api/v1/registrations/" + zoe["token"].get<std::string>() + "/contract";
    auto contract = call(port, "GET", contract_path);
    REQUIRE(contract.status == 200);
    REQUIRE(contract.json()["signed"] == true);
    auto contract_pdf = call(port, "GET", contract_path + ".pdf");
    REQUIRE(contract_pdf.status == 200);
    const std::string contract_reference = contract.json()["reference"];
    // Inès signed her contract for a later session, then staff moved her to this one and she
    // signed the new contract: the first one, superseded, is still evidence and is exported too.
    auto later = service.db.add_session(12, -5);
    std::string ines_reference, ines_first_pdf;
    {
        ServerProcess before(service.db.url(), {{"FORMATIONS_CLOCK", testing::noon(-35)}});
        auto ines = register_on(before.port(), testing::login(before.port(), "staff@exemple.fr"),
                                later, "ines", "Martin");
        const std::string path =
            "/api/v1/registrations/" + ines["token"].get<std::string>() + "/contract";
        REQUIRE(testing::sign_contract(before.port(), ines["token"].get<std::string>()).status ==
                201);
        ines_reference = call(before.port(), "GET", path).json()["reference"];
        ines_first_pdf = call(before.port(), "GET", path + ".pdf").body;
        ServerProcess moving(service.db.url(), {{"FORMATIONS_CLOCK", testing::noon(-20)}});
        auto moved =
            call(moving.port(), "POST", "/api/v1/registrations/" + ines["id"].dump() + "/move",
                 {{"session_id", session}}, testing::login(moving.port(), "staff@exemple.fr"));
        REQUIRE_MESSAGE(moved.status == 200, moved.body);
        REQUIRE(testing::sign_contract(moving.port(), ines["token"].get<std::string>()).status ==
                201);
        REQUIRE(call(moving.port(), "GET", path).json()["reference"] == ines_reference + "-2");
    }
    // Two employers' conventions: Léo's signed online by the signatory's link, Lou's on paper
    // (the copy staff attached). Both are evidence, exported with their signature.
    std::string online_reference, online_pdf, paper_reference, paper_pdf;
    const std::string scan = "%PDF-1.4\n% copie signée à la main\n%%EOF\n";
    {
        ServerProcess before(service.db.url(), {{"FORMATIONS_CLOCK", testing::noon(-17)}});
        const auto staff = testing::login(before.port(), "staff@exemple.fr");
        auto leo = employer_on(before.port(), staff, session, "leo", "99900000100001");
        const std::string link_path =
            "/api/v1/convention-links/" +
            testing::convention_links_sent(service.db.sql(), leo["id"].get<long long>()).at(0);
        online_pdf = call(before.port(), "GET", link_path + "/convention.pdf").body;
        auto online =
            call(before.port(), "POST", link_path + "/signature",
                 {{"pdf_sha256", app::sha256_hex(online_pdf)},
                  {"statement", call(before.port(), "GET", link_path).json()["statement"]}});
        REQUIRE_MESSAGE(online.status == 201, online.body);
        online_reference = online.json()["reference"];
        auto lou = employer_on(before.port(), staff, session, "lou", "73282932000074");
        const std::string lou_path = "/api/v1/registrations/" + lou["id"].dump() + "/convention";
        paper_pdf = call(before.port(), "GET", lou_path + ".pdf", nullptr, staff).body;
        auto headers = testing::bearer(staff);
        headers["Content-Type"] = "application/pdf";
        auto paper = http_request(before.port(), "PUT", lou_path + "/signed-copy", scan, headers);
        REQUIRE_MESSAGE(paper.status == 201, paper.body);
        paper_reference = paper.json()["reference"];
    }
    auto period = "from=" + testing::day(-30) + "&to=" + testing::day(0);

    auto accountant =
        testing::staff_token(service.db.url(), port, "compta@exemple.fr", app::Role::accountant);
    CHECK(call(port, "GET", "/api/v1/exports/qualiopi.zip?" + period, nullptr, accountant).status ==
          403);
    CHECK(call(port, "GET", "/api/v1/exports/qualiopi.zip", nullptr, service.staff).status == 400);
    auto response =
        call(port, "GET", "/api/v1/exports/qualiopi.zip?" + period, nullptr, service.staff);
    REQUIRE(response.status == 200);
    CHECK(response.header("content-type") == "application/zip");
    CHECK(response.header("content-disposition") == "attachment; filename=\"qualiopi-" +
                                                        testing::day(-30) + "-" + testing::day(0) +
                                                        ".zip\"");
    // Over 64 KiB (three contracts), the ZIP comes in chunks, which the test client keeps.
    auto entries = testing::zip_entries(response.body);
    std::string reference;
    for (const auto& [name, content] : entries) {
        if (name.starts_with("12-emargement/certificats-")) {
            reference = name;
            CHECK(content.starts_with("%PDF-"));
        }
    }
    CHECK_FALSE(reference.empty());
    auto contains = [&](const std::string& entry, const std::string& text) {
        REQUIRE_MESSAGE(entries.contains(entry), entry);
        CHECK_MESSAGE(entries.at(entry).find(text) != std::string::npos, (entry + ": " + text));
    };
    contains("LISEZMOI.txt", "Indicateurs 31 et 32");
    contains("01-02-fiches/CAE-fiche-au-" + testing::day(0) + ".txt", "Lire un bilan");
    contains("01-02-fiches/CAE-version-1.txt", "Version 1");
    contains("01-02-fiches/versions.csv", "CAE;1;");
    contains("04-08-positionnement/questionnaires.csv", "Qu'attendez-vous de cette formation ?");
    contains("04-08-positionnement/reponses.csv", "Monter une CAE à Nantes avec mes associés.");
    contains("10-26-amenagements/demandes.csv", "Nouvelle");
    CHECK(entries.at("10-26-amenagements/demandes.csv").find("malvoyante") == std::string::npos);
    contains("11-auto-evaluation/reponses.csv", "Stagiaire");
    contains("12-emargement/presences.csv", "Lefèvre zoe");
    contains("09-contrats/signatures.csv", contract_reference + ";");
    contains("09-contrats/signatures.csv", app::sha256_hex(contract_pdf.body));
    REQUIRE(entries.contains("09-contrats/" + contract_reference + ".pdf"));
    CHECK(entries.at("09-contrats/" + contract_reference + ".pdf") == contract_pdf.body);
    // Inès's two contracts: the superseded one under its version's name, marked replaced.
    REQUIRE(entries.contains("09-contrats/" + ines_reference + "-1.pdf"));
    CHECK(entries.at("09-contrats/" + ines_reference + "-1.pdf") == ines_first_pdf);
    REQUIRE(entries.contains("09-contrats/" + ines_reference + "-2.pdf"));
    CHECK_FALSE(entries.contains("09-contrats/" + ines_reference + ".pdf"));
    contains("09-contrats/signatures.csv", "Remplacé le\r\n");
    contains("09-contrats/signatures.csv", ines_reference + ";" + ines_reference + "-1.pdf;");
    contains("09-contrats/signatures.csv", app::sha256_hex(ines_first_pdf));
    contains("09-contrats/signatures.csv", ines_reference + "-2;" + ines_reference + "-2.pdf;");
    for (const auto& line :
         {ines_reference + ";", ines_reference + "-2;", contract_reference + ";"}) {
        const auto& csv = entries.at("09-contrats/signatures.csv");
        auto at = csv.find("\n" + line);
        REQUIRE_MESSAGE(at != std::string::npos, line);
        auto row = csv.substr(at + 1, csv.find('\n', at + 1) - at - 1);
        // The last column, "Remplacé le", is filled for the superseded contract only.
        bool replaced = !row.ends_with(";") && !row.ends_with(";\r");
        CHECK_MESSAGE(replaced == (line == ines_reference + ";"), row);
    }
    // The conventions, named like the contracts; the copy signed on paper beside its convention.
    REQUIRE(entries.contains("09-conventions/" + online_reference + ".pdf"));
    CHECK(entries.at("09-conventions/" + online_reference + ".pdf") == online_pdf);
    REQUIRE(entries.contains("09-conventions/" + paper_reference + ".pdf"));
    CHECK(entries.at("09-conventions/" + paper_reference + ".pdf") == paper_pdf);
    REQUIRE(entries.contains("09-conventions/" + paper_reference + "-copie-signee.pdf"));
    CHECK(entries.at("09-conventions/" + paper_reference + "-copie-signee.pdf") == scan);
    CHECK_FALSE(entries.contains("09-conventions/" + online_reference + "-copie-signee.pdf"));
    contains("09-conventions/signatures.csv", "Remplacée le\r\n");
    contains("09-conventions/signatures.csv", online_reference + ";" + online_reference + ".pdf;");
    contains("09-conventions/signatures.csv", "Coopérative leo;en ligne;");
    contains("09-conventions/signatures.csv", app::sha256_hex(online_pdf));
    contains("09-conventions/signatures.csv", "Coopérative lou;sur papier;");
    contains("09-conventions/signatures.csv",
             paper_reference + "-copie-signee.pdf;" + app::sha256_hex(scan) + ";staff@exemple.fr;");
    contains("30-satisfaction/stagiaires-reponses.csv", "Rien à redire, merci Camille.");
    contains("30-satisfaction/synthese.csv", "100\u00a0%");
    contains("31-32-reclamations/registre.csv", "Attestation tardive");
    CHECK(entries.at("31-32-reclamations/registre.csv").find("opco@exemple.fr") ==
          std::string::npos);

    auto file = "/tmp/formations-qualiopi-" + std::to_string(getpid()) + ".zip";
    auto command = testing::run_formations("export qualiopi --from " + testing::day(-30) +
                                               " --to " + testing::day(0) + " --output " + file,
                                           service.db.url());
    REQUIRE(command.status == 0);
    std::ifstream in(file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::remove(file.c_str());
    auto from_command = testing::zip_entries(bytes);
    CHECK(from_command.size() == entries.size());
    CHECK(from_command.at("31-32-reclamations/registre.csv") ==
          entries.at("31-32-reclamations/registre.csv"));
}

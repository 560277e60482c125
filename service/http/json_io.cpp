#include "service/http/json_io.hpp"

#include <set>

#include "service/app/input_rules.hpp"

#include "service/storage/rows.hpp"

namespace formations::http {
namespace {

using nlohmann::json;
constexpr int max_depth = 8;

app::Error wrong_type(const std::string& field, const char* expected) {
    return app::Error::invalid("invalid_type", std::string("Le champ doit être ") + expected + ".",
                               field);
}

app::Error missing(const std::string& field) {
    return app::Error::invalid("required", "Ce champ est obligatoire.", field);
}

// Refuses fields we do not know: a typo must not be silently ignored.
std::optional<app::Error> only_known_fields(const json& object, const std::string& prefix,
                                            const std::set<std::string>& known) {
    for (const auto& item : object.items()) {
        if (!known.contains(item.key())) {
            return app::Error::invalid("unknown_field", "Ce champ n'est pas reconnu.",
                                       prefix + item.key());
        }
    }
    return std::nullopt;
}

// Reads a required string member.
std::optional<app::Error> read_string(const json& object, const std::string& prefix,
                                      const std::string& name, std::string& out) {
    auto found = object.find(name);
    if (found == object.end() || found->is_null()) {
        return missing(prefix + name);
    }
    if (!found->is_string()) {
        return wrong_type(prefix + name, "une chaîne de caractères");
    }
    out = found->get<std::string>();
    return std::nullopt;
}

std::optional<app::Error> read_optional_string(const json& object, const std::string& prefix,
                                               const std::string& name,
                                               std::optional<std::string>& out) {
    auto found = object.find(name);
    if (found == object.end() || found->is_null()) {
        return std::nullopt;
    }
    if (!found->is_string()) {
        return wrong_type(prefix + name, "une chaîne de caractères");
    }
    // An empty optional field means "not given", as HTML forms send it.
    if (auto text = found->get<std::string>();
        text.find_first_not_of(" \t\r\n") != std::string::npos) {
        out = std::move(text);
    }
    return std::nullopt;
}

std::optional<app::Error> read_date(const json& object, const std::string& name,
                                    std::optional<boost::gregorian::date>& out) {
    std::optional<std::string> text;
    if (auto e = read_optional_string(object, "", name, text)) {
        return e;
    }
    if (!text) {
        return std::nullopt;
    }
    try {
        if (text->size() != 10) {
            throw std::out_of_range("not YYYY-MM-DD");
        }
        out = boost::gregorian::from_simple_string(*text);
    } catch (const std::exception&) {
        return app::Error::invalid("invalid_date", "La date doit être au format AAAA-MM-JJ.", name);
    }
    return std::nullopt;
}

std::optional<app::Error> read_optional_int(const json& object, const std::string& name,
                                            std::optional<int>& out) {
    auto found = object.find(name);
    if (found == object.end() || found->is_null()) {
        return std::nullopt;
    }
    if (!found->is_number_integer() || found->get<std::int64_t>() > 1'000'000 ||
        found->get<std::int64_t>() < -1'000'000) {
        return wrong_type(name, "un nombre entier");
    }
    out = found->get<int>();
    return std::nullopt;
}

std::optional<app::Error> require_object(const json& body) {
    if (!body.is_object()) {
        return app::Error::invalid("invalid_json",
                                   "Le corps de la requête doit être un objet JSON.");
    }
    return std::nullopt;
}

json nullable(const std::optional<std::string>& value) {
    return value ? json(*value) : json(nullptr);
}

json money_or_null(const std::optional<pricing::Money>& amount) {
    return amount ? json(amount->cents()) : json(nullptr);
}

json course_json(const storage::SessionRow& session) {
    return {{"code", session.course_code}, {"title", session.course_title}};
}

}  // namespace

app::Result<json> parse_json_body(std::string_view body) {
    struct TooDeep {};
    try {
        return json::parse(body, [](int depth, json::parse_event_t, json&) {
            if (depth > max_depth) {
                throw TooDeep{};
            }
            return true;
        });
    } catch (const json::exception&) {  // syntax, invalid UTF-8, numbers beyond a double
        return app::Error::invalid("invalid_json",
                                   "Le corps de la requête n'est pas un JSON valide (UTF-8).");
    } catch (const TooDeep&) {
        return app::Error::invalid("invalid_json", "Le corps de la requête est trop imbriqué.");
    }
}

app::Result<app::RegistrationRequest> read_registration_request(const json& body) {
    if (!body.is_object()) {
        return app::Error::invalid("invalid_json",
                                   "Le corps de la requête doit être un objet JSON.");
    }
    if (auto e = only_known_fields(body, "", {"session_id", "trainee", "funding", "employer"})) {
        return *e;
    }
    app::RegistrationRequest request;

    auto session = body.find("session_id");
    if (session == body.end() || session->is_null()) {
        return missing("session_id");
    }
    if (!session->is_number_integer() || session->get<std::int64_t>() <= 0) {
        return wrong_type("session_id", "un identifiant entier positif");
    }
    request.session_id = session->get<std::int64_t>();

    auto trainee = body.find("trainee");
    if (trainee == body.end() || trainee->is_null()) {
        return missing("trainee");
    }
    if (!trainee->is_object()) {
        return wrong_type("trainee", "un objet");
    }
    const std::string t = "trainee.";
    if (auto e = only_known_fields(*trainee, t,
                                   {"first_name", "last_name", "email", "phone", "address"})) {
        return *e;
    }
    auto& person = request.trainee;
    if (auto e = read_string(*trainee, t, "first_name", person.first_name)) {
        return *e;
    }
    if (auto e = read_string(*trainee, t, "last_name", person.last_name)) {
        return *e;
    }
    if (auto e = read_string(*trainee, t, "email", person.email)) {
        return *e;
    }
    if (auto e = read_optional_string(*trainee, t, "phone", person.phone)) {
        return *e;
    }
    if (auto e = read_optional_string(*trainee, t, "address", person.address)) {
        return *e;
    }

    std::string funding;
    if (auto e = read_string(body, "", "funding", funding)) {
        return *e;
    }
    auto parsed_funding = pricing::parse_funding(funding);
    if (!parsed_funding) {
        return app::Error::invalid("invalid_funding",
                                   "Le financement doit être « self » (le stagiaire paie) ou "
                                   "« employer » (l'employeur paie).",
                                   "funding");
    }
    request.funding = *parsed_funding;

    auto employer = body.find("employer");
    if (employer != body.end() && !employer->is_null()) {
        if (!employer->is_object()) {
            return wrong_type("employer", "un objet");
        }
        const std::string p = "employer.";
        if (auto e = only_known_fields(*employer, p, {"siret", "name", "address"})) {
            return *e;
        }
        app::EmployerInput input;
        if (auto e = read_string(*employer, p, "siret", input.siret)) {
            return *e;
        }
        if (auto e = read_string(*employer, p, "name", input.name)) {
            return *e;
        }
        if (auto e = read_string(*employer, p, "address", input.address)) {
            return *e;
        }
        request.employer = std::move(input);
    }
    return request;
}

app::Result<app::PaymentInput> read_payment_request(const json& body) {
    if (!body.is_object()) {
        return app::Error::invalid("invalid_json",
                                   "Le corps de la requête doit être un objet JSON.");
    }
    if (auto e = only_known_fields(body, "", {"amount_cents", "paid_on", "method", "reference"})) {
        return *e;
    }
    app::PaymentInput payment;
    auto amount = body.find("amount_cents");
    if (amount == body.end() || amount->is_null()) {
        return missing("amount_cents");
    }
    if (!amount->is_number_integer()) {
        return wrong_type("amount_cents", "un nombre entier de centimes");
    }
    payment.amount_cents = amount->get<std::int64_t>();
    std::string paid_on;
    if (auto e = read_string(body, "", "paid_on", paid_on)) {
        return *e;
    }
    try {
        if (paid_on.size() != 10) {
            throw std::out_of_range("not YYYY-MM-DD");
        }
        payment.paid_on = boost::gregorian::from_simple_string(paid_on);
    } catch (const std::exception&) {
        return app::Error::invalid("invalid_date", "La date doit être au format AAAA-MM-JJ.",
                                   "paid_on");
    }
    if (auto e = read_string(body, "", "method", payment.method)) {
        return *e;
    }
    if (auto e = read_optional_string(body, "", "reference", payment.reference)) {
        return *e;
    }
    if (payment.reference) {
        auto reference = app::normalise_text(*payment.reference, "reference", 200);
        if (!reference) {
            return reference.error();
        }
        payment.reference = reference.value();
    }
    return payment;
}

app::Result<std::pair<std::string, std::string>> read_login_request(const json& body) {
    if (!body.is_object()) {
        return app::Error::invalid("invalid_json",
                                   "Le corps de la requête doit être un objet JSON.");
    }
    if (auto e = only_known_fields(body, "", {"email", "password"})) {
        return *e;
    }
    std::pair<std::string, std::string> credentials;
    if (auto e = read_string(body, "", "email", credentials.first)) {
        return *e;
    }
    if (auto e = read_string(body, "", "password", credentials.second)) {
        return *e;
    }
    return credentials;
}

app::Result<app::SessionInput> read_session_input(const json& body) {
    if (auto e = require_object(body)) {
        return *e;
    }
    if (auto e = only_known_fields(body, "",
                                   {"course_code", "reference", "starts_on", "ends_on",
                                    "registration_deadline", "place", "capacity", "trainer"})) {
        return *e;
    }
    app::SessionInput input;
    std::optional<std::string> course, reference, place, trainer;
    std::optional<boost::gregorian::date> starts, ends, deadline;
    std::optional<int> capacity;
    for (auto [name, out] : {std::pair{"course_code", &course}, std::pair{"reference", &reference},
                             std::pair{"place", &place}, std::pair{"trainer", &trainer}}) {
        if (auto e = read_optional_string(body, "", name, *out)) {
            return *e;
        }
    }
    for (auto [name, out] : {std::pair{"starts_on", &starts}, std::pair{"ends_on", &ends},
                             std::pair{"registration_deadline", &deadline}}) {
        if (auto e = read_date(body, name, *out)) {
            return *e;
        }
    }
    if (auto e = read_optional_int(body, "capacity", capacity)) {
        return *e;
    }
    if (!starts) {
        return missing("starts_on");
    }
    if (!place) {
        return missing("place");
    }
    input.course_code = course.value_or(input.course_code);
    input.reference = reference;
    input.starts_on = *starts;
    input.ends_on = ends.value_or(*starts + boost::gregorian::days(1));
    input.registration_deadline = deadline;
    input.place = *place;
    input.capacity = capacity.value_or(input.capacity);
    input.trainer = trainer;
    return input;
}

app::Result<app::SessionChanges> read_session_changes(const json& body) {
    if (auto e = require_object(body)) {
        return *e;
    }
    if (auto e = only_known_fields(body, "",
                                   {"starts_on", "ends_on", "registration_deadline", "place",
                                    "capacity", "trainer", "status"})) {
        return *e;
    }
    app::SessionChanges changes;
    if (auto e = read_date(body, "starts_on", changes.starts_on)) {
        return *e;
    }
    if (auto e = read_date(body, "ends_on", changes.ends_on)) {
        return *e;
    }
    if (auto e = read_date(body, "registration_deadline", changes.registration_deadline)) {
        return *e;
    }
    if (auto e = read_optional_string(body, "", "place", changes.place)) {
        return *e;
    }
    if (auto e = read_optional_int(body, "capacity", changes.capacity)) {
        return *e;
    }
    if (auto trainer = body.find("trainer"); trainer != body.end()) {
        if (!trainer->is_null() && !trainer->is_string()) {
            return wrong_type("trainer", "une chaîne de caractères");
        }
        changes.trainer = trainer->is_null() ? "" : trainer->get<std::string>();
    }
    std::optional<std::string> status;
    if (auto e = read_optional_string(body, "", "status", status)) {
        return *e;
    }
    if (status) {
        changes.status = pricing::parse_session_status(*status);
        if (!changes.status) {
            return app::Error::invalid("invalid_status",
                                       "Le statut doit être « open » ou « closed ».", "status");
        }
    }
    return changes;
}

app::Result<std::int64_t> read_move_request(const json& body) {
    if (auto e = require_object(body)) {
        return *e;
    }
    if (auto e = only_known_fields(body, "", {"session_id"})) {
        return *e;
    }
    auto session = body.find("session_id");
    if (session == body.end() || session->is_null()) {
        return missing("session_id");
    }
    if (!session->is_number_integer() || session->get<std::int64_t>() <= 0) {
        return wrong_type("session_id", "un identifiant entier positif");
    }
    return session->get<std::int64_t>();
}

app::Result<pricing::Tier> read_tier_request(const json& body) {
    if (auto e = require_object(body)) {
        return *e;
    }
    if (auto e = only_known_fields(body, "", {"tier"})) {
        return *e;
    }
    std::string text;
    if (auto e = read_string(body, "", "tier", text)) {
        return *e;
    }
    auto tier = pricing::parse_tier(text);
    if (!tier) {
        return app::Error::invalid("invalid_tier",
                                   "Le tarif doit être self_funded, member ou non_member.", "tier");
    }
    return *tier;
}

json roster_json(const app::Roster& roster) {
    json entries = json::array();
    for (const auto& entry : roster.entries) {
        const auto& r = entry.registration;
        json employer = nullptr;
        if (r.employer) {
            employer = {{"siret", r.employer->siret}, {"name", r.employer->name}};
        }
        json invoice = nullptr;
        if (entry.invoice) {
            invoice = {{"number", entry.invoice->invoice.number},
                       {"status", invoices::to_string(entry.invoice->settlement.status)},
                       {"amount_due_cents", entry.invoice->settlement.amount_due.cents()}};
        }
        entries.push_back(
            {{"id", r.id},
             {"status", r.status},
             {"waitlist_position",
              entry.waitlist_position ? json(*entry.waitlist_position) : json(nullptr)},
             {"trainee",
              {{"first_name", r.trainee.first_name},
               {"last_name", r.trainee.last_name},
               {"email", r.trainee.email},
               {"phone", nullable(r.trainee.phone)}}},
             {"funding", pricing::to_string(r.funding)},
             {"employer", employer},
             {"tier", pricing::to_string(r.tier)},
             {"price_cents", r.price_cents},
             {"invoice", invoice},
             {"created_at", r.created_at}});
    }
    const auto& s = roster.session;
    return {{"session",
             {{"id", s.id},
              {"reference", s.reference},
              {"course", course_json(s)},
              {"starts_on", storage::iso(s.starts_on)},
              {"ends_on", storage::iso(s.ends_on)},
              {"place", s.place},
              {"trainer", nullable(s.trainer)},
              {"capacity", s.capacity},
              {"seats_taken", s.seats_taken},
              {"status", pricing::to_string(s.status)}}},
            {"registrations", entries}};
}

json user_json(const app::Actor& actor) {
    return {{"id", actor.user_id}, {"email", actor.email}, {"role", app::to_string(actor.role)}};
}

json session_json(const app::SessionView& view) {
    const auto& s = view.session;
    return {{"id", s.id},
            {"reference", s.reference},
            {"course", course_json(s)},
            {"starts_on", storage::iso(s.starts_on)},
            {"ends_on", storage::iso(s.ends_on)},
            {"hours", s.duration_minutes / 60.0},
            {"place", s.place},
            {"capacity", s.capacity},
            {"seats_left", view.seats_left},
            {"waitlist_length", s.waitlist_length},
            {"registration_deadline", storage::iso(s.registration_deadline)},
            {"registration_open", view.registration_open},
            {"trainer", nullable(s.trainer)},
            {"status", pricing::to_string(s.status)},
            {"prices_cents",
             {{"self_funded", money_or_null(view.prices.self_funded)},
              {"member", money_or_null(view.prices.member)},
              {"non_member", money_or_null(view.prices.non_member)}}}};
}

json registration_json(const app::RegistrationView& view) {
    const auto& r = view.registration;
    const auto& s = view.session;
    json employer = nullptr;
    if (r.employer) {
        employer = {{"siret", r.employer->siret},
                    {"name", r.employer->name},
                    {"address", r.employer->address},
                    {"in_member_directory", r.employer->organisation_id.has_value()}};
    }
    const std::string self = "/api/v1/registrations/" + r.token;
    json documents = json::array();
    for (const auto& invoice : view.invoices) {
        documents.push_back(invoice_json(invoice, r.token));
    }
    return {{"id", r.id},
            {"token", r.token},
            {"status", view.status},
            {"tier", pricing::to_string(r.tier)},
            {"price_cents", r.price_cents},
            {"waitlist_position",
             view.waitlist_position ? json(*view.waitlist_position) : json(nullptr)},
            {"funding", pricing::to_string(r.funding)},
            {"trainee",
             {{"first_name", r.trainee.first_name},
              {"last_name", r.trainee.last_name},
              {"email", r.trainee.email},
              {"phone", nullable(r.trainee.phone)},
              {"address", nullable(r.trainee.address)}}},
            {"employer", employer},
            {"session",
             {{"id", s.id},
              {"course", course_json(s)},
              {"starts_on", storage::iso(s.starts_on)},
              {"ends_on", storage::iso(s.ends_on)},
              {"place", s.place}}},
            {"created_at", r.created_at},
            {"invoices", documents},
            {"links", {{"self", self}, {"cancel", self + "/cancel"}}}};
}

json invoice_json(const app::InvoiceView& view, const std::string& token) {
    const auto& i = view.invoice;
    bool is_invoice = i.kind == "invoice";
    std::string download = "/api/v1/invoices/" + i.number + ".pdf";
    if (!token.empty()) {
        download += "?token=" + token;
    }
    auto cents_if = [&](bool applies, pricing::Money amount) {
        return applies ? json(amount.cents()) : json(nullptr);
    };
    return {
        {"number", i.number},
        {"kind", i.kind},
        {"issued_on", storage::iso(i.issued_on)},
        {"due_on", storage::iso(i.due_on)},
        {"total_cents", i.total_cents},
        {"buyer_name", i.buyer_name},
        {"payer", i.payer},
        // A credit note has no payment status of its own: it settles the invoice it names.
        {"status", is_invoice ? json(invoices::to_string(view.settlement.status)) : json("issued")},
        {"amount_paid_cents", is_invoice ? json(i.paid_cents) : json(nullptr)},
        {"amount_due_cents", cents_if(is_invoice, view.settlement.amount_due)},
        {"refund_due_cents", cents_if(is_invoice, view.settlement.refund_due)},
        {"corrects", nullable(i.corrects_number)},
        {"download_url", download}};
}

json error_json(const app::Error& error) {
    return {{"error",
             {{"code", error.code},
              {"message", error.message},
              {"field", error.field.empty() ? json(nullptr) : json(error.field)}}}};
}

int http_status(app::ErrorCategory category) {
    switch (category) {
        case app::ErrorCategory::invalid_argument:
            return 400;
        case app::ErrorCategory::unauthenticated:
            return 401;
        case app::ErrorCategory::forbidden:
            return 403;
        case app::ErrorCategory::not_found:
            return 404;
        case app::ErrorCategory::conflict:
            return 409;
        case app::ErrorCategory::payload_too_large:
            return 413;
        case app::ErrorCategory::unsupported_media_type:
            return 415;
        case app::ErrorCategory::unprocessable:
            return 422;
        case app::ErrorCategory::too_many_requests:
            return 429;
        case app::ErrorCategory::unavailable:
            return 503;
        case app::ErrorCategory::internal:
            return 500;
    }
    return 500;
}

}  // namespace formations::http

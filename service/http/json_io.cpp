#include "service/http/json_io.hpp"

#include "service/app/accounting.hpp"
#include "service/app/input_rules.hpp"
#include "service/domain/iso8601.hpp"
#include "service/http/json_body.hpp"

namespace formations::http {
namespace {

using nlohmann::json;

json course_json(const domain::Session& session) {
    return {{"code", session.course_code}, {"title", session.course_title}};
}

int message_count(const app::RosterEntry& entry, const std::string& status) {
    auto found = entry.messages.find(status);
    return found == entry.messages.end() ? 0 : found->second;
}

// Stores `result`'s value into `into`, or gives its error.
template <typename T, typename U>
std::optional<Error> take(Result<T> result, U& into) {
    if (!result) {
        return result.error();
    }
    into = std::move(result.value());
    return std::nullopt;
}

// A reference (bank transfer label, cheque number…), normalised like every typed text.
std::optional<Error> read_reference(const JsonObject& object, std::optional<std::string>& into) {
    if (auto e = take(object.optional_text("reference"), into)) {
        return e;
    }
    if (into) {
        if (auto e = take(app::normalise_text(*into, "reference", 200), *into)) {
            return e;
        }
    }
    return std::nullopt;
}

}  // namespace

json money_or_null(const std::optional<pricing::Money>& amount) {
    return amount ? json(amount->cents()) : json(nullptr);
}

std::optional<Error> read_daily_hours(const JsonObject& object, app::HoursChanges& into) {
    auto hours = object.optional_object(
        "daily_hours", {"morning_start", "morning_end", "afternoon_start", "afternoon_end"});
    if (!hours) {
        return hours.error();
    }
    if (!hours.value()) {
        return std::nullopt;
    }
    for (auto [name, time] : {std::pair{"morning_start", &into.morning_start},
                              std::pair{"morning_end", &into.morning_end},
                              std::pair{"afternoon_start", &into.afternoon_start},
                              std::pair{"afternoon_end", &into.afternoon_end}}) {
        std::optional<std::string> text;
        if (auto e = take(hours.value()->optional_text(name), text)) {
            return e;
        }
        if (text) {
            *time = parse_time_of_day(*text);
            if (!*time) {
                return Error::invalid("invalid_time", "L'heure doit être au format HH:MM (09:30).",
                                      std::string("daily_hours.") + name);
            }
        }
    }
    return std::nullopt;
}

json daily_hours_json(const domain::DailyHours& hours) {
    return {{"morning_start", format_time_of_day(hours.morning_start)},
            {"morning_end", format_time_of_day(hours.morning_end)},
            {"afternoon_start", format_time_of_day(hours.afternoon_start)},
            {"afternoon_end", format_time_of_day(hours.afternoon_end)}};
}

Result<app::RegistrationRequest> read_registration_request(const json& body) {
    auto object = JsonObject::of(
        body, {"session_id", "trainee", "funding", "employer", "purchase_order", "funding_body"});
    if (!object) {
        return object.error();
    }
    app::RegistrationRequest request;
    if (auto e = take(object->id("session_id"), request.session_id)) {
        return *e;
    }
    auto trainee =
        object->object("trainee", {"first_name", "last_name", "email", "phone", "address"});
    if (!trainee) {
        return trainee.error();
    }
    auto& person = request.trainee;
    if (auto e = take(trainee->text("first_name"), person.first_name)) {
        return *e;
    }
    if (auto e = take(trainee->text("last_name"), person.last_name)) {
        return *e;
    }
    if (auto e = take(trainee->text("email"), person.email)) {
        return *e;
    }
    if (auto e = take(trainee->optional_text("phone"), person.phone)) {
        return *e;
    }
    if (auto e = take(trainee->optional_text("address"), person.address)) {
        return *e;
    }
    auto funding = object->text("funding");
    if (!funding) {
        return funding.error();
    }
    auto parsed_funding = pricing::parse_funding(funding.value());
    if (!parsed_funding) {
        return Error::invalid("invalid_funding",
                              "Le financement doit être « self » (le stagiaire paie) ou "
                              "« employer » (l'employeur paie).",
                              "funding");
    }
    request.funding = *parsed_funding;
    auto employer = object->optional_object("employer", {"siret", "name", "address", "signatory"});
    if (!employer) {
        return employer.error();
    }
    if (employer.value()) {
        const auto& fields = *employer.value();
        app::EmployerInput input;
        if (auto e = take(fields.text("siret"), input.siret)) {
            return *e;
        }
        if (auto e = take(fields.text("name"), input.name)) {
            return *e;
        }
        if (auto e = take(fields.text("address"), input.address)) {
            return *e;
        }
        auto signatory = fields.optional_object("signatory", {"name", "role", "email"});
        if (!signatory) {
            return signatory.error();
        }
        if (signatory.value()) {
            domain::Signatory signer;
            if (auto e = take(signatory.value()->text("name"), signer.name)) {
                return *e;
            }
            if (auto e = take(signatory.value()->text("role"), signer.role)) {
                return *e;
            }
            if (auto e = take(signatory.value()->text("email"), signer.email)) {
                return *e;
            }
            input.signatory = std::move(signer);
        }
        request.employer = std::move(input);
    }
    if (auto e = take(object->optional_text("purchase_order"), request.billing.purchase_order)) {
        return *e;
    }
    auto funding_body = object->optional_object(
        "funding_body", {"name", "address", "siret", "agreement_number", "amount_cents"});
    if (!funding_body) {
        return funding_body.error();
    }
    if (funding_body.value()) {
        const auto& fields = *funding_body.value();
        domain::FundingBody payer;
        if (auto e = take(fields.text("name"), payer.name)) {
            return *e;
        }
        if (auto e = take(fields.text("address"), payer.address)) {
            return *e;
        }
        if (auto e = take(fields.text("siret"), payer.siret)) {
            return *e;
        }
        if (auto e = take(fields.text("agreement_number"), payer.agreement_number)) {
            return *e;
        }
        if (auto e = take(fields.optional_cents("amount_cents"), payer.amount_cents)) {
            return *e;
        }
        request.billing.funding_body = std::move(payer);
    }
    return request;
}

Result<app::SignatureEvidence> read_signature(const json& body) {
    auto object = JsonObject::of(body, {"pdf_sha256", "statement"});
    if (!object) {
        return object.error();
    }
    auto hash = object->text("pdf_sha256");
    if (!hash) {
        return hash.error();
    }
    auto statement = object->text("statement");
    if (!statement) {
        return statement.error();
    }
    return app::SignatureEvidence{hash.value(), statement.value(), {}, {}};
}

Result<app::PaymentInput> read_payment_request(const json& body) {
    auto object = JsonObject::of(body, {"amount_cents", "paid_on", "method", "reference"});
    if (!object) {
        return object.error();
    }
    app::PaymentInput payment;
    if (auto e = take(object->integer("amount_cents", "un nombre entier de centimes"),
                      payment.amount_cents)) {
        return *e;
    }
    if (auto e = take(object->date("paid_on"), payment.paid_on)) {
        return *e;
    }
    if (auto e = take(object->text("method"), payment.method)) {
        return *e;
    }
    if (auto e = read_reference(object.value(), payment.reference)) {
        return *e;
    }
    return payment;
}

Result<app::RefundInput> read_refund_request(const json& body) {
    auto object = JsonObject::of(body, {"amount_cents", "refunded_on", "method", "reference"});
    if (!object) {
        return object.error();
    }
    app::RefundInput refund;
    if (auto e = take(object->integer("amount_cents", "un nombre entier de centimes"),
                      refund.amount_cents)) {
        return *e;
    }
    if (auto e = take(object->date("refunded_on"), refund.refunded_on)) {
        return *e;
    }
    if (auto e = take(object->text("method"), refund.method)) {
        return *e;
    }
    if (auto e = read_reference(object.value(), refund.reference)) {
        return *e;
    }
    return refund;
}

Result<app::ReversalInput> read_reversal_request(const json& body) {
    auto object = JsonObject::of(body, {"reversed_on", "reason"});
    if (!object) {
        return object.error();
    }
    app::ReversalInput reversal;
    if (auto e = take(object->date("reversed_on"), reversal.reversed_on)) {
        return *e;
    }
    if (auto e = take(object->text("reason"), reversal.reason)) {
        return *e;
    }
    return reversal;
}

Result<boost::gregorian::date> read_closing_request(const json& body) {
    auto object = JsonObject::of(body, {"closed_through"});
    if (!object) {
        return object.error();
    }
    return object->date("closed_through");
}

Result<std::pair<std::string, std::string>> read_login_request(const json& body) {
    auto object = JsonObject::of(body, {"email", "password"});
    if (!object) {
        return object.error();
    }
    std::pair<std::string, std::string> credentials;
    if (auto e = take(object->text("email"), credentials.first)) {
        return *e;
    }
    if (auto e = take(object->text("password"), credentials.second)) {
        return *e;
    }
    return credentials;
}

Result<app::SessionInput> read_session_input(const json& body) {
    auto object = JsonObject::of(
        body, {"course_code", "reference", "starts_on", "ends_on", "registration_deadline", "place",
               "capacity", "trainer", "daily_hours"});
    if (!object) {
        return object.error();
    }
    app::SessionInput input;
    std::optional<std::string> course, place;
    std::optional<boost::gregorian::date> ends;
    std::optional<int> capacity;
    if (auto e = take(object->optional_text("course_code"), course)) {
        return *e;
    }
    if (auto e = take(object->optional_text("reference"), input.reference)) {
        return *e;
    }
    if (auto e = take(object->optional_text("place"), place)) {
        return *e;
    }
    if (auto e = take(object->optional_text("trainer"), input.trainer)) {
        return *e;
    }
    if (auto e = take(object->date("starts_on"), input.starts_on)) {
        return *e;
    }
    if (auto e = take(object->optional_date("ends_on"), ends)) {
        return *e;
    }
    if (auto e =
            take(object->optional_date("registration_deadline"), input.registration_deadline)) {
        return *e;
    }
    if (auto e = take(object->optional_integer("capacity"), capacity)) {
        return *e;
    }
    if (auto e = read_daily_hours(object.value(), input.hours)) {
        return *e;
    }
    if (!place) {
        return Error::invalid("required", "Ce champ est obligatoire.", "place");
    }
    input.course_code = course.value_or(input.course_code);
    input.ends_on = ends.value_or(input.starts_on + boost::gregorian::days(1));
    input.place = *place;
    input.capacity = capacity.value_or(input.capacity);
    return input;
}

Result<app::SessionChanges> read_session_changes(const json& body) {
    auto object =
        JsonObject::of(body, {"starts_on", "ends_on", "registration_deadline", "place", "capacity",
                              "trainer", "status", "daily_hours", "confirmation"});
    if (!object) {
        return object.error();
    }
    app::SessionChanges changes;
    if (auto e = take(object->optional_date("starts_on"), changes.starts_on)) {
        return *e;
    }
    if (auto e = take(object->optional_date("ends_on"), changes.ends_on)) {
        return *e;
    }
    if (auto e =
            take(object->optional_date("registration_deadline"), changes.registration_deadline)) {
        return *e;
    }
    if (auto e = take(object->optional_text("place"), changes.place)) {
        return *e;
    }
    if (auto e = take(object->optional_integer("capacity"), changes.capacity)) {
        return *e;
    }
    if (auto e = take(object->nullable_text("trainer"), changes.trainer)) {
        return *e;
    }
    if (auto e = read_daily_hours(object.value(), changes.hours)) {
        return *e;
    }
    if (auto e = take(object->optional_text("confirmation"), changes.confirmation)) {
        return *e;
    }
    std::optional<std::string> status;
    if (auto e = take(object->optional_text("status"), status)) {
        return *e;
    }
    if (status) {
        changes.status = pricing::parse_session_status(*status);
        if (!changes.status) {
            return Error::invalid("invalid_status", "Le statut doit être « open » ou « closed ».",
                                  "status");
        }
    }
    return changes;
}

Result<std::int64_t> read_move_request(const json& body) {
    auto object = JsonObject::of(body, {"session_id"});
    if (!object) {
        return object.error();
    }
    return object->id("session_id");
}

Result<std::optional<std::string>> read_cancel_request(const Request& request) {
    if (request.body.empty()) {
        return std::optional<std::string>();
    }
    return read_body(request, [](const json& body) -> Result<std::optional<std::string>> {
        if (body.is_null()) {
            return std::optional<std::string>();
        }
        auto object = JsonObject::of(body, {"confirmation"});
        if (!object) {
            return object.error();
        }
        return object->optional_text("confirmation");
    });
}

json cancellation_outcome_json(const app::CancellationOutcome& outcome) {
    return {{"fee_rule", outcome.fee_rule},
            {"fee_cents", outcome.fee_cents},
            {"credited_cents", outcome.credited_cents},
            {"due_cents", outcome.due_cents},
            {"refund_cents", outcome.refund_cents},
            {"seat_offered", outcome.seat_offered},
            {"withdrawal_ends_on", outcome.withdrawal_ends_on
                                       ? json(format_date(*outcome.withdrawal_ends_on))
                                       : json(nullptr)},
            {"summary", outcome.summary},
            {"confirmation", outcome.confirmation}};
}

Result<pricing::Tier> read_tier_request(const json& body) {
    auto object = JsonObject::of(body, {"tier"});
    if (!object) {
        return object.error();
    }
    auto text = object->text("tier");
    if (!text) {
        return text.error();
    }
    auto tier = pricing::parse_tier(text.value());
    if (!tier) {
        return Error::invalid("invalid_tier",
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
        json offer = nullptr;
        if (entry.offer) {
            offer = {{"offered_at", entry.offer->offered_at},
                     {"expires_at", entry.offer->expires_at}};
        }
        entries.push_back(
            {{"id", r.id},
             {"status", r.status},
             {"offer", offer},
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
             {"contract", nullable(entry.contract)},
             {"convention", nullable(entry.convention)},
             {"messages",
              {{"pending", message_count(entry, "pending") + message_count(entry, "sending")},
               {"sent", message_count(entry, "sent")},
               {"failed", message_count(entry, "failed")}}},
             {"created_at", r.created_at}});
    }
    const auto& s = roster.session;
    return {{"session",
             {{"id", s.id},
              {"reference", s.reference},
              {"course", course_json(s)},
              {"starts_on", format_date(s.starts_on)},
              {"ends_on", format_date(s.ends_on)},
              {"registration_deadline", format_date(s.registration_deadline)},
              {"place", s.place},
              {"trainer", nullable(s.trainer)},
              {"capacity", s.capacity},
              {"seats_taken", s.seats_taken},
              {"status", pricing::to_string(s.status)},
              {"daily_hours", daily_hours_json(s.hours)}}},
            {"registrations", entries}};
}

json user_json(const app::Actor& actor) {
    return {{"id", actor.user_id},
            {"email", actor.email},
            {"role", app::to_string(actor.role)},
            {"disability_referent", actor.disability_referent}};
}

json session_json(const app::SessionView& view) {
    const auto& s = view.session;
    return {{"id", s.id},
            {"reference", s.reference},
            {"course", course_json(s)},
            {"starts_on", format_date(s.starts_on)},
            {"ends_on", format_date(s.ends_on)},
            {"hours", s.duration_minutes / 60.0},
            {"place", s.place},
            {"capacity", s.capacity},
            {"seats_left", view.seats_left},
            {"waitlist_length", s.waitlist_length},
            {"registration_deadline", format_date(s.registration_deadline)},
            {"registration_open", view.registration_open},
            {"trainer", nullable(s.trainer)},
            {"status", pricing::to_string(s.status)},
            {"daily_hours", daily_hours_json(s.hours)},
            {"prices_cents",
             {{"self_funded", money_or_null(view.prices.self_funded)},
              {"member", money_or_null(view.prices.member)},
              {"non_member", money_or_null(view.prices.non_member)}}}};
}

json session_edit_json(const app::SessionEdited& edited) {
    const auto before = session_json(edited.before);
    auto after = session_json(edited.session);
    json changes = json::object();
    for (const char* field : {"starts_on", "ends_on", "registration_deadline", "place", "capacity",
                              "trainer", "status", "daily_hours"}) {
        if (before[field] != after[field]) {
            changes[field] = {{"before", before[field]}, {"after", after[field]}};
        }
    }
    const auto& c = edited.consequences;
    return {{"session", std::move(after)},
            {"changes", std::move(changes)},
            {"consequences",
             {{"people_told", c.people_told},
              {"agreements_superseded", c.agreements_superseded()},
              {"contracts_superseded",
               {{"total", c.contracts_superseded},
                {"signed", c.contracts_superseded_signed},
                {"unsigned", c.contracts_superseded - c.contracts_superseded_signed}}},
              {"conventions_superseded",
               {{"total", c.conventions_superseded},
                {"signed", c.conventions_superseded_signed},
                {"unsigned", c.conventions_superseded - c.conventions_superseded_signed}}},
              {"invoices_credited", c.invoices_credited},
              {"credited_cents", c.credited_cents},
              {"signatory_links", c.signatory_links},
              {"seats_offered", c.seats_offered}}},
            {"confirmation", edited.confirmation}};
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
    json funding_body = nullptr;
    if (const auto& body = view.billing.funding_body) {
        funding_body = {{"name", body->name},
                        {"address", body->address},
                        {"siret", body->siret},
                        {"agreement_number", body->agreement_number},
                        {"amount_cents", body->amount_cents ? json(*body->amount_cents) : json()}};
    }
    const std::string self = "/api/v1/registrations/" + r.token;
    json documents = json::array();
    for (const auto& invoice : view.invoices) {
        documents.push_back(invoice_json(invoice, r.token));
    }
    // What the trainee was told: the kind of news and where its delivery stands (the rest is for
    // staff, GET /api/v1/messages).
    json messages = json::array();
    for (const auto& message : view.messages) {
        messages.push_back({{"kind", domain::to_string(message.kind)},
                            {"status", message.status},
                            {"created_at", message.created_at},
                            {"sent_at", nullable(message.sent_at)}});
    }
    // The latest waiting-list offer: "open" until answered, then how it ended.
    json offer = nullptr;
    if (view.offer) {
        offer = {
            {"offered_at", view.offer->offered_at},
            {"expires_at", view.offer->expires_at},
            {"outcome", view.offer->outcome.value_or("open")},
            {"answered_at", nullable(view.offer->answered_at)},
            {"links", {{"accept", self + "/offer/accept"}, {"decline", self + "/offer/decline"}}}};
    }
    return {{"id", r.id},
            {"token", r.token},
            {"status", view.status},
            {"offer", offer},
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
            {"purchase_order", nullable(view.billing.purchase_order)},
            {"funding_body", funding_body},
            {"session",
             {{"id", s.id},
              {"course", course_json(s)},
              {"starts_on", format_date(s.starts_on)},
              {"ends_on", format_date(s.ends_on)},
              {"daily_hours", daily_hours_json(s.hours)},
              {"place", s.place}}},
            {"created_at", r.created_at},
            {"invoices", documents},
            {"messages", messages},
            {"links", {{"self", self}, {"cancel", self + "/cancel"}}}};
}

// The échéancier, each instalment with what payments cover of it (the earliest first).
json instalments_json(const domain::Invoice& invoice) {
    const auto paid = invoices::paid_per_instalment(
        invoice.instalments,
        pricing::Money::from_cents(invoice.paid_cents - invoice.refunded_cents));
    json instalments = json::array();
    for (std::size_t n = 0; n < invoice.instalments.size(); ++n) {
        instalments.push_back({{"due_on", format_date(invoice.instalments[n].due_on)},
                               {"amount_cents", invoice.instalments[n].amount.cents()},
                               {"paid_cents", paid[n].cents()}});
    }
    return instalments;
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
        {"issued_on", format_date(i.issued_on)},
        {"due_on", format_date(i.due_on)},
        {"total_cents", i.total_cents},
        {"buyer_name", i.buyer_name},
        {"payer", i.payer},
        // A credit note has no payment status of its own: it settles the invoice it names.
        {"status", is_invoice ? json(invoices::to_string(view.settlement.status)) : json("issued")},
        {"amount_paid_cents", is_invoice ? json(i.paid_cents) : json(nullptr)},
        {"amount_refunded_cents", is_invoice ? json(i.refunded_cents) : json(nullptr)},
        {"amount_due_cents", cents_if(is_invoice, view.settlement.amount_due)},
        {"refund_due_cents", cents_if(is_invoice, view.settlement.refund_due)},
        {"corrects", nullable(i.corrects_number)},
        {"instalments", instalments_json(i)},
        {"download_url", download}};
}

json payment_history_json(const app::PaymentHistory& history) {
    json entries = json::array();
    auto id_or_null = [](const std::optional<std::int64_t>& id) {
        return id ? json(*id) : json(nullptr);
    };
    for (const auto& entry : history.entries) {
        entries.push_back({{"id", entry.id},
                           {"kind", entry.kind},
                           {"amount_cents", entry.amount_cents},
                           {"date", format_date(entry.on)},
                           {"method", entry.method},
                           {"reference", nullable(entry.reference)},
                           {"reason", nullable(entry.reason)},
                           {"reverses", id_or_null(entry.reverses_id)},
                           {"reversed_by", id_or_null(entry.reversed_by_id)},
                           {"recorded_by", entry.recorded_by},
                           {"recorded_at", entry.recorded_at}});
    }
    auto invoice = invoice_json(history.invoice);
    invoice["registration_id"] = history.invoice.invoice.registration_id;
    return {{"invoice", invoice}, {"entries", entries}};
}

json closing_json(const app::ClosingState& state) {
    json closures = json::array();
    for (const auto& closure : state.closures) {
        closures.push_back({{"id", closure.id},
                            {"closed_through", format_date(closure.closed_through)},
                            {"closed_by", closure.closed_by},
                            {"closed_at", closure.closed_at}});
    }
    return {{"closed_through",
             state.closed_through ? json(format_date(*state.closed_through)) : json(nullptr)},
            {"closures", closures}};
}

json training_report_json(const app::TrainingReport& report) {
    const auto& f = report.figures;
    auto hours = [](std::int64_t minutes) { return static_cast<double>(minutes) / 60.0; };
    auto category = [&](const domain::TraineeFigures& figures, const char* label) {
        return json{{"label", label},
                    {"trainees", figures.trainees},
                    {"trainee_minutes", figures.minutes},
                    {"trainee_hours", hours(figures.minutes)}};
    };
    domain::TraineeFigures total{f.employees.trainees + f.individuals.trainees,
                                 f.employees.minutes + f.individuals.minutes};
    json trainers = json::array();
    std::int64_t trainer_minutes = 0;
    for (const auto& trainer : f.trainers) {
        trainers.push_back({{"name", trainer.name},
                            {"sessions", trainer.sessions},
                            {"hours", hours(trainer.minutes)}});
        trainer_minutes += trainer.minutes;
    }
    auto coded = [&](const app::ReportCode& code) {
        return json{{"code", code.code},
                    {"label", code.label},
                    {"trainees", total.trainees},
                    {"trainee_hours", hours(total.minutes)}};
    };
    return {
        {"year", report.year},
        {"basis",
         "sessions starting in the year and held; their invoices net of every credit note"},
        {"revenue_excl_tax_cents",
         {{"employers", f.employer_revenue_cents},
          {"funding_bodies", f.funding_body_revenue_cents},
          {"individuals", f.individual_revenue_cents},
          {"total",
           f.employer_revenue_cents + f.funding_body_revenue_cents + f.individual_revenue_cents}}},
        {"trainers",
         {{"count", f.trainers.size()},
          {"hours", hours(trainer_minutes)},
          {"by_trainer", trainers}}},
        {"trainees",
         {{"employees", category(f.employees, app::employees_label)},
          {"individuals", category(f.individuals, app::individuals_label)},
          {"total", category(total, "Total")}}},
        {"objective", coded(report.objective)},
        {"speciality", coded(report.speciality)},
        {"sessions",
         {{"delivered", f.sessions_delivered},
          {"delivered_hours", hours(f.delivered_minutes)},
          {"scheduled", f.sessions_scheduled},
          {"scheduled_hours", hours(f.scheduled_minutes)}}},
    };
}

}  // namespace formations::http

#include "service/storage/registration_repository.hpp"

#include <nlohmann/json.hpp>

#include "invoices/document_json.hpp"
#include "service/storage/audit_repository.hpp"
#include "service/storage/rows.hpp"
#include "service/storage/stored_facts_json.hpp"

namespace formations::storage {
namespace {

constexpr const char* select_registration = R"sql(
SELECT r.id, r.session_id, r.token, r.funding, r.employer_organisation_id, r.employer_siret,
       r.employer_name, r.employer_address, r.tier, r.price_cents, r.status, r.waitlist_order,
       r.created_status, r.created_waitlist_position::bigint AS created_waitlist_position,
       r.idempotency_fingerprint,
       to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at,
       r.trainee_first_name AS first_name, r.trainee_last_name AS last_name, t.email,
       r.trainee_phone AS phone, r.trainee_address AS address
  FROM registrations r JOIN trainees t ON t.id = r.trainee_id
)sql";

domain::Registration to_registration(const soci::row& row) {
    domain::Registration r;
    r.id = row.get<long long>("id");
    r.session_id = row.get<long long>("session_id");
    r.token = row.get<std::string>("token");
    r.funding = pricing::parse_funding(row.get<std::string>("funding")).value();
    if (auto siret = optional_text(row, "employer_siret")) {
        r.employer = domain::Employer{*siret, row.get<std::string>("employer_name"),
                                      row.get<std::string>("employer_address"),
                                      optional_bigint(row, "employer_organisation_id")};
    }
    r.tier = pricing::parse_tier(row.get<std::string>("tier")).value();
    r.price_cents = row.get<long long>("price_cents");
    r.status = row.get<std::string>("status");
    r.waitlist_order = optional_bigint(row, "waitlist_order");
    r.created_status = row.get<std::string>("created_status");
    if (auto position = optional_bigint(row, "created_waitlist_position")) {
        r.created_waitlist_position = static_cast<int>(*position);
    }
    r.idempotency_fingerprint = optional_text(row, "idempotency_fingerprint");
    r.created_at = row.get<std::string>("created_at");
    r.trainee = domain::Trainee{row.get<std::string>("first_name"),
                                row.get<std::string>("last_name"), row.get<std::string>("email"),
                                optional_text(row, "phone"), optional_text(row, "address")};
    return r;
}

std::optional<domain::Registration> find_one(soci::session& sql, const std::string& where,
                                             const std::string& value, Lock lock) {
    std::string key = value;
    soci::row row;
    std::string query = std::string(select_registration) + " WHERE " + where;
    if (lock == Lock::for_update) {
        query += " FOR UPDATE OF r";
    }
    sql << query, soci::use(key), soci::into(row);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    return to_registration(row);
}

// SOCI binds std::optional through indicators; these keep the call sites short.
soci::indicator null_if_empty(const std::optional<std::string>& value) {
    return value ? soci::i_ok : soci::i_null;
}

}  // namespace

bool has_active_registration(soci::session& sql, std::int64_t session_id, std::int64_t trainee_id) {
    long long session = session_id, trainee = trainee_id;
    int count = 0;
    sql << "SELECT count(*)::integer FROM registrations WHERE session_id = :s"
           " AND trainee_id = :t AND status <> 'cancelled'",
        soci::use(session), soci::use(trainee), soci::into(count);
    return count > 0;
}

std::int64_t next_waitlist_order(soci::session& sql) {
    long long order = 0;
    sql << "SELECT nextval('registration_waitlist_order')", soci::into(order);
    return order;
}

int waitlist_position(soci::session& sql, std::int64_t session_id, std::int64_t waitlist_order) {
    long long session = session_id, order = waitlist_order;
    int position = 0;
    sql << "SELECT count(*)::integer FROM registrations WHERE session_id = :s"
           " AND status = 'waitlisted' AND waitlist_order <= :o",
        soci::use(session), soci::use(order), soci::into(position);
    return position;
}

ReservedRegistration reserve_registration(soci::session& sql, const std::string& email) {
    std::string given = email;
    long long id = 0;
    ReservedRegistration reserved;
    sql << "SELECT nextval(pg_get_serial_sequence('registrations', 'id')), lower(:email)",
        soci::use(given), soci::into(id), soci::into(reserved.email);
    reserved.id = id;
    return reserved;
}

namespace {

// The invoices to number, as register_seat reads them.
std::string invoice_drafts(const std::vector<NewInvoice>& invoices) {
    nlohmann::json drafts = nlohmann::json::array();
    for (const auto& invoice : invoices) {
        const auto& document = invoice.document;
        drafts.push_back(
            {{"payer", invoice.payer},
             {"buyer_name", document.buyer.name},
             {"buyer_siret",
              document.buyer.siret ? nlohmann::json(*document.buyer.siret) : nlohmann::json()},
             {"total_cents", document.total.cents()},
             {"due_on", iso(document.due_on)},
             {"snapshot", invoices::to_json(document)}});
    }
    return drafts.dump();
}

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find(',', start);
        if (end == std::string::npos) {
            end = text.size();
        }
        items.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return items;
}

SeatOutcome seat_outcome(const std::string& outcome) {
    if (outcome == "decided") {
        return SeatOutcome::decided;
    }
    if (outcome == "refused") {
        return SeatOutcome::refused;
    }
    if (outcome == "employer_limit") {
        return SeatOutcome::employer_limit;
    }
    if (outcome == "dated") {
        return SeatOutcome::dated;
    }
    return SeatOutcome::session_changed;
}

// What register_seat stores beside the registration (its `p_extras`).
std::string seat_extras(const SeatRequest& q) {
    auto text_or_null = [](const std::optional<std::string>& text) {
        return text ? nlohmann::json(*text) : nlohmann::json(nullptr);
    };
    nlohmann::json extras = {{"billing", nullptr}, {"signatory", nullptr}, {"link", nullptr}};
    if (!q.billing.empty()) {
        auto& billing =
            extras["billing"] = {{"purchase_order", text_or_null(q.billing.purchase_order)}};
        if (const auto& body = q.billing.funding_body) {
            billing["funding_body_name"] = body->name;
            billing["funding_body_address"] = body->address;
            billing["funding_body_siret"] = body->siret;
            billing["funding_agreement"] = body->agreement_number;
            billing["funding_body_cents"] =
                body->amount_cents ? nlohmann::json(*body->amount_cents) : nlohmann::json(nullptr);
        }
    }
    if (q.signatory) {
        extras["signatory"] = {{"name", q.signatory->name},
                               {"role", q.signatory->role},
                               {"email", q.signatory->email}};
    }
    if (q.signatory_link) {
        const auto& message = q.signatory_link->message;
        extras["link"] = {
            {"token_hash", q.signatory_link->token_hash}, {"kind", domain::to_string(message.kind)},
            {"email", message.recipient.email},           {"name", message.recipient.name},
            {"facts", stored_facts_json(message.facts)},  {"message_key", message.message_key}};
    }
    return extras.dump();
}

}  // namespace

SeatResult register_seat(soci::session& sql, const SeatRequest& q) {
    const auto& r = q.row;
    long long session = r.session_id, course = q.expected.course_id, id = q.id,
              price = r.price_cents;
    std::string status(pricing::to_string(q.expected.status)),
        starts = iso(q.expected.starts_on), deadline = iso(q.expected.registration_deadline),
        token = r.token, funding(pricing::to_string(r.funding)), tier(pricing::to_string(r.tier));
    long long organisation =
        r.employer && r.employer->organisation_id ? *r.employer->organisation_id : 0;
    soci::indicator organisation_indicator =
        r.employer && r.employer->organisation_id ? soci::i_ok : soci::i_null;
    std::string siret, name, address;
    soci::indicator employer_indicator = r.employer ? soci::i_ok : soci::i_null;
    if (r.employer) {
        siret = r.employer->siret;
        name = r.employer->name;
        address = r.employer->address;
    }
    std::string key = r.idempotency_key.value_or(""),
                fingerprint = r.idempotency_fingerprint.value_or("");
    soci::indicator key_indicator = null_if_empty(r.idempotency_key);
    soci::indicator fingerprint_indicator = null_if_empty(r.idempotency_fingerprint);
    std::string trainee_email = r.trainee.email, first = r.trainee.first_name,
                last = r.trainee.last_name;
    std::string phone = r.trainee.phone.value_or(""),
                trainee_address = r.trainee.address.value_or("");
    soci::indicator phone_indicator = null_if_empty(r.trainee.phone);
    soci::indicator address_indicator = null_if_empty(r.trainee.address);
    std::string at = timestamp(q.at), actor = q.actor;
    int limit = q.employer_limit.value_or(0);
    soci::indicator limit_indicator = q.employer_limit ? soci::i_ok : soci::i_null;
    std::string audit_state = registration_state(q.seated);
    std::string invoice_now = q.invoice_if_seated ? "true" : "false", series = q.series,
                issued_on = iso(q.issued_on), drafts = invoice_drafts(q.invoices);
    const auto& seated = q.seated_message;
    const auto& waitlisted = q.waitlisted_message;
    std::string email = seated.recipient.email, recipient = seated.recipient.name,
                message_key = seated.message_key, seated_kind(domain::to_string(seated.kind)),
                seated_facts = stored_facts(seated.facts),
                waitlisted_kind(domain::to_string(waitlisted.kind)),
                waitlisted_facts = stored_facts(waitlisted.facts), extras = seat_extras(q);

    std::string outcome, decided_status, series_date, invoice_ids, invoice_numbers;
    long long order = 0, position = 0, message_id = 0;
    soci::indicator status_indicator = soci::i_null, order_indicator = soci::i_null,
                    position_indicator = soci::i_null, date_indicator = soci::i_null,
                    ids_indicator = soci::i_null, numbers_indicator = soci::i_null,
                    message_indicator = soci::i_null;
    sql << "SELECT outcome, status, waitlist_order, waitlist_position::bigint, series_date::text,"
           " array_to_string(invoice_ids, ','), array_to_string(invoice_numbers, ','), message_id"
           " FROM register_seat(:session, :course, :session_status, :starts, :deadline, :id,"
           " :trainee_email, :first, :last, :phone, :trainee_address, :token, :funding, "
           ":organisation,"
           " :siret, :name, :address, :tier, :price, :key, :fingerprint, :at, :actor, :limit,"
           " :audit_state, :invoice_now, :series, :issued_on, :drafts, :email, :recipient,"
           " :message_key, :seated_kind, :seated_facts, :waitlisted_kind, :waitlisted_facts, "
           ":extras)",
        soci::use(session), soci::use(course), soci::use(status), soci::use(starts),
        soci::use(deadline), soci::use(id), soci::use(trainee_email), soci::use(first),
        soci::use(last), soci::use(phone, phone_indicator),
        soci::use(trainee_address, address_indicator), soci::use(token), soci::use(funding),
        soci::use(organisation, organisation_indicator), soci::use(siret, employer_indicator),
        soci::use(name, employer_indicator), soci::use(address, employer_indicator),
        soci::use(tier), soci::use(price), soci::use(key, key_indicator),
        soci::use(fingerprint, fingerprint_indicator), soci::use(at), soci::use(actor),
        soci::use(limit, limit_indicator), soci::use(audit_state), soci::use(invoice_now),
        soci::use(series), soci::use(issued_on), soci::use(drafts), soci::use(email),
        soci::use(recipient), soci::use(message_key), soci::use(seated_kind),
        soci::use(seated_facts), soci::use(waitlisted_kind), soci::use(waitlisted_facts),
        soci::use(extras), soci::into(outcome), soci::into(decided_status, status_indicator),
        soci::into(order, order_indicator), soci::into(position, position_indicator),
        soci::into(series_date, date_indicator), soci::into(invoice_ids, ids_indicator),
        soci::into(invoice_numbers, numbers_indicator), soci::into(message_id, message_indicator);
    SeatResult result;
    result.outcome = seat_outcome(outcome);
    if (date_indicator == soci::i_ok) {
        result.series_date = parse_date(series_date).value();
    }
    if (result.outcome != SeatOutcome::decided) {
        return result;
    }
    SeatDecision decision;
    decision.id = q.id;
    decision.confirmed = decided_status == "confirmed";
    if (order_indicator == soci::i_ok) {
        decision.waitlist_order = order;
    }
    if (position_indicator == soci::i_ok) {
        decision.waitlist_position = static_cast<int>(position);
    }
    decision.created_at = format_instant(q.at);
    result.decision = decision;
    if (ids_indicator == soci::i_ok) {
        for (const auto& text : split_list(invoice_ids)) {
            result.invoice_ids.push_back(std::stoll(text));
        }
    }
    if (numbers_indicator == soci::i_ok) {
        result.invoice_numbers = split_list(invoice_numbers);
    }
    result.message_id = message_id;
    return result;
}

std::optional<domain::Registration> find_registration_by_token(soci::session& sql,
                                                               const std::string& token,
                                                               Lock lock) {
    return find_one(sql, "r.token = :token", token, lock);
}

std::optional<domain::Registration> find_registration_by_id(soci::session& sql, std::int64_t id,
                                                            Lock lock) {
    return find_one(sql, "r.id = CAST(:id AS bigint)", std::to_string(id), lock);
}

std::optional<domain::Registration> find_registration_by_idempotency_key(soci::session& sql,
                                                                         const std::string& key) {
    return find_one(sql, "r.idempotency_key = :key", key, Lock::none);
}

std::vector<domain::Registration> registrations_of_session(soci::session& sql,
                                                           std::int64_t session_id) {
    long long key = session_id;
    soci::rowset<soci::row> rows =
        (sql.prepare << std::string(select_registration) +
                            " WHERE r.session_id = :id ORDER BY CASE r.status WHEN 'confirmed'"
                            " THEN 0 WHEN 'offered' THEN 1 WHEN 'waitlisted' THEN 2 ELSE 3 END, "
                            "r.waitlist_order,"
                            " r.trainee_last_name, r.trainee_first_name, r.id",
         soci::use(key));
    std::vector<domain::Registration> registrations;
    for (const auto& row : rows) {
        registrations.push_back(to_registration(row));
    }
    return registrations;
}

std::int64_t trainee_id_of(soci::session& sql, std::int64_t registration_id) {
    long long id = registration_id, trainee = 0;
    sql << "SELECT trainee_id FROM registrations WHERE id = :id", soci::use(id),
        soci::into(trainee);
    return trainee;
}

void update_tier(soci::session& sql, std::int64_t registration_id, pricing::Tier tier,
                 std::int64_t price_cents) {
    long long id = registration_id, price = price_cents;
    std::string code(pricing::to_string(tier));
    sql << "UPDATE registrations SET tier = :tier, price_cents = :price WHERE id = :id",
        soci::use(code), soci::use(price), soci::use(id);
}

void move_to_session(soci::session& sql, std::int64_t registration_id, std::int64_t session_id,
                     bool confirmed, std::optional<std::int64_t> waitlist_order,
                     std::int64_t price_cents, Instant at) {
    long long id = registration_id, session = session_id, price = price_cents;
    long long order = waitlist_order.value_or(0);
    soci::indicator order_indicator = waitlist_order ? soci::i_ok : soci::i_null;
    std::string status = confirmed ? "confirmed" : "waitlisted", now = timestamp(at);
    soci::indicator confirmed_indicator = confirmed ? soci::i_ok : soci::i_null;
    sql << "UPDATE registrations SET session_id = :session, status = :status,"
           " waitlist_order = :order_value, price_cents = :price,"
           " confirmed_at = COALESCE(CAST(:confirmed AS timestamptz), confirmed_at)"
           " WHERE id = :id",
        soci::use(session), soci::use(status), soci::use(order, order_indicator), soci::use(price),
        soci::use(now, confirmed_indicator), soci::use(id);
}

void mark_cancelled(soci::session& sql, std::int64_t registration_id, Instant at) {
    long long id = registration_id;
    std::string now = timestamp(at);
    sql << "UPDATE registrations SET status = 'cancelled',"
           " cancelled_at = CAST(:now AS timestamptz), waitlist_order = NULL WHERE id = :id",
        soci::use(now), soci::use(id);
}

std::optional<domain::Registration> next_in_line(soci::session& sql, std::int64_t session_id) {
    return find_one(
        sql,
        "r.id = (SELECT w.id FROM registrations w JOIN sessions s ON s.id = w.session_id"
        " WHERE w.session_id = CAST(:session AS bigint) AND w.status = 'waitlisted'"
        " AND s.status <> 'cancelled' AND s.seats_taken < s.capacity"
        " ORDER BY w.waitlist_order LIMIT 1)",
        std::to_string(session_id), Lock::for_update);
}

void confirm_seat(soci::session& sql, std::int64_t registration_id, Instant at) {
    long long id = registration_id;
    std::string now = timestamp(at);
    sql << "UPDATE registrations SET status = 'confirmed',"
           " confirmed_at = CAST(:now AS timestamptz), waitlist_order = NULL WHERE id = :id",
        soci::use(now), soci::use(id);
}

std::vector<domain::Registration> registrations_of_email(soci::session& sql,
                                                         const std::string& email,
                                                         boost::gregorian::date ended_since,
                                                         int limit) {
    std::string address = email, since = iso(ended_since);
    soci::rowset<soci::row> rows =
        (sql.prepare << std::string(select_registration) +
                            " JOIN sessions s ON s.id = r.session_id"
                            " WHERE t.email = lower(:email) AND s.ends_on >= CAST(:since AS date)"
                            " ORDER BY s.starts_on DESC, r.id DESC LIMIT :limit",
         soci::use(address), soci::use(since), soci::use(limit));
    std::vector<domain::Registration> registrations;
    for (const auto& row : rows) {
        registrations.push_back(to_registration(row));
    }
    return registrations;
}

}  // namespace formations::storage

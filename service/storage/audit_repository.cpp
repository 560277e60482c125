#include "service/storage/audit_repository.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "service/storage/rows.hpp"

namespace formations::storage {
namespace {

using nlohmann::json;

void record(soci::session& sql, const Audit& audit, std::string_view action,
            std::string_view entity, std::int64_t entity_id, const json& before,
            const json& after) {
    std::string actor = audit.actor, action_text(action), entity_text(entity),
                at = timestamp(audit.at), before_text = before.dump(), after_text = after.dump();
    long long id = entity_id;
    sql << "INSERT INTO audit_events (occurred_at, actor, action, entity, entity_id, before, after)"
           " VALUES (CAST(:at AS timestamptz), :actor, :action, :entity, :id,"
           " CAST(:before AS jsonb), CAST(:after AS jsonb))",
        soci::use(at), soci::use(actor), soci::use(action_text), soci::use(entity_text),
        soci::use(id), soci::use(before_text), soci::use(after_text);
}

json nullable(const std::optional<std::string>& value) {
    return value ? json(*value) : json(nullptr);
}

json state_of(const domain::Registration& r) {
    return {{"session_id", r.session_id},
            {"status", r.status},
            {"tier", pricing::to_string(r.tier)},
            {"price_cents", r.price_cents},
            {"waitlist_order", r.waitlist_order ? json(*r.waitlist_order) : json(nullptr)}};
}

json state_of(const domain::Session& s) {
    return {
        {"reference", s.reference},
        {"starts_on", iso(s.starts_on)},
        {"ends_on", iso(s.ends_on)},
        {"registration_deadline", iso(s.registration_deadline)},
        {"place", s.place},
        {"capacity", s.capacity},
        {"trainer", nullable(s.trainer)},
        {"status", pricing::to_string(s.status)},
        {"daily_hours",
         {format_time_of_day(s.hours.morning_start), format_time_of_day(s.hours.morning_end),
          format_time_of_day(s.hours.afternoon_start), format_time_of_day(s.hours.afternoon_end)}}};
}

// The same fields as the API's representation of an organisation.
json state_of(const domain::Organisation& o) {
    return {{"id", o.id},
            {"siret", o.siret},
            {"name", o.name},
            {"address", o.address},
            {"status", pricing::to_string(o.status)},
            {"created_at", o.created_at},
            {"updated_at", o.updated_at}};
}

// What the trail keeps of a complaint: its handling, never its texts or its author.
json state_of(const domain::Complaint& c) {
    return {{"kind", c.kind},
            {"channel", c.channel},
            {"status", c.status},
            {"answered", c.answer.has_value()},
            {"improvement_status", nullable(c.improvement_status)}};
}

template <typename T>
json state_or_null(const T* state) {
    return state ? state_of(*state) : json(nullptr);
}

}  // namespace

std::string registration_state(const domain::Registration& registration) {
    return state_of(registration).dump();
}

void audit_registration(soci::session& sql, const Audit& audit, std::string_view action,
                        const domain::Registration* before, const domain::Registration& after) {
    record(sql, audit, action, "registration", after.id, state_or_null(before), state_of(after));
}

void audit_session(soci::session& sql, const Audit& audit, std::string_view action,
                   const domain::Session* before, const domain::Session& after) {
    record(sql, audit, action, "session", after.id, state_or_null(before), state_of(after));
}

void audit_organisation(soci::session& sql, const Audit& audit, std::string_view action,
                        const domain::Organisation* before, const domain::Organisation& after) {
    record(sql, audit, action, "organisation", after.id, state_or_null(before), state_of(after));
}

void audit_invoice_issued(soci::session& sql, const Audit& audit, std::int64_t invoice_id,
                          const std::string& number, std::int64_t registration_id,
                          std::int64_t total_cents) {
    record(
        sql, audit, "invoice.issued", "invoice", invoice_id, nullptr,
        {{"number", number}, {"registration_id", registration_id}, {"total_cents", total_cents}});
}

void audit_credit_note_issued(soci::session& sql, const Audit& audit, std::int64_t invoice_id,
                              const std::string& number, const std::string& corrects,
                              std::int64_t total_cents) {
    record(sql, audit, "credit_note.issued", "invoice", invoice_id, nullptr,
           {{"number", number}, {"corrects", corrects}, {"total_cents", total_cents}});
}

void audit_payment(soci::session& sql, const Audit& audit, std::int64_t payment_id,
                   const std::string& invoice_number, std::int64_t amount_cents,
                   const std::string& method) {
    record(sql, audit, "payment.recorded", "payment", payment_id, nullptr,
           {{"invoice", invoice_number}, {"amount_cents", amount_cents}, {"method", method}});
}

void audit_payment_entry(soci::session& sql, const Audit& audit, std::string_view action,
                         const domain::PaymentEntry& entry, const std::string& invoice_number) {
    record(sql, audit, action, "payment", entry.id, nullptr,
           {{"invoice", invoice_number},
            {"kind", entry.kind},
            {"amount_cents", entry.amount_cents},
            {"date", iso(entry.on)},
            {"method", entry.method},
            {"reverses", entry.reverses_id ? json(*entry.reverses_id) : json(nullptr)},
            {"reason", nullable(entry.reason)}});
}

void audit_closure(soci::session& sql, const Audit& audit, std::int64_t closure_id,
                   boost::gregorian::date closed_through) {
    record(sql, audit, "period.closed", "accounting_closure", closure_id, nullptr,
           {{"closed_through", iso(closed_through)}});
}

void audit_user_created(soci::session& sql, const Audit& audit, std::int64_t user_id,
                        const std::string& email, std::string_view role) {
    record(sql, audit, "user.created", "user", user_id, nullptr,
           {{"email", email}, {"role", role}});
}

void audit_attendance(soci::session& sql, const Audit& audit, std::int64_t session_id,
                      const std::vector<domain::AttendanceMark>& marks) {
    json recorded = json::array();
    for (const auto& mark : marks) {
        recorded.push_back({{"registration_id", mark.registration_id},
                            {"date", iso(mark.day)},
                            {"half", mark.half},
                            {"present", mark.present}});
    }
    record(sql, audit, "attendance.recorded", "session", session_id, nullptr,
           {{"marks", recorded}});
}

void audit_contract(soci::session& sql, const Audit& audit, std::string_view action,
                    std::int64_t registration_id, const std::string& pdf_sha256) {
    record(sql, audit, action, "registration", registration_id, nullptr,
           {{"pdf_sha256", pdf_sha256}});
}

void audit_agreement_superseded(soci::session& sql, const Audit& audit,
                                std::int64_t registration_id, const std::string& reference) {
    record(sql, audit, "agreement.superseded", "registration", registration_id, nullptr,
           {{"reference", reference}});
}

void audit_cancellation_fee_waived(soci::session& sql, const Audit& audit,
                                   std::int64_t registration_id, const std::string& reason) {
    record(sql, audit, "registration.cancellation_fee_waived", "registration", registration_id,
           nullptr, {{"reason", reason}});
}

void audit_course_sheet_published(soci::session& sql, const Audit& audit, std::int64_t course_id,
                                  const std::string& course_code, int version) {
    record(sql, audit, "course_sheet.published", "course", course_id, nullptr,
           {{"course", course_code}, {"version", version}});
}

void audit_questionnaire_configured(soci::session& sql, const Audit& audit, std::int64_t course_id,
                                    domain::QuestionnaireKind kind, int version) {
    record(sql, audit, "questionnaire.configured", "course", course_id, nullptr,
           {{"kind", domain::to_string(kind)}, {"version", version}});
}

void audit_questionnaire_answered(soci::session& sql, const Audit& audit,
                                  std::int64_t registration_id, domain::QuestionnaireKind kind,
                                  bool updated) {
    record(sql, audit, updated ? "questionnaire.updated" : "questionnaire.answered", "registration",
           registration_id, nullptr, {{"kind", domain::to_string(kind)}});
}

void audit_accommodation(soci::session& sql, const Audit& audit, std::string_view action,
                         std::int64_t request_id, const std::optional<std::string>& status_before,
                         const std::string& status_after) {
    record(sql, audit, action, "accommodation_request", request_id,
           status_before ? json{{"status", *status_before}} : json(nullptr),
           {{"status", status_after}});
}

void audit_complaint(soci::session& sql, const Audit& audit, std::string_view action,
                     const domain::Complaint* before, const domain::Complaint& after) {
    record(sql, audit, action, "complaint", after.id, state_or_null(before), state_of(after));
}

void audit_counts(soci::session& sql, const Audit& audit, std::string_view action,
                  std::string_view entity, std::int64_t entity_id,
                  const std::vector<std::pair<std::string, int>>& counts) {
    json after = json::object();
    for (const auto& [name, count] : counts) {
        after[name] = count;
    }
    record(sql, audit, action, entity, entity_id, nullptr, after);
}

void audit_referent_flag(soci::session& sql, const Audit& audit, std::int64_t user_id,
                         bool disability_referent) {
    record(sql, audit, "user.referent_changed", "user", user_id, nullptr,
           {{"disability_referent", disability_referent}});
}

void audit_message_resent(soci::session& sql, const Audit& audit, std::int64_t message_id,
                          std::int64_t resend_of, const std::string& recipient) {
    record(sql, audit, "message.resent", "message", message_id, nullptr,
           {{"resend_of", resend_of}, {"recipient", recipient}});
}

std::vector<domain::AuditEvent> audit_events(soci::session& sql,
                                             const domain::AuditFilter& filter) {
    int limit = std::clamp(filter.limit, 1, 500);
    std::string entity = filter.entity.value_or(""), actor = filter.actor.value_or("");
    long long entity_id = filter.entity_id.value_or(0), before = filter.before_id.value_or(0);
    // Empty / zero filters match everything; each placeholder appears once (SOCI binds by
    // position).
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT id, to_char(occurred_at AT TIME ZONE 'UTC',"
                        " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS occurred_at, actor, action,"
                        " entity, entity_id, COALESCE(before::text, 'null') AS before_state,"
                        " COALESCE(after::text, 'null') AS after_state"
                        " FROM audit_events, (SELECT CAST(:entity AS text) AS e,"
                        " CAST(:entity_id AS bigint) AS i, CAST(:actor AS text) AS a,"
                        " CAST(:before AS bigint) AS b) f"
                        " WHERE (f.e = '' OR entity = f.e) AND (f.i = 0 OR entity_id = f.i)"
                        " AND (f.a = '' OR actor = f.a) AND (f.b = 0 OR id < f.b)"
                        " ORDER BY id DESC LIMIT " +
                            std::to_string(limit),
         soci::use(entity), soci::use(entity_id), soci::use(actor), soci::use(before));
    std::vector<domain::AuditEvent> events;
    for (const auto& row : rows) {
        events.push_back({row.get<long long>("id"), row.get<std::string>("occurred_at"),
                          row.get<std::string>("actor"), row.get<std::string>("action"),
                          row.get<std::string>("entity"), row.get<long long>("entity_id"),
                          row.get<std::string>("before_state"),
                          row.get<std::string>("after_state")});
    }
    return events;
}

}  // namespace formations::storage

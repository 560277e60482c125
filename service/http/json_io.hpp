#pragma once
// The JSON contract of /api/v1 shared by several routes: the request bodies of registrations,
// payments, logins and sessions (read with json_body.hpp's strict readers), and the
// representations of sessions, registrations, invoices, rosters and users.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "service/app/accounting.hpp"
#include "service/app/accounts.hpp"
#include "service/app/billing.hpp"
#include "service/app/catalogue.hpp"
#include "service/app/closing.hpp"
#include "service/app/contracts.hpp"
#include "service/app/payments.hpp"
#include "service/app/registrations.hpp"
#include "service/app/roster.hpp"
#include "service/app/session_admin.hpp"
#include "service/domain/error.hpp"
#include "service/http/json_body.hpp"

namespace formations::http {

Result<app::RegistrationRequest> read_registration_request(const nlohmann::json& body);
Result<app::PaymentInput> read_payment_request(const nlohmann::json& body);
// {"pdf_sha256": "…", "statement": "…"}: a contract's or a convention's online signature.
Result<app::SignatureEvidence> read_signature(const nlohmann::json& body);
// {amount_cents, refunded_on, method, reference?}
Result<app::RefundInput> read_refund_request(const nlohmann::json& body);
// {reversed_on, reason}
Result<app::ReversalInput> read_reversal_request(const nlohmann::json& body);
// {closed_through}
Result<boost::gregorian::date> read_closing_request(const nlohmann::json& body);
// {email, password}
Result<std::pair<std::string, std::string>> read_login_request(const nlohmann::json& body);
Result<app::SessionInput> read_session_input(const nlohmann::json& body);
Result<app::SessionChanges> read_session_changes(const nlohmann::json& body);
// {"session_id": N} for a move
Result<std::int64_t> read_move_request(const nlohmann::json& body);
// "daily_hours": {"morning_start": "09:00", …} of `object` (sessions, course sheets): any of the
// four times, "HH:MM"; absent, nothing changes.
std::optional<Error> read_daily_hours(const JsonObject& object, app::HoursChanges& into);
nlohmann::json daily_hours_json(const domain::DailyHours& hours);
// {"tier": "member"} for a tier correction
Result<pricing::Tier> read_tier_request(const nlohmann::json& body);
// A cancellation's body: none (or null, or {}), or {"confirmation": "…"} from its preview.
Result<std::optional<std::string>> read_cancel_request(const Request& request);
// What a cancellation would do (app::preview_cancellation).
nlohmann::json cancellation_outcome_json(const app::CancellationOutcome& outcome);

nlohmann::json roster_json(const app::Roster& roster);
nlohmann::json user_json(const app::Actor& actor);
nlohmann::json session_json(const app::SessionView& view);
// A session edit or its preview: `session` as edited, `changes` {field: {before, after}} of what
// differs, `consequences` (app::EditConsequences) and the preview's `confirmation`.
nlohmann::json session_edit_json(const app::SessionEdited& edited);
nlohmann::json registration_json(const app::RegistrationView& view);
// `token`: the registration token that lets a trainee download the PDF (none for staff views).
nlohmann::json invoice_json(const app::InvoiceView& view, const std::string& token = {});
// An invoice with its payments, refunds and reversals (GET /api/v1/invoices/{number}/payments).
nlohmann::json payment_history_json(const app::PaymentHistory& history);
nlohmann::json closing_json(const app::ClosingState& state);
// The yearly report figures (GET /api/v1/reports/bpf, `formations export bpf`).
nlohmann::json training_report_json(const app::TrainingReport& report);
// An amount in cents, or null (a price not set).
nlohmann::json money_or_null(const std::optional<pricing::Money>& amount);
// The value, or null.
template <typename T>
nlohmann::json nullable(const std::optional<T>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace formations::http

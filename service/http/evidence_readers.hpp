#pragma once
// The readers of the bodies the Qualiopi routes take from anyone: questionnaire answers (trainee
// and employer links) and complaints (public page, trainee page, staff), and staff's handling of
// a complaint. Pure (no database), so that tests/fuzz exercises them as the routes call them:
//   auto input = read_body(request, [](const json& b) { return read_complaint(b,
//   ComplaintSource::trainee); });

#include <nlohmann/json.hpp>

#include "service/app/complaints.hpp"
#include "service/app/evaluations.hpp"
#include "service/domain/error.hpp"

namespace formations::http {

// {"version": N, "answers": {"q1": 4, "q2": "…"}, "accommodation": "…"?}: `accommodation` is
// accepted only where `accommodation_allowed`.
Result<app::Submission> read_submission(const nlohmann::json& body, bool accommodation_allowed);

// Who sends a complaint decides what it may say: the public page everything but the channel,
// staff the channel too, a trainee only what happened (the rest comes from their registration).
enum class ComplaintSource { public_page, staff, trainee };
Result<app::ComplaintInput> read_complaint(const nlohmann::json& body, ComplaintSource source);
// {status?, answer?, improvement_action?, improvement_status?}: null or "" clears a text.
Result<app::ComplaintChanges> read_complaint_changes(const nlohmann::json& body);

}  // namespace formations::http

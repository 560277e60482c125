#pragma once
// The Qualiopi audit export of a period: one ZIP file holding, folder by indicator, the evidence
// the service keeps (LISEZMOI.txt inside says which file answers which indicator):
//   01-02-fiches            course sheets as in force on the period's last day (prices and
//                           results of that day), every version in force during the period
//   04-08-positionnement    the questionnaires as configured, the positioning and needs answers
//   10-26-amenagements      accommodation requests: dates and outcome only (the needs stay with
//                           the disability referent)
//   11-auto-evaluation      self-assessments against the objectives, and their results
//   12-emargement           half-day attendance, certificates of completion (PDF)
//   30-satisfaction         trainees' and employers' surveys, results per session and course
//   31-32-reclamations      the register: complaints and incidents, answers, improvements
// Sessions are those starting in the period (not cancelled); complaints those received in it.
// `formations export qualiopi` and GET /api/v1/exports/qualiopi.zip run this.

#include <string>

#include "service/app/evaluation_schedule.hpp"
#include "service/app/use_case.hpp"
#include "service/domain/ledger.hpp"

namespace formations::app {

Result<Done> write_qualiopi_zip(storage::Database& db, const Clock& clock,
                                const invoices::BillingSettings& billing,
                                const domain::Period& period, const std::string& path);

}  // namespace formations::app

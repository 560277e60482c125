#pragma once
// Delivering the outbox, one message per call: claim the oldest due message (a short transaction,
// FOR UPDATE SKIP LOCKED: no two senders of any process get the same one), write it (wording,
// attached PDFs from their stored bytes, the .ics), send it over SMTP outside any transaction,
// then record the outcome:
//   - the server took it (250): sent;
//   - a temporary failure (4xx, no answer, connection refused or lost): tried again after a delay
//     that doubles each time (first_retry, capped at max_retry), marked failed after
//     max_attempts;
//   - a permanent refusal (5xx) or an address that cannot be written: failed at once.
// Staff see failures and may resend (mail.hpp).
//
// What holds when a process dies: a message is never lost once its change has committed, and
// it keeps its Message-ID across attempts. SMTP has no two-phase commit, so the guarantee is at
// least once: if the process dies after the server's 250 and before the outcome is recorded,
// the message is sent again once its lease ends (MailSettings::lease), with the same Message-ID
// (mail readers and many servers then show it once). Dying at any other point sends it once: a
// message claimed but not finished is taken over when its lease ends; one never claimed is
// simply sent by whichever process claims it first.

#include <chrono>
#include <cstdint>
#include <string>

#include "invoices/billing_settings.hpp"
#include "service/app/mail_settings.hpp"
#include "service/app/use_case.hpp"
#include "service/domain/message.hpp"

namespace formations::app {

enum class DeliveryStep {
    idle,     // nothing due
    sent,     // the server took it
    retried,  // a temporary failure: due again later
    failed,   // refused for good, or out of attempts
    lost,     // taken over by another sender meanwhile (its lease ended): nothing recorded
};

// What one call did, for the log.
struct DeliveryAttempt {
    DeliveryStep step = DeliveryStep::idle;
    std::int64_t message_id = 0;
    domain::MessageKind kind = domain::MessageKind::registration_confirmed;
    int attempt = 0;
    std::string detail;  // why it was retried or failed
};

// Needs settings.smtp_url. `billing`: the organisation printed on the documents rendered for a
// message (the convocation attached to the convocation reminder).
Result<DeliveryAttempt> deliver_next(storage::Database& db, const Clock& clock,
                                     const MailSettings& settings,
                                     const invoices::BillingSettings& billing);

// The attempts of this process's senders since it started, by outcome (for /metrics).
struct DeliveryCounts {
    long sent = 0;
    long retried = 0;
    long failed = 0;
    long lost = 0;
};
DeliveryCounts delivery_counts();

// The delay before the next attempt after `attempts` failed ones: first_retry × 2^(attempts−1),
// at most max_retry. Pure.
std::chrono::seconds retry_delay(const MailSettings& settings, int attempts);

}  // namespace formations::app

#pragma once
// What people do with the messages: staff list them with their status (per registration, session
// or invoice, failures first if they ask), read one as it is worded, and resend one; anyone asks
// for the links of their registrations ("retrouver mon inscription").
//
// A resend is a new message — same kind, facts and recipient, its own Message-ID — naming the one
// it repeats, audited. A new Message-ID on purpose: the person asked again because the first did
// not reach them (or was deleted), and some mailboxes (Gmail among them) silently drop a message
// whose Message-ID they have already seen. Retries of one message keep its Message-ID.
//
// The lost-link answer is the same whether or not the address is known, and every request counts
// against the limits of its client and of the address asked about, in the database (so every
// process shares them): RateLimits::lost_links and lost_links_per_address (rate_limits.hpp).

#include <cstdint>
#include <string>
#include <vector>

#include "service/app/accounts.hpp"
#include "service/app/mail_settings.hpp"
#include "service/app/rate_limits.hpp"
#include "service/app/use_case.hpp"
#include "service/domain/message.hpp"

namespace formations::app {

struct MessageSummary {
    domain::OutboxMessage message;
    std::string subject;     // as worded now
    std::string message_id;  // the Message-ID header of its every attempt
};

struct MessagePage {
    std::vector<MessageSummary> items;
    std::int64_t total = 0;
};

struct MessageContent {
    MessageSummary summary;
    std::string text;
    std::string html;
};

inline constexpr int default_message_page = 50;
inline constexpr int max_message_page = 500;

bool is_message_status(const std::string& status);

Result<MessagePage> list_messages(storage::Database& db, const MailSettings& settings,
                                  const domain::MessageFilter& filter);
// The message as its recipient reads it, but for its personal links (a registration's page, a
// convention's signature, a questionnaire, a complaint's follow-up), whose tokens are replaced
// by `masked_link_token`: staff reading the outbox must never get an employer signatory's link
// (they could sign the convention in its place); the others are masked alike, a registration's
// own link being given to staff, on purpose, by its « Détails ». « Renvoyer » sends the links
// again, to the recipient only.
inline constexpr std::string_view masked_link_token = "[lien-personnel-masqué]";
Result<MessageContent> read_message(storage::Database& db, const MailSettings& settings,
                                    std::int64_t id);
Result<MessageSummary> resend_message(storage::Database& db, const Clock& clock,
                                      const MailSettings& settings, const Actor& actor,
                                      std::int64_t id);

// Mails the personal links of the registrations of `email` for sessions that ended less than a
// year ago or later (none: no message, the same answer). `client`: the requester's address.
// Errors: invalid_email (400), too_many_requests (429).
Result<Done> request_lost_link(storage::Database& db, const Clock& clock, const RateLimits& limits,
                               const std::string& email, const std::string& client);

// How many messages have each status: {"pending", "sending", "sent", "failed"}.
Result<std::vector<std::pair<std::string, std::int64_t>>> outbox_counts(storage::Database& db);

}  // namespace formations::app

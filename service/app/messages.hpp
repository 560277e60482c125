#pragma once
// The wording of every message, in French: the subject, the text and the HTML (every piece of
// data escaped), from the kind and the facts frozen in the outbox, with the links and signature
// of the settings. Pure: the same facts give the same message, which is what a resend sends.
// Example:
//   auto message = render_message(settings, MessageKind::registration_confirmed, facts);
//   message.subject == "Inscription confirmée – Créer sa CAE, 11 et 12 mars 2027"

#include <string>

#include "service/app/mail_settings.hpp"
#include "service/domain/message.hpp"

namespace formations::app {

// What the .ics attached to a message does with the session's days in the person's calendar.
enum class CalendarAction { none, publish, cancel };

struct RenderedMessage {
    std::string subject;
    std::string text;
    std::string html;
    CalendarAction calendar = CalendarAction::none;
};

RenderedMessage render_message(const MailSettings& settings, domain::MessageKind kind,
                               const domain::MessageFacts& facts);

// "<42.Xy…@example.org>": the outbox id, its random key and the sender's domain; the same for
// every attempt of that message.
std::string message_id(const MailSettings& settings, const domain::OutboxMessage& message);

// The trainee's page: <public_url>/mon-inscription.html#<token>.
std::string personal_link(const MailSettings& settings, const std::string& token);

// "Escaped <b>&</b>" -> "Escaped &lt;b&gt;&amp;&lt;/b&gt;" (also " and ').
std::string html_escape(const std::string& text);

}  // namespace formations::app

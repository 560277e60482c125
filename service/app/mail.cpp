#include "service/app/mail.hpp"

#include "service/app/detail/outbox.hpp"
#include "service/app/detail/rate_limits.hpp"
#include "service/app/input_rules.hpp"
#include "service/app/messages.hpp"
#include "service/app/tokens.hpp"
#include "service/storage/audit_repository.hpp"
#include "service/storage/outbox_repository.hpp"
#include "service/storage/registration_repository.hpp"
#include "service/storage/session_repository.hpp"

namespace formations::app {
namespace {

// The registrations a lost-link message lists: sessions ended less than a year ago, or later.
constexpr int lost_link_past_days = 365;
constexpr int lost_link_max_registrations = 20;

MessageSummary summary_of(const MailSettings& settings, domain::OutboxMessage message) {
    auto subject = render_message(settings, message.kind, message.facts).subject;
    auto id = message_id(settings, message);
    return {std::move(message), std::move(subject), std::move(id)};
}

// The tokens of every personal link a message may carry.
std::vector<std::string> link_tokens(const domain::MessageFacts& facts) {
    std::vector<std::string> tokens{facts.token};
    for (const auto& registration : facts.registrations) {
        tokens.push_back(registration.token);
    }
    for (const auto& survey : facts.surveys) {
        tokens.push_back(survey.token);
    }
    if (facts.complaint) {
        tokens.push_back(facts.complaint->token);
    }
    if (facts.convention) {
        tokens.push_back(facts.convention->token);
    }
    std::erase_if(tokens, [](const std::string& token) { return token.empty(); });
    return tokens;
}

void mask_tokens(std::string& text, const std::vector<std::string>& tokens) {
    for (const auto& token : tokens) {
        for (auto at = text.find(token); at != std::string::npos;
             at = text.find(token, at + masked_link_token.size())) {
            text.replace(at, token.size(), masked_link_token);
        }
    }
}

Error message_not_found() {
    return Error::not_found("message_not_found", "Ce message est introuvable.");
}

}  // namespace

bool is_message_status(const std::string& status) {
    return status == "pending" || status == "sending" || status == "sent" || status == "failed";
}

Result<MessagePage> list_messages(storage::Database& db, const MailSettings& settings,
                                  const domain::MessageFilter& filter) {
    MessagePage page;
    auto found = db.transact([&](soci::session& sql) -> Result<std::vector<domain::OutboxMessage>> {
        return storage::find_messages(sql, filter, &page.total);
    });
    if (!found) {
        return found.error();
    }
    for (auto& message : found.value()) {
        page.items.push_back(summary_of(settings, std::move(message)));
    }
    return page;
}

Result<MessageContent> read_message(storage::Database& db, const MailSettings& settings,
                                    std::int64_t id) {
    auto found = db.transact([&](soci::session& sql) -> Result<domain::OutboxMessage> {
        if (auto message = storage::find_message(sql, id)) {
            return std::move(*message);
        }
        return message_not_found();
    });
    if (!found) {
        return found.error();
    }
    auto rendered = render_message(settings, found->kind, found->facts);
    auto tokens = link_tokens(found->facts);
    mask_tokens(rendered.text, tokens);
    mask_tokens(rendered.html, tokens);
    auto header_id = message_id(settings, found.value());
    return MessageContent{{std::move(found.value()), rendered.subject, std::move(header_id)},
                          rendered.text,
                          rendered.html};
}

Result<MessageSummary> resend_message(storage::Database& db, const Clock& clock,
                                      const MailSettings& settings, const Actor& actor,
                                      std::int64_t id) {
    const auto now = clock.now();
    auto resent = db.transact([&](soci::session& sql) -> Result<domain::OutboxMessage> {
        auto original = storage::find_message(sql, id);
        if (!original) {
            return message_not_found();
        }
        if (original->recipient.email == domain::anonymised_recipient) {
            return Error::conflict("message_anonymised",
                                   "Ce message a été anonymisé (données personnelles effacées) : "
                                   "il ne peut plus être renvoyé.");
        }
        if (original->facts.convention && original->facts.convention->token.empty()) {
            return Error::conflict("link_not_kept",
                                   "Le lien de signature de ce message n'est plus conservé "
                                   "depuis son envoi : utilisez « Renvoyer le lien » de la "
                                   "convention, qui en envoie un nouveau.");
        }
        detail::OutgoingMessage message;
        message.kind = original->kind;
        message.to = original->recipient;
        message.facts = original->facts;
        message.registration_id = original->registration_id;
        message.session_id = original->session_id;
        message.invoice_id = original->invoice_id;
        message.resend_of = original->id;
        auto new_id = detail::queue_message(sql, now, actor.audit_name(), message);
        if (!new_id) {
            return Error::internal("a resend was refused by its once_key");
        }
        storage::audit_message_resent(sql, {actor.audit_name(), now.instant}, *new_id, original->id,
                                      original->recipient.email);
        if (auto created = storage::find_message(sql, *new_id)) {
            return std::move(*created);
        }
        return Error::internal("message " + std::to_string(*new_id) + " vanished");
    });
    if (!resent) {
        return resent.error();
    }
    return summary_of(settings, std::move(resent.value()));
}

Result<Done> request_lost_link(storage::Database& db, const Clock& clock, const RateLimits& limits,
                               const std::string& email_text, const std::string& client) {
    auto email = normalise_email(email_text, "email");
    if (!email) {
        return email.error();
    }
    const auto now = clock.now();
    const std::string& address = email.value();
    return db.transact([&](soci::session& sql) -> Result<Done> {
        // Both counted, or neither: a refusal rolls the other count back.
        for (const auto& [limit, key] : {std::pair{&limits.lost_links, &client},
                                         std::pair{&limits.lost_links_per_address, &address}}) {
            if (auto admitted = detail::admit(sql, now.instant, *limit, *key); !admitted) {
                auto refused = admitted.error();
                refused.message =
                    "Trop de demandes pour cette adresse ou depuis votre connexion : veuillez "
                    "réessayer plus tard.";
                return refused;
            }
        }
        auto registrations = storage::registrations_of_email(
            sql, email.value(), now.today - boost::gregorian::days(lost_link_past_days),
            lost_link_max_registrations);
        if (registrations.empty()) {
            return Done{};
        }
        domain::MessageFacts facts;
        const auto& latest = registrations.front();
        facts.first_name = latest.trainee.first_name;
        facts.last_name = latest.trainee.last_name;
        for (const auto& registration : registrations) {
            auto session = storage::find_session(sql, registration.session_id);
            if (session) {
                facts.registrations.push_back(
                    {registration.token, registration.status, detail::session_facts(*session)});
            }
        }
        detail::OutgoingMessage message;
        message.kind = domain::MessageKind::lost_link;
        message.to = {latest.trainee.email, facts.first_name + " " + facts.last_name};
        message.facts = std::move(facts);
        detail::queue_message(sql, now, "trainee", message);
        return Done{};
    });
}

Result<std::vector<std::pair<std::string, std::int64_t>>> outbox_counts(storage::Database& db) {
    return db.transact(
        [&](soci::session& sql) -> Result<std::vector<std::pair<std::string, std::int64_t>>> {
            auto counts = storage::message_counts(sql);
            return std::vector<std::pair<std::string, std::int64_t>>(counts.begin(), counts.end());
        });
}

}  // namespace formations::app

// Messages: staff list them (per registration, session or invoice, by status or kind), read one
// as it is worded and resend it; anyone asks for the links of their registrations.
#include "service/app/mail.hpp"
#include "service/domain/message.hpp"
#include "service/http/json_body.hpp"
#include "service/http/json_io.hpp"
#include "service/http/routes.hpp"

namespace formations::http {

using nlohmann::json;

namespace {

json optional_id(const std::optional<std::int64_t>& id) {
    return id ? json(*id) : json(nullptr);
}

json message_json(const app::MessageSummary& summary) {
    const auto& m = summary.message;
    json attachments = json::array();
    for (const auto& document : m.facts.documents) {
        attachments.push_back(document.number);
    }
    return {{"id", m.id},
            {"kind", domain::to_string(m.kind)},
            {"status", m.status},
            {"subject", summary.subject},
            {"recipient", {{"email", m.recipient.email}, {"name", m.recipient.name}}},
            {"registration_id", optional_id(m.registration_id)},
            {"session_id", optional_id(m.session_id)},
            {"invoice_id", optional_id(m.invoice_id)},
            {"attachments", attachments},
            {"attempts", m.attempts},
            {"created_at", m.created_at},
            {"created_by", m.created_by},
            {"next_attempt_at", m.status == "pending" ? json(m.next_attempt_at) : json(nullptr)},
            {"sent_at", nullable(m.sent_at)},
            {"failed_at", nullable(m.failed_at)},
            {"last_error", nullable(m.last_error)},
            {"message_id", summary.message_id},
            {"resend_of", optional_id(m.resend_of)}};
}

Result<domain::MessageFilter> message_filter(const Request& request) {
    domain::MessageFilter filter;
    for (auto [name, into] : {std::pair{"registration_id", &filter.registration_id},
                              std::pair{"session_id", &filter.session_id},
                              std::pair{"invoice_id", &filter.invoice_id}}) {
        auto id = query_id(request, name);
        if (!id) {
            return id.error();
        }
        *into = id.value();
    }
    filter.status = request.query_value("status");
    if (filter.status && !app::is_message_status(*filter.status)) {
        return Error::invalid("invalid_status",
                              "Le statut doit être pending, sending, sent ou failed.", "status");
    }
    if (auto kind = request.query_value("kind")) {
        filter.kind = domain::parse_message_kind(*kind);
        if (!filter.kind) {
            return Error::invalid("invalid_kind", "Ce type de message n'existe pas.", "kind");
        }
    }
    auto page = query_page(request, app::default_message_page, app::max_message_page);
    if (!page) {
        return page.error();
    }
    filter.limit = page->limit;
    filter.offset = page->offset;
    return filter;
}

}  // namespace

void add_mail_routes(Routes& routes, Context& context) {
    routes.add("GET", "/api/v1/messages",
               staff_route(context, staff_roles, [&context](const Request& request, auto&) {
                   auto filter = message_filter(request);
                   if (!filter) {
                       return error_reply(filter.error());
                   }
                   return reply_with(
                       app::list_messages(context.database, context.mail, filter.value()), 200,
                       [&](const app::MessagePage& page) {
                           json items = json::array();
                           for (const auto& summary : page.items) {
                               items.push_back(message_json(summary));
                           }
                           return json{{"items", items},
                                       {"total", page.total},
                                       {"limit", filter->limit},
                                       {"offset", filter->offset}};
                       });
               }));

    routes.add("GET", "/api/v1/messages/:id",
               staff_route(context, staff_roles, [&context](const Request& request, auto&) {
                   auto id = id_param(request);
                   if (!id) {
                       return error_reply(
                           Error::not_found("message_not_found", "Ce message est introuvable."));
                   }
                   return reply_with(app::read_message(context.database, context.mail, *id), 200,
                                     [&](const app::MessageContent& content) {
                                         auto body = message_json(content.summary);
                                         body["text"] = content.text;
                                         body["html"] = content.html;
                                         return body;
                                     });
               }));

    routes.add(
        "POST", "/api/v1/messages/:id/resend",
        staff_route(
            context, staff_roles, [&context](const Request& request, const app::Actor& actor) {
                auto id = id_param(request);
                if (!id) {
                    return error_reply(
                        Error::not_found("message_not_found", "Ce message est introuvable."));
                }
                return reply_with(
                    app::resend_message(context.database, context.clock, context.mail, actor, *id),
                    201, [&](const app::MessageSummary& summary) { return message_json(summary); });
            }));

    // "Retrouver mon inscription": the same answer whether or not the address is known.
    routes.add("POST", "/api/v1/registrations/lost-link", [&context](const Request& request) {
        auto email = read_body(request, [](const json& body) -> Result<std::string> {
            auto object = JsonObject::of(body, {"email"});
            if (!object) {
                return object.error();
            }
            return object->text("email");
        });
        if (!email) {
            return error_reply(email.error());
        }
        auto done = app::request_lost_link(context.database, context.clock, context.limits,
                                           email.value(), request.client_address);
        if (!done) {
            return error_reply(done.error());
        }
        return json_reply(202, {{"status", "accepted"},
                                {"message",
                                 "Si des inscriptions correspondent à cette adresse, un e-mail "
                                 "contenant leurs liens vient d'y être envoyé. Pensez à regarder "
                                 "dans les courriers indésirables."}});
    });
}

}  // namespace formations::http

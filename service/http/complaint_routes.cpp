// The complaints and incidents register: submitted from the public page (limited per client),
// from a trainee's personal page, or recorded by staff; followed by whoever submitted it through
// their link; answered and closed by staff with the improvement decided.
#include "service/app/complaints.hpp"
#include "service/app/tokens.hpp"
#include "service/http/evidence_readers.hpp"
#include "service/http/json_body.hpp"
#include "service/http/json_io.hpp"
#include "service/http/routes.hpp"

namespace formations::http {

using nlohmann::json;

namespace {

// What the person who submitted it sees.
json follow_json(const domain::Complaint& c) {
    return {{"id", c.id},
            {"token", c.token},
            {"kind", c.kind},
            {"subject", c.subject},
            {"description", c.description},
            {"session_reference", nullable(c.session_reference)},
            {"status", c.status},
            {"answer", nullable(c.answer)},
            {"answered_at", nullable(c.answered_at)},
            {"received_at", c.received_at},
            {"closed_at", nullable(c.closed_at)},
            {"links", {{"follow", "/suivi-reclamation.html#" + c.token}}}};
}

// What staff see.
json complaint_json(const domain::Complaint& c) {
    auto body = follow_json(c);
    body.erase("token");
    body["channel"] = c.channel;
    body["registration_id"] = c.registration_id ? json(*c.registration_id) : json(nullptr);
    body["session_id"] = c.session_id ? json(*c.session_id) : json(nullptr);
    body["author"] = {{"name", nullable(c.author_name)},
                      {"email", nullable(c.author_email)},
                      {"role", c.author_role}};
    body["answered_by"] = nullable(c.answered_by);
    body["improvement"] = {{"action", nullable(c.improvement_action)},
                           {"status", nullable(c.improvement_status)},
                           {"decided_at", nullable(c.improvement_decided_at)},
                           {"done_at", nullable(c.improvement_done_at)}};
    body["updated_at"] = c.updated_at;
    body["anonymised"] = c.anonymised;
    return body;
}

Result<std::string> registration_token(const Request& request) {
    auto token = request.param("ref");
    if (!app::looks_like_token(token)) {
        return app::registration_not_found();
    }
    return token;
}

}  // namespace

void add_complaint_routes(Routes& routes, Context& context) {
    // Public (limited per client address), or staff recording one (logged in: bearer token or
    // the pages' session cookie).
    routes.add("POST", "/api/v1/complaints", [&context](const Request& request) {
        auto token = staff_token(request);
        if (!token) {
            return error_reply(token.error());
        }
        bool staff = !token->empty();
        auto input = read_body(request, [&](const json& body) {
            return read_complaint(body,
                                  staff ? ComplaintSource::staff : ComplaintSource::public_page);
        });
        if (!input) {
            return error_reply(input.error());
        }
        if (staff) {
            auto actor = authenticate(context, request, session_managers);
            if (!actor) {
                return error_reply(actor.error());
            }
            return reply_with(app::record_complaint(context.database, context.clock, actor.value(),
                                                    input.value()),
                              201, complaint_json);
        }
        return reply_with(
            app::submit_public_complaint(context.database, context.clock, context.limits.complaints,
                                         input.value(), request.client_address),
            201, follow_json);
    });

    routes.add("POST", "/api/v1/registrations/:ref/complaints", [&context](const Request& request) {
        auto token = registration_token(request);
        if (!token) {
            return error_reply(token.error());
        }
        auto input = read_body(request, [](const json& body) {
            return read_complaint(body, ComplaintSource::trainee);
        });
        if (!input) {
            return error_reply(input.error());
        }
        return reply_with(app::submit_trainee_complaint(context.database, context.clock,
                                                        token.value(), input.value()),
                          201, follow_json);
    });

    routes.add("GET", "/api/v1/registrations/:ref/complaints", [&context](const Request& request) {
        auto token = registration_token(request);
        if (!token) {
            return error_reply(token.error());
        }
        return reply_with(app::complaints_of_registration(context.database, token.value()), 200,
                          [](const std::vector<domain::Complaint>& complaints) {
                              json items = json::array();
                              for (const auto& complaint : complaints) {
                                  items.push_back(follow_json(complaint));
                              }
                              return json{{"complaints", items}};
                          });
    });

    routes.add("GET", "/api/v1/complaints/follow/:token", [&context](const Request& request) {
        auto token = request.param("token");
        if (!app::looks_like_token(token)) {
            return error_reply(
                Error::not_found("complaint_not_found", "Cette réclamation est introuvable."));
        }
        return reply_with(app::follow_complaint(context.database, token), 200, follow_json);
    });

    routes.add("GET", "/api/v1/complaints",
               staff_route(context, session_managers, [&context](const Request& request, auto&) {
                   app::ComplaintListFilter filter;
                   filter.status = request.query_value("status");
                   auto from = query_date(request, "from");
                   if (!from) {
                       return error_reply(from.error());
                   }
                   filter.from = from.value();
                   auto to = query_date(request, "to");
                   if (!to) {
                       return error_reply(to.error());
                   }
                   filter.to = to.value();
                   auto page = query_page(request, 50, 500);
                   if (!page) {
                       return error_reply(page.error());
                   }
                   filter.limit = page->limit;
                   filter.offset = page->offset;
                   return reply_with(app::list_complaints(context.database, filter), 200,
                                     [&](const app::ComplaintList& list) {
                                         json items = json::array();
                                         for (const auto& complaint : list.items) {
                                             items.push_back(complaint_json(complaint));
                                         }
                                         return json{{"items", items},
                                                     {"total", list.total},
                                                     {"limit", filter.limit},
                                                     {"offset", filter.offset}};
                                     });
               }));

    routes.add(
        "GET", "/api/v1/complaints/:id",
        staff_route(context, session_managers, [&context](const Request& request, auto&) {
            auto id = id_param(request);
            if (!id) {
                return error_reply(
                    Error::not_found("complaint_not_found", "Cette réclamation est introuvable."));
            }
            return reply_with(app::get_complaint(context.database, *id), 200, complaint_json);
        }));

    routes.add(
        "PATCH", "/api/v1/complaints/:id",
        staff_route(context, session_managers,
                    [&context](const Request& request, const app::Actor& actor) {
                        auto id = id_param(request);
                        if (!id) {
                            return error_reply(Error::not_found(
                                "complaint_not_found", "Cette réclamation est introuvable."));
                        }
                        auto changes = read_body(request, read_complaint_changes);
                        if (!changes) {
                            return error_reply(changes.error());
                        }
                        return reply_with(app::update_complaint(context.database, context.clock,
                                                                actor, *id, changes.value()),
                                          200, complaint_json);
                    }));
}

}  // namespace formations::http

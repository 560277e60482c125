#pragma once
// The routes of /api/v1 and of the pages, and the shapes a handler takes. A handler runs on a
// worker thread (server.cpp hands it over, so SQL and PDF work never blocks the event loop),
// reads the request with request.hpp and json_body.hpp, calls one use case and maps its result
// to an answer. Example:
//   routes.add("GET", "/api/v1/sessions/:id/roster",
//              staff_route(context, staff_roles, [&context](const Request& r, const app::Actor&) {
//                  ...; return reply_with(app::session_roster(context.database, id), 200, …);
//              }));

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "service/app/accounts.hpp"
#include "service/app/evaluation_schedule.hpp"
#include "service/app/legal_pages.hpp"
#include "service/app/mail_settings.hpp"
#include "service/app/rate_limits.hpp"
#include "service/app/registrations.hpp"
#include "service/domain/clock.hpp"
#include "service/domain/ledger.hpp"
#include "service/http/reply.hpp"
#include "service/http/request.hpp"
#include "service/http/staff_session.hpp"
#include "service/http/streaming.hpp"

namespace formations::storage {
class Database;
}  // namespace formations::storage

namespace formations::invoices {
struct BillingSettings;
}  // namespace formations::invoices

namespace formations::http {

// What handlers use: the database (handed to use cases), the one clock, the billing and mail
// settings, the delays of the questionnaires, the ceilings of anonymous use.
struct Context {
    storage::Database& database;
    const Clock& clock;
    const invoices::BillingSettings& billing;
    const app::EvaluationDelays& evaluations;
    const app::MailSettings& mail;
    const app::RateLimits& limits;
    const app::LegalSettings& legal;
};

// The workers a route runs on: the `general` ones (SQL, quick answers), or the `documents` ones
// for answers that may render a document (a PDF, an export: a CPU for tens of milliseconds to
// seconds each), so that a burst of them never takes the workers the catalogue and the
// registrations need (server.cpp). Routes ending in ".pdf" and streamed exports are always
// `documents`.
enum class Workers { general, documents };

using Handler = std::function<Reply(const Request&)>;
// An answer written while it is produced (exports): see streaming.hpp.
using StreamHandler = std::function<Streamed(const Request&, ResponseChannel&)>;

class Routes {
  public:
    struct Route {
        std::string method;  // "GET", "POST", "PUT", "PATCH"
        std::string path;    // Pistache's syntax: "/api/v1/sessions/:id"
        Handler handler;     // set, or
        StreamHandler stream;
        Workers workers = Workers::general;
    };

    void add(std::string method, std::string path, Handler handler,
             Workers workers = Workers::general);
    void add_stream(std::string path, StreamHandler handler);  // GET
    // For the requests no route matches (the web pages; a JSON 404 otherwise).
    void set_fallback(Handler handler) { fallback_ = std::move(handler); }

    const std::vector<Route>& all() const { return routes_; }
    const Handler& fallback() const { return fallback_; }

  private:
    std::vector<Route> routes_;
    Handler fallback_;
};

// Everyone with an account; those who run sessions.
inline const std::vector<app::Role> staff_roles = {app::Role::admin, app::Role::staff,
                                                   app::Role::accountant};
inline const std::vector<app::Role> session_managers = {app::Role::admin, app::Role::staff};

// Who the request is, by its bearer token or session cookie (staff_session.hpp): 401 without a
// valid one, 403 with the wrong role or a cookie on a forged request.
Result<app::Actor> authenticate(Context& context, const Request& request,
                                const std::vector<app::Role>& roles);

// The shape of every route for logged-in staff: the login is checked first (authenticate), then
// `work(request, actor)` answers.
template <typename Work>
Handler staff_route(Context& context, std::vector<app::Role> roles, Work work) {
    return [&context, roles = std::move(roles), work](const Request& request) -> Reply {
        auto actor = authenticate(context, request, roles);
        if (!actor) {
            return error_reply(actor.error());
        }
        return work(request, actor.value());
    };
}

// A registration path segment is either the trainee's token, or a numeric id that only a staff
// member with one of `roles` may use.
struct RegistrationAccess {
    app::RegistrationKey key;
    app::Requester requester;
};
Result<RegistrationAccess> registration_access(Context& context, const Request& request,
                                               const std::vector<app::Role>& roles);

// GET `path` for `roles`: an export of the period of the query (`year`, or `from` and `to`);
// once the login and the period are checked, `produce` streams it (the request for the
// rest of its query).
using PeriodExport = std::function<Streamed(ResponseChannel& channel, const domain::Period& period,
                                            const Request& request)>;
void add_period_export(Routes& routes, Context& context, std::vector<app::Role> roles,
                       const std::string& path, PeriodExport produce);
// "factures-2026-11-01-2026-11-30.zip"
std::string period_file(const std::string& stem, const domain::Period& period,
                        const std::string& extension);

// PDFs inline, CSV and ZIP files as attachments.
Reply pdf_reply(Result<std::string> pdf, const std::string& file_name);
std::string attachment(const std::string& file_name);

// The routes of each area of the API.
void add_catalogue_routes(Routes& routes, Context& context);
void add_billing_routes(Routes& routes, Context& context);
// Accountants: invoice list, overdue view, CSV / FEC / PDF exports, yearly report figures.
void add_accounting_routes(Routes& routes, Context& context);
void add_attendance_routes(Routes& routes, Context& context);
// The training contract of a self-funded trainee: read and signed online.
void add_contract_routes(Routes& routes, Context& context);
// The training convention of an employer-funded seat: read and signed online by the employer's
// signatory through their link; staff attach a signed copy, resend the link, list the unsigned.
void add_convention_routes(Routes& routes, Context& context);
void add_staff_routes(Routes& routes, Context& context);
void add_account_routes(Routes& routes, Context& context);
void add_directory_routes(Routes& routes, Context& context);
// Qualiopi evidence: course sheets and the questionnaires of a course; questionnaires answered
// by trainees and employers, followed by staff, accommodation needs for the referent; the
// complaints register; erasure of a trainee and the audit export.
void add_course_routes(Routes& routes, Context& context);
void add_evaluation_routes(Routes& routes, Context& context);
void add_complaint_routes(Routes& routes, Context& context);
void add_privacy_routes(Routes& routes, Context& context);
// Messages: the staff's list, reading and resending; the public lost-link form.
void add_mail_routes(Routes& routes, Context& context);
void add_legal_routes(Routes& routes, Context& context);
// The web pages of web/: the fallback of every path the API does not know.
void add_web_routes(Routes& routes);

}  // namespace formations::http

#pragma once
// The routes of each area of the API, added to the router by the Server.

#include <pistache/router.h>

#include "service/http/handler_support.hpp"

namespace formations::http {

void add_catalogue_routes(Pistache::Rest::Router& router, Context& context);
void add_billing_routes(Pistache::Rest::Router& router, Context& context);
// Accountants: invoice list, overdue view, CSV / FEC / PDF exports, yearly report figures.
void add_accounting_routes(Pistache::Rest::Router& router, Context& context);
void add_attendance_routes(Pistache::Rest::Router& router, Context& context);
void add_staff_routes(Pistache::Rest::Router& router, Context& context);
void add_account_routes(Pistache::Rest::Router& router, Context& context);
void add_directory_routes(Pistache::Rest::Router& router, Context& context);
// GET /api/v1/quote (public price before registering) and GET /api/v1/staff/sessions.
void add_page_api_routes(Pistache::Rest::Router& router, Context& context);
// The web pages of web/: installs the router's not-found handler, so it comes after every route.
void add_web_routes(Pistache::Rest::Router& router, Context& context);

}  // namespace formations::http

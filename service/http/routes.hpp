#pragma once
// The routes of each area of the API, added to the router by the Server.

#include <pistache/router.h>

#include "service/http/handler_support.hpp"

namespace formations::http {

void add_catalogue_routes(Pistache::Rest::Router& router, Context& context);
void add_billing_routes(Pistache::Rest::Router& router, Context& context);
void add_attendance_routes(Pistache::Rest::Router& router, Context& context);
void add_staff_routes(Pistache::Rest::Router& router, Context& context);
void add_account_routes(Pistache::Rest::Router& router, Context& context);
void add_directory_routes(Pistache::Rest::Router& router, Context& context);

}  // namespace formations::http

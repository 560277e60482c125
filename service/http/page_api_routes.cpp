// API routes the web pages need beyond the rest of /api/v1:
//   GET /api/v1/quote?session_id=N[&siret=S]   public: the price a registration would pay, so
//       the form shows it before submitting: {session_id, tier, price_cents, organisation_name}
//       (no SIRET: self-funded; a SIRET: the employer's tier from the member directory, and the
//       directory's name for it, null when it is not a member).
//   GET /api/v1/staff/sessions[?from=YYYY-MM-DD]   staff: every session not cancelled starting
//       on or after `from` (default: a year ago), past ones included, so that staff reach the
//       session of the day for attendance (GET /api/v1/sessions lists only upcoming ones).
#include <boost/date_time/gregorian/gregorian.hpp>

#include "pricing/siret.hpp"
#include "service/app/catalogue.hpp"
#include "service/http/routes.hpp"
#include "service/http/static_files.hpp"
#include "service/storage/registration_repository.hpp"
#include "service/storage/session_repository.hpp"

namespace formations::http {

using namespace Pistache;
using nlohmann::json;

namespace {

struct Quote {
    std::int64_t session_id = 0;
    pricing::Tier tier = pricing::Tier::self_funded;
    std::int64_t price_cents = 0;
    std::optional<std::string> organisation_name;
};

std::optional<std::string> decoded_query(const Rest::Request& request, const std::string& name) {
    auto value = query_text(request, name);
    if (!value) {
        return std::nullopt;
    }
    // A malformed escape is left as typed: the checks below then refuse it.
    return percent_decoded(*value, true).value_or(*value);
}

app::Result<Quote> quote(storage::Database& database,
                         const std::optional<std::string>& session_text,
                         const std::optional<std::string>& siret_text) {
    if (!session_text) {
        return app::Error::invalid("required", "Choisissez une session.", "session_id");
    }
    auto session_id = parse_id(*session_text);
    if (!session_id) {
        return app::Error::invalid(
            "invalid_type", "Le champ doit être un identifiant entier positif.", "session_id");
    }
    std::optional<pricing::Siret> siret;
    if (siret_text) {
        auto text = *siret_text;
        text.erase(0, text.find_first_not_of(" \t"));
        text.erase(text.find_last_not_of(" \t") + 1);
        siret = pricing::Siret::parse(text);
        if (!siret) {
            // Same code and field as POST /registrations, so the form shows it in one place.
            return app::Error::invalid("invalid_siret",
                                       "Le numéro SIRET doit comporter 14 chiffres et être valide.",
                                       "employer.siret");
        }
    }
    return database.transact([&](soci::session& sql) -> app::Result<Quote> {
        auto session = storage::find_session(sql, *session_id);
        if (!session) {
            return app::session_not_found();
        }
        Quote result;
        result.session_id = session->id;
        std::optional<pricing::MembershipStatus> membership;
        auto funding = siret ? pricing::Funding::employer : pricing::Funding::self;
        if (siret) {
            if (auto organisation = storage::find_organisation_by_siret(sql, siret->digits())) {
                membership = organisation->status;
                if (organisation->status != pricing::MembershipStatus::none) {
                    result.organisation_name = organisation->name;
                }
            }
        }
        // The rule and the tariff of POST /registrations (app/registrations.cpp).
        result.tier = pricing::derive_tier(funding, membership);
        auto price =
            storage::price_list(sql, session->course_id).price_for(result.tier, session->starts_on);
        if (!price) {
            return app::Error::conflict("no_tariff",
                                        "Aucun tarif n'est défini pour cette session.");
        }
        result.price_cents = price->cents();
        return result;
    });
}

app::Result<std::vector<app::SessionView>> staff_sessions(storage::Database& database,
                                                          boost::gregorian::date from,
                                                          boost::gregorian::date today) {
    return database.transact([&](soci::session& sql) -> app::Result<std::vector<app::SessionView>> {
        std::vector<app::SessionView> views;
        // upcoming_sessions lists those starting strictly after its date.
        for (const auto& session :
             storage::upcoming_sessions(sql, from - boost::gregorian::days(1))) {
            views.push_back(app::make_session_view(
                session, storage::price_list(sql, session.course_id), today));
        }
        return views;
    });
}

}  // namespace

void add_page_api_routes(Rest::Router& router, Context& context) {
    route(
        router, Http::Method::Get, "/api/v1/quote",
        [&context](const Rest::Request& request, Http::ResponseWriter response) {
            auto session = decoded_query(request, "session_id");
            auto siret = decoded_query(request, "siret");
            offload(context, request, std::move(response), [&context, session, siret] {
                return reply_with(quote(context.database, session, siret), 200, [](const Quote& q) {
                    return json{{"session_id", q.session_id},
                                {"tier", pricing::to_string(q.tier)},
                                {"price_cents", q.price_cents},
                                {"organisation_name",
                                 q.organisation_name ? json(*q.organisation_name) : json(nullptr)}};
                });
            });
        });

    route(router, Http::Method::Get, "/api/v1/staff/sessions",
          staff_route(
              context, staff_roles, [&context](const Rest::Request& request, const app::Actor&) {
                  auto today = context.today();
                  auto from = today - boost::gregorian::years(1);
                  if (auto text = query_text(request, "from")) {
                      try {
                          if (text->size() != 10) {
                              throw std::out_of_range("not YYYY-MM-DD");
                          }
                          from = boost::gregorian::from_simple_string(*text);
                      } catch (const std::exception&) {
                          return error_reply(app::Error::invalid(
                              "invalid_date", "La date doit être au format AAAA-MM-JJ.", "from"));
                      }
                  }
                  return reply_with(staff_sessions(context.database, from, today), 200,
                                    [](const std::vector<app::SessionView>& sessions) {
                                        json items = json::array();
                                        for (const auto& session : sessions) {
                                            items.push_back(session_json(session));
                                        }
                                        return json{{"sessions", items}};
                                    });
              }));
}

}  // namespace formations::http

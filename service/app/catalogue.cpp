#include "service/app/catalogue.hpp"

#include <algorithm>
#include <map>

#include "service/storage/session_repository.hpp"

namespace formations::app {
namespace {

// Views of sessions starting after `after`, each course's price list read once.
Result<std::vector<SessionView>> sessions_after(storage::Database& db, boost::gregorian::date after,
                                                boost::gregorian::date today) {
    return db.transact([&](soci::session& sql) -> Result<std::vector<SessionView>> {
        std::map<std::int64_t, pricing::PriceList> price_lists;
        std::vector<SessionView> views;
        for (const auto& session : storage::sessions_starting_after(sql, after)) {
            auto found = price_lists.find(session.course_id);
            if (found == price_lists.end()) {
                found = price_lists
                            .emplace(session.course_id, storage::price_list(sql, session.course_id))
                            .first;
            }
            views.push_back(make_session_view(session, found->second, today));
        }
        return views;
    });
}

}  // namespace

Error session_not_found() {
    return Error::not_found("session_not_found", "Cette session de formation n'existe pas.");
}

SessionView make_session_view(const domain::Session& session, const pricing::PriceList& prices,
                              boost::gregorian::date today) {
    SessionView view;
    view.session = session;
    view.seats_left = std::max(0, session.capacity - session.seats_taken);
    view.registration_open = pricing::registration_open(session.status, session.starts_on,
                                                        session.registration_deadline, today);
    // Prices are those of the tariff in force on the first day: tariffs change by year.
    view.prices = prices.prices_on(session.starts_on);
    return view;
}

Result<std::vector<SessionView>> list_upcoming_sessions(storage::Database& db, const Clock& clock) {
    const auto today = clock.now().today;
    return sessions_after(db, today, today);
}

Result<SessionView> get_session(storage::Database& db, const Clock& clock, std::int64_t id) {
    const auto today = clock.now().today;
    return db.transact([&](soci::session& sql) -> Result<SessionView> {
        auto session = storage::find_session(sql, id);
        if (!session) {
            return session_not_found();
        }
        return make_session_view(*session, storage::price_list(sql, session->course_id), today);
    });
}

Result<std::vector<SessionView>> list_staff_sessions(storage::Database& db, const Clock& clock,
                                                     std::optional<boost::gregorian::date> from) {
    const auto today = clock.now().today;
    auto first = from.value_or(today - boost::gregorian::years(1));
    return sessions_after(db, first - boost::gregorian::days(1), today);
}

}  // namespace formations::app

#include "service/app/catalogue.hpp"

#include <map>

namespace formations::app {

Error session_not_found() {
    return Error::not_found("session_not_found", "Cette session de formation n'existe pas.");
}

SessionView make_session_view(const storage::SessionRow& session, const pricing::PriceList& prices,
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

Result<std::vector<SessionView>> list_upcoming_sessions(storage::Database& db,
                                                        boost::gregorian::date today) {
    return db.transact([&](soci::session& sql) -> Result<std::vector<SessionView>> {
        std::map<std::int64_t, pricing::PriceList> price_lists;
        std::vector<SessionView> views;
        for (const auto& session : storage::upcoming_sessions(sql, today)) {
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

Result<SessionView> get_session(storage::Database& db, std::int64_t id,
                                boost::gregorian::date today) {
    return db.transact([&](soci::session& sql) -> Result<SessionView> {
        auto session = storage::find_session(sql, id);
        if (!session) {
            return session_not_found();
        }
        return make_session_view(*session, storage::price_list(sql, session->course_id), today);
    });
}

}  // namespace formations::app

#include "service/app/seeding.hpp"

#include "pricing/calendar.hpp"
#include "service/storage/migrations.hpp"
#include "service/storage/session_repository.hpp"

namespace formations::app {

std::vector<DemoSession> demo_sessions(boost::gregorian::date today) {
    std::vector<DemoSession> sessions;
    for (auto [reference, days_ahead] : {std::pair{"DEMO-1", 30}, std::pair{"DEMO-2", 90}}) {
        auto starts_on = pricing::first_working_days(today + boost::gregorian::days(days_ahead), 2);
        sessions.push_back({reference, starts_on, starts_on + boost::gregorian::days(1),
                            pricing::previous_working_day(starts_on)});
    }
    return sessions;
}

Result<Done> seed_catalogue(storage::Database& db, const Clock& clock, bool demo) {
    const auto now = clock.now();
    return db.transact([&](soci::session& sql) -> Result<Done> {
        storage::apply_seed(sql, demo, now.instant);
        if (!demo) {
            return Done{};
        }
        auto course = storage::find_course_id(sql, "CAE");
        if (!course) {
            return Error::internal("the seed did not create the CAE course");
        }
        for (const auto& session : demo_sessions(now.today)) {
            storage::SessionFields fields;
            fields.reference = session.reference;
            fields.course_id = *course;
            fields.starts_on = session.starts_on;
            fields.ends_on = session.ends_on;
            fields.registration_deadline = session.registration_deadline;
            fields.place = "Salle de démonstration, 1 rue Fictive, 75000 Paris";
            fields.capacity = 12;
            // Already there from an earlier run: left as it is.
            storage::insert_session(sql, fields, now.instant);
        }
        return Done{};
    });
}

}  // namespace formations::app

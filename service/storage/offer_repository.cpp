#include "service/storage/offer_repository.hpp"

#include "service/storage/rows.hpp"

namespace formations::storage {

std::int64_t offer_seat(soci::session& sql, std::int64_t registration_id, std::int64_t session_id,
                        Instant offered_at, Instant expires_at) {
    long long registration = registration_id, session = session_id, id = 0;
    std::string offered = timestamp(offered_at), expires = timestamp(expires_at);
    sql << "UPDATE registrations SET status = 'offered', waitlist_order = NULL WHERE id = :id",
        soci::use(registration);
    sql << "INSERT INTO seat_offers (registration_id, session_id, offered_at, expires_at)"
           " VALUES (:registration, :session, CAST(:offered AS timestamptz),"
           " CAST(:expires AS timestamptz)) RETURNING id",
        soci::use(registration), soci::use(session), soci::use(offered), soci::use(expires),
        soci::into(id);
    return id;
}

std::optional<domain::SeatOffer> latest_offer(soci::session& sql, std::int64_t registration_id) {
    long long registration = registration_id;
    soci::row row;
    sql << "SELECT id, registration_id, session_id, " + utc_text("offered_at") +
               " AS offered_at, " + utc_text("expires_at") + " AS expires_at, outcome, " +
               utc_text("answered_at") +
               " AS answered_at FROM seat_offers WHERE registration_id = :id"
               " ORDER BY id DESC LIMIT 1",
        soci::use(registration), soci::into(row);
    if (!sql.got_data()) {
        return std::nullopt;
    }
    domain::SeatOffer offer;
    offer.id = row.get<long long>("id");
    offer.registration_id = row.get<long long>("registration_id");
    offer.session_id = row.get<long long>("session_id");
    offer.offered_at = row.get<std::string>("offered_at");
    offer.expires_at = row.get<std::string>("expires_at");
    offer.outcome = optional_text(row, "outcome");
    offer.answered_at = optional_text(row, "answered_at");
    return offer;
}

bool close_offer(soci::session& sql, std::int64_t registration_id, const std::string& outcome,
                 Instant at) {
    long long registration = registration_id;
    std::string text = outcome, answered = timestamp(at);
    soci::statement update = (sql.prepare << "UPDATE seat_offers SET outcome = :outcome,"
                                             " answered_at = CAST(:at AS timestamptz)"
                                             " WHERE registration_id = :id AND outcome IS NULL",
                              soci::use(text), soci::use(answered), soci::use(registration));
    update.execute(true);
    return update.get_affected_rows() > 0;
}

std::vector<std::int64_t> expired_offers(soci::session& sql, Instant now) {
    std::string at = timestamp(now);
    std::vector<std::int64_t> ids;
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT registration_id FROM seat_offers WHERE outcome IS NULL"
                        " AND expires_at <= CAST(:now AS timestamptz) ORDER BY expires_at, id",
         soci::use(at));
    for (const auto& row : rows) {
        ids.push_back(row.get<long long>(0));
    }
    return ids;
}

}  // namespace formations::storage

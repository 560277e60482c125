#include "service/app/session_admin.hpp"

#include "service/app/input_rules.hpp"
#include "service/app/registrations.hpp"
#include "service/storage/registration_repository.hpp"
#include "service/storage/rows.hpp"
#include "service/storage/session_repository.hpp"

namespace formations::app {
namespace {

constexpr int max_capacity = 1000;

nlohmann::json audit_state(const storage::SessionRow& s) {
    return {{"reference", s.reference},
            {"starts_on", storage::iso(s.starts_on)},
            {"ends_on", storage::iso(s.ends_on)},
            {"registration_deadline", storage::iso(s.registration_deadline)},
            {"place", s.place},
            {"capacity", s.capacity},
            {"trainer", s.trainer ? nlohmann::json(*s.trainer) : nlohmann::json(nullptr)},
            {"status", pricing::to_string(s.status)}};
}

storage::SessionFields fields_of(const storage::SessionRow& s) {
    return {s.reference, s.course_id, s.starts_on, s.ends_on, s.registration_deadline,
            s.place,     s.capacity,  s.trainer,   s.status};
}

// The checks shared by creation and edition.
std::optional<Error> check_fields(storage::SessionFields& fields) {
    if (fields.ends_on < fields.starts_on) {
        return Error::invalid("invalid_dates",
                              "La date de fin doit être postérieure ou égale à la date de début.",
                              "ends_on");
    }
    if ((fields.ends_on - fields.starts_on).days() > 30) {
        return Error::invalid("invalid_dates", "Une session dure au plus 31 jours.", "ends_on");
    }
    if (fields.registration_deadline > fields.ends_on) {
        return Error::invalid("invalid_deadline",
                              "La date limite d'inscription doit précéder la fin de la session.",
                              "registration_deadline");
    }
    if (fields.capacity < 1 || fields.capacity > max_capacity) {
        return Error::invalid("invalid_capacity",
                              "La capacité doit être comprise entre 1 et 1000 places.", "capacity");
    }
    auto place = normalise_text(fields.place, "place", 300, true);
    if (!place) {
        return place.error();
    }
    fields.place = place.value();
    if (fields.trainer) {
        if (fields.trainer->find_first_not_of(" \t") == std::string::npos) {
            fields.trainer.reset();
        } else {
            auto trainer = normalise_text(*fields.trainer, "trainer", 200);
            if (!trainer) {
                return trainer.error();
            }
            fields.trainer = trainer.value();
        }
    }
    return std::nullopt;
}

Error session_is_cancelled() {
    return Error::conflict("session_cancelled", "Cette session est annulée.");
}

}  // namespace

Result<SessionView> create_session(storage::Database& db, const Actor& actor,
                                   const SessionInput& input, boost::gregorian::date today) {
    storage::SessionFields fields;
    fields.starts_on = input.starts_on;
    fields.ends_on = input.ends_on;
    fields.registration_deadline =
        input.registration_deadline.value_or(input.starts_on - boost::gregorian::days(1));
    fields.place = input.place;
    fields.capacity = input.capacity;
    fields.trainer = input.trainer;
    fields.reference =
        input.reference.value_or(input.course_code + "-" + storage::iso(input.starts_on));
    if (auto error = check_fields(fields)) {
        return *error;
    }
    auto reference = normalise_text(fields.reference, "reference", 64);
    if (!reference) {
        return reference.error();
    }
    fields.reference = reference.value();
    return db.transact([&](soci::session& sql) -> Result<SessionView> {
        auto course = storage::find_course_id(sql, input.course_code);
        if (!course) {
            return Error::invalid("course_not_found", "Cette formation n'existe pas.",
                                  "course_code");
        }
        if (storage::reference_taken(sql, fields.reference)) {
            return Error::conflict("reference_taken",
                                   "Une session porte déjà cette référence ; choisissez-en une "
                                   "autre.",
                                   "reference");
        }
        fields.course_id = *course;
        auto id = storage::insert_session(sql, fields);
        auto session = storage::find_session(sql, id).value();
        storage::record_audit(sql, {actor.audit_name(), "session.created", "session", id, nullptr,
                                    audit_state(session)});
        return make_session_view(session, storage::price_list(sql, session.course_id), today);
    });
}

Result<SessionView> update_session(storage::Database& db, const invoices::BillingSettings& billing,
                                   const Actor& actor, std::int64_t id,
                                   const SessionChanges& changes, boost::gregorian::date today) {
    if (changes.status == pricing::SessionStatus::cancelled) {
        return Error::invalid("invalid_status",
                              "Pour annuler une session, utilisez l'action « annuler ».", "status");
    }
    return db.transact([&](soci::session& sql) -> Result<SessionView> {
        auto session = storage::find_session(sql, id, /*lock=*/true);
        if (!session) {
            return session_not_found();
        }
        if (session->status == pricing::SessionStatus::cancelled) {
            return session_is_cancelled();
        }
        auto fields = fields_of(*session);
        fields.starts_on = changes.starts_on.value_or(fields.starts_on);
        fields.ends_on = changes.ends_on.value_or(fields.ends_on);
        fields.registration_deadline =
            changes.registration_deadline.value_or(fields.registration_deadline);
        fields.place = changes.place.value_or(fields.place);
        fields.capacity = changes.capacity.value_or(fields.capacity);
        fields.status = changes.status.value_or(fields.status);
        if (changes.trainer) {
            fields.trainer = changes.trainer;
        }
        if (auto error = check_fields(fields)) {
            return *error;
        }
        if (fields.capacity < session->seats_taken) {
            return Error::conflict("capacity_below_confirmed",
                                   "La capacité ne peut pas être inférieure aux " +
                                       std::to_string(session->seats_taken) +
                                       " places déjà attribuées.",
                                   "capacity");
        }
        storage::update_session(sql, id, fields);
        auto updated = storage::find_session(sql, id).value();
        if (updated.capacity > session->capacity) {
            promote_waitlist(sql, billing, updated, today);
            updated = storage::find_session(sql, id).value();
        }
        storage::record_audit(sql, {actor.audit_name(), "session.updated", "session", id,
                                    audit_state(*session), audit_state(updated)});
        return make_session_view(updated, storage::price_list(sql, updated.course_id), today);
    });
}

Result<SessionView> cancel_session(storage::Database& db, const invoices::BillingSettings& billing,
                                   const Actor& actor, std::int64_t id,
                                   boost::gregorian::date today) {
    return db.transact([&](soci::session& sql) -> Result<SessionView> {
        auto session = storage::find_session(sql, id, /*lock=*/true);
        if (!session) {
            return session_not_found();
        }
        if (session->status == pricing::SessionStatus::cancelled) {
            return session_is_cancelled();
        }
        // Cancelled first, so that freed seats go to nobody.
        auto before = audit_state(*session);
        auto fields = fields_of(*session);
        fields.status = pricing::SessionStatus::cancelled;
        storage::update_session(sql, id, fields);
        for (const auto& registration : storage::registrations_of_session(sql, id)) {
            if (registration.status != "cancelled") {
                cancel_locked(sql, billing, registration, *session, today, actor.audit_name());
            }
        }
        auto cancelled = storage::find_session(sql, id).value();
        storage::record_audit(sql, {actor.audit_name(), "session.cancelled", "session", id, before,
                                    audit_state(cancelled)});
        return make_session_view(cancelled, storage::price_list(sql, cancelled.course_id), today);
    });
}

}  // namespace formations::app

#include "service/app/session_admin.hpp"

#include <array>

#include "invoices/document_builder.hpp"
#include "invoices/french_format.hpp"
#include "pricing/calendar.hpp"
#include "service/app/detail/agreements.hpp"
#include "service/app/detail/conventions.hpp"
#include "service/app/detail/invoicing.hpp"
#include "service/app/detail/offers.hpp"
#include "service/app/detail/outbox.hpp"
#include "service/app/detail/seats.hpp"
#include "service/app/input_rules.hpp"
#include "service/app/tokens.hpp"
#include "service/domain/iso8601.hpp"
#include "service/storage/audit_repository.hpp"
#include "service/storage/course_sheet_repository.hpp"
#include "service/storage/invoice_repository.hpp"
#include "service/storage/registration_repository.hpp"
#include "service/storage/session_repository.hpp"

namespace formations::app {
namespace {

constexpr int max_capacity = 1000;

storage::SessionFields fields_of(const domain::Session& s) {
    return {s.reference, s.course_id, s.starts_on, s.ends_on, s.registration_deadline,
            s.place,     s.capacity,  s.trainer,   s.status,  s.hours};
}

std::string duration_text(int minutes) {
    auto text = std::to_string(minutes / 60) + " h";
    if (minutes % 60 != 0) {
        text += " " + std::to_string(minutes % 60);
    }
    return text;
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

// What staff changed of what the agreements print, for the supersession's reason.
std::string terms_changed(const domain::Session& before, const domain::Session& after) {
    std::string changed;
    auto add = [&](bool differs, const char* what) {
        if (differs) {
            changed += (changed.empty() ? "" : ", ") + std::string(what);
        }
    };
    add(before.starts_on != after.starts_on || before.ends_on != after.ends_on, "dates");
    add(before.hours != after.hours, "daily hours");
    add(before.place != after.place, "place");
    return "session " + after.reference + " edited: " + changed;
}

// Staff changed what the registered people must know of the session, which is what their
// agreements print (detail::agreement_terms_differ; the capacity, the deadline, the trainer and
// the status are no news to them): each person is told, and each contract or convention in force
// is superseded, as a move does. A self-funded trainee signs the new contract from their page:
// the change is substantial (L6353-4 mentions), so they may refuse it — the 10-day withdrawal
// runs from the new signature, and a seat whose new contract stays unsigned is released when its
// hold, counted from the edit, ends, with nothing kept. Their invoice, whose échéancier was the
// superseded contract's (L6353-6), is credited, and the new signature issues the new one, as
// after a move. An employer's signatory gets a new link; the employer's invoice, which no
// signature schedules, stays as issued (cancelling before the new convention is signed keeps no
// fee: registrations.cpp). Counts what it did in `done`, and writes it, registration by
// registration, in `journal` (for the confirmation digest).
void tell_session_changed(soci::session& sql, const Clock& clock,
                          const invoices::BillingSettings& billing, const domain::Session& before,
                          const domain::Session& after, const Now& now, const Actor& actor,
                          EditConsequences& done, std::string& journal) {
    const auto reason = terms_changed(before, after);
    for (const auto& unlocked : storage::registrations_of_session(sql, after.id)) {
        if (unlocked.status == "cancelled") {
            continue;
        }
        // The session's row is locked: the registration's lock comes second, as everywhere.
        auto registration =
            storage::find_registration_by_id(sql, unlocked.id, storage::Lock::for_update);
        if (!registration || registration->session_id != after.id) {
            continue;
        }
        journal += "r" + std::to_string(registration->id) + ":" + registration->status;
        auto facts = detail::registration_facts(sql, *registration, after);
        facts.by_staff = true;
        facts.previous_session = detail::session_facts(before);
        const auto superseded =
            detail::supersede_agreement(sql, now, actor.audit_name(), *registration, reason,
                                        storage::SupersessionCause::session_edit);
        facts.agreement_superseded = superseded.has_value();
        if (superseded) {
            const bool self = registration->funding == pricing::Funding::self;
            ++(self ? done.contracts_superseded : done.conventions_superseded);
            if (superseded->was_signed) {
                ++(self ? done.contracts_superseded_signed : done.conventions_superseded_signed);
            }
            journal +=
                ",v" + std::to_string(superseded->version) + (superseded->was_signed ? "s" : "u");
        }
        if (superseded && registration->funding == pricing::Funding::self) {
            const auto credits = detail::credit_registration(
                sql, billing, clock, *registration, before, actor.audit_name(),
                invoices::session_edited(before.starts_on, before.ends_on, after.starts_on,
                                         after.ends_on));
            for (const auto credit : credits) {
                const auto cents = -storage::invoice_document(sql, credit).total.cents();
                ++done.invoices_credited;
                done.credited_cents += cents;
                journal += ",c" + std::to_string(cents);
            }
            detail::add_documents(sql, facts, registration->id, credits);
        }
        detail::notify(sql, now, actor.audit_name(), domain::MessageKind::session_changed,
                       *registration, facts);
        ++done.people_told;
        if (superseded &&
            detail::send_signatory_link(sql, now, actor.audit_name(), *registration, after)) {
            ++done.signatory_links;
            journal += ",l";
        }
        journal += ";";
    }
}

// The seats offered from the waiting list, not answered yet.
int open_offers(soci::session& sql, std::int64_t session_id) {
    int offered = 0;
    for (const auto& registration : storage::registrations_of_session(sql, session_id)) {
        offered += registration.status == "offered" ? 1 : 0;
    }
    return offered;
}

// What the confirmation digest covers of a session's row.
std::string state_of(const domain::Session& s) {
    return s.reference + "|" + format_date(s.starts_on) + "|" + format_date(s.ends_on) + "|" +
           format_date(s.registration_deadline) + "|" + s.place + "|" + std::to_string(s.capacity) +
           "|" + s.trainer.value_or("") + "|" + std::string(pricing::to_string(s.status)) + "|" +
           std::to_string(s.hours.morning_start) + "," + std::to_string(s.hours.morning_end) + "," +
           std::to_string(s.hours.afternoon_start) + "," + std::to_string(s.hours.afternoon_end) +
           "|" + std::to_string(s.seats_taken) + "|" + std::to_string(s.waitlist_length);
}

Error session_is_cancelled() {
    return Error::conflict("session_cancelled", "Cette session est annulée.");
}

// The session as it is now in this transaction, and its view.
Result<domain::Session> reread(soci::session& sql, std::int64_t id) {
    if (auto session = storage::find_session(sql, id)) {
        return std::move(*session);
    }
    return Error::internal("session " + std::to_string(id) + " vanished");
}

}  // namespace

domain::DailyHours HoursChanges::applied_to(domain::DailyHours hours) const {
    hours.morning_start = morning_start.value_or(hours.morning_start);
    hours.morning_end = morning_end.value_or(hours.morning_end);
    hours.afternoon_start = afternoon_start.value_or(hours.afternoon_start);
    hours.afternoon_end = afternoon_end.value_or(hours.afternoon_end);
    return hours;
}

std::optional<Error> check_daily_hours(const domain::DailyHours& hours,
                                       std::optional<int> half_day_minutes) {
    if (!(hours.morning_start < hours.morning_end && hours.morning_end <= hours.afternoon_start &&
          hours.afternoon_start < hours.afternoon_end)) {
        return Error::invalid("invalid_hours",
                              "Les horaires se suivent : le matin, puis l'après-midi.",
                              "daily_hours");
    }
    if (!half_day_minutes) {
        return std::nullopt;
    }
    auto length_error = [&](const char* field) {
        return Error::invalid("invalid_hours",
                              "Chaque demi-journée dure " + duration_text(*half_day_minutes) +
                                  ", la durée prévue par la formation (par exemple de " +
                                  format_time_of_day(9 * 60) + " à " +
                                  format_time_of_day(9 * 60 + *half_day_minutes) + ").",
                              field);
    };
    if (hours.morning_end - hours.morning_start != *half_day_minutes) {
        return length_error("daily_hours.morning_end");
    }
    if (hours.afternoon_end - hours.afternoon_start != *half_day_minutes) {
        return length_error("daily_hours.afternoon_end");
    }
    return std::nullopt;
}

Result<SessionView> create_session(storage::Database& db, const Clock& clock, const Actor& actor,
                                   const SessionInput& input) {
    const auto now = clock.now();
    storage::SessionFields fields;
    fields.starts_on = input.starts_on;
    fields.ends_on = input.ends_on;
    fields.registration_deadline =
        input.registration_deadline.value_or(input.starts_on - boost::gregorian::days(1));
    fields.place = input.place;
    fields.capacity = input.capacity;
    fields.trainer = input.trainer;
    const auto default_reference = input.course_code + "-" + format_date(input.starts_on);
    fields.reference = input.reference.value_or(default_reference);
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
        fields.course_id = *course;
        // What is not given is the course's usual hours: those of its sheet, if published.
        auto sheet = storage::sheet_in_force(sql, *course);
        fields.hours =
            input.hours.applied_to(sheet ? sheet->content.daily_hours : domain::DailyHours{});
        if (auto error = check_daily_hours(fields.hours, std::nullopt)) {
            return *error;
        }
        auto id = storage::insert_session(sql, fields, now.instant);
        // Sessions starting the same day get -2, -3… when nobody chose the reference.
        for (int suffix = 2; !id && !input.reference && suffix <= 99; ++suffix) {
            fields.reference = default_reference + "-" + std::to_string(suffix);
            id = storage::insert_session(sql, fields, now.instant);
        }
        if (!id) {
            return Error::conflict("reference_taken",
                                   "Une session porte déjà cette référence ; choisissez-en une "
                                   "autre.",
                                   "reference");
        }
        auto session = reread(sql, *id);
        if (!session) {
            return session.error();
        }
        // The course's half-day length is known once the session is read with it: a refusal
        // here rolls the creation back.
        if (auto error = check_daily_hours(session->hours, session->half_day_minutes)) {
            return *error;
        }
        storage::audit_session(sql, {actor.audit_name(), now.instant}, "session.created", nullptr,
                               session.value());
        return make_session_view(session.value(), storage::price_list(sql, *course), now.today);
    });
}

Result<SessionEdited> update_session(storage::Database& db, const Clock& clock,
                                     const invoices::BillingSettings& billing, const Actor& actor,
                                     std::int64_t id, const SessionChanges& changes,
                                     EditMode mode) {
    if (changes.status == pricing::SessionStatus::cancelled) {
        return Error::invalid("invalid_status",
                              "Pour annuler une session, utilisez l'action « annuler ».", "status");
    }
    const auto now = clock.now();
    auto edit = [&](soci::session& sql) -> Result<SessionEdited> {
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
        fields.hours = changes.hours.applied_to(fields.hours);
        if (auto error = check_fields(fields)) {
            return *error;
        }
        if (auto error = check_daily_hours(fields.hours, session->half_day_minutes)) {
            return *error;
        }
        if (fields.capacity < session->seats_taken) {
            return Error::conflict("capacity_below_confirmed",
                                   "La capacité ne peut pas être inférieure aux " +
                                       std::to_string(session->seats_taken) +
                                       " places déjà attribuées.",
                                   "capacity");
        }
        EditConsequences done;
        storage::update_session(sql, id, fields);
        auto updated = reread(sql, id);
        if (updated && updated->capacity > session->capacity) {
            const int offered_before = open_offers(sql, id);
            if (auto error = detail::offer_free_seats(sql, billing, updated.value(), now)) {
                return *error;
            }
            done.seats_offered = open_offers(sql, id) - offered_before;
            updated = reread(sql, id);
        }
        if (!updated) {
            return updated.error();
        }
        std::string journal = "session " + std::to_string(id) + "|" + state_of(*session) + "|" +
                              state_of(updated.value()) + "|offered " +
                              std::to_string(done.seats_offered) + "|";
        if (detail::agreement_terms_differ(*session, updated.value())) {
            tell_session_changed(sql, clock, billing, *session, updated.value(), now, actor, done,
                                 journal);
        }
        const auto confirmation = sha256_hex(journal);
        if (changes.confirmation && *changes.confirmation != confirmation) {
            return Error::conflict("edit_preview_stale",
                                   "La session ou ses inscriptions ont changé depuis l'aperçu de "
                                   "cette modification : vérifiez de nouveau ce qu'elle entraîne "
                                   "avant de confirmer.");
        }
        storage::audit_session(sql, {actor.audit_name(), now.instant}, "session.updated", &*session,
                               updated.value());
        const auto prices = storage::price_list(sql, updated->course_id);
        return SessionEdited{make_session_view(*session, prices, now.today),
                             make_session_view(updated.value(), prices, now.today), done,
                             confirmation};
    };
    return mode == EditMode::preview ? db.rehearse(edit) : db.transact(edit);
}

Result<SessionView> cancel_session(storage::Database& db, const Clock& clock,
                                   const invoices::BillingSettings& billing, const Actor& actor,
                                   std::int64_t id) {
    const auto now = clock.now();
    return db.transact([&](soci::session& sql) -> Result<SessionView> {
        auto session = storage::find_session(sql, id, /*lock=*/true);
        if (!session) {
            return session_not_found();
        }
        if (session->status == pricing::SessionStatus::cancelled) {
            return session_is_cancelled();
        }
        // Cancelled first, so that freed seats go to nobody.
        auto fields = fields_of(*session);
        fields.status = pricing::SessionStatus::cancelled;
        storage::update_session(sql, id, fields);
        for (const auto& registration : storage::registrations_of_session(sql, id)) {
            if (registration.status != "cancelled") {
                // The organiser cancels: nobody pays the course's cancellation fee.
                if (auto error = detail::cancel_locked(
                        sql, billing, clock, registration, *session, now,
                        {actor.audit_name(), true, domain::MessageKind::session_cancelled,
                         detail::Fee::none, invoices::session_cancelled()})) {
                    return *error;
                }
            }
        }
        auto cancelled = reread(sql, id);
        if (!cancelled) {
            return cancelled.error();
        }
        storage::audit_session(sql, {actor.audit_name(), now.instant}, "session.cancelled",
                               &*session, cancelled.value());
        return make_session_view(cancelled.value(), storage::price_list(sql, cancelled->course_id),
                                 now.today);
    });
}

Result<CancellationPreview> preview_session_cancellation(storage::Database& db, std::int64_t id) {
    return db.transact([&](soci::session& sql) -> Result<CancellationPreview> {
        auto session = storage::find_session(sql, id);
        if (!session) {
            return session_not_found();
        }
        if (session->status == pricing::SessionStatus::cancelled) {
            return session_is_cancelled();
        }
        CancellationPreview preview;
        for (const auto& registration : storage::registrations_of_session(sql, id)) {
            if (registration.status == "cancelled") {
                continue;
            }
            if (registration.status == "confirmed") {
                ++preview.confirmed;
            } else if (registration.status == "offered") {
                ++preview.offered;  // a seat held until the person answers, not a place in line
            } else {
                ++preview.waitlisted;
            }
            for (const auto& invoice :
                 storage::open_invoices_of_registration(sql, registration.id)) {
                ++preview.invoices;
                preview.invoiced_cents += invoice.total_cents;
            }
        }
        return preview;
    });
}

namespace {

// "samedi 12 décembre 2026".
std::string format_french_date(boost::gregorian::date day) {
    static constexpr std::array<const char*, 7> weekdays = {
        "dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"};
    return std::string(weekdays.at(day.day_of_week().as_number())) + " " +
           invoices::format_long_date_fr(day);
}

}  // namespace

std::vector<std::string> date_warnings(boost::gregorian::date today,
                                       boost::gregorian::date starts_on,
                                       boost::gregorian::date ends_on) {
    std::vector<std::string> warnings;
    if (starts_on < today) {
        warnings.push_back("Le premier jour, le " + format_french_date(starts_on) +
                           ", est déjà passé.");
    }
    for (auto day = starts_on; day <= ends_on && day - starts_on <= boost::gregorian::days(31);
         day += boost::gregorian::days(1)) {
        if (pricing::is_public_holiday(day)) {
            warnings.push_back("Le " + format_french_date(day) + " est un jour férié.");
        } else if (!pricing::is_working_day(day)) {
            warnings.push_back("Le " + format_french_date(day) + " tombe un week-end.");
        }
    }
    return warnings;
}

std::vector<std::string> session_date_warnings(const Clock& clock, boost::gregorian::date starts_on,
                                               std::optional<boost::gregorian::date> ends_on) {
    return date_warnings(clock.now().today, starts_on,
                         ends_on.value_or(starts_on + boost::gregorian::days(1)));
}

}  // namespace formations::app

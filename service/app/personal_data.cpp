#include "service/app/personal_data.hpp"

#include <chrono>

#include "service/app/input_rules.hpp"
#include "service/storage/audit_repository.hpp"
#include "service/storage/personal_data_repository.hpp"

namespace formations::app {
namespace {

TraineeRecord record_of(const storage::TraineeRecord& row) {
    return {row.id,        row.email,         row.first_name,
            row.last_name, row.registrations, row.ongoing_registrations,
            row.invoices,  row.contracts,     row.erased_at};
}

Error trainee_not_found() {
    return Error::not_found("trainee_not_found", "Cette personne est introuvable.");
}

}  // namespace

Result<RetentionReport> apply_retention(storage::Database& db, const Clock& clock,
                                        const RetentionSettings& settings) {
    const auto now = clock.now();
    return db.transact([&](soci::session& sql) -> Result<RetentionReport> {
        RetentionReport report;
        if (!storage::try_lock_housekeeping(sql)) {
            return report;
        }
        report.ran = true;
        report.answers = storage::anonymise_answers_before(
            sql, now.today - boost::gregorian::days(settings.answers_days), now.instant);
        report.accommodations = storage::anonymise_accommodations_before(
            sql, now.today - boost::gregorian::days(settings.accommodation_days), now.instant);
        report.complaints = storage::anonymise_complaints_closed_before(
            sql, now.instant - std::chrono::hours(24) * settings.complaints_days, now.instant);
        report.messages = storage::anonymise_messages_before(
            sql, now.instant - std::chrono::hours(24) * settings.messages_days, now.instant);
        if (report.answers + report.accommodations + report.complaints + report.messages > 0) {
            storage::audit_counts(sql, {"system", now.instant}, "personal_data.anonymised",
                                  "retention", 0,
                                  {{"answers", report.answers},
                                   {"accommodations", report.accommodations},
                                   {"complaints", report.complaints},
                                   {"messages", report.messages}});
        }
        return report;
    });
}

Result<std::vector<TraineeRecord>> find_trainees(storage::Database& db, const Clock& clock,
                                                 const std::string& text) {
    auto query = normalise_text(text, "q", 254);
    if (!query) {
        return query.error();
    }
    if (utf8_length(query.value()).value_or(0) < 2) {
        return Error::invalid("query_too_short", "Saisissez au moins 2 caractères.", "q");
    }
    const auto today = clock.now().today;
    return db.transact([&](soci::session& sql) -> Result<std::vector<TraineeRecord>> {
        std::vector<TraineeRecord> found;
        for (const auto& row : storage::find_trainees(sql, query.value(), today)) {
            found.push_back(record_of(row));
        }
        return found;
    });
}

Result<ErasureReport> erase_trainee(storage::Database& db, const Clock& clock,
                                    const std::string& actor, std::int64_t trainee_id) {
    const auto now = clock.now();
    return db.transact([&](soci::session& sql) -> Result<ErasureReport> {
        auto trainee = storage::find_trainee(sql, trainee_id, now.today, /*lock=*/true);
        if (!trainee) {
            return trainee_not_found();
        }
        if (trainee->erased_at) {
            return Error::conflict("already_erased",
                                   "Les données de cette personne ont déjà été effacées.");
        }
        if (trainee->ongoing_registrations > 0) {
            return Error::conflict("registration_in_progress",
                                   "Cette personne a une inscription en cours (session à venir ou "
                                   "en cours) : annulez-la avant d'effacer ses données.");
        }
        auto counts = storage::erase_trainee(sql, trainee_id, now.instant);
        storage::audit_counts(sql, {actor, now.instant}, "trainee.erased", "trainee", trainee_id,
                              {{"registrations", counts.registrations},
                               {"answers", counts.answers},
                               {"accommodations", counts.accommodations},
                               {"complaints", counts.complaints},
                               {"messages", counts.messages},
                               {"signatories", counts.signatories}});
        auto after = storage::find_trainee(sql, trainee_id, now.today);
        return ErasureReport{record_of(after.value()), counts.registrations, counts.answers,
                             counts.accommodations,    counts.complaints,    counts.messages,
                             counts.signatories};
    });
}

Result<ErasureReport> erase_trainee_by_email(storage::Database& db, const Clock& clock,
                                             const std::string& actor, const std::string& email) {
    auto address = normalise_email(email, "email");
    if (!address) {
        return address.error();
    }
    auto found = find_trainees(db, clock, address.value());
    if (!found) {
        return found.error();
    }
    for (const auto& trainee : found.value()) {
        if (trainee.email == address.value()) {
            return erase_trainee(db, clock, actor, trainee.id);
        }
    }
    return trainee_not_found();
}

}  // namespace formations::app

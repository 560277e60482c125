#include "service/app/complaints.hpp"

#include <algorithm>

#include "service/app/detail/outbox.hpp"
#include "service/app/input_rules.hpp"
#include "service/app/registrations.hpp"
#include "service/app/tokens.hpp"
#include "service/domain/iso8601.hpp"
#include "service/domain/time_zone.hpp"
#include "service/storage/audit_repository.hpp"
#include "service/storage/complaint_repository.hpp"
#include "service/storage/registration_repository.hpp"
#include "service/storage/session_repository.hpp"

namespace formations::app {
namespace {

constexpr std::size_t max_subject = 200;
constexpr std::size_t max_long_text = 5000;

bool one_of(const std::string& value, std::initializer_list<const char*> known) {
    return std::any_of(known.begin(), known.end(), [&](const char* k) { return value == k; });
}

Error complaint_not_found() {
    return Error::not_found("complaint_not_found", "Cette réclamation est introuvable.");
}

Result<std::optional<std::string>> optional_text(const std::optional<std::string>& value,
                                                 const std::string& field, std::size_t max,
                                                 bool multiline) {
    if (!value || value->find_first_not_of(" \t\r\n") == std::string::npos) {
        return std::optional<std::string>{};
    }
    auto text = normalise_text(*value, field, max, multiline);
    if (!text) {
        return text.error();
    }
    return std::optional<std::string>{text.value()};
}

storage::NewComplaint new_complaint(const ComplaintInput& input) {
    return {input.kind,       input.channel,     random_token(),     std::nullopt,
            input.session_id, input.author_name, input.author_email, input.author_role,
            input.subject,    input.description};
}

// Inserts, audits and reads back, in the caller's transaction.
Result<domain::Complaint> file(soci::session& sql, const storage::NewComplaint& complaint,
                               const Now& now, const std::string& actor) {
    if (complaint.session_id && !storage::find_session(sql, *complaint.session_id)) {
        return Error::invalid("session_not_found", "Cette session de formation n'existe pas.",
                              "session_id");
    }
    auto id = storage::insert_complaint(sql, complaint, now.instant);
    auto filed = storage::find_complaint(sql, id);
    if (!filed) {
        return Error::internal("complaint " + std::to_string(id) + " vanished");
    }
    storage::audit_complaint(sql, {actor, now.instant}, "complaint.received", nullptr, *filed);
    // Acknowledged to its author when an address was given (Qualiopi indicator 31), with the
    // follow-up link, in this transaction: no complaint without its acknowledgement, nor the
    // reverse.
    if (filed->author_email) {
        detail::OutgoingMessage message;
        message.kind = domain::MessageKind::complaint_received;
        message.to = {*filed->author_email, filed->author_name.value_or("")};
        message.facts.first_name = filed->author_name.value_or("");
        message.facts.complaint = domain::ComplaintFacts{filed->token, filed->subject, now.today};
        message.registration_id = filed->registration_id;
        message.session_id = filed->session_id;
        detail::queue_message(sql, now, actor, message);
    }
    return std::move(*filed);
}

}  // namespace

Result<ComplaintInput> validate_complaint(const ComplaintInput& input) {
    ComplaintInput clean = input;
    if (!one_of(input.kind, {"complaint", "incident"})) {
        return Error::invalid("invalid_kind",
                              "Le type doit être complaint (réclamation) ou incident.", "kind");
    }
    if (!one_of(input.author_role,
                {"trainee", "employer", "funder", "trainer", "staff", "other"})) {
        return Error::invalid("invalid_author_role",
                              "Indiquez qui vous êtes : trainee, employer, funder, trainer, staff "
                              "ou other.",
                              "author_role");
    }
    if (!one_of(input.channel,
                {"public_form", "trainee_page", "email", "phone", "letter", "in_person"})) {
        return Error::invalid("invalid_channel",
                              "Le canal doit être email, phone, letter ou in_person.", "channel");
    }
    auto name = optional_text(input.author_name, "author_name", 200, false);
    if (!name) {
        return name.error();
    }
    clean.author_name = name.value();
    clean.author_email.reset();
    if (input.author_email && input.author_email->find_first_not_of(" \t") != std::string::npos) {
        auto email = normalise_email(*input.author_email, "author_email");
        if (!email) {
            return email.error();
        }
        clean.author_email = email.value();
    }
    auto subject = normalise_text(input.subject, "subject", max_subject);
    if (!subject) {
        return subject.error();
    }
    clean.subject = subject.value();
    auto description = normalise_text(input.description, "description", max_long_text, true);
    if (!description) {
        return description.error();
    }
    clean.description = description.value();
    return clean;
}

Result<domain::Complaint> submit_public_complaint(storage::Database& db, const Clock& clock,
                                                  const RateLimit& limit,
                                                  const ComplaintInput& input,
                                                  const std::string& client_address) {
    auto given = input;
    given.channel = "public_form";
    auto valid = validate_complaint(given);
    if (!valid) {
        return valid.error();
    }
    if (!valid->author_email) {
        return Error::invalid("required",
                              "Indiquez votre adresse e-mail : elle nous permet de vous répondre.",
                              "author_email");
    }
    // Counted once it is valid: a person correcting the form does not use up the limit.
    if (auto admitted = admit(db, clock, limit, client_address); !admitted) {
        return admitted.error();
    }
    const auto now = clock.now();
    return db.transact([&](soci::session& sql) -> Result<domain::Complaint> {
        return file(sql, new_complaint(valid.value()), now, "public");
    });
}

Result<domain::Complaint> submit_trainee_complaint(storage::Database& db, const Clock& clock,
                                                   const std::string& registration_token,
                                                   const ComplaintInput& input) {
    auto given = input;
    given.channel = "trainee_page";
    given.author_role = "trainee";
    given.author_name.reset();
    given.author_email.reset();
    given.session_id.reset();
    auto valid = validate_complaint(given);
    if (!valid) {
        return valid.error();
    }
    const auto now = clock.now();
    return db.transact([&](soci::session& sql) -> Result<domain::Complaint> {
        auto registration = storage::find_registration_by_token(sql, registration_token);
        if (!registration) {
            return registration_not_found();
        }
        auto complaint = new_complaint(valid.value());
        complaint.registration_id = registration->id;
        complaint.session_id = registration->session_id;
        complaint.author_name =
            registration->trainee.first_name + " " + registration->trainee.last_name;
        complaint.author_email = registration->trainee.email;
        return file(sql, complaint, now, "trainee");
    });
}

Result<domain::Complaint> record_complaint(storage::Database& db, const Clock& clock,
                                           const Actor& actor, const ComplaintInput& input) {
    if (input.channel == "public_form" || input.channel == "trainee_page") {
        return Error::invalid("invalid_channel",
                              "Le canal doit être email, phone, letter ou in_person.", "channel");
    }
    auto valid = validate_complaint(input);
    if (!valid) {
        return valid.error();
    }
    const auto now = clock.now();
    return db.transact([&](soci::session& sql) -> Result<domain::Complaint> {
        return file(sql, new_complaint(valid.value()), now, actor.audit_name());
    });
}

Result<domain::Complaint> follow_complaint(storage::Database& db, const std::string& token) {
    return db.transact([&](soci::session& sql) -> Result<domain::Complaint> {
        auto complaint = storage::find_complaint_by_token(sql, token);
        if (!complaint) {
            return complaint_not_found();
        }
        return std::move(*complaint);
    });
}

Result<std::vector<domain::Complaint>> complaints_of_registration(storage::Database& db,
                                                                  const std::string& token) {
    return db.transact([&](soci::session& sql) -> Result<std::vector<domain::Complaint>> {
        auto registration = storage::find_registration_by_token(sql, token);
        if (!registration) {
            return registration_not_found();
        }
        return storage::complaints_of_registration(sql, registration->id);
    });
}

Result<ComplaintList> list_complaints(storage::Database& db, const ComplaintListFilter& filter) {
    if (filter.status &&
        !one_of(*filter.status, {"received", "in_progress", "answered", "closed"})) {
        return Error::invalid("invalid_status",
                              "Le statut doit être received, in_progress, answered ou closed.",
                              "status");
    }
    if (filter.from && filter.to && *filter.to < *filter.from) {
        return Error::invalid("invalid_period", "La fin de la période précède son début.", "to");
    }
    storage::ComplaintFilter query;
    query.status = filter.status;
    if (filter.from) {
        query.received_from = local_instant(*filter.from, 0, 0);
    }
    if (filter.to) {
        query.received_before = local_instant(*filter.to + boost::gregorian::days(1), 0, 0);
    }
    query.limit = filter.limit;
    query.offset = filter.offset;
    return db.transact([&](soci::session& sql) -> Result<ComplaintList> {
        auto page = storage::list_complaints(sql, query);
        return ComplaintList{std::move(page.items), page.total};
    });
}

Result<domain::Complaint> get_complaint(storage::Database& db, std::int64_t id) {
    return db.transact([&](soci::session& sql) -> Result<domain::Complaint> {
        auto complaint = storage::find_complaint(sql, id);
        if (!complaint) {
            return complaint_not_found();
        }
        return std::move(*complaint);
    });
}

Result<domain::Complaint> apply_changes(const domain::Complaint& complaint,
                                        const ComplaintChanges& changes, Instant at,
                                        const std::string& by) {
    auto next = complaint;
    auto now = format_instant(at);
    if (changes.status &&
        !one_of(*changes.status, {"received", "in_progress", "answered", "closed"})) {
        return Error::invalid("invalid_status",
                              "Le statut doit être received, in_progress, answered ou closed.",
                              "status");
    }
    if (changes.answer) {
        auto answer = optional_text(changes.answer, "answer", max_long_text, true);
        if (!answer) {
            return answer.error();
        }
        if (answer.value() != next.answer) {
            next.answer = answer.value();
            next.answered_at = next.answer ? std::optional(now) : std::nullopt;
            next.answered_by = next.answer ? std::optional(by) : std::nullopt;
        }
    }
    if (changes.improvement_action) {
        auto action =
            optional_text(changes.improvement_action, "improvement_action", max_long_text, true);
        if (!action) {
            return action.error();
        }
        if (!action.value()) {
            next.improvement_action.reset();
            next.improvement_status.reset();
            next.improvement_decided_at.reset();
            next.improvement_done_at.reset();
        } else if (action.value() != next.improvement_action) {
            if (!next.improvement_action) {
                next.improvement_decided_at = now;
                next.improvement_status = "planned";
            }
            next.improvement_action = action.value();
        }
    }
    if (changes.improvement_status) {
        if (!one_of(*changes.improvement_status, {"planned", "done"})) {
            return Error::invalid("invalid_improvement_status",
                                  "Le suivi de l'amélioration doit être planned ou done.",
                                  "improvement_status");
        }
        if (!next.improvement_action) {
            return Error::invalid("improvement_required",
                                  "Décrivez d'abord l'action d'amélioration décidée.",
                                  "improvement_action");
        }
        next.improvement_status = *changes.improvement_status;
    }
    if (next.improvement_status == "done") {
        if (!next.improvement_done_at) {
            next.improvement_done_at = now;
        }
    } else {
        next.improvement_done_at.reset();
    }
    if (changes.status) {
        next.status = *changes.status;
    }
    if ((next.status == "answered" || next.status == "closed") && !next.answer) {
        return Error::invalid("answer_required",
                              "Indiquez la réponse apportée avant de marquer la réclamation comme "
                              "répondue ou close.",
                              "answer");
    }
    if (next.status == "closed") {
        if (!next.closed_at) {
            next.closed_at = now;
        }
    } else {
        next.closed_at.reset();
    }
    next.updated_at = now;
    return next;
}

Result<domain::Complaint> update_complaint(storage::Database& db, const Clock& clock,
                                           const Actor& actor, std::int64_t id,
                                           const ComplaintChanges& changes) {
    const auto now = clock.now();
    return db.transact([&](soci::session& sql) -> Result<domain::Complaint> {
        auto complaint = storage::find_complaint(sql, id, /*lock=*/true);
        if (!complaint) {
            return complaint_not_found();
        }
        auto next = apply_changes(*complaint, changes, now.instant, actor.email);
        if (!next) {
            return next.error();
        }
        storage::update_complaint(sql, next.value());
        storage::audit_complaint(sql, {actor.audit_name(), now.instant}, "complaint.updated",
                                 &*complaint, next.value());
        auto updated = storage::find_complaint(sql, id);
        if (!updated) {
            return complaint_not_found();
        }
        return std::move(*updated);
    });
}

}  // namespace formations::app

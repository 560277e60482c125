#pragma once
// What accountants read: invoices and credit notes with where they stand, the filter and page of
// the list, a period of the exports and the yearly training report figures.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "service/domain/invoice.hpp"

namespace formations::domain {

// Both days included.
struct Period {
    boost::gregorian::date from;
    boost::gregorian::date to;
};

// Whom to call about an unpaid invoice: the buyer's address as printed on it, and the trainee of
// the registration (the buyer for a self-funded trainee; for an employer, the employee who knows
// whom to ask), with the details given for that registration.
struct BuyerContact {
    std::string address;
    std::string trainee_name;
    std::string email;
    std::optional<std::string> phone;
};

// What is late on an invoice, instalment by instalment: the instalments due before today net of
// what was paid (payments settle the earliest first) and credited (credit notes take the latest
// off first), and the due date of the first instalment not paid.
struct Overdue {
    std::int64_t amount_cents = 0;
    boost::gregorian::date since;
};

// An invoice or credit note as accountants list it.
struct LedgerDocument {
    Invoice invoice;
    std::optional<std::string> buyer_siret;
    std::int64_t trainee_id = 0;
    std::int64_t session_id = 0;
    std::string session_reference;
    boost::gregorian::date session_starts_on;
    std::string status;  // unpaid / partially_paid / paid / credited; issued for a credit note
    std::optional<BuyerContact> contact;  // read for the overdue view only
    std::optional<Overdue> overdue;       // read for the overdue view only
};

struct LedgerFilter {
    std::optional<boost::gregorian::date> from;  // issue date, included
    std::optional<boost::gregorian::date> to;    // issue date, included
    std::optional<std::string> kind;             // invoice / credit_note
    std::optional<std::string> status;
    // Part of the number (any case: "fa-2026-0001") or of the buyer's name.
    std::optional<std::string> search;
    int limit = 50;
    int offset = 0;
};

struct LedgerPage {
    std::vector<LedgerDocument> items;  // by issue date, then in the order they were issued
    std::int64_t total = 0;             // matching documents, all pages
};

struct TraineeFigures {
    std::int64_t trainees = 0;  // registrations with at least one half-day present
    std::int64_t minutes = 0;   // half-days present × the course's half-day length
};

// A trainer's sessions delivered in the year and the hours given (section E of the cerfa).
struct TrainerFigures {
    std::string name;  // as set on the sessions ("" when none was)
    std::int64_t sessions = 0;
    std::int64_t minutes = 0;  // half-days with someone present × the half-day length
};

// The yearly report (Bilan pédagogique et financier, cerfa 10443) on the basis the form asks:
// the products of the fiscal year for the training delivered in it — invoices of the sessions
// starting in the year that were held (someone present), net of all their credit notes, by who
// pays them — and the trainees, trainee-hours and trainers' hours of those sessions.
struct TrainingFigures {
    std::int64_t employer_revenue_cents = 0;      // companies for their employees (C-1)
    std::int64_t funding_body_revenue_cents = 0;  // OPCO paying directly (C-2)
    std::int64_t individual_revenue_cents = 0;    // individuals at their own expense (C-9)
    TraineeFigures employees;                     // funding employer
    TraineeFigures individuals;                   // funding self
    std::int64_t sessions_delivered = 0;          // sessions with attendance recorded
    std::int64_t delivered_minutes = 0;           // half-days with someone present × length
    std::int64_t sessions_scheduled = 0;          // not cancelled
    std::int64_t scheduled_minutes = 0;           // their course durations
    std::vector<TrainerFigures> trainers;         // by name
};

}  // namespace formations::domain

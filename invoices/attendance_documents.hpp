#pragma once
// What the attendance documents print: the sign-in sheet of a session (feuille d'émargement) and
// the certificate of completion of one trainee (certificat de réalisation). Plain values, filled
// by the caller from the session, its registrations and the recorded attendance; the renderers
// (sign_in_sheet_pdf.hpp, certificate_pdf.hpp) read nothing else, so the same values always give
// the same PDF bytes. See docs: domain.md, "Attendance and certificates".
// Example:
//   Certificate certificate{.organisation = organisation, .trainee_name = "Zoé Lefèvre", …};
//   std::string pdf = render_certificate_pdf(certificate);

#include <optional>
#include <string>
#include <vector>

#include <boost/date_time/gregorian/gregorian_types.hpp>

namespace formations::invoices {

// The training organisation issuing the documents, from configuration. Separate from the billing
// `Seller`: these documents need a signatory and a city, not bank details.
struct Organisation {
    std::string name;       // "Coopérer pour Entreprendre"
    std::string address;    // several lines separated by '\n'
    std::string siret;      // 14 digits
    std::string nda;        // numéro de déclaration d'activité: "11 75 00000 75"
    std::string signatory;  // legal representative: "Prénom Nom, fonction"
    std::string city;       // where the certificates are made: "Fait à <city>"
};

enum class HalfDayPart { morning, afternoon };

// One half-day of a session: the morning or the afternoon of a day.
struct HalfDaySlot {
    boost::gregorian::date day;
    HalfDayPart part = HalfDayPart::morning;

    bool operator==(const HalfDaySlot&) const = default;
    bool operator<(const HalfDaySlot& other) const {
        return day != other.day ? day < other.day : part < other.part;
    }
};

// A time of day, 0:00 to 23:59.
struct ClockTime {
    int hour = 0;
    int minute = 0;
};

struct TimeSpan {
    ClockTime start;
    ClockTime end;
};

// One session's sign-in sheet: each trainee and the trainer sign every half-day (morning and
// afternoon of each day). A session of more days than one sheet's width holds is printed in
// parts, each with its own days (sign_in_sheet_pdf.hpp).
struct SignInSheet {
    Organisation organisation;
    std::string course_title;                  // "Créer sa CAE"
    std::string session_reference;             // "CAE-2019-06"
    std::string place;                         // "Paris 11e – salle Coopération"
    std::string trainer;                       // "Prénom Nom"
    std::vector<boost::gregorian::date> days;  // the session's days, in any order, no repeat
    int half_day_minutes = 0;                  // length of one half-day: 210 for 3,5 h
    // The hours of every morning and afternoon, printed over each column.
    TimeSpan morning{{9, 0}, {12, 30}};
    TimeSpan afternoon{{13, 30}, {17, 0}};
    struct Row {
        std::string trainee_name;  // "Nom Prénom": rows are printed in French alphabetical order
        std::string employer;      // empty for a trainee at their own expense
        // The half-days this trainee signs; none means all of them. A trainee cancelled after
        // attending is listed for the half-days attended only: the other boxes are struck out.
        std::optional<std::vector<HalfDaySlot>> half_days{};
        std::string remark{};  // printed under the name: "Inscription annulée le 28/06/2022"
    };
    std::vector<Row> trainees;
};

// The certificat de réalisation of one trainee, following the official model (2020): only for
// a trainee with recorded attendance, giving the hours actually attended.
struct Certificate {
    Organisation organisation;
    std::string trainee_name;
    std::optional<std::string> employer;  // none for a trainee at their own expense
    std::string course_title;
    boost::gregorian::date starts_on;
    boost::gregorian::date ends_on;
    int planned_minutes = 0;   // the whole action: 840 for two days of 7 h
    int attended_minutes = 0;  // recorded half-days attended: 630 for three half-days of 3,5 h
    boost::gregorian::date issued_on;
};

// The attestation de fin de formation of one trainee (Code du travail L6353-1): the action's
// objectives, its nature and duration, and the results of the assessment of what was learnt.
// Distinct from the certificate, which attests hours attended for funders.
struct Attestation {
    Certificate facts;       // who, which action, when, hours planned and attended, issue date
    std::string objectives;  // one objective per line
    std::string assessment_methods;
    // What the assessment gave: one line per result ("Question : 4/5"), or a sentence saying
    // that the trainee did not take it.
    std::vector<std::string> results;
};

}  // namespace formations::invoices

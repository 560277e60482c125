#pragma once
// The information documents a trainee receives before the course, as titled sections under the
// organisation's letterhead: the convocation (dates, daily hours, place and access, what to
// bring, contact, disability referent), the course's programme and the règlement intérieur
// (L6352-3). Plain values in, the same bytes out for the same values.
// Example:
//   std::string pdf = render_information_pdf(convocation_document(convocation));

#include <optional>
#include <string>
#include <vector>

#include "invoices/attendance_documents.hpp"

namespace formations::invoices {

struct InformationSection {
    std::string title;  // none: a paragraph under the previous section
    std::string text;   // paragraphs separated by '\n'
};

struct InformationDocument {
    Organisation organisation;
    std::string title;  // "Convocation"
    std::string
        metadata_title;    // the same in ASCII, for the PDF's properties: "Reglement interieur"
    std::string subtitle;  // "Créer sa CAE – 15 et 16 mars 2027"
    std::vector<InformationSection> sections;
    std::string footer_reference;  // printed at the foot of each page with "Page n/N"
};

// What a convocation says: one trainee, one session.
struct Convocation {
    Organisation organisation;
    std::string trainee_name;
    std::string course_title;
    std::string session_reference;
    boost::gregorian::date starts_on;
    boost::gregorian::date ends_on;
    TimeSpan morning;
    TimeSpan afternoon;
    int duration_minutes = 0;
    std::string place;
    std::string access;  // accessibility of the premises and accommodations; may be empty
    std::optional<std::string> trainer;
    std::string contact;              // pedagogical and administrative contact
    std::string disability_referent;  // one line
};

// Throws std::invalid_argument on dates not set or reversed, or no trainee name.
InformationDocument convocation_document(const Convocation& convocation);

// Throws std::invalid_argument when there is no title or no section.
std::string render_information_pdf(const InformationDocument& document);

}  // namespace formations::invoices

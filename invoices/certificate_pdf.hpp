#pragma once
// The certificat de réalisation of a trainee (official model, 2020), A4 portrait: who signs for
// the organisation, the trainee and their employer, the action and its nature (action de
// formation), its dates, the hours attended out of those planned, "Fait à …, le …", a signature
// box, and the organisation's identity (SIRET, déclaration d'activité).
// Example: std::string pdf = render_certificates_pdf(certificates_of_the_session);

#include <string>
#include <vector>

#include "invoices/attendance_documents.hpp"

namespace formations::invoices {

// Throws std::invalid_argument when the trainee attended nothing (`attended_minutes` <= 0: a
// certificate is only produced for recorded attendance), attended more than planned, or when
// the action ends before it starts or a date is not set. Throws std::runtime_error when the PDF
// cannot be produced (fonts missing).
std::string render_certificate_pdf(const Certificate& certificate);

// One file, one page per certificate, in order: to print a whole session's certificates at
// once. Throws std::invalid_argument on an empty list or on any invalid certificate (as above),
// before rendering anything.
std::string render_certificates_pdf(const std::vector<Certificate>& certificates);

// The attestation de fin de formation (L6353-1), one or more pages: the same statement of facts
// as the certificate, then the objectives, the assessment methods and its results. Throws
// std::invalid_argument as render_certificate_pdf does, and when `results` is empty.
std::string render_attestation_pdf(const Attestation& attestation);

}  // namespace formations::invoices

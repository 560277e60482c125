#pragma once
// The printable sign-in sheet (feuille d'émargement) of a session: A4 landscape, the session's
// details, then a grid with one row per trainee (name and employer) and one signature box per
// half-day ("Lun. 27/06 matin", "Lun. 27/06 après-midi", with the half-day's duration), and a
// last row for the trainer. When the trainees do not fit one page, the grid goes on over the
// next pages, with the title and the column headers repeated; every page has "Page N/M".
// Example: std::string pdf = render_sign_in_sheet_pdf(sheet);

#include <string>

#include "invoices/attendance_documents.hpp"

namespace formations::invoices {

// The most half-day columns one sheet holds (six days): the signature boxes are then about
// 17 mm wide, still enough to sign.
inline constexpr int max_sign_in_half_days = 12;

// Throws std::invalid_argument when the sheet has no day, the same day twice, more than
// `max_sign_in_half_days` half-days (a longer session needs one sheet per part: the caller
// splits its days, rather than this printing boxes too narrow to sign), or a half-day that is
// not positive. Throws std::runtime_error when the PDF cannot be produced (fonts missing).
std::string render_sign_in_sheet_pdf(const SignInSheet& sheet);

}  // namespace formations::invoices

#pragma once
// The printable sign-in sheet (feuille d'émargement) of a session: A4 landscape, the session's
// details and hours, then a grid with one row per trainee (name, employer, in French
// alphabetical order) and one signature box per half-day ("Lun. 27/06", "matin", "9h00–12h30"),
// closed on every page by the trainer's row. When the trainees do not fit one page, the grid goes
// on over the next pages, with the title and the column headers repeated; every page has
// "Page N/M". A session of more than `max_sign_in_half_days` half-days is printed in parts
// ("Partie 1/2"), each with the columns of its own days, as even as possible (7 days: 4 + 3); a
// trainee cancelled after attending appears in the parts of the half-days they attended, the
// other boxes struck out.
// Example: std::string pdf = render_sign_in_sheet_pdf(sheet);

#include <string>

#include "invoices/attendance_documents.hpp"

namespace formations::invoices {

// The most half-day columns one page holds (six days): the signature boxes are then about
// 17 mm wide, still enough to sign. A longer session is split into parts.
inline constexpr int max_sign_in_half_days = 12;

// Throws std::invalid_argument when the sheet has no day, the same day twice, a half-day that
// is not positive, or hours that are not times of day in order (sign_in_sheet_layout.hpp).
// Throws std::runtime_error when the PDF cannot be produced (fonts missing).
std::string render_sign_in_sheet_pdf(const SignInSheet& sheet);

}  // namespace formations::invoices

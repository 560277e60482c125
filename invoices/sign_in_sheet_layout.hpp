#pragma once
// The layout decisions of the sign-in sheet, apart from drawing them (sign_in_sheet_pdf.cpp):
// which days go in which part, who signs which box, how many rows go on each page, how times
// are written. Pure, tested with concrete numbers.
// Example: split_into_parts(seven_days, 6) gives a part of 4 days and a part of 3.

#include <cstddef>
#include <string>
#include <vector>

#include <boost/date_time/gregorian/gregorian.hpp>

#include "invoices/attendance_documents.hpp"

namespace formations::invoices {

// The sorted days cut into as few parts as `max_days_per_part` allows, as even as possible,
// longer parts first: 7 days by 6 → 4 + 3; 13 by 6 → 5 + 4 + 4. Throws std::invalid_argument
// when `max_days_per_part` is 0.
std::vector<std::vector<boost::gregorian::date>> split_into_parts(
    std::vector<boost::gregorian::date> days, std::size_t max_days_per_part);

// The morning then the afternoon of each day.
std::vector<HalfDaySlot> half_days_of(const std::vector<boost::gregorian::date>& days);

// Whether `row` signs in the box of `slot`.
bool signs(const SignInSheet::Row& row, const HalfDaySlot& slot);

// Whether `row` signs at least one of `slots` (else it is left out of that part).
bool signs_any(const SignInSheet::Row& row, const std::vector<HalfDaySlot>& slots);

// How many rows go on each page of one part, in order. Every page ends with the trainer's row
// (`trainer_height`, its gap included), so a page takes rows while they and the trainer's row
// fit its room: `first_room` on the part's first page, `room` on the next ones. A page takes at
// least one row (a row taller than a page overflows it rather than never being printed); no row
// gives one page with the trainer's row alone.
std::vector<std::size_t> rows_per_page(const std::vector<double>& row_heights,
                                       double trainer_height, double first_room, double room);

// "9h00", "13h30": the compact French form used in tables.
std::string format_clock_time_fr(ClockTime time);
// "9h00–12h30".
std::string format_time_span_fr(const TimeSpan& span);

// Throws std::invalid_argument unless hours are 0–23 and minutes 0–59, each span ends after it
// starts, and the afternoon starts no earlier than the morning ends.
void check_hours(const TimeSpan& morning, const TimeSpan& afternoon);

}  // namespace formations::invoices

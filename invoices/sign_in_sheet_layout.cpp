#include "invoices/sign_in_sheet_layout.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace formations::invoices {

using boost::gregorian::date;

std::vector<std::vector<date>> split_into_parts(std::vector<date> days,
                                                std::size_t max_days_per_part) {
    if (max_days_per_part == 0) {
        throw std::invalid_argument("split_into_parts: a part must hold at least one day");
    }
    std::sort(days.begin(), days.end());
    std::vector<std::vector<date>> parts;
    const std::size_t count = (days.size() + max_days_per_part - 1) / max_days_per_part;
    std::size_t first = 0;
    for (std::size_t part = 0; part < count; ++part) {
        // The remaining days shared evenly over the remaining parts, rounding up first.
        const std::size_t size = (days.size() - first + (count - part) - 1) / (count - part);
        parts.emplace_back(days.begin() + static_cast<std::ptrdiff_t>(first),
                           days.begin() + static_cast<std::ptrdiff_t>(first + size));
        first += size;
    }
    return parts;
}

std::vector<HalfDaySlot> half_days_of(const std::vector<date>& days) {
    std::vector<HalfDaySlot> slots;
    for (const date& day : days) {
        slots.push_back({day, HalfDayPart::morning});
        slots.push_back({day, HalfDayPart::afternoon});
    }
    return slots;
}

bool signs(const SignInSheet::Row& row, const HalfDaySlot& slot) {
    return !row.half_days ||
           std::find(row.half_days->begin(), row.half_days->end(), slot) != row.half_days->end();
}

bool signs_any(const SignInSheet::Row& row, const std::vector<HalfDaySlot>& slots) {
    return std::any_of(slots.begin(), slots.end(),
                       [&row](const HalfDaySlot& slot) { return signs(row, slot); });
}

std::vector<std::size_t> rows_per_page(const std::vector<double>& row_heights,
                                       double trainer_height, double first_room, double room) {
    std::vector<std::size_t> pages;
    std::size_t next = 0;
    double page_room = first_room;
    do {
        std::size_t taken = 0;
        double used = trainer_height;
        while (next + taken < row_heights.size()) {
            const double height = row_heights[next + taken];
            if (taken > 0 && used + height > page_room) {
                break;
            }
            used += height;
            ++taken;
        }
        pages.push_back(taken);
        next += taken;
        page_room = room;
    } while (next < row_heights.size());
    return pages;
}

std::string format_clock_time_fr(ClockTime time) {
    char text[16];
    std::snprintf(text, sizeof text, "%dh%02d", time.hour, time.minute);
    return text;
}

std::string format_time_span_fr(const TimeSpan& span) {
    return format_clock_time_fr(span.start) + "–" + format_clock_time_fr(span.end);
}

void check_hours(const TimeSpan& morning, const TimeSpan& afternoon) {
    const auto minutes = [](ClockTime time) {
        if (time.hour < 0 || time.hour > 23 || time.minute < 0 || time.minute > 59) {
            throw std::invalid_argument("sign-in sheet: " + std::to_string(time.hour) + "h" +
                                        std::to_string(time.minute) + " is not a time of day");
        }
        return time.hour * 60 + time.minute;
    };
    if (minutes(morning.start) >= minutes(morning.end) ||
        minutes(afternoon.start) >= minutes(afternoon.end)) {
        throw std::invalid_argument("sign-in sheet: a half-day must end after it starts");
    }
    if (minutes(afternoon.start) < minutes(morning.end)) {
        throw std::invalid_argument("sign-in sheet: the afternoon starts before the morning ends");
    }
}

}  // namespace formations::invoices

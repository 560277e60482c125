// The sign-in sheet's layout decisions, with concrete numbers.

#include "invoices/sign_in_sheet_layout.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <vector>

using boost::gregorian::date;
using namespace formations::invoices;
using Counts = std::vector<std::size_t>;

namespace {

std::vector<date> days_from(date first, int count) {
    std::vector<date> days;
    for (int i = 0; i < count; ++i) {
        days.push_back(first + boost::gregorian::days(i));
    }
    return days;
}

std::vector<std::size_t> sizes(const std::vector<std::vector<date>>& parts) {
    std::vector<std::size_t> result;
    for (const auto& part : parts) {
        result.push_back(part.size());
    }
    return result;
}

}  // namespace

TEST_CASE("a session is split into as few parts as a sheet allows, as even as possible") {
    const date first(2022, 6, 1);
    CHECK(sizes(split_into_parts(days_from(first, 1), 6)) == Counts{1});
    CHECK(sizes(split_into_parts(days_from(first, 6), 6)) == Counts{6});
    CHECK(sizes(split_into_parts(days_from(first, 7), 6)) == Counts{4, 3});
    CHECK(sizes(split_into_parts(days_from(first, 12), 6)) == Counts{6, 6});
    CHECK(sizes(split_into_parts(days_from(first, 13), 6)) == Counts{5, 4, 4});
    CHECK(split_into_parts({}, 6).empty());
    CHECK_THROWS_AS(split_into_parts(days_from(first, 2), 0), std::invalid_argument);
    // Days come in any order and leave sorted, each part its own consecutive days.
    const auto parts =
        split_into_parts({date(2022, 6, 9), date(2022, 6, 1), date(2022, 6, 2), date(2022, 6, 3),
                          date(2022, 6, 6), date(2022, 6, 7), date(2022, 6, 8)},
                         6);
    REQUIRE(parts.size() == 2);
    CHECK(parts[0] == std::vector<date>{date(2022, 6, 1), date(2022, 6, 2), date(2022, 6, 3),
                                        date(2022, 6, 6)});
    CHECK(parts[1] == std::vector<date>{date(2022, 6, 7), date(2022, 6, 8), date(2022, 6, 9)});
}

TEST_CASE("each day has a morning and an afternoon, in order") {
    const auto slots = half_days_of({date(2022, 6, 27), date(2022, 6, 28)});
    REQUIRE(slots.size() == 4);
    CHECK(slots[0] == HalfDaySlot{date(2022, 6, 27), HalfDayPart::morning});
    CHECK(slots[1] == HalfDaySlot{date(2022, 6, 27), HalfDayPart::afternoon});
    CHECK(slots[3] == HalfDaySlot{date(2022, 6, 28), HalfDayPart::afternoon});
    CHECK(slots[1] < slots[2]);
}

TEST_CASE("a trainee signs every box, or only the half-days listed for them") {
    const HalfDaySlot monday_am{date(2022, 6, 27), HalfDayPart::morning};
    const HalfDaySlot monday_pm{date(2022, 6, 27), HalfDayPart::afternoon};
    const HalfDaySlot tuesday_am{date(2022, 6, 28), HalfDayPart::morning};
    const SignInSheet::Row everyone{"Lefèvre Zoé", ""};
    CHECK(signs(everyone, tuesday_am));
    const SignInSheet::Row cancelled{"Dubœuf Loïc", "", std::vector{monday_am, monday_pm},
                                     "Inscription annulée le 27/06/2022"};
    CHECK(signs(cancelled, monday_pm));
    CHECK_FALSE(signs(cancelled, tuesday_am));
    CHECK(signs_any(cancelled, {tuesday_am, monday_pm}));
    CHECK_FALSE(signs_any(cancelled, {tuesday_am}));
}

TEST_CASE("rows fill a page while they and the trainer's row fit") {
    // Rows of 30 points, a trainer's row of 38 (gap included), 200 points of room on the first
    // page and 400 on the next: (200 - 38) / 30 = 5 rows, then (400 - 38) / 30 = 12.
    const std::vector<double> rows(20, 30);
    CHECK(rows_per_page(rows, 38, 200, 400) == Counts{5, 12, 3});
    // Exactly full: 5 rows + trainer = 188 on a 188-point page.
    CHECK(rows_per_page(std::vector<double>(5, 30), 38, 188, 400) == Counts{5});
    CHECK(rows_per_page(std::vector<double>(6, 30), 38, 188, 400) == Counts{5, 1});
    // Taller rows move to the next page whole.
    CHECK(rows_per_page({30, 30, 120, 30}, 38, 200, 400) == Counts{2, 2});
    // No trainee: one page, the trainer's row alone.
    CHECK(rows_per_page({}, 38, 200, 400) == Counts{0});
    // A row taller than a page still gets printed, one per page.
    CHECK(rows_per_page({500, 500}, 38, 200, 400) == Counts{1, 1});
}

TEST_CASE("times are written the compact French way") {
    CHECK(format_clock_time_fr({9, 0}) == "9h00");
    CHECK(format_clock_time_fr({13, 30}) == "13h30");
    CHECK(format_time_span_fr({{9, 0}, {12, 30}}) == "9h00–12h30");
}

TEST_CASE("half-day hours must be times of day, in order") {
    CHECK_NOTHROW(check_hours({{9, 0}, {12, 30}}, {{13, 30}, {17, 0}}));
    CHECK_NOTHROW(check_hours({{8, 30}, {12, 0}}, {{12, 0}, {15, 30}}));
    CHECK_THROWS_AS(check_hours({{9, 0}, {9, 0}}, {{13, 30}, {17, 0}}), std::invalid_argument);
    CHECK_THROWS_AS(check_hours({{9, 0}, {12, 30}}, {{12, 0}, {17, 0}}), std::invalid_argument);
    CHECK_THROWS_AS(check_hours({{24, 0}, {25, 0}}, {{13, 30}, {17, 0}}), std::invalid_argument);
    CHECK_THROWS_AS(check_hours({{9, 60}, {12, 0}}, {{13, 30}, {17, 0}}), std::invalid_argument);
}

#include "tests/support/test_clock.hpp"

#include <cstdlib>
#include <stdexcept>

#include <boost/date_time/gregorian/gregorian_types.hpp>

#include "service/domain/iso8601.hpp"
#include "service/domain/time_zone.hpp"

namespace formations::testing {
namespace {

std::string environment(const char* name, const std::string& fallback) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' ? value : fallback;
}

Clock make_clock() {
    if (auto error = use_time_zone(environment("FORMATIONS_TIMEZONE", "Europe/Paris"))) {
        throw std::runtime_error(error->message);
    }
    auto setting = environment("FORMATIONS_CLOCK", "");
    if (setting.empty()) {
        // To the second: the instant every process of the run starts from.
        return Clock::starting_at(unpinned_start(
            std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())));
    }
    auto start = parse_instant(setting);
    if (!start) {
        throw std::runtime_error("FORMATIONS_CLOCK is not an ISO 8601 instant: " + setting);
    }
    return Clock::starting_at(*start);
}

}  // namespace

Instant unpinned_start(Instant real_now) {
    auto local = local_time(real_now);
    if (local.hour == 23 && local.minute >= 30) {
        return real_now - std::chrono::minutes(45);
    }
    return real_now;
}

const Clock& test_clock() {
    static const Clock clock = make_clock();
    return clock;
}

std::string clock_setting() {
    return format_instant(*test_clock().pinned_start());
}

boost::gregorian::date today() {
    return test_clock().now().today;
}

std::string day(int offset) {
    return format_date(today() + boost::gregorian::days(offset));
}

std::string noon(int offset) {
    return format_instant(local_instant(today() + boost::gregorian::days(offset), 12, 0));
}

}  // namespace formations::testing

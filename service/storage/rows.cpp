#include "service/storage/rows.hpp"

#include <cstdio>

namespace formations::storage {

std::string timestamp(Instant instant) {
    using namespace std::chrono;
    auto micros = floor<microseconds>(instant).time_since_epoch().count() % 1'000'000;
    if (micros < 0) {
        micros += 1'000'000;
    }
    auto text = format_instant(instant);  // "…T22:30:00Z"
    char fraction[16];
    std::snprintf(fraction, sizeof fraction, ".%06d", static_cast<int>(micros));
    return text.substr(0, text.size() - 1) + fraction + "Z";
}

}  // namespace formations::storage

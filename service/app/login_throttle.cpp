#include "service/app/login_throttle.hpp"

#include <algorithm>

namespace formations::app {
namespace {

using std::chrono::seconds;

// Free failures, then `first` after the last one, doubling with each further failure, at most
// `longest`.
std::optional<Instant> growing_delay(int failures, Instant last, int free, seconds first,
                                     seconds longest) {
    if (failures < free) {
        return std::nullopt;
    }
    auto delay = first;
    for (int extra = failures - free; extra > 0 && delay < longest; --extra) {
        delay *= 2;
    }
    return last + std::min(delay, longest);
}

}  // namespace

std::optional<Instant> login_allowed_at(const LoginHistory& history) {
    std::optional<Instant> allowed;
    auto later = [&allowed](std::optional<Instant> at) {
        if (at && (!allowed || *at > *allowed)) {
            allowed = at;
        }
    };
    later(growing_delay(history.client_account_failures, history.client_account_last, 5,
                        seconds(30), seconds(15 * 60)));
    later(growing_delay(history.client_failures, history.client_last, 20, seconds(30),
                        seconds(15 * 60)));
    if (!history.known_client) {
        later(growing_delay(history.stranger_failures, history.stranger_last, 10, seconds(1),
                            seconds(60)));
    }
    return allowed;
}

}  // namespace formations::app

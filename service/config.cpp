#include "service/config.hpp"

#include <charconv>
#include <cstdlib>
#include <optional>

namespace formations {
namespace {

std::optional<std::string> variable(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') {
        return std::nullopt;
    }
    return std::string(value);
}

template <typename T>
bool parse_number(const std::string& text, T& out, T min, T max) {
    T value{};
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
        return false;
    }
    out = value;
    return true;
}

app::Error bad(const char* name, const std::string& expected) {
    return app::Error::invalid("invalid_configuration",
                               std::string(name) + " : valeur invalide (" + expected + ")", name);
}

}  // namespace

app::Result<Config> config_from_environment() {
    Config config;
    if (auto url = variable("FORMATIONS_DATABASE_URL")) {
        config.database_url = *url;
    }
    if (auto listen = variable("FORMATIONS_LISTEN")) {
        auto colon = listen->rfind(':');
        if (colon == std::string::npos || colon == 0 ||
            !parse_number<std::uint16_t>(listen->substr(colon + 1), config.listen_port, 0, 65535)) {
            return bad("FORMATIONS_LISTEN", "attendu hôte:port, par ex. 127.0.0.1:8080");
        }
        config.listen_host = listen->substr(0, colon);
    }
    if (auto threads = variable("FORMATIONS_THREADS")) {
        if (!parse_number(*threads, config.http_threads, 1, 64)) {
            return bad("FORMATIONS_THREADS", "un entier entre 1 et 64");
        }
    }
    if (auto workers = variable("FORMATIONS_WORKERS")) {
        if (!parse_number(*workers, config.workers, 1, 256)) {
            return bad("FORMATIONS_WORKERS", "un entier entre 1 et 256");
        }
    }
    if (auto timezone = variable("FORMATIONS_TIMEZONE")) {
        config.timezone = *timezone;
    }
    return config;
}

}  // namespace formations

// libFuzzer target: the values people type that the service parses by hand — dates, instants,
// SIRET numbers, e-mail addresses (and their IDNA form), client addresses, organisation names —
// and what must hold of what they give.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "pricing/siret.hpp"
#include "service/app/input_rules.hpp"
#include "service/domain/iso8601.hpp"
#include "service/http/client_address.hpp"

using namespace formations;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto date = parse_date(text)) {
        // A date read is written back the same, and its year is in range.
        if (format_date(*date) != text || int(date->year()) < min_year ||
            int(date->year()) > max_year) {
            __builtin_trap();
        }
    }
    if (auto instant = parse_instant(text)) {
        if (!parse_instant(format_instant(*instant))) {
            __builtin_trap();
        }
    }
    if (auto siret = pricing::Siret::parse(text)) {
        if (siret->digits().size() != 14 || !pricing::Siret::parse(siret->digits())) {
            __builtin_trap();
        }
    }
    if (auto address = http::canonical_address(text)) {
        if (http::canonical_address(*address) != address) {
            __builtin_trap();
        }
    }
    (void)http::TrustedProxies::parse(text);
    auto half = text.substr(0, text.size() / 2);
    (void)app::same_organisation_name(half, text.substr(half.size()));
    (void)app::normalise_email(text, "email");
    (void)app::normalise_phone(text, "phone");
    return 0;
}

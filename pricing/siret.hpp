// Siret: a French establishment number (14 digits: SIREN of the company + 5-digit NIC) that is
// known to be well-formed, so invoices and the FEC never carry a mistyped one.
// Example: Siret::parse("732 829 320 00074")->siren() == "732829320".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace formations::pricing {

class Siret {
  public:
    // Accepts 14 ASCII digits, optionally grouped by single spaces between digits as people
    // type them ("732 829 320 00074"). Nothing else is cleaned up (no leading/trailing
    // spaces, tabs, dots or non-breaking spaces): input is trimmed, if at all, where it is
    // read. The check digit must be valid under Luhn, except for La Poste (SIREN 356000000),
    // whose establishments INSEE numbers so that the digit sum is a multiple of 5.
    // A valid number may still belong to no one; only the SIRENE register can tell.
    static std::optional<Siret> parse(std::string_view text);

    // The 14 digits without spaces.
    const std::string& digits() const { return digits_; }

    // The company part, e.g. for the SIREN printed on invoices or the FEC file name.
    std::string siren() const { return digits_.substr(0, 9); }

    friend bool operator==(const Siret&, const Siret&) = default;

  private:
    explicit Siret(std::string digits) : digits_{std::move(digits)} {}

    std::string digits_;
};

}  // namespace formations::pricing

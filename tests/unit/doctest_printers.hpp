// How failing checks print pricing values, so a wrong amount reads "300,00 €" instead of "{?}".
// Example: #include "doctest_printers.hpp" before the first CHECK on a Money.
#pragma once

#include <doctest/doctest.h>

#include <optional>

#include "pricing/money.hpp"

namespace doctest {

template <>
struct StringMaker<formations::pricing::Money> {
    static String convert(formations::pricing::Money value) {
        return formations::pricing::format_french(value).c_str();
    }
};

template <>
struct StringMaker<std::optional<formations::pricing::Money>> {
    static String convert(const std::optional<formations::pricing::Money>& value) {
        if (!value) {
            return "nullopt";
        }
        return formations::pricing::format_french(*value).c_str();
    }
};

}  // namespace doctest

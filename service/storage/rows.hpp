#pragma once
// Small helpers to read SOCI rows: dates travel as ISO text (`::text` in SQL) to avoid std::tm.

#include <cstdint>
#include <optional>
#include <string>

#include <soci/soci.h>
#include <boost/date_time/gregorian/gregorian.hpp>

namespace formations::storage {

inline std::optional<std::string> optional_text(const soci::row& row, const std::string& column) {
    if (row.get_indicator(column) == soci::i_null) {
        return std::nullopt;
    }
    return row.get<std::string>(column);
}

inline std::optional<long long> optional_bigint(const soci::row& row, const std::string& column) {
    if (row.get_indicator(column) == soci::i_null) {
        return std::nullopt;
    }
    return row.get<long long>(column);
}

inline boost::gregorian::date date_column(const soci::row& row, const std::string& column) {
    return boost::gregorian::from_simple_string(row.get<std::string>(column));
}

inline std::string iso(boost::gregorian::date date) {
    return boost::gregorian::to_iso_extended_string(date);
}

}  // namespace formations::storage

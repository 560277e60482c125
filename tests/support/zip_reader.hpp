#pragma once
// Reads a ZIP file back for tests with libzip: every entry whole (libzip checks each CRC), by
// name. Throws std::runtime_error on an unreadable archive or entry.
//   auto entries = testing::zip_entries(response.body);
//   CHECK(entries.at("LISEZMOI.txt").find("Indicateur 11") != std::string::npos);

#include <map>
#include <string>

namespace formations::testing {

std::map<std::string, std::string> zip_entries(const std::string& archive);

}  // namespace formations::testing

// libFuzzer target: the member directory's CSV import, as staff upload it. Every line is either
// a row or an error with its line number; nothing crashes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "service/app/organisation_csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto csv = formations::app::parse_organisation_csv(text);
    if (csv.errors.empty()) {
        for (const auto& row : csv.rows) {
            if (row.siret.size() != 14 || row.line < 2) {
                __builtin_trap();  // a row that passed must be a valid one
            }
        }
    }
    return 0;
}

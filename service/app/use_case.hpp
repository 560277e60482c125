#pragma once
// What every use case header includes: the error types, the clock, and the dependencies use
// cases take by reference — the database and the settings — forward-declared, so that callers
// (http, main) see neither SOCI nor the storage layer. Every use case runs its database work in
// one transaction and returns Result<T>: typed values, never JSON.

#include "service/domain/clock.hpp"
#include "service/domain/error.hpp"

namespace formations::storage {
class Database;
}  // namespace formations::storage

namespace formations::invoices {
struct AccountingSettings;
struct BillingSettings;
}  // namespace formations::invoices

#pragma once
// The stored form of a document's snapshot: JSON with a version, read back strictly (a malformed
// snapshot throws std::invalid_argument rather than printing something else).
// Example: auto json = to_json(document); auto same = document_from_json(json);

#include <nlohmann/json.hpp>

#include "invoices/invoice_document.hpp"

namespace formations::invoices {

nlohmann::json to_json(const Document& document);
Document document_from_json(const nlohmann::json& json);

}  // namespace formations::invoices

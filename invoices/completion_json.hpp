#pragma once
// The stored form of the documents issued after a course (certificat de réalisation, attestation
// de fin de formation): a JSON snapshot of everything they print, kept with the PDF made from it
// at issue, so a document can be compared with what it would say today (a corrected attendance
// makes a new version) and a session's certificates re-rendered from what was issued.
// Example: auto same = certificate_from_json(to_json(certificate));

#include <nlohmann/json.hpp>

#include "invoices/attendance_documents.hpp"

namespace formations::invoices {

nlohmann::json to_json(const Certificate& certificate);
Certificate certificate_from_json(const nlohmann::json& json);
nlohmann::json to_json(const Attestation& attestation);
Attestation attestation_from_json(const nlohmann::json& json);

// The snapshot without its issue date: two snapshots with the same content say the same thing.
nlohmann::json content_of(nlohmann::json snapshot);

}  // namespace formations::invoices

#pragma once
// The documents issued after a course (migration create_completion_documents): per registration
// and kind, numbered versions written once, never changed (triggers refuse it).

#include <cstdint>
#include <optional>
#include <string>

#include <soci/soci.h>

#include "service/domain/clock.hpp"

namespace formations::storage {

enum class CompletionKind { certificate, attestation };

struct IssuedDocument {
    int version = 0;
    std::string snapshot;   // JSON text
    std::string pdf;        // the bytes issued
    std::string issued_at;  // ISO 8601, UTC
};

std::optional<IssuedDocument> latest_completion_document(soci::session& sql,
                                                         std::int64_t registration_id,
                                                         CompletionKind kind);
// The caller holds the registration's row lock: versions are taken one after the other.
void insert_completion_document(soci::session& sql, std::int64_t registration_id,
                                CompletionKind kind, int version, const std::string& snapshot,
                                const std::string& pdf, Instant at);

}  // namespace formations::storage

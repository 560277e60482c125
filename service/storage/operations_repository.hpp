#pragma once
// Counts of the stored data for /metrics (app/operations.hpp). Each figure is one query here:
// a new one (the outbox backlog of e-mail, for instance) is a new block in
// operations_repository.cpp.

#include <vector>

#include "service/domain/operations.hpp"
#include "service/storage/database.hpp"

namespace formations::storage {

std::vector<domain::StoredFigure> stored_figures(soci::session& sql);

}  // namespace formations::storage

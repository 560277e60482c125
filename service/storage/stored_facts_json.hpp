#pragma once
// Inside storage only: a message's facts as outbox_messages.facts stores them, for a repository
// that writes them inside a larger JSON value (register_seat's `p_extras`) without a round trip
// through text.

#include <nlohmann/json.hpp>

#include "service/domain/message.hpp"

namespace formations::storage {

nlohmann::json stored_facts_json(const domain::MessageFacts& facts);

}  // namespace formations::storage

#pragma once
// Inside the app only: what the training contract (contracts.hpp) and the training convention
// (conventions.hpp) share — the terms of the training action as both print them, and the checks
// of a simple electronic signature's evidence. Defined in contracts.cpp.

#include <optional>
#include <string>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "invoices/billing_settings.hpp"
#include "invoices/training_contract.hpp"
#include "service/domain/registration.hpp"
#include "service/domain/session.hpp"
#include "service/storage/database.hpp"

namespace formations::app::detail {

// The action of `registration` on `session` as made `today`: the course's texts from its sheet
// in force (or the product's wording), the session's dates, hours, place and trainer, the price.
invoices::TrainingContract training_terms(soci::session& sql,
                                          const invoices::BillingSettings& settings,
                                          const domain::Registration& registration,
                                          const domain::Session& session,
                                          boost::gregorian::date today);

// A header as evidence: printable ASCII (anything else becomes '?'), at most 512 characters.
std::string printable(const std::string& text);

// The hash a page sent, lower-cased, if it is a SHA-256 in hexadecimal.
std::optional<std::string> sha256_of_page(const std::string& text);

}  // namespace formations::app::detail

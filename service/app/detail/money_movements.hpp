#pragma once
// Inside the app only: what every use case recording a money movement of an invoice (payment,
// refund, reversal) does in its transaction before writing it.

#include <optional>
#include <string>

#include <boost/date_time/gregorian/greg_date.hpp>

#include "service/domain/error.hpp"
#include "service/domain/invoice.hpp"
#include "service/storage/database.hpp"

namespace formations::app::detail {

// Takes the closures' SHARE lock (a closing then waits for this transaction) and refuses `day`
// when it falls in a closed period: 409 `period_closed` on `field`.
std::optional<Error> refuse_closed_period(soci::session& sql, boost::gregorian::date day,
                                          const std::string& field);

// The invoice `number`, locked (the movements of one invoice are decided one after the other):
// 404 `invoice_not_found`, or 409 `not_an_invoice` for a credit note.
Result<domain::Invoice> locked_invoice(soci::session& sql, const std::string& number);

}  // namespace formations::app::detail

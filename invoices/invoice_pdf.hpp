#pragma once
// The PDF of an invoice or a credit note, rendered from its snapshot only, so the same snapshot
// always gives the same bytes. A4, French, with the mentions required by CGI annexe II
// art. 242 nonies A and Code de commerce L441-9 (see docs: domain.md, "Invoices (France)").
// Example: std::string pdf = render_invoice_pdf(document);

#include <string>

#include "invoices/invoice_document.hpp"

namespace formations::invoices {

// Throws std::runtime_error when the PDF cannot be produced (fonts missing, libharu failure).
std::string render_invoice_pdf(const Document& document);

}  // namespace formations::invoices

#pragma once
// How billing documents and payments are posted in the books (the FEC export): journal codes and
// labels, account numbers and labels, and how customer sub-accounts are named; and the codes of
// the yearly training report. Loaded from the environment by the service (FORMATIONS_FEC_*,
// FORMATIONS_BPF_*, see the README); the defaults follow the usual French chart of accounts (Plan
// comptable général).

#include <string>

namespace formations::invoices {

struct AccountingSettings {
    std::string sales_journal_code = "VE";
    std::string sales_journal_label = "Ventes";
    std::string bank_journal_code = "BQ";
    std::string bank_journal_label = "Banque";
    // Collective customer account; each buyer gets a sub-account (CompAuxNum) below it.
    std::string customer_account = "411000";
    std::string customer_account_label = "Clients";
    std::string revenue_account = "706000";
    std::string revenue_account_label = "Prestations de services";
    std::string bank_account = "512000";
    std::string bank_account_label = "Banque";
    // Customer sub-accounts: employers by SIRET ("C" + 14 digits), trainees paying for
    // themselves by trainee ("CP" + trainee id on 6 digits).
    std::string employer_customer_prefix = "C";
    std::string trainee_customer_prefix = "CP";
    // The yearly report's codes for the course (cerfa 10443, F-3 and F-4): its general
    // objective — "d" for « Autres formations professionnelles » (a to f as the form lists
    // them) — and its speciality in the NSF nomenclature.
    std::string report_objective = "d";
    std::string report_speciality_code = "310";
    std::string report_speciality_label = "Spécialités plurivalentes des échanges et de la gestion";
};

}  // namespace formations::invoices

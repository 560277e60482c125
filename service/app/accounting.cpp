#include "service/app/accounting.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <stdexcept>

#include "invoices/billing_settings.hpp"
#include "invoices/fec.hpp"
#include "invoices/french_format.hpp"
#include "invoices/latin9.hpp"
#include "service/app/billing.hpp"
#include "service/app/csv.hpp"
#include "service/app/detail/zip_archive.hpp"
#include "service/domain/iso8601.hpp"
#include "service/storage/accounting_repository.hpp"
#include "service/storage/outbox_repository.hpp"

namespace formations::app {
namespace {

using boost::gregorian::date;
using pricing::Money;
namespace fec = invoices::fec;

Error invalid_day(const std::string& field) {
    return Error::invalid(
        "invalid_date", "La date " + field + " doit être au format AAAA-MM-JJ, entre 2000 et 2100.",
        field);
}

bool all_digits(const std::string& text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::string payer_label(const std::string& payer) {
    if (payer == "employer") {
        return "Employeur";
    }
    if (payer == "funding_body") {
        return "Organisme financeur";
    }
    return "Stagiaire";
}

// One CSV row without the byte-order mark that CsvWriter puts first: the same escaping rules
// as every CSV of the service.
std::string csv_row(const std::vector<std::string>& cells) {
    CsvWriter writer;
    writer.row(cells);
    return writer.str().substr(3);
}

// "90,00 le 12/06/2019 + 105,00 le 27/06/2019 + 105,00 le 28/06/2019"; empty when the whole
// invoice is due on its due date.
std::string schedule_cell(const domain::Invoice& invoice) {
    std::string cell;
    for (const auto& instalment : invoice.instalments) {
        cell += (cell.empty() ? "" : " + ") + pricing::format_decimal_comma(instalment.amount) +
                " le " + invoices::format_date_fr(instalment.due_on);
    }
    return cell;
}

}  // namespace

std::string document_status_label(const std::string& status) {
    if (status == "unpaid") {
        return "Non réglée";
    }
    if (status == "partially_paid") {
        return "Partiellement réglée";
    }
    if (status == "paid") {
        return "Réglée";
    }
    if (status == "credited") {
        return "Annulée par avoir";
    }
    return "Émis";
}

bool is_document_status(const std::string& status) {
    return status == "unpaid" || status == "partially_paid" || status == "paid" ||
           status == "credited" || status == "issued";
}

std::string customer_account(const invoices::AccountingSettings& settings,
                             const domain::LedgerDocument& document) {
    return fec::customer_account(settings, document.invoice.payer, document.buyer_siret,
                                 document.trainee_id);
}

Result<int> read_year(const std::string& text, const std::string& field) {
    int year = text.size() == 4 && all_digits(text) ? std::stoi(text) : 0;
    if (year < min_year || year > max_year) {
        return Error::invalid(
            "invalid_year", "L'année doit s'écrire sur 4 chiffres, entre 2000 et 2100 (ex. 2019).",
            field);
    }
    return year;
}

Result<domain::Period> read_period(const std::optional<std::string>& year,
                                   const std::optional<std::string>& from,
                                   const std::optional<std::string>& to) {
    if (year) {
        if (from || to) {
            return Error::invalid("invalid_period",
                                  "Indiquez soit une année (year), soit une période (from et to).",
                                  "year");
        }
        auto parsed = read_year(*year);
        if (!parsed) {
            return parsed.error();
        }
        return domain::Period{date(parsed.value(), 1, 1), date(parsed.value(), 12, 31)};
    }
    if (!from || !to) {
        return Error::invalid("period_required",
                              "Indiquez une année (year) ou une période (from et to, AAAA-MM-JJ).",
                              from ? "to" : "from");
    }
    auto first = parse_date(*from);
    if (!first) {
        return invalid_day("from");
    }
    auto last = parse_date(*to);
    if (!last) {
        return invalid_day("to");
    }
    if (*last < *first) {
        return Error::invalid("invalid_period", "La fin de la période précède son début.", "to");
    }
    return domain::Period{*first, *last};
}

Result<domain::LedgerPage> list_documents(storage::Database& db,
                                          const domain::LedgerFilter& filter) {
    return db.transact([&](soci::session& sql) -> Result<domain::LedgerPage> {
        return storage::list_documents(sql, filter);
    });
}

Money amount_due(const domain::Invoice& invoice) {
    if (invoice.kind != "invoice") {
        return Money::zero();
    }
    return make_invoice_view(invoice).settlement.amount_due;
}

Result<OverdueReport> overdue_report(storage::Database& db, const Clock& clock,
                                     const invoices::AccountingSettings& settings) {
    const auto today = clock.now().today;
    OverdueReport report;
    auto documents =
        db.transact([&](soci::session& sql) -> Result<std::vector<domain::LedgerDocument>> {
            auto overdue = storage::overdue_invoices(sql, today);
            for (const auto& document : overdue) {
                domain::MessageFilter reminders;
                reminders.invoice_id = document.invoice.id;
                reminders.kind = domain::MessageKind::payment_reminder;
                report.reminders[document.invoice.id] = storage::find_messages(sql, reminders);
            }
            return overdue;
        });
    if (!documents) {
        return documents.error();
    }
    report.as_of = today;
    std::map<std::string, OverdueBuyer> buyers;
    for (const auto& document : documents.value()) {
        auto due = amount_due(document.invoice);
        const auto since = document.overdue ? document.overdue->since : document.invoice.due_on;
        const auto overdue =
            Money::from_cents(document.overdue ? document.overdue->amount_cents : due.cents());
        auto account = customer_account(settings, document);
        auto [entry, inserted] = buyers.try_emplace(account);
        auto& buyer = entry->second;
        if (inserted) {
            buyer.customer_account = account;
            buyer.payer = document.invoice.payer;
            buyer.siret = document.buyer_siret;
            buyer.oldest_due_on = since;
        }
        buyer.name = document.invoice.buyer_name;  // the latest name on an invoice
        buyer.contact = document.contact;
        buyer.invoices += 1;
        buyer.amount_due += due;
        buyer.amount_overdue += overdue;
        buyer.oldest_due_on = std::min(buyer.oldest_due_on, since);
        report.total_due += due;
        report.total_overdue += overdue;
    }
    report.invoices = std::move(documents.value());
    for (auto& [account, buyer] : buyers) {
        report.buyers.push_back(std::move(buyer));
    }
    std::stable_sort(
        report.buyers.begin(), report.buyers.end(),
        [](const OverdueBuyer& a, const OverdueBuyer& b) { return a.amount_due > b.amount_due; });
    return report;
}

const std::vector<std::string> invoice_csv_columns = {"Numéro",
                                                      "Type",
                                                      "Date",
                                                      "Échéance",
                                                      "Facture corrigée",
                                                      "Payeur",
                                                      "Client",
                                                      "SIRET client",
                                                      "Compte client",
                                                      "Inscription",
                                                      "Session",
                                                      "Début de session",
                                                      "Montant HT",
                                                      "TVA",
                                                      "Montant TTC",
                                                      "Réglé (fin de période)",
                                                      "Remboursé (fin de période)",
                                                      "Reste dû (fin de période)",
                                                      "À rembourser (fin de période)",
                                                      "Statut (fin de période)",
                                                      "Échéancier"};

Result<Done> write_invoices_csv(storage::Database& db, const invoices::BillingSettings& settings,
                                const domain::Period& period, const Sink& sink) {
    return db.transact([&](soci::session& sql) -> Result<Done> {
        storage::make_read_only(sql);
        CsvWriter header;
        header.row(invoice_csv_columns);
        sink(header.str());
        auto amount = [](std::int64_t cents) {
            return pricing::format_decimal_comma(Money::from_cents(cents));
        };
        storage::for_each_document(sql, period, [&](const domain::LedgerDocument& document) {
            const auto& invoice = document.invoice;
            bool is_invoice = invoice.kind == "invoice";
            auto total = amount(invoice.total_cents);
            auto settlement = make_invoice_view(invoice).settlement;
            auto if_invoice = [&](std::string text) { return is_invoice ? text : ""; };
            sink(csv_row({
                invoice.number,
                is_invoice ? "Facture" : "Avoir",
                invoices::format_date_fr(invoice.issued_on),
                invoices::format_date_fr(invoice.due_on),
                invoice.corrects_number.value_or(""),
                payer_label(invoice.payer),
                invoice.buyer_name,
                document.buyer_siret.value_or(""),
                customer_account(settings.accounting, document),
                std::to_string(invoice.registration_id),
                document.session_reference,
                invoices::format_date_fr(document.session_starts_on),
                total,
                "0,00",
                total,
                if_invoice(amount(invoice.paid_cents)),
                if_invoice(amount(invoice.refunded_cents)),
                if_invoice(amount(settlement.amount_due.cents())),
                if_invoice(amount(settlement.refund_due.cents())),
                document_status_label(document.status),
                schedule_cell(invoice),
            }));
        });
        return Done{};
    });
}

std::optional<FecEncoding> parse_fec_encoding(const std::string& text) {
    if (text == "latin9" || text == "iso-8859-15") {
        return FecEncoding::latin9;
    }
    if (text == "utf-8" || text == "utf8") {
        return FecEncoding::utf8;
    }
    return std::nullopt;
}

std::string_view charset_of(FecEncoding encoding) {
    return encoding == FecEncoding::latin9 ? "iso-8859-15" : "utf-8";
}

Result<Done> write_fec(storage::Database& db, const invoices::BillingSettings& settings,
                       const domain::Period& period, const Sink& sink, FecEncoding encoding) {
    return db.transact([&](soci::session& sql) -> Result<Done> {
        storage::make_read_only(sql);
        sink(fec::header());
        fec::EntryBuilder entries(settings.accounting);
        std::string text;
        storage::for_each_posting(sql, period, [&](const storage::PostingEvent& event) {
            auto account = fec::customer_account(settings.accounting, event.payer,
                                                 event.buyer_siret, event.trainee_id);
            std::optional<fec::Lettering> lettering;
            if (event.lettering_index && event.lettered_on) {
                lettering =
                    fec::Lettering{fec::lettering_code(*event.lettering_index), *event.lettered_on};
            }
            std::vector<fec::Line> lines;
            if (event.payment) {
                lines = entries.entry(
                    fec::Payment{event.number, event.on, Money::from_cents(event.amount_cents),
                                 event.method, event.reference, account, event.buyer_name,
                                 lettering, event.kind, event.reason, event.account_name});
            } else {
                lines = entries.entry(fec::SalesDocument{
                    event.credit_note, event.number, event.on,
                    Money::from_cents(event.amount_cents), account, event.buyer_name,
                    event.corrects_number, lettering, event.account_name});
            }
            text.clear();
            for (const auto& line : lines) {
                text += fec::format_line(line);
            }
            sink(encoding == FecEncoding::latin9 ? invoices::to_latin9(text) : text);
        });
        return Done{};
    });
}

std::string fec_file_name(const invoices::BillingSettings& settings, const domain::Period& period) {
    return fec::file_name(settings.seller.siret, period.to);
}

Result<Done> write_invoices_zip(storage::Database& db, const Clock& clock,
                                const domain::Period& period, const std::string& path) {
    auto documents = db.transact(
        [&](soci::session& sql) -> Result<std::vector<std::pair<std::int64_t, std::string>>> {
            return storage::documents_issued_in(sql, period);
        });
    if (!documents) {
        return documents.error();
    }
    detail::ZipArchive archive(path);
    for (const auto& [id, number] : documents.value()) {
        auto pdf = invoice_pdf(db, clock, number, std::nullopt);
        if (!pdf) {
            return pdf.error();
        }
        // Numbers are series, year and digits (e.g. FA-2019-00001): safe as file names.
        if (auto error = archive.add(number + ".pdf", pdf.value())) {
            return *error;
        }
    }
    if (auto error = archive.close()) {
        return *error;
    }
    return Done{};
}

std::string_view objective_label(std::string_view code) {
    if (code == "a") {
        return "Formations visant un diplôme, un titre à finalité professionnelle ou un "
               "certificat de qualification professionnelle enregistré au RNCP";
    }
    if (code == "b") {
        return "Formations visant une certification ou une habilitation enregistrée au "
               "répertoire spécifique";
    }
    if (code == "c") {
        return "Formations visant un CQP non enregistré au RNCP ou au répertoire spécifique";
    }
    if (code == "d") {
        return "Autres formations professionnelles";
    }
    if (code == "e") {
        return "Bilans de compétences";
    }
    if (code == "f") {
        return "Actions d'accompagnement à la validation des acquis de l'expérience";
    }
    return {};
}

Result<TrainingReport> training_report(storage::Database& db,
                                       const invoices::AccountingSettings& settings, int year) {
    domain::Period period{date(year, 1, 1), date(year, 12, 31)};
    return db.transact([&](soci::session& sql) -> Result<TrainingReport> {
        return TrainingReport{
            year,
            storage::training_figures(sql, period),
            {settings.report_objective, std::string(objective_label(settings.report_objective))},
            {settings.report_speciality_code, settings.report_speciality_label}};
    });
}

std::string hours_text(std::int64_t minutes) {
    // Hundredths of an hour, rounded half up, printed like an amount: 90 -> "1,50".
    return pricing::format_decimal_comma(Money::from_cents((minutes * 100 + 30) / 60));
}

std::string training_report_csv(const TrainingReport& report) {
    const auto& f = report.figures;
    auto money = [](std::int64_t cents) {
        return pricing::format_decimal_comma(Money::from_cents(cents));
    };
    const std::string employees = employees_label;
    const std::string individuals = individuals_label;
    auto trainees = f.employees.trainees + f.individuals.trainees;
    auto trainee_minutes = f.employees.minutes + f.individuals.minutes;
    CsvWriter csv;
    csv.row({"Rubrique", "Catégorie", "Valeur"});
    csv.row({"Année", "", std::to_string(report.year)});
    csv.row({"Produits HT", "Entreprises pour la formation de leurs salariés",
             money(f.employer_revenue_cents)});
    csv.row({"Produits HT", "Opérateurs de compétences et autres organismes financeurs",
             money(f.funding_body_revenue_cents)});
    csv.row(
        {"Produits HT", "Particuliers à leurs propres frais", money(f.individual_revenue_cents)});
    csv.row({"Produits HT", "Total",
             money(f.employer_revenue_cents + f.funding_body_revenue_cents +
                   f.individual_revenue_cents)});
    std::int64_t trainer_minutes = 0;
    for (const auto& trainer : f.trainers) {
        auto name = trainer.name.empty() ? std::string("Non renseigné") : trainer.name;
        csv.row(
            {"Heures de formation dispensées par formateur", name, hours_text(trainer.minutes)});
        trainer_minutes += trainer.minutes;
    }
    csv.row({"Formateurs", "Nombre", std::to_string(f.trainers.size())});
    csv.row({"Formateurs", "Heures de formation dispensées", hours_text(trainer_minutes)});
    csv.row({"Stagiaires", employees, std::to_string(f.employees.trainees)});
    csv.row({"Heures-stagiaires", employees, hours_text(f.employees.minutes)});
    csv.row({"Stagiaires", individuals, std::to_string(f.individuals.trainees)});
    csv.row({"Heures-stagiaires", individuals, hours_text(f.individuals.minutes)});
    csv.row({"Stagiaires", "Total", std::to_string(trainees)});
    csv.row({"Heures-stagiaires", "Total", hours_text(trainee_minutes)});
    auto objective = "F-3 " + report.objective.code + " – " + report.objective.label;
    csv.row({"Stagiaires par objectif", objective, std::to_string(trainees)});
    csv.row({"Heures-stagiaires par objectif", objective, hours_text(trainee_minutes)});
    auto speciality = report.speciality.code + " – " + report.speciality.label;
    csv.row({"Stagiaires par spécialité", speciality, std::to_string(trainees)});
    csv.row({"Heures-stagiaires par spécialité", speciality, hours_text(trainee_minutes)});
    csv.row({"Sessions réalisées", "", std::to_string(f.sessions_delivered)});
    csv.row({"Heures de formation dispensées", "", hours_text(f.delivered_minutes)});
    csv.row({"Sessions programmées", "", std::to_string(f.sessions_scheduled)});
    csv.row({"Heures programmées", "", hours_text(f.scheduled_minutes)});
    return csv.str();
}

}  // namespace formations::app

#include "invoices/invoice_document.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>

#include "invoices/document_json.hpp"
#include "invoices/snapshot_json.hpp"

#include <cctype>
#include <cstdint>
#include <limits>
#include <stdexcept>

namespace formations::invoices {
namespace {

using boost::gregorian::date;
using namespace snapshot_json;
using nlohmann::json;

// Snapshots are kept for ten years: the version says which shape a stored one has, so a later
// change of this format can still read the old ones. Version 2 added the seller's registration
// and capital, the buyer's SIREN, the operation category, the purchase order, the reason of a
// credit note and the funding body; a version 1 snapshot reads with them absent. Version 3 added
// the instalments (the échéancier); a version 2 snapshot reads without any.
constexpr int snapshot_version = 3;
constexpr int first_snapshot_version = 1;

DocumentKind read_kind(const json& object) {
    const std::string kind = read_string(object, "kind");
    if (kind == to_string(DocumentKind::invoice)) {
        return DocumentKind::invoice;
    }
    if (kind == to_string(DocumentKind::credit_note)) {
        return DocumentKind::credit_note;
    }
    malformed("kind", "is neither \"invoice\" nor \"credit_note\"");
}

json seller_to_json(const Seller& seller) {
    return {{"name", seller.name},
            {"legal_form", seller.legal_form},
            {"address", seller.address},
            {"siret", seller.siret},
            {"vat_number", optional_string(seller.vat_number)},
            {"nda", seller.nda},
            {"email", seller.email},
            {"bank_name", seller.bank_name},
            {"iban", seller.iban},
            {"bic", seller.bic},
            {"trade_register", optional_string(seller.trade_register)},
            {"share_capital", optional_string(seller.share_capital)}};
}

Seller seller_from_json(const json& object, int version) {
    Seller seller;
    seller.name = read_string(object, "name");
    seller.legal_form = read_string(object, "legal_form");
    seller.address = read_string(object, "address");
    seller.siret = read_string(object, "siret");
    seller.vat_number = read_optional_string(object, "vat_number");
    seller.nda = read_string(object, "nda");
    seller.email = read_string(object, "email");
    seller.bank_name = read_string(object, "bank_name");
    seller.iban = read_string(object, "iban");
    seller.bic = read_string(object, "bic");
    if (version >= 2) {
        seller.trade_register = read_optional_string(object, "trade_register");
        seller.share_capital = read_optional_string(object, "share_capital");
    }
    return seller;
}

json buyer_to_json(const Buyer& buyer) {
    return {{"name", buyer.name},
            {"address", buyer.address},
            {"siret", optional_string(buyer.siret)},
            {"business", buyer.business},
            {"siren", optional_string(buyer.siren)}};
}

Buyer buyer_from_json(const json& object, int version) {
    Buyer buyer;
    buyer.name = read_string(object, "name");
    buyer.address = read_string(object, "address");
    buyer.siret = read_optional_string(object, "siret");
    buyer.business = read_bool(object, "business");
    if (version >= 2) {
        buyer.siren = read_optional_string(object, "siren");
    }
    return buyer;
}

json subrogation_to_json(const std::optional<Subrogation>& subrogation) {
    if (!subrogation) {
        return nullptr;
    }
    return {{"employer_name", subrogation->employer_name},
            {"employer_siret", optional_string(subrogation->employer_siret)},
            {"trainee_name", subrogation->trainee_name},
            {"agreement_number", subrogation->agreement_number}};
}

std::optional<Subrogation> subrogation_from_json(const json& object) {
    const json& value = field_of(object, "subrogation");
    if (value.is_null()) {
        return std::nullopt;
    }
    Subrogation subrogation;
    subrogation.employer_name = read_string(value, "employer_name");
    subrogation.employer_siret = read_optional_string(value, "employer_siret");
    subrogation.trainee_name = read_string(value, "trainee_name");
    subrogation.agreement_number = read_string(value, "agreement_number");
    return subrogation;
}

json line_to_json(const Line& line) {
    return {{"description", line.description},
            {"quantity", line.quantity},
            {"unit_price_cents", line.unit_price.cents()},
            {"total_cents", line.total.cents()}};
}

json instalments_to_json(const std::vector<pricing::Instalment>& instalments) {
    json array = json::array();
    for (const auto& instalment : instalments) {
        array.push_back({{"due_on", iso_date(instalment.due_on, "instalments.due_on")},
                         {"amount_cents", instalment.amount.cents()}});
    }
    return array;
}

std::vector<pricing::Instalment> instalments_from_json(const json& object) {
    const json& array = field_of(object, "instalments");
    if (!array.is_array()) {
        malformed("instalments", "is not an array");
    }
    std::vector<pricing::Instalment> instalments;
    for (const json& instalment : array) {
        instalments.push_back(
            {read_date(instalment, "due_on"), read_money(instalment, "amount_cents")});
    }
    return instalments;
}

Line line_from_json(const json& object) {
    Line line;
    line.description = read_string(object, "description");
    line.quantity = read_integer(object, "quantity");
    line.unit_price = read_money(object, "unit_price_cents");
    line.total = read_money(object, "total_cents");
    return line;
}

}  // namespace

std::string_view to_string(DocumentKind kind) {
    switch (kind) {
        case DocumentKind::invoice:
            return "invoice";
        case DocumentKind::credit_note:
            return "credit_note";
    }
    throw std::invalid_argument("to_string: unknown DocumentKind");
}

json to_json(const Document& document) {
    json lines = json::array();
    for (const Line& line : document.lines) {
        lines.push_back(line_to_json(line));
    }
    json corrects_issued_on = nullptr;
    if (document.corrects_issued_on) {
        corrects_issued_on = iso_date(*document.corrects_issued_on, "corrects_issued_on");
    }
    return {{"version", snapshot_version},
            {"kind", to_string(document.kind)},
            {"number", document.number},
            {"issued_on", iso_date(document.issued_on, "issued_on")},
            {"due_on", iso_date(document.due_on, "due_on")},
            {"service_starts_on", iso_date(document.service_starts_on, "service_starts_on")},
            {"service_ends_on", iso_date(document.service_ends_on, "service_ends_on")},
            {"seller", seller_to_json(document.seller)},
            {"buyer", buyer_to_json(document.buyer)},
            {"lines", std::move(lines)},
            {"total_cents", document.total.cents()},
            {"vat_exemption", document.vat_exemption},
            {"payment_terms", document.payment_terms},
            {"early_payment_discount", document.early_payment_discount},
            {"late_payment_penalty", document.late_payment_penalty},
            {"recovery_indemnity", optional_string(document.recovery_indemnity)},
            {"corrects_number", optional_string(document.corrects_number)},
            {"corrects_issued_on", std::move(corrects_issued_on)},
            {"reference", document.reference},
            {"operation_category", document.operation_category},
            {"purchase_order", optional_string(document.purchase_order)},
            {"correction_reason", optional_string(document.correction_reason)},
            {"subrogation", subrogation_to_json(document.subrogation)},
            {"instalments", instalments_to_json(document.instalments)}};
}

Document document_from_json(const json& object) {
    const std::int64_t version = read_integer(object, "version");
    if (version < first_snapshot_version || version > snapshot_version) {
        malformed("version", "is not " + std::to_string(first_snapshot_version) + " to " +
                                 std::to_string(snapshot_version));
    }
    Document document;
    document.kind = read_kind(object);
    document.number = read_string(object, "number");
    document.issued_on = read_date(object, "issued_on");
    document.due_on = read_date(object, "due_on");
    document.service_starts_on = read_date(object, "service_starts_on");
    document.service_ends_on = read_date(object, "service_ends_on");
    document.seller = seller_from_json(field_of(object, "seller"), static_cast<int>(version));
    document.buyer = buyer_from_json(field_of(object, "buyer"), static_cast<int>(version));
    const json& lines = field_of(object, "lines");
    if (!lines.is_array()) {
        malformed("lines", "is not an array");
    }
    for (const json& line : lines) {
        document.lines.push_back(line_from_json(line));
    }
    document.total = read_money(object, "total_cents");
    document.vat_exemption = read_string(object, "vat_exemption");
    document.payment_terms = read_string(object, "payment_terms");
    document.early_payment_discount = read_string(object, "early_payment_discount");
    document.late_payment_penalty = read_string(object, "late_payment_penalty");
    document.recovery_indemnity = read_optional_string(object, "recovery_indemnity");
    document.corrects_number = read_optional_string(object, "corrects_number");
    document.corrects_issued_on = read_optional_date(object, "corrects_issued_on");
    document.reference = read_string(object, "reference");
    if (version >= 2) {
        document.operation_category = read_string(object, "operation_category");
        document.purchase_order = read_optional_string(object, "purchase_order");
        document.correction_reason = read_optional_string(object, "correction_reason");
        document.subrogation = subrogation_from_json(object);
    }
    if (version >= 3) {
        document.instalments = instalments_from_json(object);
    }
    return document;
}

}  // namespace formations::invoices

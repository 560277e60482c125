#include "service/storage/billing_terms_repository.hpp"

#include "service/storage/rows.hpp"

namespace formations::storage {

domain::BillingTerms billing_terms_of(soci::session& sql, std::int64_t registration_id) {
    long long id = registration_id;
    soci::row row;
    sql << "SELECT purchase_order, funding_body_name, funding_body_address, funding_body_siret,"
           " funding_agreement, funding_body_cents FROM registration_billing"
           " WHERE registration_id = :id",
        soci::use(id), soci::into(row);
    domain::BillingTerms terms;
    if (!sql.got_data()) {
        return terms;
    }
    terms.purchase_order = optional_text(row, "purchase_order");
    if (auto name = optional_text(row, "funding_body_name")) {
        terms.funding_body = domain::FundingBody{
            *name, row.get<std::string>("funding_body_address"),
            row.get<std::string>("funding_body_siret"), row.get<std::string>("funding_agreement"),
            optional_bigint(row, "funding_body_cents")};
    }
    return terms;
}

void save_billing_terms(soci::session& sql, std::int64_t registration_id,
                        const domain::BillingTerms& terms) {
    long long id = registration_id;
    sql << "DELETE FROM registration_billing WHERE registration_id = :id", soci::use(id);
    if (terms.empty()) {
        return;
    }
    const auto& body = terms.funding_body;
    std::string order = terms.purchase_order.value_or(""), name, address, siret, agreement;
    long long cents = 0;
    soci::indicator order_indicator = terms.purchase_order ? soci::i_ok : soci::i_null;
    soci::indicator body_indicator = body ? soci::i_ok : soci::i_null;
    soci::indicator cents_indicator = body && body->amount_cents ? soci::i_ok : soci::i_null;
    if (body) {
        name = body->name;
        address = body->address;
        siret = body->siret;
        agreement = body->agreement_number;
        cents = body->amount_cents.value_or(0);
    }
    sql << "INSERT INTO registration_billing (registration_id, purchase_order, funding_body_name,"
           " funding_body_address, funding_body_siret, funding_agreement, funding_body_cents)"
           " VALUES (:id, :purchase_order, :name, :address, :siret, :agreement, :cents)",
        soci::use(id), soci::use(order, order_indicator), soci::use(name, body_indicator),
        soci::use(address, body_indicator), soci::use(siret, body_indicator),
        soci::use(agreement, body_indicator), soci::use(cents, cents_indicator);
}

}  // namespace formations::storage

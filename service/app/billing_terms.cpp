#include "service/app/billing_terms.hpp"

#include "service/app/input_rules.hpp"

namespace formations::app {
namespace {

constexpr std::size_t reference_max = 100;
constexpr std::size_t name_max = 200;
constexpr std::size_t address_max = 300;
// A share above a million euros is a typing mistake, not a training agreement.
constexpr std::int64_t max_share_cents = 100'000'000;

// Stores `result`'s value into `into`, or gives its error.
template <typename T>
std::optional<Error> take(Result<T> result, T& into) {
    if (!result) {
        return result.error();
    }
    into = std::move(result.value());
    return std::nullopt;
}

}  // namespace

Result<domain::BillingTerms> validate_billing_terms(const domain::BillingTerms& terms,
                                                    pricing::Funding funding) {
    if (funding == pricing::Funding::self && !terms.empty()) {
        return Error::invalid("employer_funding_only",
                              "Un bon de commande ou un organisme financeur ne concernent qu'une "
                              "formation payée par l'employeur.",
                              terms.purchase_order ? "purchase_order" : "funding_body");
    }
    domain::BillingTerms clean = terms;
    if (terms.purchase_order) {
        if (auto e = take(normalise_text(*terms.purchase_order, "purchase_order", reference_max),
                          *clean.purchase_order)) {
            return *e;
        }
    }
    if (!terms.funding_body) {
        return clean;
    }
    const auto& in = *terms.funding_body;
    auto& out = *clean.funding_body;
    if (auto e = take(normalise_text(in.name, "funding_body.name", name_max), out.name)) {
        return *e;
    }
    if (auto e = take(normalise_text(in.address, "funding_body.address", address_max, true),
                      out.address)) {
        return *e;
    }
    if (auto e = take(normalise_siret(in.siret, "funding_body.siret"), out.siret)) {
        return *e;
    }
    if (auto e = take(
            normalise_text(in.agreement_number, "funding_body.agreement_number", reference_max),
            out.agreement_number)) {
        return *e;
    }
    if (in.amount_cents && (*in.amount_cents <= 0 || *in.amount_cents > max_share_cents)) {
        return Error::invalid("invalid_amount",
                              "La prise en charge doit être un montant positif, en centimes.",
                              "funding_body.amount_cents");
    }
    return clean;
}

}  // namespace formations::app

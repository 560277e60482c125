// Invoice numbering, settlement of an invoice and the documents built from a registration.

#include <doctest/doctest.h>

#include "invoices/document_builder.hpp"
#include "invoices/document_json.hpp"
#include "invoices/funding_split.hpp"
#include "invoices/numbering.hpp"
#include "invoices/settlement.hpp"

using namespace formations::invoices;
using boost::gregorian::date;
using formations::pricing::Money;

TEST_CASE("numbers are prefix, year and a five-digit sequence") {
    CHECK(format_number("FA", 2019, 1) == "FA-2019-00001");
    CHECK(format_number("AV", 2019, 12) == "AV-2019-00012");
    CHECK(format_number("FA", 2026, 123456) == "FA-2026-123456");
    auto parsed = parse_number("FA-2019-00012");
    REQUIRE(parsed);
    CHECK(parsed->prefix == "FA");
    CHECK(parsed->year == 2019);
    CHECK(parsed->sequence == 12);
    for (auto bad : {"FA-2019-0001", "FA-19-00001", "fa-2019-00001", "FA-2019-00000", "FA2019",
                     "-2019-00001", "FA-2019-0000a", "FA-2019-00001.pdf", ""}) {
        CHECK_MESSAGE(!parse_number(bad), bad);
    }
}

TEST_CASE("an invoice is unpaid, partially paid, paid, or credited") {
    auto euros = Money::euros;
    CHECK(settle(euros(300), euros(0), euros(0)).status == PaymentStatus::unpaid);
    auto partial = settle(euros(300), euros(0), euros(100));
    CHECK(partial.status == PaymentStatus::partially_paid);
    CHECK(partial.amount_due == euros(200));
    CHECK(settle(euros(300), euros(0), euros(300)).status == PaymentStatus::paid);
    auto credited = settle(euros(300), euros(-300), euros(0));
    CHECK(credited.status == PaymentStatus::credited);
    CHECK(credited.amount_due == Money::zero());
    auto refund = settle(euros(300), euros(-300), euros(300));
    CHECK(refund.status == PaymentStatus::credited);
    CHECK(refund.refund_due == euros(300));
    // A 50 € cancellation fee kept: 50 € still owed.
    auto fee = settle(euros(300), euros(-250), euros(0));
    CHECK(fee.status == PaymentStatus::unpaid);
    CHECK(fee.amount_due == euros(50));
    CHECK(settle(euros(300), euros(-250), euros(50)).status == PaymentStatus::paid);
}

namespace {

RegistrationFacts facts(bool business) {
    RegistrationFacts f;
    f.reference = "Inscription n° 7";
    f.course_title = "Créer sa CAE";
    f.duration_minutes = 14 * 60;
    f.starts_on = date(2019, 6, 27);
    f.ends_on = date(2019, 6, 28);
    f.place = "Paris";
    f.trainee_name = "Zoé Lefèvre";
    f.buyer = business ? Buyer{"Coopérative Fictive", "1 rue Fictive\n75000 Paris",
                               "99900000100001", true}
                       : Buyer{"Zoé Lefèvre", "12 rue des Œillets\n44000 Nantes", {}, false};
    f.price = Money::euros(business ? 500 : 300);
    return f;
}

}  // namespace

TEST_CASE("an invoice carries the line, the total and the legal mentions") {
    BillingSettings settings;
    auto invoice =
        build_invoice(settings, facts(true), "FA-2019-00001", date(2019, 5, 2), date(2019, 6, 1));
    REQUIRE(invoice.lines.size() == 1);
    CHECK(invoice.lines[0].description ==
          "Formation « Créer sa CAE » (14 h) – session des 27 et 28 juin 2019, Paris – stagiaire : "
          "Zoé Lefèvre");
    CHECK(invoice.lines[0].unit_price == Money::euros(500));
    CHECK(invoice.total == Money::euros(500));
    CHECK(invoice.vat_exemption == "Exonération de TVA – article 261-4-4° a du CGI");
    CHECK(invoice.recovery_indemnity.has_value());
    CHECK(invoice.payment_terms.find("01/06/2019") != std::string::npos);

    CHECK(invoice.late_payment_penalty.find("trois fois le taux d'intérêt légal") !=
          std::string::npos);
    CHECK(invoice.early_payment_discount == "Pas d'escompte pour paiement anticipé.");
    CHECK(invoice.operation_category == "Prestation de services");
    // Not printed until configured.
    CHECK_FALSE(invoice.seller.trade_register.has_value());
    CHECK_FALSE(invoice.seller.share_capital.has_value());
    settings.seller.trade_register = "RCS Lyon 999 000 004";
    settings.seller.share_capital = "37 000 €";
    auto registered =
        build_invoice(settings, facts(true), "FA-2019-00001", date(2019, 5, 2), date(2019, 6, 1));
    CHECK(registered.seller.trade_register == "RCS Lyon 999 000 004");
    CHECK(registered.seller.share_capital == "37 000 €");

    auto private_buyer =
        build_invoice(settings, facts(false), "FA-2019-00002", date(2019, 5, 2), date(2019, 6, 28));
    CHECK(private_buyer.payment_terms.find("délai de rétractation de 10 jours") !=
          std::string::npos);
    CHECK(private_buyer.operation_category == "Prestation de services");
}

TEST_CASE("a consumer's invoice carries no business-to-business clause") {
    BillingSettings settings;
    auto invoice =
        build_invoice(settings, facts(false), "FA-2019-00002", date(2019, 5, 2), date(2019, 6, 28));
    CHECK_FALSE(invoice.recovery_indemnity.has_value());
    CHECK(invoice.late_payment_penalty.empty());
    for (const std::string* text : {&invoice.payment_terms, &invoice.early_payment_discount}) {
        CHECK(text->find("trois fois") == std::string::npos);
        CHECK(text->find("40 €") == std::string::npos);
        CHECK(text->find("L441") == std::string::npos);
    }
}

TEST_CASE("an invoice carries the order number and the funding body's agreement when given") {
    BillingSettings settings;
    RegistrationFacts funded = facts(true);
    funded.buyer = {"OPCO Fictif", "1 rue de l'OPCO\n75008 Paris", "99900000900004", true,
                    "999000009"};
    funded.purchase_order = "BC-0457";
    funded.subrogation =
        Subrogation{"Coopérative Fictive", "99900000100001", "Zoé Lefèvre", "ACC-12345"};
    auto invoice =
        build_invoice(settings, funded, "FA-2019-00003", date(2019, 5, 2), date(2019, 6, 1));
    CHECK(invoice.purchase_order == "BC-0457");
    CHECK(invoice.buyer.siren == "999000009");
    REQUIRE(invoice.subrogation.has_value());
    CHECK(invoice.subrogation->agreement_number == "ACC-12345");
    CHECK(invoice.recovery_indemnity.has_value());  // a funding body is a business
    // The default facts keep today's invoices: no order, no funding body.
    auto plain =
        build_invoice(settings, facts(true), "FA-2019-00004", date(2019, 5, 2), date(2019, 6, 1));
    CHECK_FALSE(plain.purchase_order.has_value());
    CHECK_FALSE(plain.subrogation.has_value());
}

TEST_CASE("a credit note negates its invoice, minus what is kept, and names it") {
    BillingSettings settings;
    auto invoice =
        build_invoice(settings, facts(false), "FA-2019-00002", date(2019, 5, 2), date(2019, 6, 28));
    auto full =
        build_credit_note(settings, invoice, "AV-2019-00001", date(2019, 5, 10), Money::zero());
    CHECK(full.kind == DocumentKind::credit_note);
    CHECK(full.total == Money::euros(-300));
    CHECK(full.corrects_number == "FA-2019-00002");
    CHECK(full.corrects_issued_on == date(2019, 5, 2));
    CHECK(full.lines.size() == 1);
    CHECK(full.lines[0].total == Money::euros(-300));
    CHECK(full.buyer.name == "Zoé Lefèvre");

    auto with_fee =
        build_credit_note(settings, invoice, "AV-2019-00002", date(2019, 5, 10), Money::euros(50));
    CHECK(with_fee.total == Money::euros(-250));
    CHECK(with_fee.lines.size() == 2);
}

TEST_CASE("a credit note carries no payment clause at all") {
    BillingSettings settings;
    for (bool business : {true, false}) {
        CAPTURE(business);
        auto invoice = build_invoice(settings, facts(business), "FA-2019-00002", date(2019, 5, 2),
                                     date(2019, 6, 28));
        auto credit =
            build_credit_note(settings, invoice, "AV-2019-00001", date(2019, 5, 10), Money::zero());
        CHECK(credit.payment_terms.empty());
        CHECK(credit.early_payment_discount.empty());
        CHECK(credit.late_payment_penalty.empty());
        CHECK_FALSE(credit.recovery_indemnity.has_value());
        CHECK(credit.vat_exemption == settings.vat_exemption);
        CHECK(credit.operation_category == "Prestation de services");
    }
}

TEST_CASE("a credit note says what it corrects and why") {
    BillingSettings settings;
    auto invoice =
        build_invoice(settings, facts(true), "FA-2019-00001", date(2019, 5, 2), date(2019, 6, 1));
    SUBCASE("a cancellation, by default") {
        auto credit =
            build_credit_note(settings, invoice, "AV-2019-00001", date(2019, 5, 10), Money::zero());
        CHECK(credit.lines[0].description.starts_with("Annulation : Formation « Créer sa CAE »"));
        CHECK_FALSE(credit.correction_reason.has_value());
    }
    SUBCASE("a tier correction") {
        using formations::pricing::Tier;
        auto reason =
            tier_correction(Tier::non_member, Money::euros(700), Tier::member, Money::euros(500));
        auto credit = build_credit_note(settings, invoice, "AV-2019-00001", date(2019, 5, 10),
                                        Money::zero(), reason);
        CHECK(credit.lines[0].description.starts_with(
            "Rectification du tarif : Formation « Créer sa CAE »"));
        CHECK(credit.correction_reason ==
              "Rectification du tarif : salarié d'une structure non sociétaire (700,00 €) "
              "remplacé par salarié d'une structure sociétaire ou candidate (500,00 €).");
        CHECK(credit.lines[0].description.find("Annulation") == std::string::npos);
    }
    SUBCASE("a move to another session") {
        auto reason = session_change(date(2019, 6, 27), date(2019, 6, 28), date(2019, 10, 24),
                                     date(2019, 10, 25));
        auto credit = build_credit_note(settings, invoice, "AV-2019-00001", date(2019, 5, 10),
                                        Money::zero(), reason);
        CHECK(credit.correction_reason ==
              "Changement de session : session des 27 et 28 juin 2019 remplacée par session "
              "des 24 et 25 octobre 2019.");
        CHECK(credit.lines[0].description.starts_with("Changement de session : Formation"));
    }
    SUBCASE("a session edited: its dates, or its hours or place") {
        auto moved =
            build_credit_note(settings, invoice, "AV-2019-00001", date(2019, 5, 10), Money::zero(),
                              session_edited(date(2019, 6, 27), date(2019, 6, 28), date(2019, 7, 4),
                                             date(2019, 7, 5)));
        CHECK(moved.correction_reason ==
              "Session modifiée : session des 27 et 28 juin 2019 remplacée par session des 4 et "
              "5 juillet 2019 ; un nouveau contrat de formation est à signer.");
        CHECK(moved.lines[0].description.starts_with("Modification de la session : Formation"));
        auto same_days = session_edited(date(2019, 6, 27), date(2019, 6, 28), date(2019, 6, 27),
                                        date(2019, 6, 28));
        CHECK(same_days.statement ==
              "Session modifiée (horaires ou lieu) ; un nouveau contrat de formation est à "
              "signer.");
    }
}

TEST_CASE("a snapshot survives its JSON round trip unchanged") {
    BillingSettings settings;
    auto invoice =
        build_invoice(settings, facts(true), "FA-2019-00001", date(2019, 5, 2), date(2019, 6, 1));
    auto back = document_from_json(to_json(invoice));
    CHECK(to_json(back) == to_json(invoice));
    CHECK(back.total == Money::euros(500));
    CHECK(back.buyer.siret == "99900000100001");
}

TEST_CASE("a funding body is invoiced its share first, the buyer the rest") {
    auto euros = Money::euros;
    auto shares = split_price(euros(700), Payer::employer, euros(500));
    REQUIRE(shares.size() == 2);
    CHECK(shares[0].payer == Payer::funding_body);
    CHECK(shares[0].amount == euros(500));
    CHECK(shares[1].payer == Payer::employer);
    CHECK(shares[1].amount == euros(200));
    // A share at or above the price: the funding body pays it all, the employer nothing.
    for (auto share : {euros(700), euros(900)}) {
        auto all = split_price(euros(700), Payer::employer, share);
        REQUIRE(all.size() == 1);
        CHECK(all[0].payer == Payer::funding_body);
        CHECK(all[0].amount == euros(700));
    }
    auto alone = split_price(euros(300), Payer::trainee, std::nullopt);
    REQUIRE(alone.size() == 1);
    CHECK(alone[0].payer == Payer::trainee);
    CHECK(alone[0].amount == euros(300));
    // A free registration is still one invoice, of zero, to its buyer.
    auto free = split_price(Money::zero(), Payer::employer, euros(500));
    REQUIRE(free.size() == 1);
    CHECK(free[0].payer == Payer::employer);
    CHECK(to_string(Payer::funding_body) == "funding_body");
}

TEST_CASE("a shared price ends the invoice line with the share") {
    BillingSettings settings;
    auto shared = facts(true);
    shared.line_note = "prise en charge de 300,00 € sur un prix de 500,00 €";
    auto invoice =
        build_invoice(settings, shared, "FA-2019-00001", date(2019, 5, 2), date(2019, 6, 1));
    CHECK(invoice.lines[0].description.ends_with(
        "stagiaire : Zoé Lefèvre – prise en charge de 300,00 € sur un prix de 500,00 €"));
}

TEST_CASE("a self-funded trainee's invoice carries its échéancier, rounded to the cent") {
    // 300,01 € signed on 30 December 2026 for a course on 25 and 26 January 2027: the withdrawal
    // period runs to 9 January, so 30 % of 300,01 € = 90,003 € is rounded down to 90,00 € due on
    // 10 January; the balance 210,01 € is split by course day, 105,00 € on the first and the odd
    // cent on the last (105,01 €): 90,00 + 105,00 + 105,01 = 300,01 €.
    const auto schedule = formations::pricing::self_funded_schedule(
        Money::from_cents(300'01), date(2026, 12, 30), date(2027, 1, 25), date(2027, 1, 26));
    REQUIRE(schedule.size() == 3);
    CHECK(schedule[0].due_on == date(2027, 1, 10));
    CHECK(schedule[0].amount == Money::from_cents(90'00));
    CHECK(schedule[1].due_on == date(2027, 1, 25));
    CHECK(schedule[1].amount == Money::from_cents(105'00));
    CHECK(schedule[2].due_on == date(2027, 1, 26));
    CHECK(schedule[2].amount == Money::from_cents(105'01));

    BillingSettings settings;
    auto f = facts(false);
    f.price = Money::from_cents(300'01);
    f.instalments = schedule;
    auto invoice =
        build_invoice(settings, f, "FA-2026-00009", date(2026, 12, 30), date(2027, 1, 26));
    CHECK(invoice.instalments == schedule);
    CHECK(invoice.due_on == date(2027, 1, 26));
    CHECK(invoice.payment_terms.starts_with(
        "Échéancier : 90,00 € exigibles le 10 janvier 2027, 105,00 € le 25 janvier 2027, "
        "105,01 € le 26 janvier 2027. Règlement par virement"));
    CHECK(invoice.payment_terms.find("aucune somme ne peut être exigée avant l'expiration") !=
          std::string::npos);
    // Frozen in the snapshot.
    CHECK(document_from_json(to_json(invoice)).instalments == schedule);

    // The instalments must be the price, ending on the due date.
    CHECK_THROWS_AS(
        build_invoice(settings, f, "FA-2026-00009", date(2026, 12, 30), date(2027, 1, 25)),
        std::invalid_argument);
    f.instalments.pop_back();
    CHECK_THROWS_AS(
        build_invoice(settings, f, "FA-2026-00009", date(2026, 12, 30), date(2027, 1, 25)),
        std::invalid_argument);
}

TEST_CASE("payments settle the earliest instalments first") {
    const std::vector<formations::pricing::Instalment> schedule{
        {date(2019, 6, 12), Money::euros(90)},
        {date(2019, 6, 27), Money::euros(105)},
        {date(2019, 6, 28), Money::euros(105)}};
    CHECK(paid_per_instalment(schedule, Money::euros(120)) ==
          std::vector<Money>{Money::euros(90), Money::euros(30), Money::zero()});
    CHECK(paid_per_instalment(schedule, Money::zero()) ==
          std::vector<Money>{Money::zero(), Money::zero(), Money::zero()});
    CHECK(paid_per_instalment(schedule, Money::euros(400)) ==
          std::vector<Money>{Money::euros(90), Money::euros(105), Money::euros(105)});
}

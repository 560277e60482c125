-- How an employer-funded registration is billed beyond who pays: the employer's purchase-order
-- number, and a funding body (OPCO) paying directly for the employer (subrogation), with its
-- agreement number and its share of the price (null: the whole price). One row at most per
-- registration; its invoices copy what they print, so changing the row never changes them.
CREATE TABLE registration_billing (
    registration_id      BIGINT PRIMARY KEY REFERENCES registrations (id),
    purchase_order       TEXT CHECK (length(purchase_order) BETWEEN 1 AND 100),
    funding_body_name    TEXT CHECK (length(funding_body_name) BETWEEN 1 AND 200),
    funding_body_address TEXT CHECK (length(funding_body_address) BETWEEN 1 AND 500),
    funding_body_siret   TEXT CHECK (funding_body_siret ~ '^[0-9]{14}$'),
    funding_agreement    TEXT CHECK (length(funding_agreement) BETWEEN 1 AND 100),
    funding_body_cents   BIGINT CHECK (funding_body_cents > 0),
    CHECK (purchase_order IS NOT NULL OR funding_body_name IS NOT NULL),
    -- A funding body is named, addressed, identified and has its agreement, or is absent.
    CHECK ((funding_body_name IS NULL) = (funding_body_address IS NULL)
           AND (funding_body_name IS NULL) = (funding_body_siret IS NULL)
           AND (funding_body_name IS NULL) = (funding_agreement IS NULL)),
    CHECK (funding_body_cents IS NULL OR funding_body_name IS NOT NULL)
);

-- An invoice may now be addressed to a funding body.
ALTER TABLE invoices DROP CONSTRAINT invoices_payer_check;
ALTER TABLE invoices ADD CONSTRAINT invoices_payer_check
    CHECK (payer IN ('trainee', 'employer', 'funding_body'));

-- Billing: invoices and credit notes (immutable snapshots with gapless numbers), their rendered
-- PDFs (kept once sent) and payments.

-- Amount kept when a registration is cancelled (0: the credit note cancels the whole invoice).
ALTER TABLE courses
    ADD COLUMN cancellation_fee_cents BIGINT NOT NULL DEFAULT 0 CHECK (cancellation_fee_cents >= 0);

-- One row per series and year; incremented by the transaction that stores the invoice, so a
-- rollback gives the number back and concurrent issuers wait for each other (row lock).
CREATE TABLE invoice_counters (
    series      TEXT NOT NULL,
    year        INTEGER NOT NULL,
    last_number INTEGER NOT NULL CHECK (last_number > 0),
    PRIMARY KEY (series, year)
);

CREATE TABLE invoices (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind                TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
    series              TEXT NOT NULL,
    year                INTEGER NOT NULL,
    sequence            INTEGER NOT NULL CHECK (sequence > 0),
    number              TEXT NOT NULL UNIQUE,
    registration_id     BIGINT NOT NULL REFERENCES registrations (id),
    -- A credit note names the invoice it corrects; an invoice is credited at most once.
    corrects_invoice_id BIGINT UNIQUE REFERENCES invoices (id),
    issued_on           DATE NOT NULL,
    due_on              DATE NOT NULL,
    payer               TEXT NOT NULL CHECK (payer IN ('trainee', 'employer')),
    buyer_name          TEXT NOT NULL,
    buyer_siret         TEXT,
    total_cents         BIGINT NOT NULL,
    -- Everything printed on the document, as issued (see invoices/invoice_document.hpp).
    snapshot            JSONB NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (series, year, sequence),
    CHECK ((kind = 'credit_note') = (corrects_invoice_id IS NOT NULL)),
    CHECK ((kind = 'invoice' AND total_cents >= 0) OR (kind = 'credit_note' AND total_cents < 0)),
    CHECK (year = extract(year FROM issued_on))
);
CREATE INDEX invoices_by_registration ON invoices (registration_id);
CREATE INDEX invoices_by_issue_date ON invoices (issued_on);

-- An issued invoice is never edited nor deleted (Code de commerce L123-22).
CREATE TRIGGER invoices_immutable BEFORE UPDATE OR DELETE ON invoices
    FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER invoices_never_truncated BEFORE TRUNCATE ON invoices
    FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();

-- The PDF as first rendered: the bytes of a document do not change once sent.
CREATE TABLE invoice_documents (
    invoice_id  BIGINT PRIMARY KEY REFERENCES invoices (id),
    pdf         BYTEA NOT NULL,
    rendered_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TRIGGER invoice_documents_immutable BEFORE UPDATE OR DELETE ON invoice_documents
    FOR EACH ROW EXECUTE FUNCTION forbid_change();

CREATE TABLE payments (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    invoice_id   BIGINT NOT NULL REFERENCES invoices (id),
    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
    paid_on      DATE NOT NULL,
    method       TEXT NOT NULL CHECK (method IN ('transfer', 'cheque', 'card', 'funding_body')),
    reference    TEXT CHECK (length(reference) <= 200),
    recorded_by  TEXT NOT NULL,
    recorded_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX payments_by_invoice ON payments (invoice_id);
CREATE TRIGGER payments_append_only BEFORE UPDATE OR DELETE ON payments
    FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- Training contracts of self-funded trainees (Code du travail L6353-3 to L6353-7) and their
-- online signatures. A contract keeps the snapshot it prints and the PDF made from it once: the
-- bytes the trainee reads and signs, whose SHA-256 the database checks itself. A signature keeps
-- the evidence of a simple electronic signature: the hash of the exact PDF signed (which must be
-- the contract's), the instant, the client's address and user agent, the sentence confirmed.
-- Both are evidence: never updated, never deleted.

CREATE TABLE training_contracts (
    registration_id BIGINT PRIMARY KEY REFERENCES registrations (id),
    reference       TEXT NOT NULL UNIQUE CHECK (length(reference) BETWEEN 1 AND 64),
    snapshot        JSONB NOT NULL,
    pdf             BYTEA NOT NULL,
    pdf_sha256      TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (registration_id, pdf_sha256),
    CONSTRAINT training_contracts_hash_of_pdf CHECK (pdf_sha256 = encode(sha256(pdf), 'hex'))
);

CREATE TRIGGER training_contracts_immutable BEFORE UPDATE OR DELETE ON training_contracts
    FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER training_contracts_never_truncated BEFORE TRUNCATE ON training_contracts
    FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();

CREATE TABLE contract_signatures (
    registration_id BIGINT PRIMARY KEY,
    pdf_sha256      TEXT NOT NULL,
    signed_at       TIMESTAMPTZ NOT NULL,
    client_address  TEXT NOT NULL CHECK (length(client_address) BETWEEN 1 AND 64),
    user_agent      TEXT NOT NULL CHECK (length(user_agent) <= 512),
    statement       TEXT NOT NULL CHECK (length(statement) BETWEEN 1 AND 1000),
    -- What was signed is the contract's PDF, byte for byte.
    CONSTRAINT contract_signatures_of_the_pdf FOREIGN KEY (registration_id, pdf_sha256)
        REFERENCES training_contracts (registration_id, pdf_sha256)
);

CREATE TRIGGER contract_signatures_immutable BEFORE UPDATE OR DELETE ON contract_signatures
    FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER contract_signatures_never_truncated BEFORE TRUNCATE ON contract_signatures
    FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();

-- A withdrawal within the 10 days after the signature (L6353-5), made online: when, and from
-- where, as for the signature it undoes.
CREATE TABLE contract_withdrawals (
    registration_id BIGINT PRIMARY KEY REFERENCES contract_signatures (registration_id),
    withdrawn_at    TIMESTAMPTZ NOT NULL,
    client_address  TEXT NOT NULL CHECK (length(client_address) BETWEEN 1 AND 64),
    user_agent      TEXT NOT NULL CHECK (length(user_agent) <= 512)
);

CREATE TRIGGER contract_withdrawals_immutable BEFORE UPDATE OR DELETE ON contract_withdrawals
    FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER contract_withdrawals_never_truncated BEFORE TRUNCATE ON contract_withdrawals
    FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();

-- Training conventions with the employer of an employer-funded trainee (Code du travail L6353-1,
-- L6353-2, D6353-1), one per registration, and how each was signed: online by the employer's
-- signatory through a personal link (the evidence of a simple electronic signature, as for the
-- training contracts of create_training_contracts), or on paper, a scanned copy attached by staff.
-- Conventions, links and signatures are evidence: never updated, never deleted.

-- Who signs for the employer, as the registration form collected it.
CREATE TABLE convention_signatories (
    registration_id BIGINT PRIMARY KEY REFERENCES registrations (id),
    name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    role            TEXT NOT NULL CHECK (length(role) BETWEEN 1 AND 200),
    email           TEXT NOT NULL CHECK (length(email) BETWEEN 3 AND 254)
);

-- The snapshot the convention prints and the PDF made from it once: the bytes the signatory reads
-- and signs, whose SHA-256 the database checks itself.
CREATE TABLE training_conventions (
    registration_id BIGINT PRIMARY KEY REFERENCES registrations (id),
    reference       TEXT NOT NULL UNIQUE CHECK (length(reference) BETWEEN 1 AND 64),
    snapshot        JSONB NOT NULL,
    pdf             BYTEA NOT NULL,
    pdf_sha256      TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (registration_id, pdf_sha256),
    CONSTRAINT training_conventions_hash_of_pdf CHECK (pdf_sha256 = encode(sha256(pdf), 'hex'))
);

CREATE TRIGGER training_conventions_immutable BEFORE UPDATE OR DELETE ON training_conventions
    FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER training_conventions_never_truncated BEFORE TRUNCATE ON training_conventions
    FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();

-- The signatory's links: only the SHA-256 of each token is kept (the token travels in the
-- e-mail). A resend makes a new link; every link of a registration leads to the same convention.
CREATE TABLE convention_links (
    token_hash      TEXT PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    registration_id BIGINT NOT NULL REFERENCES convention_signatories (registration_id),
    created_at      TIMESTAMPTZ NOT NULL,
    created_by      TEXT NOT NULL CHECK (length(created_by) BETWEEN 1 AND 254)
);
CREATE INDEX convention_links_of_registration ON convention_links (registration_id);

-- One signature per convention: online (the evidence of the signatory's simple electronic
-- signature) or on paper (the scanned signed copy and who attached it).
CREATE TABLE convention_signatures (
    registration_id BIGINT PRIMARY KEY REFERENCES training_conventions (registration_id),
    method          TEXT NOT NULL CHECK (method IN ('online', 'paper')),
    signed_at       TIMESTAMPTZ NOT NULL,
    pdf_sha256      TEXT,
    client_address  TEXT CHECK (length(client_address) BETWEEN 1 AND 64),
    user_agent      TEXT CHECK (length(user_agent) <= 512),
    statement       TEXT CHECK (length(statement) BETWEEN 1 AND 1000),
    scan            BYTEA CHECK (octet_length(scan) BETWEEN 5 AND 1048576),
    scan_sha256     TEXT,
    recorded_by     TEXT CHECK (length(recorded_by) BETWEEN 1 AND 254),
    CONSTRAINT convention_signatures_evidence CHECK (
        (method = 'online' AND pdf_sha256 IS NOT NULL AND client_address IS NOT NULL
         AND user_agent IS NOT NULL AND statement IS NOT NULL AND scan IS NULL)
        OR (method = 'paper' AND scan IS NOT NULL AND recorded_by IS NOT NULL
            AND pdf_sha256 IS NULL)),
    CONSTRAINT convention_signatures_scan_hash CHECK (
        scan IS NULL OR scan_sha256 = encode(sha256(scan), 'hex')),
    -- What was signed online is the convention's PDF, byte for byte.
    CONSTRAINT convention_signatures_of_the_pdf FOREIGN KEY (registration_id, pdf_sha256)
        REFERENCES training_conventions (registration_id, pdf_sha256)
);

CREATE TRIGGER convention_signatures_immutable BEFORE UPDATE OR DELETE ON convention_signatures
    FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER convention_signatures_never_truncated BEFORE TRUNCATE ON convention_signatures
    FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();
CREATE TRIGGER convention_links_append_only BEFORE UPDATE OR DELETE ON convention_links
    FOR EACH ROW EXECUTE FUNCTION forbid_change();

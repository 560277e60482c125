-- The documents issued after a course, per registration: the certificat de réalisation and the
-- attestation de fin de formation (L6353-1). Each is fixed at issue like an invoice: the snapshot
-- of what it prints and the PDF rendered from it once, whose SHA-256 the database checks. A later
-- attendance correction (or anything else it prints) makes a new version; earlier versions stay.
-- Never updated, never deleted.

CREATE TABLE completion_documents (
    registration_id BIGINT NOT NULL REFERENCES registrations (id),
    kind            TEXT NOT NULL CHECK (kind IN ('certificate', 'attestation')),
    version         INTEGER NOT NULL CHECK (version >= 1),
    snapshot        JSONB NOT NULL,
    pdf             BYTEA NOT NULL,
    pdf_sha256      TEXT NOT NULL,
    issued_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (registration_id, kind, version),
    CONSTRAINT completion_documents_hash_of_pdf CHECK (pdf_sha256 = encode(sha256(pdf), 'hex'))
);

CREATE TRIGGER completion_documents_immutable BEFORE UPDATE OR DELETE ON completion_documents
    FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER completion_documents_never_truncated BEFORE TRUNCATE ON completion_documents
    FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();

-- The règlement intérieur applicable to trainees (Code du travail L6352-3 to L6352-5, R6352-1),
-- kept by staff: each publication a new version, the latest in force; versions are evidence of
-- what trainees received (Qualiopi indicator 9), never changed.
CREATE TABLE internal_rules (
    version      INTEGER PRIMARY KEY CHECK (version >= 1),
    text         TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 50000),
    published_at TIMESTAMPTZ NOT NULL,
    published_by TEXT NOT NULL CHECK (length(published_by) BETWEEN 1 AND 320)
);

CREATE TRIGGER internal_rules_immutable BEFORE UPDATE OR DELETE ON internal_rules
    FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER internal_rules_never_truncated BEFORE TRUNCATE ON internal_rules
    FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();

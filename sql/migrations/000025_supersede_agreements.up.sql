-- A move to another session changes what a training contract or convention prints (dates, hours,
-- place, maybe the price), so the agreement is made again and signed again. The one made before
-- is kept as it was, signed or not, with its evidence (never updated, never deleted): it is
-- *superseded*. Each registration's agreements are numbered by version (1 for those made before
-- this migration); the version in force is the one after the last superseded.

CREATE TABLE agreement_supersessions (
    registration_id BIGINT NOT NULL REFERENCES registrations (id),
    version         INTEGER NOT NULL CHECK (version >= 1),
    superseded_at   TIMESTAMPTZ NOT NULL,
    superseded_by   TEXT NOT NULL CHECK (length(superseded_by) BETWEEN 1 AND 254),
    reason          TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    PRIMARY KEY (registration_id, version)
);

CREATE TRIGGER agreement_supersessions_immutable BEFORE UPDATE OR DELETE
    ON agreement_supersessions FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER agreement_supersessions_never_truncated BEFORE TRUNCATE
    ON agreement_supersessions FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();

-- The version of a registration's agreement in force.
CREATE FUNCTION agreement_version(registration BIGINT) RETURNS INTEGER LANGUAGE sql STABLE AS $$
    SELECT COALESCE(max(version), 0) + 1 FROM agreement_supersessions
    WHERE registration_id = registration
$$;

-- The keys that said "one per registration" now say "one per registration and version"; what a
-- signature or a withdrawal refers to is its own version's document.
ALTER TABLE contract_withdrawals DROP CONSTRAINT contract_withdrawals_registration_id_fkey;
ALTER TABLE contract_signatures DROP CONSTRAINT contract_signatures_of_the_pdf;
ALTER TABLE convention_signatures DROP CONSTRAINT convention_signatures_of_the_pdf,
    DROP CONSTRAINT convention_signatures_registration_id_fkey;

ALTER TABLE training_contracts ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    DROP CONSTRAINT training_contracts_pkey, ADD PRIMARY KEY (registration_id, version),
    ADD UNIQUE (registration_id, version, pdf_sha256);
ALTER TABLE contract_signatures ADD COLUMN version INTEGER NOT NULL DEFAULT 1,
    DROP CONSTRAINT contract_signatures_pkey, ADD PRIMARY KEY (registration_id, version),
    ADD CONSTRAINT contract_signatures_of_the_pdf FOREIGN KEY (registration_id, version, pdf_sha256)
        REFERENCES training_contracts (registration_id, version, pdf_sha256);
ALTER TABLE contract_withdrawals ADD COLUMN version INTEGER NOT NULL DEFAULT 1,
    DROP CONSTRAINT contract_withdrawals_pkey, ADD PRIMARY KEY (registration_id, version),
    ADD FOREIGN KEY (registration_id, version)
        REFERENCES contract_signatures (registration_id, version);

ALTER TABLE training_conventions ADD COLUMN version INTEGER NOT NULL DEFAULT 1
        CHECK (version >= 1),
    DROP CONSTRAINT training_conventions_pkey, ADD PRIMARY KEY (registration_id, version),
    ADD UNIQUE (registration_id, version, pdf_sha256);
ALTER TABLE convention_signatures ADD COLUMN version INTEGER NOT NULL DEFAULT 1,
    DROP CONSTRAINT convention_signatures_pkey, ADD PRIMARY KEY (registration_id, version),
    ADD FOREIGN KEY (registration_id, version)
        REFERENCES training_conventions (registration_id, version),
    ADD CONSTRAINT convention_signatures_of_the_pdf
        FOREIGN KEY (registration_id, version, pdf_sha256)
        REFERENCES training_conventions (registration_id, version, pdf_sha256);

-- A link leads to the convention of its version: once superseded, it is refused.
ALTER TABLE convention_links ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);

-- Rows written from now on name their version (the rows above are all version 1).
ALTER TABLE training_contracts ALTER COLUMN version DROP DEFAULT;
ALTER TABLE contract_signatures ALTER COLUMN version DROP DEFAULT;
ALTER TABLE contract_withdrawals ALTER COLUMN version DROP DEFAULT;
ALTER TABLE training_conventions ALTER COLUMN version DROP DEFAULT;
ALTER TABLE convention_signatures ALTER COLUMN version DROP DEFAULT;
ALTER TABLE convention_links ALTER COLUMN version DROP DEFAULT;

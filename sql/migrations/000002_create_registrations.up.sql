-- Trainees, their registrations (seat or waiting list) and the audit trail of every change.

CREATE TABLE trainees (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Stored lower-cased: one person, one row, whatever the capitalisation they type.
    email      TEXT NOT NULL UNIQUE CHECK (email = lower(email) AND length(email) <= 254),
    first_name TEXT NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
    last_name  TEXT NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
    phone      TEXT,
    address    TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Orders the waiting list across every session; positions are ranks within a session.
CREATE SEQUENCE registration_waitlist_order;

CREATE TABLE registrations (
    id                       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id               BIGINT NOT NULL REFERENCES sessions (id),
    trainee_id               BIGINT NOT NULL REFERENCES trainees (id),
    -- The person's details as given for this registration: another registration with the same
    -- e-mail must not change what this one (and its invoice) says.
    trainee_first_name       TEXT NOT NULL CHECK (length(trainee_first_name) BETWEEN 1 AND 100),
    trainee_last_name        TEXT NOT NULL CHECK (length(trainee_last_name) BETWEEN 1 AND 100),
    trainee_phone            TEXT,
    trainee_address          TEXT,
    token                    TEXT NOT NULL UNIQUE CHECK (length(token) >= 32),
    funding                  TEXT NOT NULL CHECK (funding IN ('self', 'employer')),
    employer_organisation_id BIGINT REFERENCES organisations (id),
    employer_siret           TEXT CHECK (employer_siret ~ '^[0-9]{14}$'),
    employer_name            TEXT,
    employer_address         TEXT,
    -- Tier and price are frozen when the registration is made.
    tier                     TEXT NOT NULL CHECK (tier IN ('self_funded', 'member', 'non_member')),
    price_cents              BIGINT NOT NULL CHECK (price_cents >= 0),
    status                   TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
    waitlist_order           BIGINT,
    idempotency_key          TEXT UNIQUE,
    idempotency_fingerprint  TEXT,
    -- What the first answer said, so that an idempotent retry answers exactly the same.
    created_status           TEXT NOT NULL CHECK (created_status IN ('confirmed', 'waitlisted')),
    created_waitlist_position INTEGER CHECK (created_waitlist_position > 0),
    created_at               TIMESTAMPTZ NOT NULL DEFAULT now(),
    confirmed_at             TIMESTAMPTZ,
    cancelled_at             TIMESTAMPTZ,
    CHECK ((funding = 'self') = (tier = 'self_funded')),
    CHECK ((funding = 'self') = (employer_siret IS NULL)),
    CHECK ((employer_siret IS NULL) = (employer_name IS NULL)),
    CHECK ((employer_siret IS NULL) = (employer_address IS NULL)),
    CHECK ((status = 'waitlisted') = (waitlist_order IS NOT NULL)),
    CHECK ((status = 'confirmed') <= (confirmed_at IS NOT NULL)),
    CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
    CHECK ((idempotency_key IS NULL) = (idempotency_fingerprint IS NULL)),
    CHECK ((created_status = 'waitlisted') = (created_waitlist_position IS NOT NULL)),
    UNIQUE (session_id, waitlist_order)
);
-- One active registration per trainee and session.
CREATE UNIQUE INDEX registrations_one_active_per_trainee
    ON registrations (session_id, trainee_id) WHERE status <> 'cancelled';
CREATE INDEX registrations_by_session_status ON registrations (session_id, status);

-- Keeps sessions.seats_taken equal to the confirmed registrations of each session, so that the
-- CHECK on sessions refuses any overbooking in the same statement that would cause it.
CREATE FUNCTION registrations_count_seats() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.status = 'confirmed'
       AND (NEW.status <> 'confirmed' OR NEW.session_id <> OLD.session_id) THEN
        UPDATE sessions SET seats_taken = seats_taken - 1 WHERE id = OLD.session_id;
    END IF;
    IF NEW.status = 'confirmed'
       AND (TG_OP = 'INSERT' OR OLD.status <> 'confirmed' OR NEW.session_id <> OLD.session_id) THEN
        UPDATE sessions SET seats_taken = seats_taken + 1 WHERE id = NEW.session_id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER registrations_count_seats
    AFTER INSERT OR UPDATE OF status, session_id ON registrations
    FOR EACH ROW EXECUTE FUNCTION registrations_count_seats();

CREATE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER registrations_never_deleted BEFORE DELETE ON registrations
    FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- Every state change, written in the transaction that makes it.
CREATE TABLE audit_events (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   BIGINT NOT NULL,
    before      JSONB,
    after       JSONB
);
CREATE INDEX audit_events_entity ON audit_events (entity, entity_id);
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION forbid_change();

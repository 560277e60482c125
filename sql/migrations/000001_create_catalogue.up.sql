-- Catalogue: courses, their tariffs, their sessions, and the member directory that decides the
-- price tier of an employer. Money is BIGINT cents (SOCI reads numeric as double).

CREATE TABLE courses (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{1,31}$'),
    title            TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
    half_day_minutes INTEGER NOT NULL DEFAULT 210 CHECK (half_day_minutes > 0),
    programme        TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE tariffs (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    course_id    BIGINT NOT NULL REFERENCES courses (id),
    tier         TEXT NOT NULL CHECK (tier IN ('self_funded', 'member', 'non_member')),
    amount_cents BIGINT NOT NULL CHECK (amount_cents >= 0),
    valid_from   DATE NOT NULL,
    UNIQUE (course_id, tier, valid_from)
);

CREATE TABLE sessions (
    id                    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Human-readable and stable (e.g. CAE-2019-06): lets the seed be re-run without duplicates.
    reference             TEXT NOT NULL UNIQUE CHECK (length(reference) BETWEEN 1 AND 64),
    course_id             BIGINT NOT NULL REFERENCES courses (id),
    starts_on             DATE NOT NULL,
    ends_on               DATE NOT NULL,
    place                 TEXT NOT NULL CHECK (length(place) BETWEEN 1 AND 300),
    capacity              INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
    registration_deadline DATE NOT NULL,
    status                TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'cancelled')),
    -- Maintained by a trigger on registrations; the CHECK is the last line of defence against
    -- overbooking, whatever the application does.
    seats_taken           INTEGER NOT NULL DEFAULT 0,
    created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (ends_on >= starts_on),
    CHECK (registration_deadline <= ends_on),
    CHECK (seats_taken >= 0 AND seats_taken <= capacity)
);
CREATE INDEX sessions_starts_on ON sessions (starts_on);

CREATE TABLE organisations (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    siret      TEXT NOT NULL UNIQUE CHECK (siret ~ '^[0-9]{14}$'),
    name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    address    TEXT NOT NULL CHECK (length(address) <= 500),
    status     TEXT NOT NULL CHECK (status IN ('societaire', 'candidate', 'none')),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

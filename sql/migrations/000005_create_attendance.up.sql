-- Session trainer and half-day attendance (a row per registration, day and half-day).

ALTER TABLE sessions ADD COLUMN trainer TEXT CHECK (length(trainer) <= 200);

CREATE TABLE attendance (
    registration_id BIGINT NOT NULL REFERENCES registrations (id),
    day             DATE NOT NULL,
    half            TEXT NOT NULL CHECK (half IN ('am', 'pm')),
    present         BOOLEAN NOT NULL,
    recorded_by     TEXT NOT NULL,
    recorded_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (registration_id, day, half)
);

-- Qualiopi indicators 4, 8, 10, 11, 26 and 30: the questionnaires of a course (positioning and
-- needs before it, self-assessment against the objectives and satisfaction at its end, the
-- employers' cold survey weeks later), the answers, the accommodation requests read by the
-- disability referent, and the links employers answer through.

-- What staff configured for a course, one row per version (a course without a row uses the
-- service's built-in questions, version 0). `questions` is the list as validated by the service:
-- [{"id", "label", "type": "text"|"choice"|"scale", "options": [...], "required"}].
CREATE TABLE questionnaires (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    course_id  BIGINT NOT NULL REFERENCES courses (id),
    kind       TEXT NOT NULL CHECK (kind IN ('needs', 'self_assessment', 'satisfaction', 'employer')),
    version    INTEGER NOT NULL CHECK (version > 0),
    questions  JSONB NOT NULL CHECK (jsonb_typeof(questions) = 'array'),
    created_at TIMESTAMPTZ NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (course_id, kind, version)
);
CREATE TRIGGER questionnaires_append_only BEFORE UPDATE OR DELETE ON questionnaires
    FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- One answer per registration and questionnaire. `answers` keeps each question as it was asked
-- with its value, so an answer stays readable whatever the questionnaire becomes. Session and
-- course are copied so that results survive anonymisation, which cuts the link to the person
-- (registration_id) and removes free text.
CREATE TABLE questionnaire_responses (
    id                    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind                  TEXT NOT NULL CHECK (kind IN ('needs', 'self_assessment', 'satisfaction', 'employer')),
    registration_id       BIGINT REFERENCES registrations (id),
    session_id            BIGINT NOT NULL REFERENCES sessions (id),
    course_id             BIGINT NOT NULL REFERENCES courses (id),
    questionnaire_version INTEGER NOT NULL CHECK (questionnaire_version >= 0),
    answers               JSONB NOT NULL CHECK (jsonb_typeof(answers) = 'array'),
    submitted_at          TIMESTAMPTZ NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL,
    anonymised_at         TIMESTAMPTZ,
    CONSTRAINT questionnaire_responses_anonymised
        CHECK ((registration_id IS NULL) = (anonymised_at IS NOT NULL))
);
CREATE UNIQUE INDEX questionnaire_responses_one_per_registration
    ON questionnaire_responses (registration_id, kind) WHERE registration_id IS NOT NULL;
CREATE INDEX questionnaire_responses_by_session ON questionnaire_responses (session_id, kind);
CREATE INDEX questionnaire_responses_by_course ON questionnaire_responses (course_id, kind);

-- The employer's cold-survey link of an employer-funded registration, made when staff first
-- need it (or when the invitation is sent).
CREATE TABLE employer_survey_tokens (
    registration_id BIGINT PRIMARY KEY REFERENCES registrations (id),
    token           TEXT NOT NULL UNIQUE CHECK (length(token) >= 32),
    created_at      TIMESTAMPTZ NOT NULL
);

-- An accommodation need related to a disability, read only by the disability referent (a user
-- account flagged below). Anonymisation removes the text and the link to the person and keeps
-- the dates and the outcome (evidence for indicator 26).
CREATE TABLE accommodation_requests (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    registration_id BIGINT UNIQUE REFERENCES registrations (id),
    session_id      BIGINT NOT NULL REFERENCES sessions (id),
    needs           TEXT CHECK (length(needs) BETWEEN 1 AND 4000),
    status          TEXT NOT NULL DEFAULT 'new'
                    CHECK (status IN ('new', 'in_progress', 'arranged', 'closed')),
    referent_notes  TEXT CHECK (length(referent_notes) <= 4000),
    requested_at    TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    handled_at      TIMESTAMPTZ,
    handled_by      TEXT,
    anonymised_at   TIMESTAMPTZ,
    CONSTRAINT accommodation_requests_anonymised CHECK
        ((anonymised_at IS NULL) = (needs IS NOT NULL)
         AND (anonymised_at IS NULL) = (registration_id IS NOT NULL)),
    CONSTRAINT accommodation_requests_handled_dated
        CHECK ((status IN ('arranged', 'closed')) = (handled_at IS NOT NULL))
);
CREATE INDEX accommodation_requests_by_status ON accommodation_requests (status, requested_at);

-- The disability referent (Qualiopi indicator 26): staff accounts flagged here are the only ones
-- that read accommodation needs.
ALTER TABLE users ADD COLUMN disability_referent BOOLEAN NOT NULL DEFAULT false;

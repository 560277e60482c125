-- Qualiopi indicators 31 and 32: the register of complaints and incidents, the answers given
-- and the improvements decided from them, with their statuses and dates.

CREATE TABLE complaints (
    id                     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind                   TEXT NOT NULL CHECK (kind IN ('complaint', 'incident')),
    -- How it reached us: the public page, a trainee's personal page, or recorded by staff.
    channel                TEXT NOT NULL CHECK (channel IN ('public_form', 'trainee_page', 'email',
                                                            'phone', 'letter', 'in_person')),
    -- Lets the person who submitted it follow it (the link they keep).
    token                  TEXT NOT NULL UNIQUE CHECK (length(token) >= 32),
    registration_id        BIGINT REFERENCES registrations (id),
    session_id             BIGINT REFERENCES sessions (id),
    author_name            TEXT CHECK (length(author_name) BETWEEN 1 AND 200),
    author_email           TEXT CHECK (length(author_email) <= 254),
    author_role            TEXT NOT NULL CHECK (author_role IN ('trainee', 'employer', 'funder',
                                                                'trainer', 'staff', 'other')),
    subject                TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
    description            TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 5000),
    status                 TEXT NOT NULL DEFAULT 'received'
                           CHECK (status IN ('received', 'in_progress', 'answered', 'closed')),
    answer                 TEXT CHECK (length(answer) BETWEEN 1 AND 5000),
    answered_at            TIMESTAMPTZ,
    answered_by            TEXT,
    improvement_action     TEXT CHECK (length(improvement_action) BETWEEN 1 AND 5000),
    improvement_status     TEXT CHECK (improvement_status IN ('planned', 'done')),
    improvement_decided_at TIMESTAMPTZ,
    improvement_done_at    TIMESTAMPTZ,
    received_at            TIMESTAMPTZ NOT NULL,
    updated_at             TIMESTAMPTZ NOT NULL,
    closed_at              TIMESTAMPTZ,
    anonymised_at          TIMESTAMPTZ,
    CONSTRAINT complaints_answer_dated CHECK ((answer IS NULL) = (answered_at IS NULL)),
    -- Answered or closed: an answer was given.
    CONSTRAINT complaints_answered_with_answer
        CHECK (status NOT IN ('answered', 'closed') OR answer IS NOT NULL),
    CONSTRAINT complaints_closed_dated CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
    CONSTRAINT complaints_improvement_followed CHECK
        ((improvement_action IS NULL) = (improvement_status IS NULL)
         AND (improvement_action IS NULL) = (improvement_decided_at IS NULL)
         AND COALESCE(improvement_status = 'done', false) = (improvement_done_at IS NOT NULL))
);
CREATE INDEX complaints_by_received_at ON complaints (received_at);
CREATE INDEX complaints_by_registration ON complaints (registration_id);

-- Qualiopi indicators 1 and 2: the public sheet of each course (objectives, prerequisites,
-- audience, daily hours, methods, access delay, accessibility and the disability referent's
-- contact), kept as numbered versions that are never changed, so that the sheet "as it was on a
-- given date" can be shown and exported. Prices and results are not stored here: they are read
-- from the price list and computed from the service's own data when the sheet is shown.
-- The daily hours are the course's usual ones, as a session's (sessions.morning_start…): a new
-- session takes those of the sheet in force, and staff may move a session's own.

CREATE TABLE course_sheets (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    course_id          BIGINT NOT NULL REFERENCES courses (id),
    version            INTEGER NOT NULL CHECK (version > 0),
    programme          TEXT NOT NULL CHECK (length(programme) BETWEEN 1 AND 4000),
    objectives         TEXT NOT NULL CHECK (length(objectives) BETWEEN 1 AND 4000),
    prerequisites      TEXT NOT NULL CHECK (length(prerequisites) BETWEEN 1 AND 2000),
    audience           TEXT NOT NULL CHECK (length(audience) BETWEEN 1 AND 2000),
    morning_start      TIME NOT NULL,
    morning_end        TIME NOT NULL,
    afternoon_start    TIME NOT NULL,
    afternoon_end      TIME NOT NULL,
    teaching_methods   TEXT NOT NULL CHECK (length(teaching_methods) BETWEEN 1 AND 4000),
    assessment_methods TEXT NOT NULL CHECK (length(assessment_methods) BETWEEN 1 AND 4000),
    -- Registrations close this many days before a session's first day (1: the day before).
    access_delay_days  INTEGER NOT NULL CHECK (access_delay_days BETWEEN 1 AND 365),
    accessibility      TEXT NOT NULL CHECK (length(accessibility) BETWEEN 1 AND 4000),
    referent_name      TEXT NOT NULL CHECK (length(referent_name) BETWEEN 1 AND 200),
    referent_email     TEXT NOT NULL CHECK (length(referent_email) BETWEEN 3 AND 254),
    referent_phone     TEXT CHECK (length(referent_phone) <= 30),
    contact            TEXT NOT NULL CHECK (length(contact) BETWEEN 1 AND 1000),
    published_at       TIMESTAMPTZ NOT NULL,
    published_by       TEXT NOT NULL,
    UNIQUE (course_id, version),
    CONSTRAINT course_sheets_daily_hours_in_order CHECK (
        morning_start < morning_end AND morning_end <= afternoon_start
        AND afternoon_start < afternoon_end)
);

-- A published version is evidence: never edited, never deleted.
CREATE TRIGGER course_sheets_append_only BEFORE UPDATE OR DELETE ON course_sheets
    FOR EACH ROW EXECUTE FUNCTION forbid_change();

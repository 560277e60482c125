-- The length of each session's waiting list, kept beside seats_taken by the same trigger: a
-- registration is then decided in one statement that locks the session row and reads both
-- counts from it (a count of rows in that statement would use a snapshot taken before the lock
-- was granted, and miss the registrations committed meanwhile).
ALTER TABLE sessions ADD COLUMN waitlist_length INTEGER NOT NULL DEFAULT 0
    CHECK (waitlist_length >= 0);

UPDATE sessions s SET waitlist_length = w.count
  FROM (SELECT session_id, count(*) AS count FROM registrations
         WHERE status = 'waitlisted' GROUP BY session_id) w
 WHERE w.session_id = s.id;

CREATE OR REPLACE FUNCTION registrations_count_seats() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.status = OLD.status AND NEW.session_id = OLD.session_id THEN
        RETURN NULL;
    END IF;
    -- The old place first: a promotion leaves the waiting list before it takes the seat.
    IF TG_OP = 'UPDATE' AND OLD.status IN ('confirmed', 'waitlisted') THEN
        UPDATE sessions
           SET seats_taken = seats_taken - (OLD.status = 'confirmed')::integer,
               waitlist_length = waitlist_length - (OLD.status = 'waitlisted')::integer
         WHERE id = OLD.session_id;
    END IF;
    IF NEW.status IN ('confirmed', 'waitlisted') THEN
        UPDATE sessions
           SET seats_taken = seats_taken + (NEW.status = 'confirmed')::integer,
               waitlist_length = waitlist_length + (NEW.status = 'waitlisted')::integer
         WHERE id = NEW.session_id;
    END IF;
    RETURN NULL;
END;
$$;
